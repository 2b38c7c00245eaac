"""The false-alarm budget split (taut.signal.allocation): calibration, then weighted Bonferroni."""

from __future__ import annotations

import pytest

from taut.signal.allocation import (
    RAW_SPLIT,
    SCAN_CALIBRATION,
    WHOLE_SHARE,
    BudgetSplit,
    ScanCalibration,
    stream_arl0,
)


def test_stream_arl0_shares_the_yearly_budget() -> None:
    whole = stream_arl0(cases_per_year=5000)
    assert whole == 5000
    per_segment = stream_arl0(cases_per_year=800, streams=6, false_alarms_per_year=1.0)
    assert per_segment == 4800
    # six streams of 800 cases a year, each one false alarm per 4,800 of its cases
    assert 6 * 800 / per_segment == pytest.approx(1.0)
    with pytest.raises(ValueError, match="streams >= 1"):
        stream_arl0(cases_per_year=100, streams=0)


def test_scan_calibration_inverts_its_model_of_realised_false_signals() -> None:
    calibration = ScanCalibration(curves=((5_000.0, 0.5, 0.8), (20_000.0, 2.0, 0.8)))
    for budget, cases in [(1.0, 5_000.0), (0.5, 40_000.0), (3.0, 10_000.0)]:
        nominal = calibration.nominal(budget, cases_per_year=cases)
        # log scale is linear in log cases through and beyond the two measured volumes
        scale = 0.5 * (cases / 5_000.0)
        assert calibration.at(cases) == pytest.approx((scale, 0.8))
        assert scale * nominal**0.8 == pytest.approx(budget)
    # a busier check sees more of a process's wobble, so it is given a smaller nominal budget
    quiet = calibration.nominal(1.0, cases_per_year=5_000.0)
    busy = calibration.nominal(1.0, cases_per_year=50_000.0)
    assert busy < quiet


def test_scan_calibration_interpolates_the_power_and_holds_it_beyond() -> None:
    calibration = ScanCalibration(curves=((1_000.0, 1.0, 1.0), (100_000.0, 1.0, 0.5)))
    assert calibration.at(10_000.0)[1] == pytest.approx(0.75)
    assert calibration.at(1e7)[1] == pytest.approx(0.5)
    assert calibration.at(10.0)[1] == pytest.approx(1.0)


def test_the_raw_split_is_plain_bonferroni() -> None:
    assert RAW_SPLIT.nominal(2.5, cases_per_year=123.0) == pytest.approx(2.5)


def test_scan_calibration_rejects_impossible_values() -> None:
    with pytest.raises(ValueError, match="power"):
        ScanCalibration(curves=((1.0, 1.0, 0.0),))
    with pytest.raises(ValueError, match="increasing"):
        ScanCalibration(curves=((2.0, 1.0, 1.0), (1.0, 1.0, 1.0)))
    with pytest.raises(ValueError, match="cases_per_year"):
        SCAN_CALIBRATION.nominal(1.0, cases_per_year=0.0)


def test_the_split_gives_half_to_the_whole_check_and_half_to_its_segments() -> None:
    split = BudgetSplit.of(
        false_alarms_per_year=2.0,
        calibration=RAW_SPLIT,
        cases=3_000,
        years=1.5,
        segments=5,
        metrics=3,
    )
    assert split.nominal == pytest.approx(2.0)
    # the whole check's three streams, 1,000 cases a year each, share half of the budget
    whole = split.arl0(stream_cases=1_500, segment=False)
    assert 3 * 1_000 / whole == pytest.approx(WHOLE_SHARE * 2.0)
    # five segments' fifteen streams of 200 cases a year share the other half
    segment = split.arl0(stream_cases=300, segment=True)
    assert 15 * 200 / segment == pytest.approx((1 - WHOLE_SHARE) * 2.0)


def test_without_segments_the_whole_check_has_the_whole_budget() -> None:
    split = BudgetSplit.of(
        false_alarms_per_year=1.0,
        calibration=RAW_SPLIT,
        cases=500,
        years=1.0,
        segments=0,
        metrics=1,
    )
    assert split.arl0(stream_cases=500, segment=False) == pytest.approx(500.0)
