"""Every record goes into the store and comes back equal, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from taut.errors import StoreError
from taut.store.database import open_store
from taut.store.records import Decision, TrackedSignal
from tests.store import samples

NEXT = date(2026, 1, 11)


def test_a_scan_its_signals_and_sightings_come_back_equal(store_url: str) -> None:
    store = open_store(url=store_url)
    whole = samples.signal(1)
    sliced = replace(samples.signal(2, check="intake-complete"), segment={"team": "North"})
    closed = replace(
        samples.signal(3, check="ack-present"),
        lifecycle="rebaselined",
        closed_on=date(2026, 1, 5),
        note="new intake form",
        baseline_from=date(2025, 12, 1),
        until=date(2026, 2, 1),
    )
    seen = (samples.sighting(whole), samples.sighting(sliced))
    with store.writing() as tx:
        stored = tx.save_scan(samples.scan(), tracked=(whole, sliced, closed), sightings=seen)

    assert stored.id > 0
    assert store.scans() == (replace(samples.scan(), id=stored.id),)
    assert store.scans()[0].ran_at == samples.RAN_AT  # the same moment, read back in UTC
    assert store.scans()[0].ran_at.tzinfo is not None
    assert store.signals() == (whole, sliced, closed)
    assert store.signals(check="intake-complete") == (sliced,)
    assert store.signal(2) == sliced
    assert store.sightings(2) == (seen[1],)
    assert store.sightings() == seen


def test_a_metric_that_is_not_a_number_is_kept_as_none(store_url: str) -> None:
    store = open_store(url=store_url)
    item = samples.signal(1)
    odd = replace(samples.sighting(item), baseline=float("nan"), current=None, cases=None)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(item,), sightings=(odd,))
    assert store.sightings(1) == (replace(odd, baseline=None),)


def test_decisions_come_back_in_order_and_apply_through_the_given_rule(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(samples.signal(1), samples.signal(2, check="b")))
    dismiss = Decision(
        signal_id=2,
        kind="dismiss",
        made_at=datetime(2026, 1, 6, 8, tzinfo=UTC),
        note="a holiday week",
        until=date(2026, 1, 20),
    )

    def acknowledge(item: TrackedSignal, decision: Decision) -> TrackedSignal:
        return replace(item, lifecycle="acknowledged", note=decision.note)

    updated = store.add_decision(samples.ack(1), apply=acknowledge)
    store.add_decision(dismiss, apply=lambda item, _: replace(item, lifecycle="dismissed"))

    assert updated.lifecycle == "acknowledged"
    assert updated.note == "Ops lead is re-staffing the queue"
    assert store.signal(1) == updated
    assert store.decisions() == (dismiss, samples.ack(1))  # by the moment they were made
    assert store.decisions(signal_id=1) == (samples.ack(1),)
    with store.writing() as tx:
        assert tx.decisions() == (dismiss, samples.ack(1))


def test_a_decision_on_a_missing_signal_names_it_and_the_ids_there_are(store_url: str) -> None:
    store = open_store(url=store_url)
    with pytest.raises(StoreError, match=r"no signal 7\. It has no signals yet"):
        store.signal(7)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(samples.signal(1), samples.signal(2, check="b")))
    with pytest.raises(StoreError, match=r"no signal 7\. Signal ids there: 1, 2\.") as caught:
        store.add_decision(samples.ack(7), apply=lambda item, _: item)
    assert caught.value.exit_code == 4
    assert store.decisions() == ()


def test_a_rescan_of_the_same_day_replaces_that_scan(store_url: str) -> None:
    store = open_store(url=store_url)
    first, stray = samples.signal(1), samples.signal(2, check="only-in-the-first-run")
    with store.writing() as tx:
        tx.save_scan(
            samples.scan(),
            tracked=(first, stray),
            sightings=(samples.sighting(first), samples.sighting(stray)),
        )
    again = replace(first, state="drifting strongly")
    with store.writing() as tx:
        stored = tx.save_scan(
            samples.scan(raised=2), tracked=(again,), sightings=(samples.sighting(again),)
        )

    assert store.scans() == (replace(samples.scan(raised=2), id=stored.id),)
    assert store.signals() == (again,)  # the signal only the replaced run opened went with it
    assert store.sightings() == (samples.sighting(again),)


def test_the_next_scan_updates_a_signal_and_keeps_each_days_sighting(store_url: str) -> None:
    store = open_store(url=store_url)
    item = samples.signal(1)
    with store.writing() as tx:
        assert tx.previous_as_of(samples.MONDAY) is None
        tx.save_scan(samples.scan(), tracked=(item,), sightings=(samples.sighting(item),))
    moved = samples.later(item, as_of=NEXT, segment={"region": "West"})
    with store.writing() as tx:
        assert tx.open_signals() == (item,)
        assert tx.previous_as_of(NEXT) == samples.MONDAY
        assert tx.previous_as_of(samples.MONDAY) is None
        tx.save_scan(
            samples.scan(NEXT, new=0),
            tracked=(moved,),
            sightings=(samples.sighting(moved, as_of=NEXT),),
        )

    history = store.history(check=item.check)
    assert [entry.as_of for entry in history.scans] == [samples.MONDAY, NEXT]
    assert [line.signal for line in history.signals] == [moved]
    assert [line.segment for line in history.signals[0].sightings] == [None, {"region": "West"}]
    assert store.history(check="no-such-check").signals == ()


def test_next_id_gives_fresh_ids_within_a_transaction_and_after(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing() as tx:
        ids = [tx.next_id(), tx.next_id()]
        tx.save_scan(samples.scan(), tracked=tuple(samples.signal(i, check=f"c{i}") for i in ids))
    with store.writing() as tx:
        assert ids == [1, 2]
        assert tx.next_id() == 3


def test_closed_signals_are_not_open(store_url: str) -> None:
    store = open_store(url=store_url)
    done = replace(samples.signal(1), lifecycle="resolved", closed_on=NEXT)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(done, samples.signal(2, check="other")))
    with store.writing() as tx:
        assert [item.id for item in tx.open_signals()] == [2]


def test_a_closed_signal_and_its_reopening_save_together(store_url: str) -> None:
    store = open_store(url=store_url)
    first = samples.signal(1)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(first,))
    closing = replace(first, lifecycle="resolved", closed_on=NEXT)
    reopened = samples.signal(2, as_of=NEXT)  # the same identity, opened anew
    with store.writing() as tx:
        tx.save_scan(samples.scan(NEXT), tracked=(reopened, closing))
    assert store.signals() == (closing, reopened)


def test_two_open_signals_of_one_identity_are_refused_whole(store_url: str) -> None:
    store = open_store(url=store_url)
    with pytest.raises(StoreError, match="cannot be written") as caught, store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(samples.signal(1), samples.signal(2)))
    assert caught.value.exit_code == 4
    assert store.scans() == ()
    assert store.signals() == ()


def test_a_sighting_dated_another_day_is_refused(store_url: str) -> None:
    store = open_store(url=store_url)
    item = samples.signal(1)
    with pytest.raises(ValueError, match="not the scan's as_of"), store.writing() as tx:
        tx.save_scan(
            samples.scan(), tracked=(item,), sightings=(samples.sighting(item, as_of=NEXT),)
        )
    assert store.scans() == ()


def test_a_moment_without_a_time_zone_is_refused(store_url: str) -> None:
    store = open_store(url=store_url)
    naive = replace(samples.scan(), ran_at=datetime(2026, 1, 5, 7, 30))  # noqa: DTZ001
    with pytest.raises(StoreError, match="has no time zone"), store.writing() as tx:
        tx.save_scan(naive, tracked=())
    assert store.scans() == ()
