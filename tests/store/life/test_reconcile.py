"""A signal's life over weekly scans, as :func:`taut.store.life.reconcile` keeps it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from taut.signal.state import State
from taut.store.life import Reconciled, reconcile
from tests.store.life.scans import MONDAY, Ledger, at, lead, report, tracked, week

RAISED = date(2026, 1, 1)


def lifecycles(scanned: Reconciled) -> dict[int, str]:
    return {item.id: item.lifecycle for item in scanned.memory.tracked}


def test_a_drifting_slice_opens_a_new_signal() -> None:
    ledger = Ledger()
    ledger.next_id = 7
    done = ledger.scan(report(MONDAY, lead("kickoff", "drifting", raised=RAISED)))
    (signal,) = done.memory.tracked
    assert (signal.id, signal.lifecycle, signal.check) == (7, "new", "kickoff")
    assert (signal.first_raised, signal.first_scan, signal.last_seen) == (RAISED, MONDAY, MONDAY)
    assert done.opened == (signal,)
    assert done.updated == ()
    assert done.next_id == 8
    assert done.memory.previous_as_of is None
    assert [(s.signal_id, s.lifecycle) for s in done.sightings] == [(7, "new")]


@pytest.mark.parametrize("state", ["loosening", "recovering", "recovered", "improved"])
def test_only_a_drifting_slice_opens_a_signal(state: State) -> None:
    done = Ledger().scan(report(MONDAY, lead("kickoff", state)))
    assert done.memory.tracked == ()
    assert done.opened == ()


def test_a_signal_still_raised_a_week_later_is_ongoing_and_keeps_its_first_raised_day() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting", raised=RAISED)))
    later = ledger.scan(
        report(week(3), lead("kickoff", "drifting", raised=week(3) - timedelta(days=2)))
    )
    (signal,) = later.memory.tracked
    assert (signal.id, signal.lifecycle, signal.first_raised) == (1, "ongoing", RAISED)
    assert signal.last_seen == week(3)
    assert signal.age_weeks(as_of=week(3)) == 3
    assert later.memory.previous_as_of == MONDAY
    assert later.opened == ()


def test_a_signal_seen_on_another_segment_is_the_same_signal_with_its_segment_moved() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting", segment={"team": "North"})))
    later = ledger.scan(report(week(1), lead("kickoff", "drifting", segment={"team": "South"})))
    (signal,) = later.memory.tracked
    assert (signal.id, signal.segment, signal.lifecycle) == (1, {"team": "South"}, "ongoing")
    assert later.opened == ()


def test_another_metric_of_the_same_check_is_another_signal() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    later = ledger.scan(report(week(1), lead("kickoff", "drifting", metric="latency")))
    assert [(s.id, s.metric, s.lifecycle) for s in later.memory.tracked] == [
        (2, "latency", "new"),
        (1, "missed", "ongoing"),
    ]


def test_a_signal_recovers_then_resolves_and_is_listed_once_when_it_closes() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    assert lifecycles(ledger.scan(report(week(1), lead("kickoff", "recovering")))) == {
        1: "recovering"
    }
    assert lifecycles(ledger.scan(report(week(2), lead("kickoff", "recovering")))) == {
        1: "recovering"
    }
    (grace,) = ledger.scan(report(week(3), steady=("kickoff",))).memory.tracked
    assert (grace.lifecycle, grace.settled_on, grace.closed_on) == ("recovering", week(3), None)
    assert (grace.state, grace.last_seen) == ("steady", week(3))
    closing = ledger.scan(report(week(4), steady=("kickoff",)))
    (signal,) = closing.memory.tracked
    assert (signal.lifecycle, signal.closed_on, signal.state) == ("resolved", week(4), "steady")
    assert (signal.settled_on, signal.last_seen) == (week(3), week(3))
    assert ledger.scan(report(week(5), steady=("kickoff",))).memory.tracked == ()


def test_an_improved_check_resolves_its_signal_after_its_week_of_grace() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    (grace,) = ledger.scan(report(week(1), lead("kickoff", "improved"))).memory.tracked
    assert (grace.lifecycle, grace.state, grace.settled_on) == ("recovering", "improved", week(1))
    (signal,) = ledger.scan(report(week(2), lead("kickoff", "improved"))).memory.tracked
    assert (signal.lifecycle, signal.state, signal.closed_on) == ("resolved", "improved", week(2))


def test_a_check_the_scan_could_not_judge_keeps_its_signal_open_unseen() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting", segment={"team": "North"})))
    (signal,) = ledger.scan(report(week(1))).memory.tracked
    assert (signal.lifecycle, signal.last_seen, signal.closed_on) == ("ongoing", MONDAY, None)
    assert signal.segment == {"team": "North"}


def test_a_signal_that_drifts_again_after_resolving_is_a_new_one() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.scan(report(week(1), steady=("kickoff",)))
    ledger.scan(report(week(2), steady=("kickoff",)))
    again = ledger.scan(report(week(5), lead("kickoff", "drifting")))
    assert [(s.id, s.lifecycle, s.first_scan) for s in again.memory.tracked] == [
        (2, "new", week(5))
    ]


def test_an_acknowledged_signal_stays_acknowledged_while_open_then_resolves() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.decide(1, kind="ack", now=at(MONDAY), note="new triage rota")
    (signal,) = ledger.scan(report(week(1), lead("kickoff", "drifting"))).memory.tracked
    assert (signal.lifecycle, signal.note, signal.age_weeks(as_of=week(1))) == (
        "acknowledged",
        "new triage rota",
        1,
    )
    assert lifecycles(ledger.scan(report(week(2), lead("kickoff", "recovering")))) == {
        1: "acknowledged"
    }
    (grace,) = ledger.scan(report(week(3), steady=("kickoff",))).memory.tracked
    assert (grace.lifecycle, grace.note) == ("recovering", "new triage rota")
    (closed,) = ledger.scan(report(week(4), steady=("kickoff",))).memory.tracked
    assert (closed.lifecycle, closed.note) == ("resolved", "new triage rota")


def test_a_dismissal_mutes_a_signal_through_its_day_then_it_is_ongoing_again() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.decide(1, kind="dismiss", now=at(MONDAY), note="year-end audit", until=week(2))
    for n in (1, 2):
        (signal,) = ledger.scan(report(week(n), lead("kickoff", "drifting"))).memory.tracked
        assert (signal.lifecycle, signal.until) == ("dismissed", week(2))
    (signal,) = ledger.scan(report(week(3), lead("kickoff", "drifting"))).memory.tracked
    assert (signal.lifecycle, signal.until, signal.note) == ("ongoing", None, "year-end audit")


def test_a_dismissed_signal_whose_check_settles_is_resolved_after_its_week_of_grace() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.decide(1, kind="dismiss", now=at(MONDAY), note="audit", until=week(6))
    (grace,) = ledger.scan(report(week(1), steady=("kickoff",))).memory.tracked
    assert (grace.lifecycle, grace.until, grace.note) == ("recovering", week(6), "audit")
    (signal,) = ledger.scan(report(week(2), steady=("kickoff",))).memory.tracked
    assert (signal.lifecycle, signal.closed_on) == ("resolved", week(2))


def test_a_rebaselined_signal_is_closed_and_a_later_drift_against_it_is_new() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    after = ledger.decide(1, kind="rebaseline", now=at(week(1)), baseline_from=week(1))
    assert (after.lifecycle, after.closed_on, after.baseline_from) == (
        "rebaselined",
        week(1) + timedelta(days=1),
        week(1),
    )
    later = ledger.scan(report(week(2), lead("kickoff", "drifting")))
    assert [(s.id, s.lifecycle) for s in later.memory.tracked] == [(2, "new")]


def test_a_rebaseline_the_store_did_not_apply_closes_the_signal_at_the_next_scan() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.decide(1, kind="rebaseline", now=at(MONDAY), baseline_from=MONDAY)
    ledger.signals[1] = tracked(1, "kickoff", "ongoing")  # as if only the decision was kept
    done = ledger.scan(report(week(1), lead("kickoff", "loosening")))
    (signal,) = done.memory.tracked
    assert (signal.lifecycle, signal.baseline_from) == ("rebaselined", MONDAY)
    assert done.updated == (signal,)


def test_a_decision_made_after_the_scans_clock_is_not_in_force_yet() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting")))
    ledger.decide(1, kind="ack", now=at(week(4)), note="on it")
    ledger.signals[1] = tracked(1, "kickoff", "ongoing")
    (signal,) = ledger.scan(report(week(1), lead("kickoff", "drifting"))).memory.tracked
    assert signal.lifecycle == "ongoing"


def test_a_rescan_of_the_same_day_gives_the_same_memory_and_opens_nothing() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("kickoff", "drifting"), lead("handoff", "drifting")))
    scanned = report(week(1), lead("kickoff", "drifting"), steady=("handoff",))
    first = ledger.scan(scanned)
    again = ledger.scan(scanned)
    assert again.memory == first.memory
    assert again.opened == ()
    assert again.updated == ()
    assert {s.id: s.lifecycle for s in again.memory.tracked} == {1: "ongoing", 2: "recovering"}


def test_a_rescan_keeps_a_new_signal_new() -> None:
    ledger = Ledger()
    scanned = report(MONDAY, lead("kickoff", "drifting"))
    first = ledger.scan(scanned)
    again = ledger.scan(scanned)
    assert [(s.id, s.lifecycle) for s in again.memory.tracked] == [(1, "new")]
    assert again.memory == first.memory


def test_the_memory_lists_open_signals_in_the_briefs_order_then_the_closed_ones() -> None:
    ledger = Ledger()
    ledger.scan(report(MONDAY, lead("invoice", "drifting")))
    done = ledger.scan(report(week(1), lead("kickoff", "drifting"), lead("handoff", "loosening")))
    assert [(s.check, s.lifecycle) for s in done.memory.tracked] == [
        ("kickoff", "new"),
        ("invoice", "ongoing"),
    ]
    ledger.scan(report(week(2), lead("kickoff", "drifting"), steady=("invoice",)))
    closing = ledger.scan(report(week(3), lead("kickoff", "drifting"), steady=("invoice",)))
    assert [(s.check, s.lifecycle) for s in closing.memory.tracked] == [
        ("kickoff", "ongoing"),
        ("invoice", "resolved"),
    ]


def test_reconcile_ignores_closed_signals_it_is_given_and_never_reuses_their_ids() -> None:
    old = tracked(4, "kickoff", "resolved", closed_on=MONDAY - timedelta(weeks=2))
    done = reconcile(
        report=report(MONDAY, lead("kickoff", "drifting")),
        open_signals=[old],
        decisions=[],
        first_id=1,
        previous_as_of=None,
        now=at(MONDAY),
    )
    assert [(s.id, s.lifecycle) for s in done.memory.tracked] == [(5, "new")]
