"""Calibration: thresholds hold the target false-alarm rate on fresh stable streams."""

from __future__ import annotations

import numpy as np
import pytest

from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.thresholds import calibrate
from taut.signal.thresholds.calibrate import (
    calibrate_threshold,
    crossing,
    false_alarm_rate,
    false_alarm_rates,
)
from taut.signal.thresholds.lookup import horizon_for, threshold_for

RATE = RateBaseline(rate=0.05, cases=2000)
LATENCY = LatencyBaseline(mean=3.2, sd=0.5, low=2.56, high=3.84, outside=0.2, cases=2000)


@pytest.mark.parametrize(
    ("detector", "baseline"),
    [(BernoulliGlr(), RATE), (LatencyGlr(), LATENCY), (SpreadBand(), LATENCY)],
    ids=["bernoulli_glr", "latency_glr", "spread_band"],
)
def test_measured_false_alarm_rate_is_the_target(
    detector: Detector, baseline: BaselineEstimate
) -> None:
    arl0 = 500.0
    threshold = calibrate_threshold(detector=detector, baseline=baseline, arl0=arl0, seed=0)
    measured = false_alarm_rate(
        detector=detector,
        baseline=baseline,
        threshold=threshold,
        horizon=500,
        replicates=2000,
        seed=12345,
    )
    # about 2,000 alarms in each of calibration and measurement, plus the spread over
    # 100 re-estimated baselines: within 15% of the target
    assert measured * arl0 == pytest.approx(1.0, rel=0.15)


def test_restarted_scans_raise_false_alarms_at_the_calibrated_rate() -> None:
    """Independent of the calibration code: scan, restart after each alarm, count."""
    detector, arl0, alarms, cases = BernoulliCusum(), 200.0, 0, 0
    rng = np.random.default_rng(2024)
    for _ in range(40):
        baseline = RateBaseline.from_binary((rng.random(2000) < 0.05).astype(float))
        threshold = calibrate_threshold(detector=detector, baseline=baseline, arl0=arl0)
        stream = (rng.random(4000) < 0.05).astype(float)
        start = 0
        while start < stream.size:
            found = detector.scan(stream[start:], baseline=baseline, threshold=threshold)
            if found.alarm is None:
                break
            alarms += 1
            start += found.alarm + 1
        cases += stream.size
    assert cases / alarms == pytest.approx(arl0, rel=0.25)


def test_estimated_baseline_raises_the_threshold() -> None:
    detector = BernoulliGlr()
    known = calibrate_threshold(detector=detector, baseline=RateBaseline(rate=0.05), arl0=500)
    small = calibrate_threshold(
        detector=detector, baseline=RateBaseline(rate=0.05, cases=200), arl0=500
    )
    assert small > known + 0.1


def test_a_threshold_for_a_known_baseline_floods_when_the_baseline_is_estimated() -> None:
    detector, arl0 = BernoulliGlr(), 500.0
    naive = calibrate_threshold(detector=detector, baseline=RateBaseline(rate=0.05), arl0=arl0)
    measured = false_alarm_rate(
        detector=detector,
        baseline=RateBaseline(rate=0.05, cases=50),  # ~2.5 misses: a rough estimate
        threshold=naive,
        horizon=500,
        replicates=2000,
        seed=99,
    )
    assert measured * arl0 > 1.15  # 20-60% more false alarms than promised


def test_crossing_takes_the_safe_side_of_a_step() -> None:
    thresholds = np.array([1.0, 1.02, 1.04, 1.06])
    step = np.array([1e-4, 1e-4, 1e-7, 1e-7])  # one rare miss alarms below 1.04, not above
    assert crossing(thresholds, step, 1e-5) == 1.04
    assert crossing(thresholds, step, 1e-4) == 1.0
    with pytest.raises(ValueError, match="lower arl0"):
        crossing(thresholds, step, 1e-8)


def test_a_near_perfect_check_gets_the_run_length_it_was_promised() -> None:
    """Issue 10: a miss rate of 1e-4, 10,000 baseline cases, ARL0 = 1e5.

    Interpolating across the step of a single miss gave h = 1.098, which alarms at
    almost every miss: a run length of about 10,000 cases (ten times the false alarms).
    """
    detector, baseline, arl0 = BernoulliGlr(), RateBaseline(rate=1e-4, cases=10_000), 1e5
    threshold = threshold_for(detector=detector, baseline=baseline, arl0=arl0)
    realised = 1.0 / false_alarm_rate(
        detector=detector,
        baseline=baseline,
        threshold=threshold,
        horizon=horizon_for(baseline),  # 20 misses: the statistic's memory many times over
        replicates=2000,
        seed=31,
    )
    at_the_old_threshold = 1.0 / false_alarm_rate(
        detector=detector,
        baseline=baseline,
        threshold=1.098,
        horizon=horizon_for(baseline),
        replicates=2000,
        seed=31,
    )
    assert at_the_old_threshold < arl0 / 2
    assert realised > 0.85 * arl0  # the nominal, up to the simulation's own error


def test_event_time_simulation_agrees_with_simulating_every_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detector, baseline = BernoulliGlr(), RateBaseline(rate=0.05)
    thresholds = np.array([2.0, 4.0])
    by_event = false_alarm_rates(
        detector=detector,
        baseline=baseline,
        thresholds=thresholds,
        horizon=2000,
        replicates=4000,
        seed=5,
    )
    monkeypatch.setattr(calibrate, "event_steps", lambda *_: None)
    by_case = false_alarm_rates(
        detector=detector,
        baseline=baseline,
        thresholds=thresholds,
        horizon=2000,
        replicates=4000,
        seed=6,
    )
    assert by_event == pytest.approx(by_case, rel=0.1)


def test_calibration_is_cached_on_rounded_parameters_and_seeded() -> None:
    detector = BernoulliCusum()
    first = calibrate_threshold(detector=detector, baseline=RATE, arl0=800, seed=3)
    nearby = RateBaseline(rate=0.0501, cases=2004)  # same to 2 significant digits
    assert calibrate_threshold(detector=detector, baseline=nearby, arl0=800.2, seed=3) == first
    other_seed = calibrate_threshold(detector=detector, baseline=RATE, arl0=800, seed=4)
    assert other_seed != first
    assert abs(other_seed - first) < 0.3


def test_larger_arl0_gives_a_higher_threshold() -> None:
    thresholds = [
        calibrate_threshold(detector=BernoulliGlr(), baseline=RATE, arl0=arl0)
        for arl0 in (200, 1000, 5000)
    ]
    assert thresholds == sorted(thresholds)
    assert thresholds[-1] - thresholds[0] > 1.0


def test_arl0_must_exceed_one_case() -> None:
    with pytest.raises(ValueError, match="more than one case"):
        calibrate_threshold(detector=BernoulliGlr(), baseline=RATE, arl0=1.0)
