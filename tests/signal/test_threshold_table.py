"""The shipped threshold table as a whole: complete, monotone, sane, and true to its promise."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    RateBaseline,
)
from taut.signal.detectors.blanks import BlankGlr
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.model.scoring import standard_latency
from taut.signal.thresholds.calibrate import THRESHOLDS, false_alarm_rate
from taut.signal.thresholds.lookup import horizon_for, simulated_threshold, snapped
from taut.signal.thresholds.table import (
    LOG_ARL0,
    load_table,
    row_threshold,
    table_key,
    table_threshold,
)

SMALL_BASELINE = 500  # inf cells (cannot be watched) in rows of fewer baseline cases,
BUSY_ARL0 = 7.75  # or, for rows of more, only past ARL0 = 10^7.75


def test_every_row_is_complete_sane_and_non_decreasing_in_arl0() -> None:
    table = load_table()
    values = np.array(list(table.values()))
    assert not np.isnan(values).any()
    finite = np.isfinite(values)
    assert values[finite].min() > 0.0
    assert values[finite].max() <= THRESHOLDS[-1]  # nothing absurd: within the simulated grid
    assert (values[:, 1:] >= values[:, :-1]).all()
    for (_, _, _, cases), row in table.items():
        if not np.isfinite(row).all():  # inf: this baseline cannot be held to that ARL0
            assert cases is not None
            first = LOG_ARL0[np.argmax(~np.isfinite(row))]
            assert cases < SMALL_BASELINE or first >= BUSY_ARL0
            assert np.isfinite(row[0])  # even a tiny baseline holds one alarm in 100 cases


def test_every_baseline_a_scan_can_meet_has_a_row() -> None:
    rates = np.geomspace(1e-6, 0.99, 40)
    cases = [1, 9, 10, 57, 999, 1000, 123_456, 5_000_000]  # a scan's baselines are estimated
    baselines: list[tuple[Detector, BaselineEstimate]] = []
    for rate, count in itertools.product(rates, cases):
        baselines.append((BernoulliGlr(), RateBaseline(rate=float(rate), cases=count)))
        baselines.extend(
            (BlankGlr(), BlankBaseline(rate=float(rate), cases=count, multi=multi))
            for multi in (0.0, 0.1, 0.5, 0.95)
        )
    for count in cases:
        latency = standard_latency(count)
        baselines.extend((detector, latency) for detector in (LatencyGlr(), ScaleGlr()))
        baselines.extend(
            (SpreadBand(), dataclasses.replace(latency, outside=outside))
            for outside in (0.01, 0.2, 0.33, 0.6, 0.99)
        )
    table = load_table()
    missing = [
        table_key(detector, snapped(detector, baseline))
        for detector, baseline in baselines
        if table_key(detector, snapped(detector, baseline)) not in table
    ]
    assert missing == []


def test_thresholds_past_the_last_column_follow_the_simulated_curve() -> None:
    """The closed form beyond ARL0 = 1e10 against the simulated curve it continues."""
    beyond = 10.5
    for detector, baseline in [
        (BernoulliGlr(), RateBaseline(rate=0.02, cases=5000)),
        (BernoulliGlr(), RateBaseline(rate=1e-4, cases=50_000)),
    ]:
        closed = row_threshold(load_table()[table_key(detector, baseline)], beyond)
        simulated = simulated_threshold(detector, baseline, 10.0**beyond)
        assert simulated - 0.05 <= closed <= simulated + 1.5


ROWS: list[tuple[Detector, BaselineEstimate, float]] = [  # detector, its row's baseline, log10 ARL0
    (BernoulliGlr(), RateBaseline(rate=1e-4, cases=50_000), 6.0),
    (BernoulliGlr(), RateBaseline(rate=1e-4, cases=10_000), 5.0),
    (BlankGlr(), BlankBaseline(rate=2e-4, cases=20_000, multi=0.35), 5.5),
    (BernoulliGlr(), RateBaseline(rate=0.002, cases=2000), 4.5),
    (BernoulliGlr(), RateBaseline(rate=0.05, cases=1000), 4.0),
    (BlankGlr(), BlankBaseline(rate=0.01, cases=5000, multi=0.15), 4.0),
    (LatencyGlr(), standard_latency(1000), 3.0),
]


@pytest.mark.parametrize(
    ("detector", "baseline", "position"), ROWS, ids=[f"{d.name}-{b}" for d, b, _ in ROWS]
)
def test_tabled_thresholds_realise_at_least_their_run_length(
    detector: Detector, baseline: BaselineEstimate, position: float
) -> None:
    arl0 = 10.0**position
    threshold = table_threshold(detector, baseline, arl0)
    assert threshold == load_table()[table_key(detector, baseline)][_column(position)]
    realised = 1.0 / false_alarm_rate(
        detector=detector,
        baseline=baseline,
        threshold=threshold,
        horizon=horizon_for(baseline),  # streams as long as the table's
        replicates=2000,
        seed=1,  # the table was simulated with seed 0
    )
    assert realised > 0.8 * arl0  # at least the nominal, up to the simulation's own error
    assert realised < 6.0 * arl0  # and not absurdly conservative


def _column(position: float) -> int:
    return int(np.flatnonzero(np.isclose(LOG_ARL0, position))[0])
