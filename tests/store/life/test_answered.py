"""Signals a working recorded change answers (taut.store.life.answer), rule by rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from taut.reinforce.changes import Change, Effect, JudgedChange, Verdict
from taut.signal.state import State
from taut.store.life import answer, restarts
from taut.store.records import TrackedSignal
from tests.store.life.scans import MONDAY, Ledger, lead, report, week

APPLIED = MONDAY + timedelta(days=8)


def judged(
    verdict: Verdict,
    *,
    check: str = "kickoff",
    applied_on: date = APPLIED,
    segment: dict[str, str] | None = None,
    signal_id: int | None = None,
    change_id: int = 1,
) -> JudgedChange:
    change = Change(
        id=change_id,
        area="Sales",
        check=check,
        applied_on=applied_on,
        change="Acknowledgment gate before kickoff",
        segment=segment,
        signal_id=signal_id,
    )
    effect = Effect(
        verdict=verdict,
        metric="missed",
        method="did" if segment else "its",
        before=0.3,
        after=0.05,
        effect=-0.25,
        interval=(-0.3, -0.2),
        cases_before=500,
        cases_since=400,
        cases_needed=None,
        reason="",
    )
    return JudgedChange(change=change, effect=effect)


def opened() -> Ledger:
    """A store whose first scan opened signal 1 on kickoff."""
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting", raised=MONDAY - timedelta(days=3))))
    return ledger


def by_id(items: tuple[TrackedSignal, ...]) -> dict[int, TrackedSignal]:
    return {item.id: item for item in items}


def test_a_working_change_closes_its_checks_signal_under_a_new_baseline() -> None:
    ledger = opened()
    scan = report(week(4))  # the restarted baseline is filling: kickoff not judged
    done = answer(ledger.scan(scan), report=scan, judged=[judged("working")])

    signal = by_id(done.memory.tracked)[1]
    assert signal.lifecycle == "rebaselined"
    assert (signal.closed_on, signal.baseline_from) == (week(4), APPLIED)
    assert signal.note == (
        "answered by change 1 (Acknowledgment gate before kickoff), judged working"
    )
    assert [item.lifecycle for item in done.sightings] == ["rebaselined"]
    assert [item.id for item in done.updated] == [1]
    # and every later scan restarts the check's baseline on the change's day
    assert restarts(done.memory.tracked) == {"kickoff": APPLIED}


@pytest.mark.parametrize("verdict", ["not-yet-clear", "not-working"])
def test_a_change_that_is_not_working_yet_closes_nothing(verdict: Verdict) -> None:
    scan = report(week(4))
    before = opened().scan(scan)
    assert answer(before, report=scan, judged=[judged(verdict)]) == before


def test_a_relapsing_change_worked_first_and_keeps_its_new_baseline() -> None:
    scan = report(week(4))
    done = answer(opened().scan(scan), report=scan, judged=[judged("relapsing")])
    assert by_id(done.memory.tracked)[1].lifecycle == "rebaselined"


@pytest.mark.parametrize(
    ("state", "closes"),
    [("drifting", False), ("loosening", False), ("recovering", True), ("steady", True)],
)
def test_a_check_still_worse_against_its_new_normal_keeps_its_signal_open(
    state: State, closes: bool
) -> None:
    scan = (
        report(week(4), steady=("kickoff",))
        if state == "steady"
        else report(week(4), lead("kickoff", state, raised=week(3)))
    )
    done = answer(opened().scan(scan), report=scan, judged=[judged("working")])
    assert (by_id(done.memory.tracked)[1].lifecycle == "rebaselined") is closes


@pytest.mark.parametrize(("n", "life"), [(3, "recovering"), (4, "resolved")])
def test_a_signal_the_scan_resolves_or_keeps_in_its_grace_is_closed_as_answered(
    n: int, life: str
) -> None:
    ledger = opened()
    ledger.scan(report(week(3), steady=("kickoff",)))  # its week of grace starts
    scan = report(week(n), steady=("kickoff",))
    plain = ledger.scan(scan)
    assert by_id(plain.memory.tracked)[1].lifecycle == life
    done = answer(plain, report=scan, judged=[judged("working")])
    closed = by_id(done.memory.tracked)[1]
    assert (closed.lifecycle, closed.baseline_from) == ("rebaselined", APPLIED)


@pytest.mark.parametrize(
    "change",
    [
        judged("working", segment={"team": "North"}),  # one segment: the check did not move
        judged("working", check="intake"),  # another check
        judged("working", signal_id=9),  # names another signal
        judged("working", applied_on=week(5)),  # after the scan's day
    ],
    ids=["segment", "other-check", "other-signal", "later"],
)
def test_a_change_answers_only_its_own_checks_signal_on_the_whole_check(
    change: JudgedChange,
) -> None:
    scan = report(week(4))
    before = opened().scan(scan)
    assert answer(before, report=scan, judged=[change]) == before


def test_a_change_naming_its_signal_answers_it() -> None:
    scan = report(week(4))
    done = answer(opened().scan(scan), report=scan, judged=[judged("working", signal_id=1)])
    assert by_id(done.memory.tracked)[1].lifecycle == "rebaselined"


def test_of_two_working_changes_the_later_one_answers() -> None:
    scan = report(week(4))
    two = [
        judged("working", change_id=1, applied_on=APPLIED),
        judged("working", change_id=2, applied_on=APPLIED + timedelta(days=7)),
    ]
    done = answer(opened().scan(scan), report=scan, judged=two)
    signal = by_id(done.memory.tracked)[1]
    assert signal.baseline_from == APPLIED + timedelta(days=7)
    assert signal.note is not None
    assert signal.note.startswith("answered by change 2 ")
