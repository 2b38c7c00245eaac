"""A check's weekly series agrees with the scan that read it, week by week and in its baseline."""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from taut import api
from taut.brief.charts.series import check_series, label_like_scan, monday_of, series_for
from taut.errors import UsageError
from taut.signal.inputs.clock import hours_since_epoch
from taut.signal.inputs.streams import metric_streams
from tests.brief.charts.conftest import SKIP_ONSET, Scanned


def test_every_slice_baseline_is_the_number_the_scan_reports(drifted: Scanned) -> None:
    """Every watched slice and metric, steady ones included, segments included."""
    states = api.states(drifted.contract_path)
    labelled = label_like_scan(drifted.book, contract=drifted.contract, report=drifted.report)
    compared = 0
    for state in states:
        if state.metric == "spread":
            continue
        series = check_series(
            cases=labelled[state.check],
            contract=drifted.contract,
            report=drifted.report,
            metric=state.metric,
            segment=state.segment,
        )
        assert series.baseline == pytest.approx(state.baseline, rel=1e-12), state
        compared += 1
    assert compared >= 20
    assert {s.metric for s in states} >= {"missed", "latency"}
    assert any(s.segment for s in states)


def test_weeks_are_a_pandas_groupby_of_the_settled_cases(drifted: Scanned) -> None:
    """An independent count: settled cases by the Monday of their anchor day."""
    cases = drifted.book["ack-within-24h"]
    check = next(c for _, c in drifted.contract.checks if c.id == "ack-within-24h")
    as_of_hours = hours_since_epoch(datetime.fromisoformat(drifted.report.data_end))
    stream = metric_streams(cases, check=check, as_of_hours=as_of_hours)["missed"]
    frame = pd.DataFrame({"day": cases.day[stream.cases], "missed": stream.values})
    frame["week"] = frame["day"] - pd.to_timedelta(frame["day"].dt.dayofweek, unit="D")
    expected = frame.groupby("week")["missed"].agg(["size", "mean"])

    series = check_series(cases=cases, contract=drifted.contract, report=drifted.report)

    by_week = {point.week: point for point in series.points}
    weeks = pd.DatetimeIndex(expected.index).date
    for week, size, mean in zip(weeks, expected["size"], expected["mean"], strict=True):
        point = by_week[week]
        assert point.cases == size
        assert point.value == pytest.approx(mean)
    assert sum(point.cases for point in series.points) == len(frame)
    assert series.target == pytest.approx(0.1)  # the contract's 90% kept, as a share missed


def test_weeks_run_monday_to_monday_without_gaps_to_the_last_day(drifted: Scanned) -> None:
    series = check_series(
        cases=drifted.book["ack-present"], contract=drifted.contract, report=drifted.report
    )
    weeks = [point.week for point in series.points]
    assert all(week.weekday() == 0 for week in weeks)
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(weeks))
    assert weeks[-1] <= drifted.report.as_of < weeks[-1] + timedelta(weeks=1)
    assert weeks[0] <= drifted.book["ack-present"].day.min().item()


def test_a_drift_shows_as_weeks_above_the_band_after_its_onset(drifted: Scanned) -> None:
    signal = next(s for s in drifted.report.signals if s.check == "ack-present")
    series = check_series(
        cases=drifted.book["ack-present"], contract=drifted.contract, report=drifted.report
    )
    assert series.band is not None
    low, high = series.band
    assert low <= series.baseline <= high  # type: ignore[operator]
    full = [p for p in series.points if p.cases >= 50]
    before = [p for p in full if p.week + timedelta(days=6) < SKIP_ONSET]
    after = [p for p in full if p.week >= SKIP_ONSET]
    assert before
    assert after
    assert all(p.value <= high for p in before)
    assert all(p.value > high for p in after)
    # the weeks since the change, weighted by their cases, read as the report's current
    weighted = sum(p.value * p.cases for p in after) / sum(p.cases for p in after)
    assert signal.current is not None
    assert weighted == pytest.approx(signal.current, abs=0.02)


def test_a_steady_log_keeps_its_weeks_inside_the_band(steady: Scanned) -> None:
    outside = 0
    weeks = 0
    for series in series_for(steady.book, contract=steady.contract, report=steady.report):
        assert series.band is not None
        low, high = series.band
        full = [p for p in series.points if p.cases >= 50]
        weeks += len(full)
        outside += sum(not (low <= p.value <= high) for p in full)
    assert weeks >= 60
    assert outside <= weeks * 0.05


def test_time_taken_is_the_median_hours_with_the_limit_as_target(drifted: Scanned) -> None:
    series = check_series(
        cases=drifted.book["delivery-within-5d"],
        contract=drifted.contract,
        report=drifted.report,
        metric="latency",
    )
    assert series.metric == "latency"
    assert series.target == pytest.approx(120.0)
    filled = [p for p in series.points if p.cases]
    assert all(p.value > 0 for p in filled)
    assert all(math.isnan(p.value) for p in series.points if not p.cases)


def test_series_for_charts_each_check_then_each_signal_slice_once(drifted: Scanned) -> None:
    found = series_for(drifted.book, contract=drifted.contract, report=drifted.report)
    checks = [check.id for _, check in drifted.contract.checks]
    assert [s.check for s in found[: len(checks)]] == checks
    assert all(s.metric == "missed" and s.segment is None for s in found[: len(checks)])
    keys = [(s.check, s.metric, tuple(sorted((s.segment or {}).items()))) for s in found]
    assert len(keys) == len(set(keys))


def test_a_segment_charts_only_its_cases(drifted: Scanned) -> None:
    cases = drifted.book["ack-within-24h"]
    whole = check_series(cases=cases, contract=drifted.contract, report=drifted.report)
    team = next(str(t) for t in cases.labels["team"].tolist() if t is not None)
    part = check_series(
        cases=cases, contract=drifted.contract, report=drifted.report, segment={"team": team}
    )
    assert part.segment == {"team": team}
    assert 0 < sum(p.cases for p in part.points) < sum(p.cases for p in whole.points)


def test_wrong_requests_are_clear_errors(drifted: Scanned) -> None:
    cases = drifted.book["ack-present"]
    with pytest.raises(UsageError, match="no time taken"):
        check_series(
            cases=cases, contract=drifted.contract, report=drifted.report, metric="latency"
        )
    with pytest.raises(UsageError, match="Did you mean 'team'"):
        check_series(
            cases=cases, contract=drifted.contract, report=drifted.report, segment={"teams": "x"}
        )


def test_monday_of_agrees_with_the_calendar() -> None:
    days = np.arange("2024-12-25", "2025-01-20", dtype="datetime64[D]")
    expected = [d - timedelta(days=d.weekday()) for d in days.tolist()]
    assert monday_of(days).tolist() == expected
    assert isinstance(expected[0], date)
