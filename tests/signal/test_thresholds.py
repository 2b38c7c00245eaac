"""Thresholds read off one simulated curve agree with the full calibration."""

from __future__ import annotations

import numpy as np
import pytest

from taut.signal import BernoulliGlr, RateBaseline, calibrate_threshold
from taut.signal.thresholds.calibrate import THRESHOLDS
from taut.signal.thresholds.lookup import read_threshold, snap_cases, snap_rate, threshold_for


def test_curve_threshold_matches_calibration_where_both_measure() -> None:
    base = RateBaseline(rate=0.05, cases=2000)
    quick = threshold_for(detector=BernoulliGlr(), baseline=base, arl0=5000)
    full = calibrate_threshold(detector=BernoulliGlr(), baseline=base, arl0=5000)
    assert quick == pytest.approx(full, abs=0.3)


def test_extrapolation_recovers_an_exponential_tail() -> None:
    rates = 0.1 * np.exp(-0.8 * THRESHOLDS)
    h = read_threshold(rates, arl0=1e8, exposure=4e6)
    assert h == pytest.approx((np.log(1e-8) - np.log(0.1)) / -0.8, abs=0.05)


def test_extrapolation_is_never_steeper_than_walds_tail() -> None:
    rates = 0.1 * np.exp(-3.0 * THRESHOLDS)  # a steep (stepped or noisy) last decade
    h = read_threshold(rates, arl0=1e8, exposure=4e6)
    last = THRESHOLDS[rates >= 25 / 4e6][-1]
    assert h >= last + np.log(rates[rates >= 25 / 4e6][-1] / 1e-8) - 0.01


def test_a_flat_or_unreachable_curve_gives_no_threshold() -> None:
    with pytest.raises(ValueError, match=r"does not fall|that rare"):
        read_threshold(np.full(THRESHOLDS.size, 1e-3), arl0=1e8, exposure=4e6)
    with pytest.raises(ValueError, match="that rare"):
        read_threshold(0.1 * np.exp(-0.05 * THRESHOLDS), arl0=1e9, exposure=4e6)


def test_thresholds_grow_with_arl0() -> None:
    base = RateBaseline(rate=0.02, cases=800)
    values = [
        threshold_for(detector=BernoulliGlr(), baseline=base, arl0=a) for a in (1e3, 1e5, 1e6)
    ]
    assert values == sorted(values)
    assert values[0] < values[-1]


def test_snapping_is_coarse_and_conservative() -> None:
    assert snap_cases(1999) == 1000
    assert snap_cases(250) == 200
    assert snap_rate(0.052) == 0.05
