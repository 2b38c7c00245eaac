"""The shipped threshold table agrees with the simulation it was made from."""

from __future__ import annotations

import pytest

from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.model.scoring import standard_latency
from taut.signal.thresholds.lookup import simulated_threshold, snapped, threshold_for
from taut.signal.thresholds.table import LOG_ARL0, load_table, table_key, table_threshold


@pytest.mark.parametrize(
    ("detector", "baseline", "position"),
    [
        (BernoulliGlr(), RateBaseline(rate=0.05, cases=1000), 4.0),
        (LatencyGlr(), standard_latency(500), 5.0),
    ],
    ids=["rate", "latency"],
)
def test_table_entries_rederive(
    detector: Detector, baseline: BaselineEstimate, position: float
) -> None:
    row = load_table()[table_key(detector, baseline)]
    column = list(LOG_ARL0).index(position)
    fresh = simulated_threshold(detector, snapped(detector, baseline), 10.0**position)
    assert row[column] == pytest.approx(fresh, abs=1e-3)


def test_interpolation_between_columns_tracks_the_simulation() -> None:
    detector, baseline = BernoulliGlr(), RateBaseline(rate=0.02, cases=2000)
    arl0 = 10.0**4.1
    tabled = table_threshold(detector, baseline, arl0)
    assert tabled is not None
    assert tabled == pytest.approx(simulated_threshold(detector, baseline, arl0), abs=0.1)


def test_scan_thresholds_come_from_the_table_and_fall_back_outside_it() -> None:
    detector = BernoulliGlr()
    base = RateBaseline(rate=0.05, cases=2000)
    assert table_threshold(detector, base, 1e9) is None  # beyond the last column
    assert table_threshold(BernoulliGlr(largest=4.0), base, 1e4) is None  # not tabulated
    assert threshold_for(detector=detector, baseline=base, arl0=1e4) == table_threshold(
        detector, base, 1e4
    )


def test_a_tabled_threshold_holds_its_false_alarm_rate_on_fresh_streams() -> None:
    from taut.signal.thresholds.calibrate import false_alarm_rate  # noqa: PLC0415

    detector, base, arl0 = BernoulliGlr(), RateBaseline(rate=0.05, cases=2000), 1000.0
    threshold = table_threshold(detector, base, arl0)
    assert threshold is not None
    measured = false_alarm_rate(
        detector=detector,
        baseline=base,
        threshold=threshold,
        horizon=1000,
        replicates=2000,
        seed=4242,
    )
    assert measured * arl0 == pytest.approx(1.0, rel=0.2)
