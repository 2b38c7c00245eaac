"""The alert budget caps signals and ranks risk first."""

from __future__ import annotations

from datetime import date

import pytest

from taut.signal.decide.cap import apply_budget
from taut.signal.state import CheckState, State


def state(
    check: str, risk: str, *, cases: int, confidence: float, kind: State = "drifting"
) -> CheckState:
    return CheckState(
        area=f"area-{risk}",
        check=check,
        risk=risk,
        metric="missed",
        segment=None,
        state=kind,
        since=date(2025, 4, 1),
        raised=date(2025, 4, 8),
        baseline=0.05,
        current=0.12,
        baseline_cases=500,
        cases=cases,
        confidence=confidence,
    )


def test_budget_caps_signals_and_low_risk_never_crowds_out_high() -> None:
    states = [
        state("low-big", "low", cases=9000, confidence=40.0),
        state("low-big-2", "low", cases=8000, confidence=30.0),
        state("high-small", "high", cases=120, confidence=1.1),
        state("medium", "medium", cases=300, confidence=2.0),
        state("high-loose", "high", cases=5000, confidence=0.7, kind="loosening"),
    ]
    signals, watching = apply_budget(states, budget=2)
    assert [s.check for s in signals] == ["high-small", "medium"]
    assert {s.check for s in watching} == {"low-big", "low-big-2", "high-loose"}
    assert watching[0].state == "drifting"


def test_within_one_risk_larger_then_surer_comes_first() -> None:
    states = [
        state("a", "high", cases=100, confidence=9.0),
        state("b", "high", cases=900, confidence=1.2),
        state("c", "high", cases=900, confidence=3.0),
    ]
    signals, watching = apply_budget(states, budget=1)
    assert [s.check for s in signals] == ["c"]
    assert [s.check for s in watching] == ["b", "a"]


def test_one_signal_per_check_and_whole_check_leads_ties() -> None:
    whole = state("x", "high", cases=500, confidence=2.0)
    segment = CheckState(**{**whole.__dict__, "segment": {"team": "North"}})
    signals, watching = apply_budget([segment, whole], budget=3)
    assert len(signals) == 1
    assert signals[0].segment is None
    assert watching == ()


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        apply_budget([], budget=0)


def test_a_check_is_raised_on_its_own_metric_before_times_and_spread() -> None:
    missed = state("triage", "high", cases=440, confidence=13.0)
    spread = CheckState(**{**missed.__dict__, "metric": "spread", "cases": 2000})
    latency = CheckState(**{**missed.__dict__, "metric": "latency", "cases": 2000})
    signals, watching = apply_budget([spread, latency, missed], budget=3)
    assert [(s.check, s.metric) for s in signals] == [("triage", "missed")]
    assert watching == ()  # one state per check on one screen
    alone, _ = apply_budget([spread, latency], budget=3)
    assert [s.metric for s in alone] == ["latency"]


def test_a_check_shows_one_state_the_most_severe_of_its_slices() -> None:
    missed = state("triage", "high", cases=440, confidence=13.0)
    back = CheckState(**{**missed.__dict__, "state": "recovering", "confidence": 30.0})
    late = CheckState(**{**missed.__dict__, "metric": "latency"})
    segment = CheckState(**{**missed.__dict__, "state": "loosening", "segment": {"team": "North"}})
    signals, watching = apply_budget([back, late, segment], budget=3)
    assert [(s.check, s.metric, s.state) for s in signals] == [("triage", "latency", "drifting")]
    assert watching == ()
    signals, watching = apply_budget([back, segment], budget=3)
    assert signals == ()
    assert [(s.state, s.where) for s in watching] == [("loosening", "team North")]


def test_a_check_improved_on_one_slice_is_shown_improved_not_dropped() -> None:
    calm = state("triage", "high", cases=440, confidence=0.1, kind="steady")
    better = CheckState(**{**calm.__dict__, "metric": "latency", "state": "improved"})
    signals, watching = apply_budget([calm, better], budget=3)
    assert signals == ()
    assert [(s.check, s.metric, s.state) for s in watching] == [("triage", "latency", "improved")]
