"""``since`` lands near a true step; the leading size says how big the change is."""

from __future__ import annotations

import numpy as np
import pytest

from taut.signal.decide.dating import recovered
from taut.signal.detectors.baseline import LatencyBaseline, RateBaseline
from taut.signal.detectors.detector import Detection
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.thresholds.calibrate import calibrate_threshold

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


def _alarm_at(values: np.ndarray, *, since: int, alarm: int) -> Detection:
    return Detection(
        alarm=alarm, since=since, statistic=np.zeros(values.size), threshold=5.0, size=3.0
    )


def test_a_drift_that_holds_is_not_recovering_after_an_overshooting_alarm() -> None:
    """The alarm picks an extreme stretch (40% here); the drift then holds at 22%."""
    rng = np.random.default_rng(3)
    base = RateBaseline(rate=0.11, cases=2000)
    values = np.r_[
        (rng.random(300) < 0.11), np.ones(16), np.zeros(24), (rng.random(900) < 0.22)
    ].astype(np.float64)
    recent = np.zeros(values.size, dtype=bool)
    recent[-500:] = True
    found = _alarm_at(values, since=300, alarm=339)
    assert not recovered("missed", values, found, recent=recent, baseline=base)
    back = values.copy()
    back[-500:] = (rng.random(500) < 0.11).astype(np.float64)
    assert recovered("missed", back, found, recent=recent, baseline=base)


def test_a_latency_drift_that_holds_is_not_recovering() -> None:
    rng = np.random.default_rng(4)
    base = LatencyBaseline(mean=0.0, sd=1.0, low=-1.28, high=1.28, outside=0.2, cases=2000)
    values = np.r_[rng.normal(0, 1, 300), rng.normal(2.5, 1, 30), rng.normal(0.8, 1, 800)]
    recent = np.zeros(values.size, dtype=bool)
    recent[-400:] = True
    found = _alarm_at(values, since=300, alarm=329)
    assert not recovered("latency", values, found, recent=recent, baseline=base)
    back = np.r_[values[:-400], rng.normal(0.0, 1, 400)]
    assert recovered("latency", back, found, recent=recent, baseline=base)


def test_a_short_burst_that_settles_is_recovering_and_a_jump_that_holds_is_not() -> None:
    rng = np.random.default_rng(5)
    base = RateBaseline(rate=0.01, cases=300)
    calm = (rng.random(900) < 0.01).astype(np.float64)
    burst = np.r_[calm[:400], np.ones(3), np.zeros(4), calm[400:]]
    recent = np.zeros(burst.size, dtype=bool)
    recent[-200:] = True
    found = _alarm_at(burst, since=400, alarm=402)
    assert recovered("missed", burst, found, recent=recent, baseline=base)
    jump = np.r_[calm[:400], np.ones(3), (rng.random(504) < 0.3).astype(np.float64)]
    assert not recovered("missed", jump, found, recent=recent, baseline=base)
