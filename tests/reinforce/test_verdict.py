"""The verdict on a recorded change (taut.reinforce.verdict.judge) on hand-made cases."""

from __future__ import annotations

import copy
import dataclasses
import re

import numpy as np
import numpy.typing as npt
import pytest

from taut.errors import UsageError
from taut.reinforce.changes import Effect
from taut.reinforce.verdict import judge
from taut.reinforce.verdict.power import cases_to_decide
from tests.reinforce.made_cases import Chance, change_on, made_cases, on_day

Ints = npt.NDArray[np.int64]
Teams = npt.NDArray[np.object_]


def step(before: float, after: float, *, at: int) -> Chance:
    """A miss chance of ``before`` until day ``at``, then ``after``."""

    def chance(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
        return np.where(offset < at, before, after).astype(np.float64)

    return chance


def agrees(effect: Effect) -> None:
    """The record's interval and effect agree with its verdict."""
    if effect.verdict == "working":
        assert effect.interval is not None
        assert effect.effect is not None
        assert effect.interval[1] < 0
        assert effect.interval[0] <= effect.effect <= effect.interval[1]
    if effect.verdict == "not-working":
        assert effect.interval is not None
        assert effect.interval[1] >= 0
    if effect.verdict == "not-yet-clear":
        assert effect.interval is None or effect.interval[1] >= 0
    if effect.verdict != "not-yet-clear":
        assert effect.cases_needed is None


def test_a_clear_fall_in_misses_is_working_with_before_and_after_from_the_cases() -> None:
    cases = made_cases(chance=step(0.20, 0.05, at=70), days=112)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(111))
    assert effect.verdict == "working"
    agrees(effect)
    assert effect.method == "its"
    # Eight steady weeks before the change are compared against.
    before = (cases.day >= np.datetime64(on_day(14))) & (cases.day < np.datetime64(on_day(70)))
    # The last day waits for a later scan: its cases take up to five hours to be decided.
    since = (cases.day >= np.datetime64(on_day(70))) & (cases.day < np.datetime64(on_day(111)))
    assert effect.before == pytest.approx(float(cases.missed[before].mean()))
    assert effect.after == pytest.approx(float(cases.missed[since].mean()))
    assert (effect.cases_before, effect.cases_since) == (int(before.sum()), int(since.sum()))
    assert effect.effect is not None
    assert -0.20 < effect.effect < -0.10
    assert "Working" in effect.reason
    assert f"{effect.cases_since:,} cases" in effect.reason


def test_a_check_that_moved_shortly_before_is_compared_with_its_new_level() -> None:
    cases = made_cases(chance=step(0.05, 0.20, at=56), days=120)
    effect = judge(change=change_on(84), cases=cases, as_of=on_day(119))
    recent = (cases.day >= np.datetime64(on_day(56))) & (cases.day < np.datetime64(on_day(84)))
    assert effect.before == pytest.approx(float(cases.missed[recent].mean()))
    assert effect.verdict == "not-working"


def test_no_change_at_all_is_never_called_working_on_these_seeds() -> None:
    verdicts = [
        judge(
            change=change_on(70),
            cases=made_cases(chance=step(0.10, 0.10, at=70), days=140, per_day=120.0, seed=seed),
            as_of=on_day(139),
        )
        for seed in range(10)
    ]
    for effect in verdicts:
        agrees(effect)
    assert sum(effect.verdict == "working" for effect in verdicts) <= 1
    assert sum(effect.verdict == "not-working" for effect in verdicts) >= 7


def test_a_few_days_since_the_change_is_not_yet_clear_and_says_how_many_more() -> None:
    cases = made_cases(chance=step(0.20, 0.05, at=70), days=75)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(74))
    assert effect.verdict == "not-yet-clear"
    assert effect.cases_needed is not None
    assert effect.cases_needed > 0
    assert f"about {effect.cases_needed:,} more cases" in effect.reason


def test_the_effect_worth_knowing_is_half_the_loosening_since_the_baseline() -> None:
    def worth(baseline: float) -> float:
        cases = made_cases(chance=step(baseline, 0.2, at=56), days=88, seed=3)
        effect = judge(change=change_on(84), cases=cases, as_of=on_day(87))
        found = re.search(r"an improvement of ([0-9.]+) points", effect.reason)
        assert found is not None
        assert effect.before is not None
        return float(found.group(1)) / 100

    assert worth(0.02) == pytest.approx(0.09, abs=0.015)  # half of 20% - 2%
    assert worth(0.2) == pytest.approx(0.05, abs=0.01)  # a quarter of 20%


def test_a_smaller_effect_or_a_noisier_check_needs_more_cases() -> None:
    def needs(variance: float, worth: float) -> int:
        needed = cases_to_decide(variance=variance, cases_before=2000, worth=worth)
        assert needed is not None
        return needed

    assert needs(0.16, 0.05) < needs(0.16, 0.03)
    assert needs(0.09, 0.05) < needs(0.16, 0.05)
    # 80% power at 5%: se = worth / 2.8 once the cases since are as many as needed.
    needed = cases_to_decide(variance=0.16, cases_before=2000, worth=0.05)
    assert needed is not None
    se = (0.16 * (1 / needed + 1 / 2000)) ** 0.5
    assert se == pytest.approx(0.05 / 2.8016, rel=0.01)


def test_pending_cases_are_neither_misses_nor_counted() -> None:
    cases = made_cases(chance=step(0.20, 0.05, at=70), days=112, pending_last=5)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(111))
    decided = np.isfinite(cases.missed) & (cases.day >= np.datetime64(on_day(70)))
    assert effect.cases_since == int(decided.sum())
    assert effect.after == pytest.approx(float(cases.missed[decided].mean()))


def test_misses_known_only_at_the_limit_are_not_undercounted_in_the_last_days() -> None:
    """Keeps are known at once, misses five days later: the newest days wait."""
    made = made_cases(chance=step(0.10, 0.10, at=70), days=98, per_day=80.0, seed=4)
    decided = made.anchor + np.where(made.missed == 1.0, 120.0, 2.0)
    end = (np.datetime64(on_day(98), "h").astype(np.int64)).astype(float)
    known = decided <= end
    cases = dataclasses.replace(
        made,
        decided=np.where(known, decided, np.nan),
        missed=np.where(known, made.missed, np.nan),
    )
    effect = judge(change=change_on(84), cases=cases, as_of=on_day(97))
    assert effect.after is not None
    assert effect.after == pytest.approx(0.10, abs=0.02)
    assert effect.verdict != "working"


def test_a_fall_that_comes_back_is_relapsing() -> None:
    def chance(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
        return np.where((offset >= 70) & (offset < 100), 0.04, 0.20).astype(np.float64)

    cases = made_cases(chance=chance, days=161)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(160))
    assert effect.verdict == "relapsing"
    assert "Relapsing" in effect.reason
    assert effect.interval is not None
    assert effect.effect is not None
    assert effect.interval[0] <= effect.effect <= effect.interval[1]


def test_a_change_on_one_team_is_judged_against_the_others() -> None:
    """A fall everywhere (a quiet month) is not the change; West's extra fall is."""

    def chance(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
        base = np.where(offset >= 70, 0.10, 0.20)
        return np.where((teams == "West") & (offset >= 70), 0.02, base).astype(np.float64)

    cases = made_cases(chance=chance, days=112, per_day=80.0)
    west = judge(change=change_on(70, segment={"team": "West"}), cases=cases, as_of=on_day(111))
    assert (west.method, west.verdict) == ("did", "working")
    assert west.effect is not None
    assert -0.20 < west.effect < -0.04

    def everywhere(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
        return np.where(offset >= 70, 0.10, 0.20).astype(np.float64)

    same = made_cases(chance=everywhere, days=112, per_day=80.0)
    north = judge(change=change_on(70, segment={"team": "North"}), cases=same, as_of=on_day(111))
    assert north.verdict != "working"
    agrees(north)


def test_latency_is_judged_in_hours() -> None:
    def median(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
        return np.where(offset < 70, 20.0, 8.0).astype(np.float64)

    cases = made_cases(chance=median, days=112, latency=True)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(111), metric="latency")
    assert (effect.metric, effect.verdict) == ("latency", "working")
    assert effect.before is not None
    assert 17.0 < effect.before < 23.0
    assert effect.effect is not None
    assert -15.0 < effect.effect < -9.0
    assert " h" in effect.reason


def test_a_baseline_too_small_to_show_the_effect_says_so() -> None:
    cases = made_cases(chance=step(0.2, 0.2, at=70), days=74, per_day=2.0)
    effect = judge(change=change_on(70), cases=cases, as_of=on_day(73))
    assert (effect.verdict, effect.cases_needed) == ("not-yet-clear", None)
    assert "too few to show an improvement" in effect.reason


def test_a_change_with_no_history_before_it_cannot_be_judged() -> None:
    cases = made_cases(chance=step(0.2, 0.05, at=5), days=60)
    effect = judge(change=change_on(5), cases=cases, as_of=on_day(59))
    assert effect.verdict == "not-yet-clear"
    assert effect.cases_needed is None
    assert "too few to compare against" in effect.reason


def test_an_unknown_segment_or_metric_is_a_clear_error() -> None:
    cases = made_cases(chance=step(0.2, 0.2, at=70), days=90)
    with pytest.raises(UsageError, match="Did you mean 'team'"):
        judge(change=change_on(70, segment={"taem": "West"}), cases=cases, as_of=on_day(89))
    with pytest.raises(UsageError, match="Did you mean 'West'"):
        judge(change=change_on(70, segment={"team": "Wset"}), cases=cases, as_of=on_day(89))
    with pytest.raises(UsageError, match="missed, latency"):
        judge(change=change_on(70), cases=cases, as_of=on_day(89), metric="late")  # type: ignore[arg-type]


def test_the_cases_are_not_changed() -> None:
    cases = made_cases(chance=step(0.2, 0.05, at=70), days=112)
    kept = copy.deepcopy(cases)
    judge(change=change_on(70, segment={"team": "West"}), cases=cases, as_of=on_day(111))
    for name in ("anchor", "decided", "missed", "value", "day"):
        np.testing.assert_array_equal(getattr(cases, name), getattr(kept, name))
