"""`taut signals list|ack|dismiss|rebaseline` and `taut scan`'s state store, end to end.

Each test runs on a SQLite file and on the test PostgreSQL (``store_url``, conftest.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut import api
from taut.brief.lifecycle import life_words, weeks_open
from taut.cli import app
from taut.errors import ExitCode
from taut.store.locate import ENVIRONMENT
from tests.signal.scenarios import write_drift_log
from tests.store.life.scans import MONDAY, at, lead, report, week

runner = CliRunner()
pytestmark = pytest.mark.slow
FAR = "2999-01-01"  # a day after any run of these tests


@pytest.fixture(scope="module")
def drift(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_drift_log(tmp_path_factory.mktemp("signals-cli"))


@pytest.fixture
def contract(drift: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The drift log's contract, with a fresh store holding two weekly scans of two signals."""
    monkeypatch.setenv(ENVIRONMENT, store_url)
    first = report(MONDAY, lead("kickoff", "drifting", raised=date(2026, 1, 1)))
    api.remember(drift, first, now=at(MONDAY))
    second = report(
        week(1),
        lead("kickoff", "drifting", segment={"team": "North"}),
        lead("handoff", "drifting", metric="latency", raised=date(2026, 1, 9)),
    )
    api.remember(drift, second, now=at(week(1)))
    return drift


def signals(contract: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["signals", "list", str(contract), "--format", "json", *args])
    assert result.exit_code == ExitCode.OK, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_list_shows_each_open_signal_with_its_life(contract: Path) -> None:
    found = signals(contract)
    assert [(item["id"], item["check"], item["lifecycle"]) for item in found] == [
        (1, "kickoff", "ongoing"),
        (2, "handoff", "new"),
    ]
    assert found[0]["first_raised"] == "2026-01-01"
    assert found[0]["segment"] == {"team": "North"}
    assert found[0]["age_weeks"] == 1  # 2026-01-01 to 2026-01-11
    text = runner.invoke(app, ["signals", "list", str(contract)])
    assert text.exit_code == ExitCode.OK
    assert "ongoing" in text.stdout
    assert "first raised 2026-01-01" in text.stdout
    assert "team North" in text.stdout


def test_ack_keeps_the_note_and_the_signal_open(contract: Path) -> None:
    result = runner.invoke(app, ["signals", "ack", str(contract), "1", "--note", "new triage rota"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "Signal 1 (kickoff) acknowledged: new triage rota" in result.stdout
    (first, _) = signals(contract)
    assert (first["lifecycle"], first["note"]) == ("acknowledged", "new triage rota")


def test_dismiss_mutes_the_signal_until_its_day(contract: Path) -> None:
    result = runner.invoke(
        app, ["signals", "dismiss", str(contract), "2", "--until", FAR, "--note", "audit"]
    )
    assert result.exit_code == ExitCode.OK, result.output
    (_, second) = signals(contract)
    assert (second["lifecycle"], second["until"], second["note"]) == ("dismissed", FAR, "audit")


def test_rebaseline_closes_the_signal_and_restarts_its_checks_baseline(contract: Path) -> None:
    result = runner.invoke(
        app, ["signals", "rebaseline", str(contract), "2", "--from", "2026-01-05"]
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert [item["id"] for item in signals(contract)] == [1]
    closed = signals(contract, "--all")[1]
    assert (closed["lifecycle"], closed["baseline_from"]) == ("rebaselined", "2026-01-05")
    # 'handoff' is a check of these made-up scans, not of the contract: the store keeps
    # the decision, and a scan of this contract leaves it out (a check since removed).
    assert api.stored_restarts(contract) == {}
    again = runner.invoke(app, ["signals", "ack", str(contract), "2", "--note", "late"])
    assert again.exit_code == ExitCode.USAGE
    assert "was rebaselined" in again.output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["ack", "7", "--note", "x"], "Signal 7 is not in the state store"),
        (["ack", "seven", "--note", "x"], "signal id 'seven' is not a number"),
        (["ack", "1", "--note", " "], "--note is empty"),
        (["dismiss", "1", "--until", "2000-01-01", "--note", "x"], "--until 2000-01-01 is not"),
        (["dismiss", "1", "--until", "31/01/2030", "--note", "x"], "--until '31/01/2030' is not"),
        (["rebaseline", "1", "--from", FAR], f"--from {FAR} is after today"),
        (["rebaseline", "1", "--from", "2026-02-30"], "--from '2026-02-30' is not a date"),
    ],
)
def test_a_decision_that_cannot_be_kept_is_a_usage_error_naming_the_value(
    contract: Path, args: list[str], named: str
) -> None:
    verb, *rest = args
    result = runner.invoke(app, ["signals", verb, str(contract), *rest])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert named in result.output
    assert "e.g." in result.output or "taut signals list" in result.output
    assert "Traceback" not in result.output
    assert [item["lifecycle"] for item in signals(contract)] == ["ongoing", "new"]


@pytest.mark.parametrize("command", ["list", "ack", "dismiss", "rebaseline"])
def test_each_signals_commands_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, ["signals", command, "--help"])
    assert result.exit_code == ExitCode.OK
    assert f"Example: taut signals {command} taut.yaml" in result.stdout


def test_the_signals_groups_help_has_an_example() -> None:
    result = runner.invoke(app, ["signals", "--help"])
    assert result.exit_code == ExitCode.OK
    assert "Example: taut signals list taut.yaml" in result.stdout


def test_scan_keeps_each_scan_and_a_rescan_of_the_day_adds_nothing(
    drift: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENVIRONMENT, store_url)
    for _ in range(2):
        result = runner.invoke(app, ["scan", str(drift), "--no-insight", "--fail-on", "never"])
        assert result.exit_code == ExitCode.OK, result.output
    found = signals(drift)
    assert found
    assert {item["lifecycle"] for item in found} == {"new"}
    assert len({(item["check"], item["metric"], item["direction"]) for item in found}) == len(found)


def test_no_store_keeps_nothing_beside_the_contract(tmp_path: Path) -> None:
    contract = write_drift_log(tmp_path)
    result = runner.invoke(app, ["scan", str(contract), "--no-insight", "--no-store"])
    assert result.exit_code == ExitCode.SIGNALS, result.output
    assert not (tmp_path / ".taut").exists()


def test_a_store_that_cannot_be_opened_still_prints_the_report_then_exits_4(
    drift: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder" / "state.db"
    monkeypatch.setenv(ENVIRONMENT, f"sqlite:///{missing}")
    result = runner.invoke(app, ["scan", str(drift), "--no-insight", "--format", "json"])
    assert result.exit_code == ExitCode.STORE, result.output
    assert json.loads(result.stdout)["signals"]
    assert str(missing) in result.stderr
    assert "Traceback" not in result.output


def test_listing_a_contract_that_has_no_store_yet_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    contract = tmp_path / "taut.yaml"
    contract.write_text(
        (Path(__file__).parents[1] / "corpus" / "helpdesk" / "taut.yaml").read_text("utf-8"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["signals", "list", str(contract)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "No open signal in the state store yet" in result.stdout
    assert not (tmp_path / ".taut").exists()


def test_list_says_when_a_signal_in_its_week_of_grace_resolves(contract: Path) -> None:
    steady = report(week(2), lead("handoff", "drifting", metric="latency"), steady=("kickoff",))
    api.remember(contract, steady, now=at(week(2)))
    found = {item["id"]: item for item in signals(contract)}
    assert (found[1]["lifecycle"], found[1]["settled_on"]) == ("recovering", week(2).isoformat())
    text = runner.invoke(app, ["signals", "list", str(contract)]).stdout
    assert "steady again since 2026-01-18; resolves at the first scan from 2026-01-25" in text


def test_list_counts_a_signals_age_as_the_brief_of_the_latest_scan_does(contract: Path) -> None:
    """The review: "27 weeks old" in the list against "28 weeks open" in the brief of the
    same day. kickoff (first raised 2026-01-01) is not judged by the scan of 2026-02-01 and
    was last seen on 2026-01-11: it is open 4 weeks that day, not 1; closed on 2026-02-15
    (last seen settled on 2026-02-08), it was open 6 weeks."""
    unjudged = report(week(4), lead("handoff", "drifting", metric="latency"))
    memory = api.remember(contract, unjudged, now=at(week(4)))
    assert memory is not None
    kickoff = next(item for item in memory.tracked if item.check == "kickoff")
    assert kickoff.last_seen == week(1)
    assert life_words(kickoff, as_of=week(4)).startswith("open 4 weeks")  # the brief's words
    assert signals(contract)[0]["age_weeks"] == 4
    text = runner.invoke(app, ["signals", "list", str(contract)]).stdout
    assert "open 4 weeks as of 2026-02-01, last seen 2026-01-11" in text
    for n in (5, 6):  # steady: a week of grace, then resolved
        settled = report(
            week(n), lead("handoff", "drifting", metric="latency"), steady=("kickoff",)
        )
        memory = api.remember(contract, settled, now=at(week(n)))
    assert memory is not None
    closed = next(item for item in memory.tracked if item.check == "kickoff")
    assert (closed.lifecycle, closed.closed_on, closed.last_seen) == ("resolved", week(6), week(5))
    assert weeks_open(closed, as_of=week(6)) == 6  # "after 6 weeks open" in the brief
    assert {item["id"]: item["age_weeks"] for item in signals(contract, "--all")}[1] == 6
    history = runner.invoke(app, ["history", str(contract), "--format", "json"]).stdout
    assert json.loads(history)["signals"][0]["age_weeks"] == 6
