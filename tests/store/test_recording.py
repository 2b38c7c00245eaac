"""A signal's life kept in a real store: one transaction per scan, rescans, decisions.

Each test runs on a SQLite file and on the test PostgreSQL (``store_url``, conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from taut.errors import UsageError
from taut.store.database import Store, open_store
from taut.store.recording import record_decision, record_scan, stored_moves
from tests.store.life.scans import MONDAY, at, lead, report, week


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(url=store_url)
    yield opened
    opened.close()


def test_a_rescan_of_the_day_that_resolved_a_signal_lists_it_again(store: Store) -> None:
    record_scan(store, report=report(MONDAY, lead("kickoff", "drifting")), now=at(MONDAY))
    grace = record_scan(store, report=report(week(1), steady=("kickoff",)), now=at(week(1)))
    assert grace is not None
    assert [(item.lifecycle, item.settled_on) for item in grace.tracked] == [
        ("recovering", week(1))
    ]
    settled = report(week(2), lead("handoff", "drifting"), steady=("kickoff",))
    first = record_scan(store, report=settled, now=at(week(2)))
    again = record_scan(store, report=settled, now=at(week(2)))
    assert again is not None
    assert again == first
    assert [(item.check, item.lifecycle) for item in again.tracked] == [
        ("handoff", "new"),
        ("kickoff", "resolved"),
    ]
    assert [entry.as_of for entry in store.scans()] == [MONDAY, week(1), week(2)]
    assert [(item.id, item.lifecycle, item.settled_on) for item in store.signals()] == [
        (1, "resolved", week(1)),
        (2, "new", None),
    ]
    assert [(seen.signal_id, seen.as_of, seen.lifecycle) for seen in store.sightings()] == [
        (1, MONDAY, "new"),
        (1, week(1), "recovering"),
        (1, week(2), "resolved"),
        (2, week(2), "new"),
    ]
    entry = store.scans()[-1]
    assert (entry.raised, entry.new, entry.worst) == (1, 1, "drifting")
    # the resolved episode ends the day the check settled again, not the day it closed;
    # the handoff drift, still open, is left out up to the store's latest scan
    assert stored_moves(store) == (
        {},
        {"handoff": [(week(2), week(2))], "kickoff": [(MONDAY, week(1))]},
    )
    # a rescan of that latest day reads the moves its first run read: none for handoff
    assert stored_moves(store, as_of=week(2)) == ({}, {"kickoff": [(MONDAY, week(1))]})


def test_decisions_are_kept_and_laid_over_the_next_scan(store: Store) -> None:
    record_scan(
        store,
        report=report(MONDAY, lead("kickoff", "drifting"), lead("handoff", "drifting")),
        now=at(MONDAY),
    )
    record_decision(store, signal_id=1, kind="ack", now=at(MONDAY), note="on it")
    record_decision(
        store, signal_id=2, kind="rebaseline", now=at(MONDAY), baseline_from=date(2026, 1, 2)
    )
    memory = record_scan(
        store,
        report=report(week(1), lead("kickoff", "drifting"), lead("handoff", "drifting")),
        now=at(week(1)),
    )
    assert memory is not None
    assert [(item.id, item.lifecycle, item.note) for item in memory.tracked] == [
        (1, "acknowledged", "on it"),
        (3, "new", None),
    ]
    assert stored_moves(store)[0] == {"handoff": date(2026, 1, 2)}
    assert [decision.kind for decision in store.decisions()] == ["ack", "rebaseline"]


def test_a_decision_on_an_unknown_signal_lists_the_ids_there_are(store: Store) -> None:
    record_scan(store, report=report(MONDAY, lead("kickoff", "drifting")), now=at(MONDAY))
    with pytest.raises(UsageError, match=r"Signal 5 is not in the state store .*signals are 1"):
        record_decision(store, signal_id=5, kind="ack", now=at(MONDAY), note="x")
    assert store.decisions() == ()


def test_a_rescan_of_changed_data_keeps_only_what_the_rescan_raises(store: Store) -> None:
    record_scan(store, report=report(MONDAY, lead("kickoff", "drifting")), now=at(MONDAY))
    first = report(week(1), lead("handoff", "drifting", raised=date(2026, 1, 8)))
    record_scan(store, report=first, now=at(week(1)))
    changed = report(week(1), lead("kickoff", "drifting"), steady=("handoff",))
    memory = record_scan(store, report=changed, now=at(week(1)))
    assert memory is not None
    assert [(item.id, item.check, item.lifecycle) for item in memory.tracked] == [
        (1, "kickoff", "ongoing")
    ]
    assert [item.id for item in store.signals()] == [1]
    redated = report(
        week(1), lead("kickoff", "drifting"), lead("handoff", "drifting", raised=date(2026, 1, 9))
    )
    rescanned = record_scan(store, report=redated, now=at(week(1)))
    assert rescanned is not None
    (_, handoff) = rescanned.tracked
    assert (handoff.lifecycle, handoff.first_raised) == ("new", date(2026, 1, 9))


def test_a_scan_of_a_day_before_the_latest_is_not_kept(store: Store) -> None:
    record_scan(store, report=report(week(2), lead("kickoff", "drifting")), now=at(week(2)))
    earlier = record_scan(store, report=report(MONDAY, steady=("kickoff",)), now=at(week(2)))
    assert earlier is None
    assert [entry.as_of for entry in store.scans()] == [week(2)]
    assert [(item.id, item.lifecycle) for item in store.signals()] == [(1, "new")]


def test_a_rescan_of_the_day_a_change_answered_a_signal_lists_it_again(store: Store) -> None:
    from taut.reinforce.changes import Change, Effect, JudgedChange  # noqa: PLC0415

    working = JudgedChange(
        change=Change(id=1, area="A", check="kickoff", applied_on=MONDAY, change="A reminder"),
        effect=Effect(
            verdict="working",
            metric="missed",
            method="its",
            before=0.2,
            after=0.05,
            effect=-0.15,
            interval=(-0.2, -0.1),
            cases_before=500,
            cases_since=300,
            cases_needed=None,
            reason="Working.",
        ),
    )
    record_scan(store, report=report(MONDAY, lead("kickoff", "drifting")), now=at(MONDAY))
    settled = report(week(1), steady=("kickoff",))
    first = record_scan(store, report=settled, now=at(week(1)), answered=(working,))
    again = record_scan(store, report=settled, now=at(week(1)), answered=(working,))
    assert first is not None
    assert [(item.check, item.lifecycle) for item in first.tracked] == [("kickoff", "rebaselined")]
    assert again == first
    assert [(item.id, item.lifecycle, item.baseline_from) for item in store.signals()] == [
        (1, "rebaselined", MONDAY)
    ]


def test_history_counts_a_signal_new_once_though_a_catch_up_makes_it_news_again(
    store: Store,
) -> None:
    """Mondays caught up unseen open a signal; the live scan after them tells its reader it
    is new (its news), but the store's history counts it new only on the scan that first
    raised it (the review on the helpdesk log: 'new' 1 on 2012-09-23 and again on 09-30)."""
    record_scan(store, report=report(MONDAY, steady=("kickoff",)), now=at(MONDAY))
    for n in (1, 2):  # caught up: replayed Mondays no reader saw
        record_scan(
            store, report=report(week(n), lead("kickoff", "drifting")), now=at(week(3)), replay=True
        )
    memory = record_scan(
        store, report=report(week(3), lead("kickoff", "drifting")), now=at(week(3))
    )
    assert memory is not None
    assert [(item.id, item.lifecycle) for item in memory.tracked] == [(1, "new")]  # news
    assert [(entry.as_of, entry.new) for entry in store.scans()] == [
        (MONDAY, 0),
        (week(1), 1),
        (week(2), 0),
        (week(3), 0),
    ]
