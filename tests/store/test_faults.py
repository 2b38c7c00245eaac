"""Faults at the store: a writer killed mid-save, two writers at once, stores that cannot be
opened or written. Each on SQLite and on PostgreSQL where it applies."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from taut.errors import StoreError
from taut.store.database import Store, open_store
from tests.store import samples
from tests.store.conftest import ROOT

NEXT = date(2026, 1, 11)


def _writer(*args: str, go: bool = False) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if go:  # its wait ends as soon as it gets there
        _send(process)
    return process


def _send(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def _line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def _everything(store: Store) -> tuple[object, ...]:
    return (store.scans(), store.signals(), store.sightings(), store.decisions())


def test_a_writer_killed_in_the_middle_of_a_save_leaves_the_store_as_it_was(
    store_url: str,
) -> None:
    store = open_store(url=store_url)
    item = samples.signal(1)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(item,), sightings=(samples.sighting(item),))
    store.add_decision(samples.ack(1), apply=lambda signal, _: signal)
    before = _everything(store)

    writer = _writer("hold", store_url)
    assert _line(writer) == "saved"  # every row written, nothing committed
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    after = open_store(url=store_url)
    assert _everything(after) == before
    with after.writing() as tx:  # and nothing is left holding the lock
        tx.save_scan(samples.scan(NEXT), tracked=())
    assert [entry.as_of for entry in after.scans()] == [samples.MONDAY, NEXT]


def test_two_writers_at_once_store_both_scans_and_one_signal(store_url: str) -> None:
    open_store(url=store_url)
    first = _writer("race", store_url, samples.MONDAY.isoformat())
    assert _line(first) == "trying"
    assert _line(first) == "inside"  # holds the lock, has read no open signal
    second = _writer("race", store_url, NEXT.isoformat(), go=True)
    assert _line(second) == "trying"  # about to ask for the lock the first one holds
    _send(first)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert outputs[1][0].split() == ["inside", "saved"]

    store = open_store(url=store_url)
    assert [entry.as_of for entry in store.scans()] == [samples.MONDAY, NEXT]
    (only,) = store.signals()
    assert (only.first_scan, only.last_seen, only.lifecycle) == (samples.MONDAY, NEXT, "ongoing")
    assert [line.as_of for line in store.sightings(only.id)] == [samples.MONDAY, NEXT]


def test_a_sqlite_store_under_a_file_names_the_store_and_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be\n", encoding="utf-8")
    url = f"sqlite:///{blocker / 'state.db'}"
    with pytest.raises(StoreError) as caught:
        open_store(url=url)
    message = str(caught.value)
    assert caught.value.exit_code == 4
    assert str(blocker / "state.db") in message
    assert "cannot be opened: unable to open database file" in message
    assert "Check that its folder exists and that you may write there" in message


def test_a_read_only_sqlite_store_can_be_read_but_not_written(sqlite_url: str) -> None:
    store = open_store(url=sqlite_url)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(samples.signal(1),))
    path = make_url(sqlite_url).database
    read_only = open_store(url=f"sqlite:///file:{path}?mode=ro&uri=true")
    assert len(read_only.scans()) == 1
    with (
        pytest.raises(StoreError, match=r"cannot be written: attempt to write a readonly") as err,
        read_only.writing() as tx,
    ):
        tx.save_scan(samples.scan(NEXT), tracked=())
    assert "make both writable" in str(err.value)
    assert len(store.scans()) == 1


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are somebody's notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"file is not a database\. The file is not a taut store"):
        open_store(url=f"sqlite:///{path}")


def test_an_unreachable_postgresql_names_the_store_masked_and_the_fix() -> None:
    url = "postgresql://taut:s3cret@127.0.0.1:1/taut"
    with pytest.raises(StoreError) as caught:
        open_store(url=url)
    message = str(caught.value)
    assert caught.value.exit_code == 4
    assert "postgresql://taut:***@127.0.0.1:1/taut cannot be opened" in message
    assert "s3cret" not in message
    assert "Check that the PostgreSQL server is running and reachable" in message


def test_a_missing_postgresql_database_says_to_create_it(postgres_server: str) -> None:
    url = make_url(postgres_server).set(database="taut_no_such_database")
    with pytest.raises(StoreError, match=r"does not exist\. Create the database first"):
        open_store(url=url.render_as_string(hide_password=False))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://taut:pw@db/taut", r"mysql://taut:\*\*\*@db/taut is a mysql database"),
        ("not a url", "URL cannot be read"),
    ],
)
def test_a_url_taut_cannot_use_is_refused(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected):
        open_store(url=url)


def test_an_error_inside_a_write_rolls_the_whole_write_back(store_url: str) -> None:
    store = open_store(url=store_url)
    with store.writing() as tx:
        tx.save_scan(samples.scan(), tracked=(samples.signal(1),))
    before = _everything(store)

    def interrupted() -> None:
        with store.writing() as tx:
            tx.save_scan(samples.scan(NEXT), tracked=(samples.signal(2, check="other"),))
            raise KeyboardInterrupt  # Ctrl-C after the rows were written, before the commit

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert _everything(store) == before
