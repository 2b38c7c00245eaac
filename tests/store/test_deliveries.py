"""What the notifications sent, kept per item and channel, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from taut.errors import StoreError
from taut.store.database import migrate, open_store
from taut.store.database.deliveries import Sent, record_sent, sent

NOW = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
NEW_SIGNAL = Sent(kind="signal", subject=1, status="new", channel="webhook")
WORKING = Sent(kind="change", subject=2, status="working", channel="email")


def test_a_new_store_has_sent_nothing(store_url: str) -> None:
    assert sent(open_store(url=store_url)) == frozenset()


def test_what_is_recorded_is_read_back_and_never_kept_twice(store_url: str) -> None:
    store = open_store(url=store_url)
    assert record_sent(store, [NEW_SIGNAL, WORKING], as_of=date(2026, 3, 8), now=NOW) == 2
    again = Sent(kind="signal", subject=1, status="new", channel="email")
    assert record_sent(store, [NEW_SIGNAL, again], as_of=date(2026, 3, 15), now=NOW) == 1
    assert sent(store) == {NEW_SIGNAL, WORKING, again}


def test_a_moved_verdict_is_a_new_item() -> None:
    relapsing = Sent(kind="change", subject=2, status="relapsing", channel="email")
    assert relapsing.key != WORKING.key
    assert relapsing.key == ("change", 2, "relapsing")


def test_recording_nothing_writes_nothing(sqlite_url: str) -> None:
    store = open_store(url=sqlite_url)
    assert record_sent(store, [], as_of=date(2026, 3, 8), now=NOW) == 0
    assert sent(store) == frozenset()


def test_a_store_without_the_table_fails_as_a_store_error(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0003")
    with pytest.raises(StoreError, match=r"cannot be read: .*deliveries"):
        sent(store)
    with pytest.raises(StoreError, match=r"cannot be written"):
        record_sent(store, [NEW_SIGNAL], as_of=date(2026, 3, 8), now=NOW)
