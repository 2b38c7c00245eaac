"""The detection benchmark's scenario builder and delay arithmetic, on one tiny seeded log."""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

# The benchmarks folder is not a package: its modules import each other by name.
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from detection_delays import (
    SeedScore,
    Summary,
    cases_between,
    score_alarms,
    summarise,
)
from detection_report import Report, oracle_standing, verdict
from detection_scenarios import (
    BY_NAME,
    SeedRun,
    Setup,
    SliceSpec,
    Stream,
    day_number,
    run_seed,
)

TINY = Setup(weeks=12, deals_per_day=20.0, onset_week=9)
ONSET = day_number(date(2025, 3, 10))  # 2025-01-06 + 9 weeks
SKIP = replace(BY_NAME["skip-sudden"], size=0.3)
MISSED = SliceSpec("ack-within-24h", "missed")


def _alarms(run: SeedRun) -> dict[str, list[int]]:
    alarms: dict[str, list[int]] = {}
    for raised in run.raised[1.0]:
        alarms.setdefault(raised.check, []).append(raised.day)
    return alarms


@pytest.fixture(scope="module")
def skipped() -> SeedRun:
    return run_seed(SKIP, seed=5, setup=TINY, slices=(MISSED,))


@pytest.fixture(scope="module")
def steady() -> SeedRun:
    return run_seed(BY_NAME["none"], seed=5, setup=TINY, slices=(MISSED,))


def test_skip_scenario_is_detected_after_its_onset(skipped: SeedRun) -> None:
    assert SKIP.affected == ("ack-within-24h", "ack-present")
    assert skipped.onset == ONSET
    assert skipped.first_day == day_number(date(2025, 3, 3))  # after 8 baseline weeks
    score = score_alarms(
        _alarms(skipped),
        run=skipped,
        affected=SKIP.affected,
        watched=skipped.checks,
        counting=skipped.streams[MISSED],
    )
    # a +30 pts skip from Monday 2025-03-10 is raised on Wednesday, 38 settled deals later
    assert (score.detected, score.delay_days, score.delay_cases) == (ONSET + 2, 2.0, 38.0)
    assert score.false_alarms == 0
    # three unaffected checks for 27 monitored days, the two affected ones for 7 before onset
    assert score.exposure_years == pytest.approx((3 * 27 + 2 * 7) / 365.25)


def test_steady_scenario_raises_nothing(steady: SeedRun) -> None:
    assert steady.onset is None
    assert steady.raised == {1.0: ()}
    score = score_alarms(
        _alarms(steady), run=steady, affected=(), watched=steady.checks, counting=None
    )
    assert score.detected is None
    assert math.isnan(score.delay_days)
    assert score.false_alarms == 0
    # five checks watched from 2025-03-03 to the last day with data, Saturday 2025-03-29
    assert steady.last_day == day_number(date(2025, 3, 29))
    assert score.exposure_years == pytest.approx(5 * 27 / 365.25)


def test_streams_match_before_the_onset(skipped: SeedRun, steady: SeedRun) -> None:
    drifted, plain = skipped.streams[MISSED], steady.streams[MISSED]
    np.testing.assert_array_equal(np.sort(drifted.baseline), np.sort(plain.baseline))
    # the drift acts on deals closed from the onset on; those before are the same deals
    before = plain.anchor_day < ONSET
    assert np.count_nonzero(before) == np.count_nonzero(drifted.anchor_day < ONSET) == 124
    # compared per day: cases anchored in the same minute may come in either order
    days = plain.anchor_day[before]
    np.testing.assert_array_equal(drifted.anchor_day[: before.sum()], days)
    np.testing.assert_array_equal(
        np.bincount(days - days.min(), weights=drifted.values[: before.sum()]),
        np.bincount(days - days.min(), weights=plain.values[before]),
    )
    assert drifted.values[drifted.anchor_day >= ONSET].mean() > 0.2
    assert np.all(np.diff(drifted.known_day) >= 0)


def _run(onset: int | None) -> SeedRun:
    return SeedRun(
        scenario="x", seed=0, onset=onset, ramp_end=onset, first_day=100, last_day=199,
        checks=("a", "b"), cases={"a": 10, "b": 10}, raised={}, streams={}, seconds=0.0,
    )  # fmt: skip


def test_alarms_before_onset_and_elsewhere_are_false() -> None:
    stream = Stream(
        baseline=np.zeros(0),
        baseline_day=np.zeros(0, dtype=np.int64),
        values=np.zeros(6),
        known_day=np.array([141, 142, 150, 151, 152, 160]),
        anchor_day=np.array([139, 140, 141, 149, 150, 151]),
    )
    run = _run(140)
    score = score_alarms(
        {"a": [120, 152, 145], "b": [141]}, run=run, affected=("a",), watched=("a", "b"),
        counting=stream,
    )  # fmt: skip
    assert score.detected == 145
    assert score.delay_days == 5.0
    assert score.delay_cases == 1.0  # anchored from day 140, known by day 145
    assert score.false_alarms == 2  # day 120 on a, day 141 on b
    assert score.exposure_years == pytest.approx((40 + 100) / 365.25)
    assert cases_between(stream, 140, 152) == 4.0


def test_missed_drift_counts_as_the_slowest() -> None:
    run = _run(150)
    missed = score_alarms({}, run=run, affected=("a",), watched=("a",), counting=None)
    assert missed.detected is None
    assert math.isinf(missed.delay_days)
    hit = SeedScore(
        detected=152, delay_days=2.0, delay_cases=60.0, false_alarms=0, exposure_years=0.5
    )
    summary = summarise([hit, hit, missed], drift=True)
    assert summary.detected == pytest.approx(2 / 3)
    assert (summary.median_days, summary.p90_days) == (2.0, math.inf)


def _summary(median_days: float) -> Summary:
    return Summary(
        seeds=20,
        detected=1.0,
        median_days=median_days,
        p90_days=median_days + 2.0,
        median_cases=30.0 * median_days,
        p90_cases=30.0 * (median_days + 2.0),
        false_per_year=0.5,
        false_alarms=1,
        exposure_years=2.0,
    )


def test_the_oracle_is_held_to_the_peer_targets() -> None:
    # oracle 8 days against a best peer of 7 (slower), then 3 against 6 (faster)
    delays = {
        "skip-sudden": {"taut": 9.0, "oracle CUSUM": 8.0, "ADWIN": 10.0, "PageHinkley": 7.0},
        "blank-sudden": {"taut": 7.0, "oracle CUSUM": 3.0, "ADWIN": 6.0, "PageHinkley": 9.0},
    }
    summaries = {name: {k: _summary(v) for k, v in found.items()} for name, found in delays.items()}
    summaries["none"] = {"taut": _summary(math.nan)}
    report = Report(
        setup=TINY,
        scenarios=(BY_NAME["none"], BY_NAME["skip-sudden"], BY_NAME["blank-sudden"]),
        seeds=20,
        tune_seeds=30,
        summaries=summaries,
        values={},
        oracles={},
        tuning_rates={},
        seconds=1.0,
        command="detection.py",
        peers=("ADWIN", "PageHinkley"),
        scan_seconds=1.0,
        since={},
    )
    overall, slower = oracle_standing(report)
    assert slower == ["skip-sudden 1.14"]
    assert overall == pytest.approx(math.sqrt(8.0 / 7.0 * 3.0 / 6.0))
    lines = verdict(report)
    assert (
        "- Median delay no worse than the best peer in any scenario: **MISS** "
        "(slower in: skip-sudden 1.14)" in lines
    )
    assert f"- At least 30% shorter than the best peer overall: {overall:.2f}, **MISS**" in lines
