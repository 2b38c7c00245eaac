"""Recorded changes to the work in the store: kept, read back, removed, on both engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from taut.errors import UsageError
from taut.store.database import open_store
from tests.store import samples


def test_a_change_is_kept_whole_and_read_back(store_url: str) -> None:
    store = open_store(url=store_url)
    first = store.add_change(samples.change(segment={"team": "North"}))
    second = store.add_change(samples.change(check="intake-complete", applied_on=date(2026, 2, 2)))

    assert (first.id, second.id) == (1, 2)
    assert store.changes() == (first, second)
    assert store.changes(check="intake-complete") == (second,)
    (back, _) = store.changes()
    assert back.segment == {"team": "North"}
    assert back.applied_on == date(2026, 1, 12)
    assert back.playbook == "acknowledgment-gate"
    assert back.recorded_at == datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


def test_a_change_names_a_signal_the_store_has(store_url: str) -> None:
    store = open_store(url=store_url)
    tracked = samples.signal(1)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(tracked,), sightings=(samples.sighting(tracked),))

    kept = store.add_change(samples.change(signal_id=1))
    assert kept.signal_id == 1
    with pytest.raises(UsageError, match=r"--signal 7: .* has no signal 7\. Its signal ids: 1\."):
        store.add_change(samples.change(signal_id=7))
    assert store.changes() == (kept,)  # nothing half-written


def test_a_rescan_keeps_the_signal_a_change_answers(store_url: str) -> None:
    store = open_store(url=store_url)
    tracked = samples.signal(1)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(tracked,), sightings=(samples.sighting(tracked),))
    store.add_change(samples.change(signal_id=1))

    with store.writing() as tx:  # the same day again, and it no longer raises the signal
        tx.save_scan(samples.scan(), tracked=())

    assert [item.id for item in store.signals()] == [1]
    assert store.changes()[0].signal_id == 1


def test_removing_a_change_gives_it_back_and_forgets_it(store_url: str) -> None:
    store = open_store(url=store_url)
    kept = store.add_change(samples.change())
    other = store.add_change(replace(samples.change(), change="Late-day reminder"))

    assert store.remove_change(kept.id) == kept
    assert store.changes() == (other,)
    with pytest.raises(UsageError, match=r"has no change 1\. Its change ids: 2\."):
        store.remove_change(kept.id)


def test_removing_from_an_empty_store_says_there_is_none(store_url: str) -> None:
    store = open_store(url=store_url)
    with pytest.raises(UsageError, match=r"has no change 3\. It has no recorded change\."):
        store.remove_change(3)
