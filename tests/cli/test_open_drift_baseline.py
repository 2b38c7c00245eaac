"""A drift that never ends is never taken for the normal while its signal is open.

On a log long enough for the recent baseline (taut's choice past 34 weeks), the baseline
window rolls forward over an open drift. Were the drift's days kept in it, the check would
read "steady" against a normal made of its own drift, its signal would enter its week of
grace (which leaves the episode out of the baseline), the check would read "drifting" again
against the older normal, and so on every other week: the helpdesk log's taken-in-charge
signal flapped so for six months. Here a skip that starts in week 20 and never stops: once
raised, its signal must stay open and never be called recovering or resolved.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from taut import api
from taut.simulate import Drift, sales_handoff

pytestmark = pytest.mark.slow
START = date(2025, 1, 6)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty-four weeks with a lasting skip of the acknowledgement, replayed weekly into a
    store as a weekly user would have filled it."""
    drift = Drift(kind="skip", onset=START + timedelta(weeks=20), size=0.3)
    sim = sales_handoff(seed=11, weeks=64, deals_per_day=30.0, drifts=(drift,))
    contract = sim.write(tmp_path_factory.mktemp("lasting"), fmt="csv")
    feed = api.StoreMoves.read(contract)
    for report in api.replay(contract, moves=feed):
        feed.keep(api.remember(contract, report, replay=True))
    return contract


def test_the_baseline_window_rolls_over_the_drift(replayed: Path) -> None:
    """The scenario: by the end, the scan's own baseline window lies inside the drift, so
    only leaving the episode out keeps the older normal."""
    report = api.scan(replayed)  # the scan without the store's moves
    assert report.baseline_from is not None  # a recent window, not the log's first weeks
    assert report.baseline_from > START + timedelta(weeks=20)


def test_a_lasting_drift_keeps_its_signal_open_to_the_end(replayed: Path) -> None:
    lives = api.history(replayed).history.signals
    skipped = [life for life in lives if life.signal.metric == "missed"]
    assert skipped, [life.signal for life in lives]
    first = min(skipped, key=lambda life: life.signal.first_scan)
    states = [(seen.as_of, seen.lifecycle, seen.state) for seen in first.sightings]
    assert first.signal.lifecycle not in ("resolved", "rebaselined"), states
    assert all(seen.lifecycle in ("new", "ongoing") for seen in first.sightings), states
    assert first.sightings[-1].as_of >= START + timedelta(weeks=60), states
