"""A signal's week of grace: open while its check stays settled, resolved a week on, the
same signal again (id, first raising, note) when its check slips within it."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from taut.signal.report import ScanReport
from taut.store.life import Reconciled, reconcile
from taut.store.records import TrackedSignal
from tests.store.life.scans import MONDAY, Ledger, at, lead, report, week

RAISED = date(2026, 1, 1)


def opened(*, note: str | None = None) -> Ledger:
    """A store whose first scan opened signal 1 on kickoff (acknowledged with ``note``)."""
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting", raised=RAISED)))
    if note is not None:
        ledger.decide(1, kind="ack", now=at(MONDAY), note=note)
    return ledger


def only(done: Reconciled) -> TrackedSignal:
    (signal,) = done.memory.tracked
    return signal


def steady(day: date) -> ScanReport:
    return report(day, steady=("kickoff",))


def drifting(day: date) -> ScanReport:
    return report(day, lead("kickoff", "drifting", raised=day - timedelta(days=2)))


def test_a_check_that_slips_within_its_grace_takes_back_the_same_acknowledged_signal() -> None:
    ledger = opened(note="new triage rota")
    grace = only(ledger.scan(steady(week(1))))
    assert (grace.lifecycle, grace.settled_on, grace.note) == (
        "recovering",
        week(1),
        "new triage rota",
    )
    back = ledger.scan(drifting(week(2)))
    signal = only(back)
    assert (signal.id, signal.lifecycle, signal.first_raised) == (1, "acknowledged", RAISED)
    assert (signal.note, signal.settled_on, signal.closed_on) == ("new triage rota", None, None)
    assert back.opened == ()
    # settled again: a new grace from that day, a full week before it resolves
    assert only(ledger.scan(steady(week(3)))).settled_on == week(3)
    assert only(
        ledger.scan(report(week(3) + timedelta(days=6), steady=("kickoff",)))
    ).lifecycle == ("recovering")
    closed = only(ledger.scan(steady(week(4))))
    assert (closed.id, closed.lifecycle, closed.closed_on) == (1, "resolved", week(4))
    assert (closed.settled_on, closed.note, closed.first_raised) == (
        week(3),
        "new triage rota",
        RAISED,
    )


def test_without_a_decision_a_slip_within_the_grace_is_ongoing_not_new() -> None:
    ledger = opened()
    ledger.scan(steady(week(1)))
    signal = only(ledger.scan(drifting(week(2))))
    assert (signal.id, signal.lifecycle, signal.first_scan) == (1, "ongoing", MONDAY)


def test_a_check_coming_back_but_not_settled_ends_the_grace() -> None:
    ledger = opened()
    ledger.scan(steady(week(1)))
    signal = only(ledger.scan(report(week(2), lead("kickoff", "recovering"))))
    assert (signal.lifecycle, signal.settled_on) == ("recovering", None)
    assert only(ledger.scan(steady(week(3)))).lifecycle == "recovering"  # a new grace


def recovered(day: date, *, current: float) -> ScanReport:
    """kickoff back from its drift (missed 29% in its baseline), at ``current`` lately."""
    back = dataclasses.replace(lead("kickoff", "recovered"), baseline=0.29, current=current)
    return report(day, back)


@pytest.mark.parametrize("current", [0.145, 0.29], ids=["half-its-baseline", "at-its-baseline"])
def test_a_check_recovered_at_or_below_its_usual_level_starts_the_grace_and_resolves(
    current: float,
) -> None:
    # The review on the receipt log: a check back at half its old share missed read
    # "recovering" for seven weeks; back at its usual level or better is settled.
    ledger = opened(note="new triage rota")
    grace = only(ledger.scan(recovered(week(1), current=current)))
    assert (grace.lifecycle, grace.state, grace.settled_on) == ("recovering", "recovered", week(1))
    assert grace.closed_on is None
    closed = only(ledger.scan(recovered(week(2), current=current)))
    assert (closed.id, closed.lifecycle, closed.closed_on) == (1, "resolved", week(2))
    assert (closed.settled_on, closed.note) == (week(1), "new triage rota")
    assert ledger.scan(recovered(week(3), current=current)).memory.tracked == ()


def test_a_grace_started_by_a_recovered_check_ends_when_it_drifts_again() -> None:
    ledger = opened()
    ledger.scan(recovered(week(1), current=0.145))
    signal = only(ledger.scan(drifting(week(2))))
    assert (signal.id, signal.lifecycle, signal.settled_on) == (1, "ongoing", None)


def test_a_dismissed_signal_in_its_grace_is_dismissed_again_when_it_slips() -> None:
    ledger = opened()
    ledger.decide(1, kind="dismiss", now=at(MONDAY), note="audit", until=week(6))
    ledger.scan(steady(week(1)))
    signal = only(ledger.scan(drifting(week(2))))
    assert (signal.lifecycle, signal.until, signal.note) == ("dismissed", week(6), "audit")


@pytest.mark.parametrize(
    ("days", "life"), [(1, "recovering"), (6, "recovering"), (7, "resolved"), (9, "resolved")]
)
def test_scans_on_any_day_resolve_it_once_a_week_has_passed(days: int, life: str) -> None:
    ledger = opened()
    ledger.scan(steady(week(1)))
    ledger.scan(steady(week(1) + timedelta(days=days // 2)))  # a scan between, also settled
    signal = only(ledger.scan(steady(week(1) + timedelta(days=days))))
    assert (signal.lifecycle, signal.settled_on) == (life, week(1))


def test_a_scan_that_cannot_judge_the_check_neither_breaks_nor_completes_the_grace() -> None:
    ledger = opened()
    ledger.scan(report(week(1), lead("kickoff", "drifting")))
    ledger.scan(steady(week(2)))
    unjudged = only(ledger.scan(report(week(3))))  # a week on, but not seen settled
    assert (unjudged.lifecycle, unjudged.settled_on, unjudged.last_seen) == (
        "recovering",
        week(2),
        week(2),
    )
    assert only(ledger.scan(report(week(4)))).lifecycle == "recovering"
    closed = only(ledger.scan(steady(week(5))))
    assert (closed.lifecycle, closed.closed_on, closed.settled_on) == ("resolved", week(5), week(2))


def test_a_rebaseline_within_the_grace_still_closes_it_at_once() -> None:
    ledger = opened()
    ledger.scan(steady(week(1)))
    after = ledger.decide(1, kind="rebaseline", now=at(week(1)), baseline_from=MONDAY)
    assert after.lifecycle == "rebaselined"
    assert ledger.scan(steady(week(2))).memory.tracked == ()


@pytest.mark.parametrize("n", [1, 2], ids=["grace-starts", "grace-ends"])
def test_a_rescan_of_a_day_of_the_grace_gives_the_same_memory_and_rows(n: int) -> None:
    ledger = opened(note="on it")
    ledger.scan(steady(week(1)))
    if n == 2:
        assert only(ledger.scan(steady(week(2)))).lifecycle == "resolved"
    first = ledger.scan(steady(week(n))) if n == 1 else ledger.scan(steady(week(2)))
    kept = dict(ledger.signals)
    again = ledger.scan(steady(week(n)))
    assert again.memory == first.memory
    assert again.sightings == first.sightings
    assert (again.opened, again.updated) == ((), ())
    assert ledger.signals == kept


def test_two_scans_of_a_day_and_a_rescan_after_the_grace_agree() -> None:
    one = opened(note="on it")
    one.scan(steady(week(1)))
    one.scan(steady(week(1)))  # twice the same day
    done = one.scan(steady(week(2)))
    other = opened(note="on it")
    other.scan(steady(week(1)))
    assert other.scan(steady(week(2))).memory == done.memory
    assert one.scan(steady(week(2))).memory == done.memory  # a rescan after the grace
    assert one.signals == other.signals


def test_with_no_grace_a_settled_check_resolves_at_once_as_before() -> None:
    ledger = opened(note="on it")
    done = reconcile(
        report=steady(week(1)),
        open_signals=ledger.open_signals(week(1)),
        decisions=ledger.decisions,
        first_id=ledger.next_id,
        previous_as_of=MONDAY,
        now=at(week(1)),
        grace_days=0,
    )
    signal = only(done)
    assert (signal.lifecycle, signal.closed_on, signal.settled_on) == ("resolved", week(1), week(1))
