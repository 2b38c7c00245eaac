"""A day's verdict depends on the data, the decisions and the store's first scan, never on
which Mondays happened to be scanned: the replay reads each Monday against the moves the
store holds by then, and a kept scan first catches up the Mondays its store missed.

The log: a simulated year with a skip of the acknowledgement that comes (week 20) and goes
(week 28), so its signals resolve and their episodes leave the checks' recent baselines.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.errors import ExitCode
from taut.signal.inputs.moves import BaselineMoves
from taut.simulate import Drift, sales_handoff

runner = CliRunner()
pytestmark = pytest.mark.slow
PLAIN = ["--no-insight", "--format", "json", "--fail-on", "never"]
START = date(2025, 1, 6)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulated log and its contract, with no store yet."""
    drift = Drift(
        kind="skip",
        onset=START + timedelta(weeks=20),
        size=0.3,
        until=START + timedelta(weeks=28),
    )
    sim = sales_handoff(seed=3, weeks=52, deals_per_day=8.0, drifts=(drift,))
    return sim.write(tmp_path_factory.mktemp("history-log"), fmt="csv")


def fresh(written: Path, folder: Path) -> Path:
    """A copy of the log and contract in ``folder``: its own, empty state store."""
    shutil.copytree(written.parent, folder)
    return folder / written.name


def scan(contract: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["scan", str(contract), *extra, *PLAIN])
    assert result.exit_code == ExitCode.OK, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def mondays(contract: Path) -> list[date]:
    """The as-of days of the weekly replay, from its first Monday to today."""
    return [report.as_of for report in api.replay(contract)]


def replay_into(contract: Path, *, through: date) -> None:
    """The store filled as a weekly user would have filled it, up to ``through``."""
    feed = api.StoreMoves.read(contract)
    for report in api.replay(contract, moves=feed):
        if report.as_of > through:
            break
        feed.keep(api.remember(contract, report, replay=True))


def lives(contract: Path) -> list[tuple[object, ...]]:
    """Every stored signal's life: what the stores must agree on."""
    return [
        (s.id, s.check, s.metric, s.lifecycle, s.state, s.first_raised, s.closed_on)
        for s in api.signals(contract, closed=True)
    ]


@pytest.fixture(scope="module")
def weekly(written: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A store filled by ``taut scan --replay weekly``, and today's report."""
    contract = fresh(written, tmp_path_factory.mktemp("weekly") / "log")
    return contract, scan(contract, "--replay", "weekly")


def test_the_log_resolves_a_drift_whose_episode_moves_a_later_baseline(
    weekly: tuple[Path, dict[str, Any]],
) -> None:
    """The scenario holds what the other tests need: resolved episodes, left out of today's
    baselines."""
    contract, today = weekly
    assert any(life[3] == "resolved" for life in lives(contract))
    assert any(moved["excluded"] for moved in today["moved_baselines"])


def test_scattered_sundays_read_today_as_the_weekly_replay(
    written: Path, weekly: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    contract = fresh(written, tmp_path / "scattered")
    days = mondays(contract)
    scan(contract, "--as-of", days[0].isoformat())  # the same first scan as the replay's
    for day in (days[9], days[10], days[30]):
        result = runner.invoke(app, ["scan", str(contract), "--as-of", day.isoformat(), *PLAIN])
        assert result.exit_code == ExitCode.OK, result.output
    today = scan(contract)
    # The verdicts are the weekly store's; only what is news to the reader differs (the
    # Mondays caught up were never seen: test_caught_up_mondays_are_news_to_the_reader).
    assert verdicts(today) == verdicts(weekly[1])
    assert unread(contract) == unread(weekly[0])
    assert "catching up" in result.stderr
    assert "the state store missed 19 Mondays" in result.stderr


def unread(contract: Path) -> list[tuple[object, ...]]:
    """Every stored signal's life but its lifecycle, which says what was news to the reader
    (a signal opened on a Monday caught up unseen is new to the scan after it)."""
    return [(*life[:3], *life[4:]) for life in lives(contract)]


READERS = ("previous_as_of", "settled_since_last_scan")
"""What of a scan's JSON is the reader's: the day of the last scan read, what closed since."""
LIFE = ("id", "first_raised", "age_weeks", "note", "until", "steady_since")
"""A slice's link to its stored signal, shown only while open or closed since the last read."""


def verdicts(report: dict[str, Any]) -> dict[str, Any]:
    """A scan's JSON without what depends on which scans a reader saw: the day of the
    reader's last scan, the signals closed since it (and a watched slice's link to one of
    them), and each signal's lifecycle (new to the reader, or not)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            closed = value.get("lifecycle") in ("resolved", "rebaselined")
            return {
                key: None if closed and key in LIFE else plain(item)
                for key, item in value.items()
                if key != "lifecycle"
            }
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    found: dict[str, Any] = plain({k: v for k, v in report.items() if k not in READERS})
    return found


def test_caught_up_mondays_are_news_to_the_reader(written: Path, tmp_path: Path) -> None:
    """A signal opened on a Monday the store caught up, unseen, is new to the scan after
    (what --fail-on new exits 1 on and --notify sends), and the scan says since when; the
    weekly store, whose reader saw every Monday, calls the same signal by its course."""
    contract = fresh(written, tmp_path / "gap")
    days = mondays(contract)
    last_seen = days[10]  # before the drift of week 20 opens its signals
    scan(contract, "--as-of", days[0].isoformat())
    scan(contract, "--as-of", last_seen.isoformat())
    assert not [s for s in api.signals(contract) if s.first_scan > last_seen]
    gap_scan = ["--as-of", days[15].isoformat(), "--no-insight", "--format", "json"]
    gap_scan += ["--fail-on", "new"]
    result = runner.invoke(app, ["scan", str(contract), *gap_scan])
    assert "catching up" in result.stderr
    report = json.loads(result.stdout)
    assert report["previous_as_of"] == last_seen.isoformat()
    opened = [s for s in api.signals(contract) if last_seen < s.first_scan < days[15]]
    assert opened, "the drift opens a signal on a caught-up Monday"
    assert all(s.lifecycle == "new" for s in opened)
    assert result.exit_code == 1, result.output
    # A rescan of the same day reads the same news.
    again = runner.invoke(app, ["scan", str(contract), *gap_scan])
    assert again.exit_code == 1
    assert json.loads(again.stdout) == report
    # The Monday after, the reader has seen it: no longer new.
    scan(contract, "--as-of", days[16].isoformat())
    assert not [
        s for s in api.signals(contract) if s.lifecycle == "new" and s.first_scan < days[15]
    ]


def test_a_rebaseline_in_between_reads_the_same_after_any_history(
    written: Path, tmp_path: Path
) -> None:
    """The same decision, made on the same day of the store's life, after a weekly history
    or after two scattered scans: the days after it read the same."""
    every = fresh(written, tmp_path / "every")
    few = fresh(written, tmp_path / "few")
    days = mondays(every)
    decided = days[32]
    replay_into(every, through=decided)
    scan(few, "--as-of", days[0].isoformat())
    scan(few, "--as-of", days[12].isoformat())
    scan(few, "--as-of", decided.isoformat())
    assert unread(few) == unread(every)
    resolved = [life for life in lives(every) if life[3] == "resolved"]
    open_ones = [s for s in api.signals(every) if s.first_raised <= decided]
    assert resolved, "the scenario must hold a resolved episode before the decision"
    assert open_ones, "the scenario must hold an open signal to rebaseline"
    signal = open_ones[0]
    restart = signal.first_raised.isoformat()
    for contract in (every, few):
        result = runner.invoke(
            app,
            ["signals", "rebaseline", str(contract), str(signal.id), "--from", restart],
        )
        assert result.exit_code == ExitCode.OK, result.output
    later = days[38]
    assert verdicts(scan(few, "--as-of", later.isoformat())) == verdicts(
        scan(every, "--as-of", later.isoformat())
    )
    assert scan(few) == scan(every)  # both readers last saw the later day
    assert lives(few) == lives(every)
    today = scan(every)
    restarted = {moved["check"]: moved["restart"] for moved in today["moved_baselines"]}
    assert restarted.get(signal.check) == restart


def test_a_replayed_monday_is_the_live_scan_of_that_day_on_the_same_store(
    written: Path, tmp_path: Path
) -> None:
    replayed = fresh(written, tmp_path / "replayed")
    days = mondays(replayed)
    day = days[-3]  # after the drift's signals resolved
    replay_into(replayed, through=days[-4])
    live = fresh(written, tmp_path / "live")
    shutil.copytree(replayed.parent / ".taut", live.parent / ".taut", dirs_exist_ok=True)
    restarts, exclude = api.stored_moves(live, as_of=day)
    assert exclude, "the store must give that Monday an episode to leave out"
    scanned = api.scan(live, as_of=day, restarts=restarts, exclude=exclude)
    feed = api.StoreMoves.read(replayed)
    report = next(iter(api.replay(replayed, since=day + timedelta(days=1), moves=feed)))
    assert report.as_of == day
    assert report == scanned
    assert api.remember(replayed, report) == api.remember(live, scanned)


def test_the_store_feed_gives_each_monday_what_rereading_the_store_would(
    written: Path, tmp_path: Path
) -> None:
    contract = fresh(written, tmp_path / "feed")
    feed = api.StoreMoves.read(contract)
    asked: list[tuple[BaselineMoves, BaselineMoves]] = []

    def moves(as_of: date) -> BaselineMoves:
        restarts, exclude = api.stored_moves(contract, as_of=as_of)
        asked.append((feed(as_of), BaselineMoves(restarts=restarts, exclude=exclude)))
        return asked[-1][0]

    for report in api.replay(contract, moves=moves):
        feed.keep(api.remember(contract, report, replay=True))
    assert any(given.exclude for given, _ in asked)
    assert [given for given, _ in asked] == [read for _, read in asked]


def test_missed_mondays_are_the_sundays_between_the_latest_scan_and_the_day(
    written: Path, tmp_path: Path
) -> None:
    contract = fresh(written, tmp_path / "missed")
    days = mondays(contract)
    first = days[0]
    assert api.missed_mondays(contract, as_of=days[5]) == ()  # an empty store: none
    scan(contract, "--as-of", first.isoformat())
    week = timedelta(weeks=1)
    assert api.missed_mondays(contract, as_of=first + week) == ()
    assert api.missed_mondays(contract, as_of=first + week + timedelta(days=3)) == (first + week,)
    assert api.missed_mondays(contract, as_of=first + 3 * week) == (
        first + week,
        first + 2 * week,
    )
    assert api.missed_mondays(contract, as_of=first - week) == ()  # a back-test


def test_no_store_neither_catches_up_nor_moves_a_baseline(written: Path, tmp_path: Path) -> None:
    contract = fresh(written, tmp_path / "nostore")
    days = mondays(contract)
    scan(contract, "--as-of", days[0].isoformat())
    result = runner.invoke(
        app, ["scan", str(contract), "--as-of", days[-3].isoformat(), "--no-store", *PLAIN]
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert "catching up" not in result.stderr
    assert [entry.as_of for entry in api.history(contract).history.scans] == [days[0]]


def test_a_brief_kept_in_the_store_catches_it_up_first(
    written: Path, weekly: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    contract = fresh(written, tmp_path / "brief")
    days = mondays(contract)
    scan(contract, "--as-of", days[0].isoformat())
    found = api.briefing(contract)
    assert [entry.as_of for entry in api.history(contract).history.scans] == days
    assert unread(contract) == unread(weekly[0])
    assert found.memory is not None
    assert found.memory.previous_as_of == days[0]  # the last scan its reader saw
    excluded = {moved.check: list(moved.excluded) for moved in found.report.moved}
    assert excluded == {
        moved["check"]: [
            (date.fromisoformat(a), date.fromisoformat(b)) for a, b in moved["excluded"]
        ]
        for moved in weekly[1]["moved_baselines"]
    }


def test_a_rescan_of_the_latest_day_reads_as_its_first_run(written: Path, tmp_path: Path) -> None:
    """The first run of a day resolves episodes; a rescan of that day must not read against
    them (it replaces that run), or a second `taut scan` would say something else."""
    contract = fresh(written, tmp_path / "rescan")
    days = [report.as_of for report in api.replay(contract)]
    resolved = date(2025, 9, 14)  # the drift's checks are back on this Sunday (its grace)
    replay_into(contract, through=days[days.index(resolved) - 1])
    first = scan(contract, "--as-of", resolved.isoformat())
    assert any(s.settled_on == resolved for s in api.signals(contract, closed=True))
    assert scan(contract, "--as-of", resolved.isoformat()) == first


def test_a_signal_opened_and_steadied_unseen_is_new_in_its_week_of_grace(
    written: Path, tmp_path: Path
) -> None:
    """A signal opened on caught-up Mondays whose check is steady again by the scan after
    them is in its week of grace, and still news to the reader: new (so --fail-on new
    exits 1), headed 'New since' the last scan read, with the day it steadied."""
    contract = fresh(written, tmp_path / "grace-gap")
    days = mondays(contract)
    scan(contract, "--as-of", days[0].isoformat())
    scan(contract, "--as-of", days[10].isoformat())  # before the drift opens its signals
    steadied = date(2025, 9, 14)  # the drift's checks are back at their level from this Sunday
    json_args = ["--no-insight", "--format", "json", "--fail-on", "new"]
    result = runner.invoke(
        app, ["scan", str(contract), "--as-of", steadied.isoformat(), *json_args]
    )
    assert result.exit_code == 1, result.output
    in_grace = [s for s in api.signals(contract) if s.settled_on == steadied]
    assert in_grace, "the scenario must hold a signal in its week of grace"
    assert all(s.lifecycle == "new" for s in in_grace)
    text = runner.invoke(
        app, ["scan", str(contract), "--as-of", steadied.isoformat(), "--no-insight"]
    ).stdout
    assert f"New since {days[10].isoformat()} (" in text
    assert "New this week" not in text
    assert f"steady or better since {steadied.isoformat()}" in text  # recovered, in its grace
