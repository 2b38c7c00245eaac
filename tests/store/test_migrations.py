"""The schema's migrations: up to head, down to base and up again, and an older store
moved forward on first use, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, insert, inspect, update
from sqlalchemy.sql.schema import Table

from taut.errors import StoreError
from taut.store.database import migrate, open_store
from taut.store.database.store import Store
from taut.store.database.tables import HEAD, metadata, signals
from tests.store import samples
from tests.store.conftest import ROOT

STORE_TABLES = {"scans", "signals", "sightings", "decisions", "changes", "deliveries"}
VERSION_TABLE = "alembic_version"


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _differences(store: Store) -> list[object]:
    with store.engine.connect() as connection:
        found: list[object] = compare_metadata(MigrationContext.configure(connection), metadata)
        return found


def test_there_are_migrations_to_walk() -> None:
    assert migrate.revisions() == ("0001", "0002", "0003", "0004", "0005", "0006")
    assert migrate.head() == "0006"
    assert migrate.head() == HEAD  # what open_store takes as up to date without Alembic


def test_up_to_head_down_to_base_and_up_again(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.engine.connect() as connection:
        assert _tables(connection) == STORE_TABLES | {VERSION_TABLE}
        assert migrate.current(connection) == migrate.head()
    assert _differences(store) == []  # the scripts build exactly tables.py

    steps = (
        ("0004", STORE_TABLES),
        ("0002", {"scans", "signals", "sightings", "decisions"}),
        ("0001", {"scans", "signals", "decisions"}),
        ("base", set[str]()),
    )
    for target, left in steps:
        with store.writing_connection() as connection:
            migrate.downgrade(connection, to=target)
        with store.engine.connect() as connection:
            assert _tables(connection) - {VERSION_TABLE} == left
            assert migrate.current(connection) == (None if target == "base" else target)

    with store.writing_connection() as connection:
        migrate.upgrade(connection)
    with store.engine.connect() as connection:
        assert _tables(connection) == STORE_TABLES | {VERSION_TABLE}
        assert migrate.current(connection) == migrate.head()
    assert _differences(store) == []


def test_an_older_store_moves_forward_on_first_use_and_keeps_its_rows(store_url: str) -> None:
    older = open_store(url=store_url)
    with older.writing_connection() as connection:
        migrate.downgrade(connection, to="0001")
        connection.execute(insert(signals), [_signal_row_0001()])
        connection.execute(update(signals).values(note="kept across the migration"))

    store = open_store(url=store_url)

    with store.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
    (kept,) = store.signals()
    assert (kept.id, kept.check, kept.note) == (1, "ack-within-24h", "kept across the migration")
    with store.writing() as tx:  # and the new table is there to write
        tx.save_scan(samples.scan(), tracked=(kept,), sightings=(samples.sighting(kept),))
    assert len(store.sightings(1)) == 1
    stored = store.add_change(samples.change(signal_id=1))  # and the changes table too
    assert store.changes() == (stored,)


def test_a_store_at_0002_gains_changes_and_gives_them_back_on_downgrade(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0002")
    with store.engine.connect() as connection:
        assert "changes" not in _tables(connection)

    store = open_store(url=store_url)  # first use moves it to the head (0005)
    stored = store.add_change(samples.change())
    assert store.changes() == (stored,)
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0002")
    with store.engine.connect() as connection:
        assert _tables(connection) == (STORE_TABLES - {"changes", "deliveries"}) | {VERSION_TABLE}
        assert migrate.current(connection) == "0002"


def _signal_row_0001() -> dict[str, object]:
    return {
        "id": 1,
        "area": "Customer handoff",
        "check": "ack-within-24h",
        "metric": "share_missed",
        "direction": "up",
        "segment": None,
        "lifecycle": "ongoing",
        "state": "drifting",
        "first_raised": date(2025, 12, 1),
        "first_scan": date(2025, 12, 7),
        "last_seen": date(2025, 12, 28),
    }


def test_a_store_from_a_newer_taut_is_refused(store_url: str) -> None:
    store = open_store(url=store_url)
    version = Table(VERSION_TABLE, MetaData(), autoload_with=store.engine)
    with store.writing_connection() as connection:
        connection.execute(update(version).values(version_num="0042"))
    with pytest.raises(StoreError, match=r"written by a newer taut .*'0042'.*Upgrade taut") as err:
        open_store(url=store_url)
    assert err.value.exit_code == 4


def test_two_first_uses_at_once_migrate_it_once(store_url: str) -> None:
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer", "open", store_url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in starts:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    for process in starts:  # both released together
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [process.communicate(timeout=120) for process in starts]
    assert [process.returncode for process in starts] == [0, 0], results
    store = open_store(url=store_url)
    with store.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()


PERSON_WORDS = {"person", "people", "user", "name", "email", "rep", "owner", "who", "case", "actor"}


def test_the_schema_holds_no_person_identifier() -> None:
    columns = {
        f"{table.name}.{column.name}" for table in metadata.tables.values() for column in table.c
    }
    assert columns == {  # a new column is a decision: add it here, never a person
        *("scans.id", "scans.process", "scans.as_of", "scans.data_end", "scans.ran_at"),
        *("scans.worst", "scans.raised", "scans.new", "scans.replay"),
        *("signals.id", "signals.area", "signals.check", "signals.metric", "signals.direction"),
        *("signals.segment", "signals.lifecycle", "signals.state", "signals.first_raised"),
        *("signals.first_scan", "signals.last_seen", "signals.closed_on", "signals.note"),
        *("signals.until", "signals.baseline_from", "signals.settled_on"),
        *("sightings.scan_id", "sightings.signal_id", "sightings.segment", "sightings.state"),
        *("sightings.lifecycle", "sightings.baseline", "sightings.current", "sightings.cases"),
        *("decisions.id", "decisions.signal_id", "decisions.kind", "decisions.made_at"),
        *("decisions.note", "decisions.until", "decisions.baseline_from"),
        *("changes.id", "changes.area", "changes.check", "changes.applied_on"),
        *("changes.change", "changes.playbook", "changes.segment", "changes.signal_id"),
        "changes.recorded_at",
        *("deliveries.id", "deliveries.kind", "deliveries.subject", "deliveries.status"),
        *("deliveries.channel", "deliveries.as_of", "deliveries.sent_at"),
    }
    words = {word for name in columns for word in name.split(".")[1].split("_")}
    assert words & PERSON_WORDS == set()


def _signal_columns(store: Store) -> set[str]:
    with store.engine.connect() as connection:
        return {item["name"] for item in inspect(connection).get_columns("signals")}


def test_a_store_at_0004_gains_settled_on_and_gives_it_back_on_downgrade(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0004")
    assert "settled_on" not in _signal_columns(store)
    with store.writing_connection() as connection:
        connection.execute(
            insert(Table("signals", MetaData(), autoload_with=connection)), [_signal_row_0001()]
        )

    store = open_store(url=store_url)  # first use moves it to the head (0005)
    assert "settled_on" in _signal_columns(store)
    (kept,) = store.signals()
    assert (kept.id, kept.lifecycle, kept.settled_on) == (1, "ongoing", None)
    with store.writing() as tx:
        tx.save_signals([replace(kept, lifecycle="recovering", settled_on=date(2026, 1, 4))])
    assert store.signal(1).settled_on == date(2026, 1, 4)

    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0004")
    assert "settled_on" not in _signal_columns(store)
    with store.engine.connect() as connection:
        assert migrate.current(connection) == "0004"
        left = Table("signals", MetaData(), autoload_with=connection)
        assert [row.lifecycle for row in connection.execute(left.select())] == ["recovering"]
    # the one-open-signal-per-identity guard survives the downgrade
    with store.engine.connect() as connection:
        names = {item["name"] for item in inspect(connection).get_indexes("signals")}
    assert "uq_signals_open_key" in names


def test_a_store_at_0005_recounts_each_scans_new_signals_from_their_first_scan(
    store_url: str,
) -> None:
    """Before 0006 a scan after Mondays caught up counted as new the signals they opened,
    which their own scans had counted already: the upgrade counts each first raising once."""
    store = open_store(url=store_url)
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0005")
        scans = Table("scans", MetaData(), autoload_with=connection)
        row = {
            "process": "Sales",
            "data_end": "x",
            "worst": "drifting",
            "raised": 1,
            "replay": False,
        }
        ran = samples.RAN_AT
        connection.execute(
            insert(scans),
            [
                row | {"id": 1, "as_of": date(2025, 11, 30), "new": 0, "ran_at": ran},
                row | {"id": 2, "as_of": date(2025, 12, 7), "new": 1, "ran_at": ran},
                row | {"id": 3, "as_of": date(2025, 12, 14), "new": 1, "ran_at": ran},  # again
            ],
        )
        connection.execute(insert(signals), [_signal_row_0001()])  # first scan 2025-12-07

    store = open_store(url=store_url)  # first use moves it to the head (0006)
    assert [(entry.as_of.day, entry.new) for entry in store.scans()] == [(30, 0), (7, 1), (14, 0)]
    with store.writing_connection() as connection:
        migrate.downgrade(connection, to="0005")
    with store.engine.connect() as connection:
        left = Table("scans", MetaData(), autoload_with=connection)
        assert [row.new for row in connection.execute(left.select().order_by(left.c.id))] == [
            0,
            1,
            0,
        ]
