"""A signal's week of grace end to end: a weekly replay, the same Mondays scanned one by one
(each twice), and a rescan after the grace leave the same signals in the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from taut.signal.replay import weekly_days
from taut.simulate import Drift, sales_handoff
from taut.store.database import open_store
from taut.store.locate import ENVIRONMENT

runner = CliRunner()
pytestmark = pytest.mark.slow
PLAIN = ["--no-insight", "--format", "json", "--fail-on", "never"]


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log whose skipped acknowledgement from March ends on 31 March: its signals settle."""
    drift = Drift(kind="skip", onset=date(2025, 3, 3), size=0.4, until=date(2025, 3, 31))
    sim = sales_handoff(seed=7, weeks=30, deals_per_day=15.0, drifts=(drift,))
    return sim.write(tmp_path_factory.mktemp("grace-replay"), fmt="csv")


def _scan(contract: Path, url: str, *args: str) -> None:
    result = runner.invoke(app, ["scan", str(contract), *args, *PLAIN], env={ENVIRONMENT: url})
    assert result.exit_code == ExitCode.OK, result.output


def _kept(url: str) -> tuple[object, ...]:
    store = open_store(url=url)
    sightings = [(s.signal_id, s.as_of, s.lifecycle, s.state) for s in store.sightings()]
    return (store.signals(), sightings)


def test_a_replay_one_by_one_scans_and_a_rescan_after_the_grace_agree(
    contract: Path, tmp_path: Path
) -> None:
    replayed = f"sqlite:///{tmp_path / 'replayed.db'}"
    _scan(contract, replayed, "--replay", "weekly")
    signals, _ = _kept(replayed)
    graced = [item for item in signals if item.settled_on is not None]  # type: ignore[attr-defined]
    assert graced, "the log must give a signal a week of grace for this test to mean anything"
    assert all(
        item.lifecycle != "resolved" or (item.closed_on - item.settled_on).days >= 7
        for item in graced
    )

    one_by_one = f"sqlite:///{tmp_path / 'one-by-one.db'}"
    store = open_store(url=replayed)
    days = [entry.as_of for entry in store.scans()]
    for day in days:
        _scan(contract, one_by_one, "--as-of", day.isoformat())
        _scan(contract, one_by_one, "--as-of", day.isoformat())  # twice the same day
    assert _kept(one_by_one) == _kept(replayed)

    _scan(contract, replayed)  # a rescan of the last day, after every grace above
    assert _kept(replayed) == _kept(one_by_one)
    assert days == list(weekly_days(first=days[0], last=days[-1]))
