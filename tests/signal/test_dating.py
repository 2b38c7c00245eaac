"""``since`` lands near a true step; the leading size says how big the change is."""

from __future__ import annotations

import numpy as np
import pytest

from taut.signal.baseline import LatencyBaseline, RateBaseline
from taut.signal.calibrate import calibrate_threshold
from taut.signal.glr import BernoulliGlr
from taut.signal.latency import LatencyGlr
from taut.signal.spread import SpreadBand

STEP = 150


def test_glr_dates_a_rate_step_and_sizes_it() -> None:
    detector = BernoulliGlr()
    errors: list[int] = []
    sizes: list[float] = []
    baseline = RateBaseline(rate=0.05, cases=2000)
    threshold = calibrate_threshold(detector=detector, baseline=baseline, arl0=2000)
    for seed in range(30):
        rng = np.random.default_rng(seed)
        rates = np.r_[np.full(STEP, 0.05), np.full(850, 0.20)]
        found = detector.scan(
            (rng.random(1000) < rates).astype(float), baseline=baseline, threshold=threshold
        )
        if found.alarm is not None and found.alarm >= STEP and found.since is not None:
            errors.append(found.since - STEP)
            sizes.append(found.size or 0.0)
    assert len(errors) >= 24
    assert abs(float(np.median(errors))) <= 5
    assert np.percentile(np.abs(errors), 80) <= 40  # a handful of 1s per 20 cases
    # odds(20%) / odds(5%) = 4.75
    assert 2.5 <= float(np.median(sizes)) <= 10.0


@pytest.mark.parametrize("detector", [LatencyGlr(), SpreadBand()], ids=["level", "spread"])
def test_latency_detectors_date_a_step(detector: LatencyGlr | SpreadBand) -> None:
    errors = []
    rng = np.random.default_rng(0)
    baseline = LatencyBaseline.from_log_latency(np.log(24.0) + 0.5 * rng.standard_normal(2000))
    threshold = calibrate_threshold(detector=detector, baseline=baseline, arl0=2000)
    for _ in range(20):
        scale = np.r_[np.full(STEP, 0.5), np.full(850, 1.0)]
        shift = np.r_[np.zeros(STEP), np.full(850, 0.5)]
        values = np.log(24.0) + shift + scale * rng.standard_normal(1000)
        found = detector.scan(values, baseline=baseline, threshold=threshold)
        assert found.alarm is not None
        if found.alarm >= STEP and found.since is not None:
            errors.append(found.since - STEP)
    assert len(errors) >= 16
    assert abs(float(np.median(errors))) <= 5
