"""``taut history`` and ``api.history``: the stored scans and each signal's life, read only."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.api import history
from taut.cli import app
from taut.contract import load_contract
from taut.errors import UsageError
from taut.store.database.engine import shown
from taut.store.locate import open_contract_store
from taut.store.records import Decision, TrackedSignal
from tests.golden import ROOT, assert_golden
from tests.store import samples

EXAMPLE = Path(__file__).resolve().parents[1] / "contract" / "example.yaml"
NEXT = date(2026, 1, 11)
RAN_LATE = samples.RAN_AT + timedelta(days=7, seconds=12, microseconds=345678)
"""When the second scan ran, as a real clock gives it: seconds and microseconds."""
runner = CliRunner()


@pytest.fixture
def contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str) -> Path:
    """The example contract, its store (TAUT_DATABASE_URL, on each engine) holding two
    Mondays and two signals."""
    monkeypatch.setenv("TAUT_DATABASE_URL", store_url)
    path = tmp_path / "taut.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    store = open_contract_store(contract=load_contract(path))
    late = samples.signal(1)
    blank = replace(samples.signal(2, check="intake-complete"), metric="latency")
    with store.writing() as tx:
        tx.save_scan(
            samples.scan(raised=2, new=2),
            tracked=(late, blank),
            sightings=(samples.sighting(late), samples.sighting(blank)),
        )
    moved = samples.later(late, as_of=NEXT, segment={"team": "North"})
    settled = replace(blank, lifecycle="resolved", state="steady", last_seen=NEXT, closed_on=NEXT)
    with store.writing() as tx:
        tx.save_scan(
            replace(samples.scan(NEXT, raised=1, new=0), ran_at=RAN_LATE),
            tracked=(moved, settled),
            sightings=(samples.sighting(moved, as_of=NEXT), samples.sighting(settled, as_of=NEXT)),
        )

    def acknowledge(item: TrackedSignal, decision: Decision) -> TrackedSignal:
        return replace(item, lifecycle="acknowledged", note=decision.note)

    store.add_decision(
        Decision(
            signal_id=1,
            kind="ack",
            made_at=datetime(2026, 1, 12, 9, tzinfo=UTC),
            note="Ops lead is re-staffing the queue",
        ),
        apply=acknowledge,
    )
    return path


def _shown(text: str, *, store_url: str) -> str:
    return text.replace(shown(store_url), "<store>")


def test_history_text_lists_scans_and_signal_lives(contract: Path, store_url: str) -> None:
    result = runner.invoke(app, ["history", str(contract)])
    assert result.exit_code == 0, result.output
    assert_golden(ROOT / "store" / "history.txt", _shown(result.stdout, store_url=store_url))


def test_history_of_one_check_keeps_every_scan_and_only_its_signals(contract: Path) -> None:
    found = history(contract, check="intake-complete")
    assert [entry.as_of for entry in found.history.scans] == [samples.MONDAY, NEXT]
    assert [item.signal.id for item in found.history.signals] == [2]
    assert [line.lifecycle for line in found.history.signals[0].sightings] == ["new", "resolved"]


def test_history_json_holds_each_signal_with_its_age_and_sightings(
    contract: Path, store_url: str
) -> None:
    result = runner.invoke(app, ["history", str(contract), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["store"] == shown(store_url)
    assert [scan["as_of"] for scan in data["scans"]] == ["2026-01-04", "2026-01-11"]
    first = data["signals"][0]
    assert (first["id"], first["lifecycle"], first["age_weeks"]) == (1, "acknowledged", 1)
    assert [line["segment"] for line in first["sightings"]] == [None, {"team": "North"}]
    assert_golden(ROOT / "store" / "history.json", _shown(result.stdout, store_url=store_url))


def test_an_unknown_check_is_a_usage_error_with_the_closest_name(contract: Path) -> None:
    with pytest.raises(UsageError, match="Did you mean 'ack-within-24h'"):
        history(contract, check="ack-within-42h")
    result = runner.invoke(app, ["history", str(contract), "--check", "ack-within-42h"])
    assert result.exit_code == 2


def test_history_without_a_store_says_so_and_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "taut.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    found = history(path, environ={})
    assert (found.store, found.history.scans) == (str(tmp_path / ".taut" / "state.db"), ())
    assert not (tmp_path / ".taut").exists()
    result = runner.invoke(app, ["history", str(path)], env={"TAUT_DATABASE_URL": ""})
    assert result.exit_code == 0
    assert "No scan is stored yet" in result.stdout
    assert not (tmp_path / ".taut").exists()


def test_a_store_that_cannot_be_reached_exits_4(
    contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAUT_DATABASE_URL", "postgresql://taut:s3cret@127.0.0.1:1/taut")
    result = runner.invoke(app, ["history", str(contract)])
    assert result.exit_code == 4
    assert "postgresql://taut:***@127.0.0.1:1/taut" in result.output
    assert "s3cret" not in result.output


def test_history_says_when_each_scan_ran_in_utc_to_the_minute(contract: Path) -> None:
    """The review: microseconds in the ran-at column. Text: UTC to the minute, the column
    saying UTC; JSON: to the second with its UTC offset (the scans ran in Chicago)."""
    text = runner.invoke(app, ["history", str(contract)]).stdout
    assert "ran at (UTC)" in text
    assert "2026-01-05 13:30" in text
    assert "2026-01-12 13:30  " in text
    assert "345678" not in text
    assert ":12" not in text
    scans = json.loads(runner.invoke(app, ["history", str(contract), "--format", "json"]).stdout)
    assert [scan["ran_at"] for scan in scans["scans"]] == [
        "2026-01-05T13:30:00+00:00",
        "2026-01-12T13:30:12+00:00",
    ]
