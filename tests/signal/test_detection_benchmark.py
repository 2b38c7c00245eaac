"""The detection benchmark's scenarios, as assertions about what taut does with them.

Every drift scenario of ``benchmarks/detection.py`` is simulated once (one seed, the
benchmark's volume, a shorter log) and scanned as a daily scan would: the drift must be
raised on a check it moves within a number of days of its onset that follows from the
scenario itself (:func:`allowed_days`), and what is raised elsewhere (other checks, the
days before the onset, segments the drift is not in, a stable log) must stay within the
false-alarm budget. The scenario builder and the delay arithmetic are checked on
hand-made inputs below them.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from scipy import stats  # type: ignore[import-untyped]  # no stubs in the lock

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
    SCENARIOS,
    Scenario,
    SeedRun,
    Setup,
    SliceSpec,
    Stream,
    day_number,
    run_seed,
)
from taut.contract.models import CompleteRule, OrderRule, PresentRule, WithinRule
from taut.simulate.process import simulated_contract

TINY = Setup(weeks=12, deals_per_day=20.0, onset_week=9)
ONSET = day_number(date(2025, 3, 10))  # 2025-01-06 + 9 weeks
SKIP = replace(BY_NAME["skip-sudden"], size=0.3)
MISSED = SliceSpec("ack-within-24h", "missed")


def _alarms(run: SeedRun) -> dict[str, list[int]]:
    alarms: dict[str, list[int]] = {}
    for raised in run.raised[1.0]:
        alarms.setdefault(raised.check, []).append(raised.day)
    return alarms


# What "early" means here. A drift becomes visible only once the cases it touches are
# settled: a deal's acknowledgement is known late the day after its close (within 24 h), a
# kickoff's delivery five days after it. From the first day the drift can be seen, a
# sudden loosening must be raised within two weeks (two Monday reviews) and one confined to
# a condition (a team, high-workload days) within three, as it reaches only the cases of
# that condition. A gradual one must be raised before it has reached its full size.
SUDDEN_DAYS = 14
CONDITION_DAYS = 21
VOLUME = Setup().deals_per_day  # the benchmark's 30 deals a weekday
SEED = 7
BUDGET = 1.0  # false signals per check-year, the default sensitivity
QUIETEST = 0.1  # the lowest sensitivity a contract may set
DRIFTS = tuple(scenario for scenario in SCENARIOS if scenario.kind is not None)


def settle_days(check_id: str) -> int:
    """Days after a case's anchor until a loosening of ``check_id`` can show in it."""
    rule = next(c.rule for _, c in simulated_contract().checks if c.id == check_id)
    if isinstance(rule, WithinRule):
        return math.ceil(rule.limit / timedelta(days=1))
    if isinstance(rule, PresentRule):
        return math.ceil(rule.within / timedelta(days=1))
    assert isinstance(rule, CompleteRule | OrderRule)
    return 0  # known when the step is done


def allowed_days(scenario: Scenario) -> int:
    """Days from onset within which ``scenario``'s drift must be raised (comment above)."""
    visible = min(settle_days(check) for check in scenario.affected)
    if scenario.ramp_days:
        return visible + scenario.ramp_days
    return visible + (CONDITION_DAYS if scenario.condition is not None else SUDDEN_DAYS)


def drift_setup(scenario: Scenario) -> Setup:
    """The benchmark's volume, eight baseline weeks, a week before onset, data past the limit."""
    return Setup(onset_week=9, weeks=9 + math.ceil(allowed_days(scenario) / 7) + 1)


@pytest.fixture(scope="module")
def drift_runs() -> dict[str, SeedRun]:
    return {
        scenario.name: run_seed(scenario, seed=SEED, setup=drift_setup(scenario), budgets=(BUDGET,))
        for scenario in DRIFTS
    }


def test_early_means_what_the_scenarios_allow() -> None:
    assert VOLUME == 30.0
    assert settle_days("ack-within-24h") == 1
    assert settle_days("ack-present") == 7
    assert settle_days("intake-complete") == 0
    # a sudden skip shows in the 24 h check first; a 6-week ramp within its 42 days
    assert allowed_days(BY_NAME["skip-sudden"]) == 1 + SUDDEN_DAYS
    assert allowed_days(BY_NAME["skip-gradual"]) == 1 + 42
    assert allowed_days(BY_NAME["low-risk"]) == 5 + SUDDEN_DAYS
    assert allowed_days(BY_NAME["team"]) == 0 + CONDITION_DAYS


@pytest.mark.parametrize("name", [scenario.name for scenario in DRIFTS])
def test_every_drift_is_raised_early(name: str, drift_runs: dict[str, SeedRun]) -> None:
    scenario, run = BY_NAME[name], drift_runs[name]
    assert run.onset is not None
    assert run.last_day >= run.onset + allowed_days(scenario)  # the log reaches the limit
    score = score_alarms(
        _alarms(run), run=run, affected=scenario.affected, watched=run.checks, counting=None
    )
    assert score.detected is not None, f"{name}: not raised"
    assert 0 <= score.delay_days <= allowed_days(scenario), (
        f"{name}: raised {score.delay_days:.0f} days after onset, allowed {allowed_days(scenario)}"
    )


@pytest.mark.parametrize(
    "name", [scenario.name for scenario in DRIFTS if scenario.condition is not None]
)
def test_segments_the_drift_is_not_in_stay_quiet(name: str, drift_runs: dict[str, SeedRun]) -> None:
    scenario, run = BY_NAME[name], drift_runs[name]
    assert scenario.segment is not None
    dimension, value = scenario.segment
    elsewhere = [
        raised
        for raised in run.raised[BUDGET]
        for field, other in raised.segment
        if field == dimension and other != value
    ]
    assert elsewhere == []  # e.g. no other team is raised when only West loosens
    inside = [raised for raised in run.raised[BUDGET] if (dimension, value) in raised.segment]
    assert inside, f"{name}: the segment the drift is in was never raised"


def test_false_signals_stay_within_the_budget(
    drift_runs: dict[str, SeedRun], steady: SeedRun
) -> None:
    # Every raise on a check the drift does not move, or before the onset, is false. Over all
    # runs they may not exceed what a Poisson count at the budget reaches once in 1,000.
    found, exposure = 0, 0.0
    for name, run in drift_runs.items():
        score = score_alarms(
            _alarms(run), run=run, affected=BY_NAME[name].affected, watched=run.checks,
            counting=None,
        )  # fmt: skip
        found, exposure = found + score.false_alarms, exposure + score.exposure_years
    calm = score_alarms(_alarms(steady), run=steady, affected=(), watched=steady.checks,
                        counting=None)  # fmt: skip
    found, exposure = found + calm.false_alarms, exposure + calm.exposure_years
    assert exposure > 3.0  # enough check-years for the bound to bite
    assert found <= stats.poisson.ppf(0.999, BUDGET * exposure)


def test_a_stable_log_at_the_quietest_sensitivity_raises_nothing() -> None:
    # 0.1 false signals per check-year over 0.37 check-years (five checks, 27 days): under
    # the budget, a stable log raises anything with a chance of about 4%, whatever the seed.
    run = run_seed(BY_NAME["none"], seed=SEED, setup=TINY, budgets=(QUIETEST,))
    assert run.raised == {QUIETEST: ()}


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
    # a +30 pts skip (six times the benchmark's) shows in the 24 h check the day after the
    # deal closed: raised within a week of its onset, and counted in the cases in between
    assert score.detected is not None
    assert 1 <= score.delay_days <= 1 + 7
    assert score.delay_cases == cases_between(skipped.streams[MISSED], ONSET, score.detected)
    assert score.delay_cases > 0
    # three unaffected checks for 27 monitored days, the two affected ones for 7 before onset
    assert score.exposure_years == pytest.approx((3 * 27 + 2 * 7) / 365.25)


def test_steady_scenario_scores_no_delay(steady: SeedRun) -> None:
    assert steady.onset is None
    score = score_alarms(
        _alarms(steady), run=steady, affected=(), watched=steady.checks, counting=None
    )
    assert score.detected is None
    assert math.isnan(score.delay_days)
    assert score.false_alarms == sum(len(days) for days in _alarms(steady).values())
    # five checks watched from 2025-03-03 to the last day with data, Saturday 2025-03-29
    assert steady.last_day == day_number(date(2025, 3, 29))
    assert score.exposure_years == pytest.approx(5 * 27 / 365.25)


def test_streams_match_before_the_onset(skipped: SeedRun, steady: SeedRun) -> None:
    drifted, plain = skipped.streams[MISSED], steady.streams[MISSED]
    np.testing.assert_array_equal(np.sort(drifted.baseline), np.sort(plain.baseline))
    # the drift acts on deals closed from the onset on; those before are the same deals
    before = plain.anchor_day < ONSET
    assert np.count_nonzero(before) == np.count_nonzero(drifted.anchor_day < ONSET) > 0
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
