"""Slices a scan cannot watch are listed with their reason, never dropped quietly."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from taut import api
from taut.signal import NotWatched, ScanReport
from taut.signal.inputs.resolution import recorded_to_the_day
from tests.signal.scenarios import write_drift_log

pytestmark = pytest.mark.slow

Key = tuple[str, str | None, tuple[tuple[str, str], ...]]


def _key(check: str, metric: str | None, segment: dict[str, str] | None) -> Key:
    return (check, metric, tuple(sorted((segment or {}).items())))


def test_a_slice_is_either_watched_or_listed_with_a_reason(
    drift_contract: Path, drift_report: ScanReport
) -> None:
    states = api.states(drift_contract)
    watched = {_key(s.check, s.metric, s.segment) for s in states}
    listed = [_key(n.check, n.metric, n.segment) for n in drift_report.not_watched]
    assert listed, "a 20-week log with thin segments has segments too thin to watch"
    assert len(listed) == len(set(listed))
    assert not watched & set(listed)
    # a segment listed without a metric has no metric watched on its own
    whole_slices = {(check, segment) for check, metric, segment in listed if metric is None}
    assert not whole_slices & {(check, segment) for check, _, segment in watched}
    for item in drift_report.not_watched:
        assert item.reason
        # the whole check's miss rate is always watched when the check has cases
        assert item.segment is not None or item.metric != "missed"


def test_segments_with_too_few_baseline_cases_are_listed_with_their_count(
    drift_contract: Path, drift_report: ScanReport
) -> None:
    table = api.outcomes(drift_contract).to_pandas()
    check = table[table["check"] == "ack-present"]
    decided = check["status"] != "pending"
    in_baseline = check["day"].dt.date <= drift_report.baseline_until
    thin = {
        (dimension, str(value)): int(count)
        for dimension in ("team", "weekday", "region", "deal_size")
        for value, count in check[decided & in_baseline].groupby(dimension).size().items()
        if count < 200
    }
    assert thin, "the 20-week log has weekdays and regions too thin to watch"
    listed = {
        next(iter(n.segment.items())): n.reason
        for n in drift_report.not_watched
        if n.check == "ack-present" and n.metric is None and n.segment
    }
    for segment, count in thin.items():
        assert listed[segment].startswith(f"only {count} decided cases in the baseline window")


def test_times_recorded_to_the_day_leave_the_time_taken_unwatched_and_say_why(
    tmp_path: Path,
) -> None:
    contract = write_drift_log(tmp_path)
    events = contract.parent / "events.csv"
    with events.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("at")
    for row in rows[1:]:
        row[at] = row[at][:10] + " 00:00:00"
    with events.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    report = api.scan(contract)
    within = {"ack-within-24h", "delivery-within-5d"}
    listed = {
        (n.check, n.metric): n.reason
        for n in report.not_watched
        if n.check in within and n.segment is None
    }
    for check in within:
        for metric in ("latency", "spread"):
            assert "records this check's times to the day" in listed[check, metric]
    states = api.states(contract)
    assert not [s for s in states if s.check in within and s.metric != "missed"]
    assert {s.check for s in states if s.metric == "missed" and s.segment is None} >= within
    # no hour-of-day slice on any check: every time is midnight
    assert not [s for s in states if s.segment and "day_part" in s.segment]
    day_parts = {
        (n.check, n.segment["day_part"]): n.reason
        for n in report.not_watched
        if n.segment and "day_part" in n.segment
    }
    checks = {s.check for s in states}
    assert set(day_parts) == {(c, part) for c in checks for part in ("earlier", "late")}
    assert all("hour of day says nothing" in reason for reason in day_parts.values())


def test_times_at_local_midnight_read_in_utc_are_still_recorded_to_the_day() -> None:
    # midnight in Central Europe is 23:00 UTC in winter and 22:00 UTC in summer
    winter = np.arange(20, dtype=np.float64) * 24.0 - 1.0
    summer = np.arange(200, 220, dtype=np.float64) * 24.0 - 2.0
    anchors = np.concatenate([winter, summer])
    assert recorded_to_the_day(anchors, np.full(40, 48.0))
    assert recorded_to_the_day(anchors, np.r_[np.full(39, np.nan), 24.0])
    # one step at 10:30 makes the check timed
    assert not recorded_to_the_day(anchors, np.r_[np.full(39, 48.0), 10.5])
    # a third clock time, or two that are not an hour apart, is not a day's resolution
    assert not recorded_to_the_day(np.concatenate([winter, summer - 3.0]), np.full(40, np.nan))
    # too few times to tell
    assert not recorded_to_the_day(winter[:5], np.full(5, 24.0))


def test_not_watched_is_in_the_json_with_its_reason() -> None:
    item = NotWatched(
        area="Customer handoff",
        check="ack-present",
        metric="missed",
        segment={"team": "East"},
        reason="too few misses expected",
    )
    report = ScanReport(
        process="p",
        as_of=date(2025, 5, 24),
        data_end="2025-05-25 04:59:00",
        baseline_until=date(2025, 3, 2),
        budget=3,
        signals=(),
        watching=(),
        fragility=(),
        checks=(),
        steady=(),
        not_watched=(item,),
    )
    assert report.to_json_dict()["not_watched"] == [
        {
            "area": "Customer handoff",
            "check": "ack-present",
            "metric": "missed",
            "segment": {"team": "East"},
            "reason": "too few misses expected",
        }
    ]
    assert item.where == "team East"
