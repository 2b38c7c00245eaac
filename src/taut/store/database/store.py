"""A state store: opened from a URL, moved to the newest schema, read and written.

:func:`open_store` opens (creating a SQLite file if needed) and migrates forward on first
use; :class:`Store` reads what is kept and hands out :class:`~.writing.Writing` transactions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, insert, inspect, select

from taut.errors import StoreError, UsageError
from taut.reinforce.changes import Change
from taut.store.database import engine as engines
from taut.store.database import rows
from taut.store.database.faults import failing
from taut.store.database.tables import (
    HEAD,
    changes,
    decisions,
    scans,
    sightings,
    signals,
    version,
)
from taut.store.database.writing import Writing, missing_signal
from taut.store.records import (
    Decision,
    History,
    ScanEntry,
    Sighting,
    SignalHistory,
    TrackedSignal,
)


def open_store(*, url: str) -> Store:
    """Open the store at ``url``, moving its schema to this taut's newest first.

    An empty database becomes a store; one from an older taut is migrated forward, in one
    transaction under the write lock (two first uses at once migrate it once).

    Args:
        url: ``sqlite:///path/state.db`` or ``postgresql://user:password@host/name``
            (see :func:`taut.store.locate.store_url`).

    Raises:
        StoreError: the URL cannot be read, the database cannot be reached, opened or
            migrated, or it was written by a newer taut; the message names the store
            (password masked) and the fix.
    """
    parsed = engines.parse(url)
    name = engines.shown(url)
    store = Store(engine=engines.create(parsed), name=name)
    with failing(name, doing="opened"):
        with store.engine.connect() as connection, connection.begin():
            found = _revision(connection)
        if found != HEAD:
            # Alembic loads only when a store must move (it takes a while to import).
            from taut.store.database import migrate  # noqa: PLC0415

            _refuse_newer(found, store=name)
            with store.writing_connection() as connection:
                found = migrate.current(connection)  # another taut may have just done it
                _refuse_newer(found, store=name)
                if found != migrate.head():
                    migrate.upgrade(connection)
    return store


def _revision(connection: Connection) -> str | None:
    """The store's schema revision, ``None`` for a database that is not a store yet."""
    if not inspect(connection).has_table(version.name):
        return None
    found: str | None = connection.execute(select(version.c.version_num)).scalar()
    return found


def _refuse_newer(revision: str | None, *, store: str) -> None:
    from taut.store.database import migrate  # noqa: PLC0415 - see open_store

    if revision is not None and not migrate.known(revision):
        raise StoreError(
            f"The state store {store} was written by a newer taut (its schema is at "
            f"revision '{revision}'; this taut knows up to '{migrate.head()}'). Upgrade taut "
            "to read it, or point TAUT_DATABASE_URL at another store."
        )


class Store:
    """An open state store. Reads are plain queries; writes go through :meth:`writing`.

    Attributes:
        engine: the SQLAlchemy engine (a new connection per use, none kept open).
        name: the store as it may be shown: a SQLite file's path, else its URL with the
            password masked.
    """

    def __init__(self, *, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name

    def __repr__(self) -> str:
        return f"Store({self.name})"

    def close(self) -> None:
        """Let go of the database (nothing is kept open between uses anyway)."""
        self.engine.dispose()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with (
            failing(self.name, doing="read"),
            self.engine.connect() as connection,
            connection.begin(),
        ):
            yield connection

    def scans(self) -> tuple[ScanEntry, ...]:
        """Every stored scan, oldest ``as_of`` first."""
        with self._reading() as connection:
            found = connection.execute(select(scans).order_by(scans.c.as_of)).mappings()
            return tuple(rows.scan_entry(row) for row in found)

    def signals(self, *, check: str | None = None) -> tuple[TrackedSignal, ...]:
        """Every tracked signal (of one check when ``check`` is given), by id."""
        query = select(signals).order_by(signals.c.id)
        if check is not None:
            query = query.where(signals.c.check == check)
        with self._reading() as connection:
            return tuple(rows.tracked_signal(row) for row in connection.execute(query).mappings())

    def signal(self, signal_id: int) -> TrackedSignal:
        """The tracked signal with this id.

        Raises:
            StoreError: no signal has it; the message lists the ids there are.
        """
        with self._reading() as connection:
            row = (
                connection.execute(select(signals).where(signals.c.id == signal_id))
                .mappings()
                .first()
            )
            if row is None:
                ids = connection.execute(select(signals.c.id).order_by(signals.c.id))
                raise missing_signal(signal_id, known=ids.scalars().all(), store=self.name)
            return rows.tracked_signal(row)

    def sightings(self, signal_id: int | None = None) -> tuple[Sighting, ...]:
        """What each scan saw of one signal (or of every signal), oldest scan first."""
        query = (
            select(sightings, scans.c.as_of)
            .join(scans, scans.c.id == sightings.c.scan_id)
            .order_by(scans.c.as_of, sightings.c.signal_id)
        )
        if signal_id is not None:
            query = query.where(sightings.c.signal_id == signal_id)
        with self._reading() as connection:
            return tuple(rows.sighting(row) for row in connection.execute(query).mappings())

    def history(self, *, check: str | None = None) -> History:
        """The stored scans, and each signal (of ``check``, or all) with its sightings."""
        tracked = self.signals(check=check)
        seen = self.sightings()
        return History(
            scans=self.scans(),
            signals=tuple(
                SignalHistory(
                    signal=item,
                    sightings=tuple(line for line in seen if line.signal_id == item.id),
                )
                for item in tracked
            ),
        )

    def decisions(self, *, signal_id: int | None = None) -> tuple[Decision, ...]:
        """The decisions made (on one signal, or all), oldest first."""
        query = select(decisions).order_by(decisions.c.made_at, decisions.c.id)
        if signal_id is not None:
            query = query.where(decisions.c.signal_id == signal_id)
        with self._reading() as connection:
            return tuple(rows.decision(row) for row in connection.execute(query).mappings())

    def add_decision(
        self,
        decision: Decision,
        *,
        apply: Callable[[TrackedSignal, Decision], TrackedSignal],
    ) -> TrackedSignal:
        """Keep a decision and the signal it changes, in one write.

        Args:
            decision: the decision, on ``decision.signal_id``.
            apply: the rule that gives the signal after the decision (the life of a signal,
                :mod:`taut.store.life`); it gets the signal as stored, under the write lock.

        Returns:
            The signal as stored after the decision.

        Raises:
            StoreError: no signal has that id, or the store cannot be written.
        """
        with self.writing() as transaction:
            updated = apply(transaction.signal(decision.signal_id), decision)
            transaction.add_decision(decision)
            transaction.save_signals((updated,))
        return updated

    def changes(self, *, check: str | None = None) -> tuple[Change, ...]:
        """The recorded changes to the work (of one check, or all), by id."""
        query = select(changes).order_by(changes.c.id)
        if check is not None:
            query = query.where(changes.c.check == check)
        with self._reading() as connection:
            return tuple(rows.change(row) for row in connection.execute(query).mappings())

    def add_change(self, change: Change) -> Change:
        """Keep a change to the work; return it as stored, with its id.

        Args:
            change: the change (its ``id`` is ignored: the store gives one); its
                ``recorded_at`` must be set, and its ``signal_id``, when given, must be a
                signal of the store, of the change's own check.

        Raises:
            UsageError: ``signal_id`` names no signal of the store (the message lists
                those there are), or a signal of another check.
            StoreError: the store cannot be written.
        """
        if change.recorded_at is None:
            raise ValueError("a change is kept with the moment it was recorded (recorded_at)")
        with self.writing() as transaction:
            if change.signal_id is not None:
                found = transaction.signal_ids()
                if change.signal_id not in found:
                    raise _unknown_signal(change.signal_id, known=found, store=self.name)
                answered = transaction.signal(change.signal_id)
                if answered.check != change.check:
                    raise UsageError(
                        f"--signal {answered.id} is a signal of {answered.check}, not of "
                        f"{change.check}: a change answers a signal of the check it steadies. "
                        f"Record it with --check {answered.check}, or name a signal of "
                        f"{change.check} (`taut signals list CONTRACT --all`)."
                    )
            new_id = transaction.connection.execute(
                insert(changes).returning(changes.c.id), [rows.change_row(change)]
            ).scalar_one()
        return dataclasses.replace(change, id=new_id)

    def remove_change(self, change_id: int) -> Change:
        """Forget a recorded change (a mistake, or a change undone); return what it was.

        Raises:
            UsageError: no change has that id (the message lists those there are).
            StoreError: the store cannot be written.
        """
        with self.writing() as transaction:
            found = (
                transaction.connection.execute(select(changes).where(changes.c.id == change_id))
                .mappings()
                .first()
            )
            if found is None:
                ids = transaction.connection.execute(select(changes.c.id).order_by(changes.c.id))
                raise missing_change(change_id, known=ids.scalars().all(), store=self.name)
            transaction.connection.execute(delete(changes).where(changes.c.id == change_id))
        return rows.change(found)

    @contextmanager
    def writing(self) -> Iterator[Writing]:
        """One transaction as the store's only writer: committed whole when the block
        ends, rolled back whole if it raises (or if the process dies inside it).

        Raises:
            StoreError: the store cannot be written (the lock, a read-only file, a lost
                server, a row that breaks the store's rules).
        """
        with failing(self.name, doing="written"), self.writing_connection() as connection:
            yield Writing(connection, store=self.name)

    @contextmanager
    def writing_connection(self) -> Iterator[Connection]:
        """A connection in a transaction that holds the store's write lock (for migrations
        and tests; scans use :meth:`writing`)."""
        with engines.writing(self.engine.connect()) as connection, connection.begin():
            engines.write_lock(connection)
            yield connection


def _shown_ids(known: Iterable[int]) -> str:
    ids = [str(item) for item in known]
    return ", ".join(ids[:10]) + (f" … and {len(ids) - 10} more" if len(ids) > 10 else "")


def _unknown_signal(signal_id: int, *, known: Iterable[int], store: str) -> UsageError:
    shown = _shown_ids(known)
    have = f"Its signal ids: {shown}." if shown else "It has no signal yet."
    return UsageError(
        f"--signal {signal_id}: the state store {store} has no signal {signal_id}. {have} "
        "`taut signals list CONTRACT --all` shows them with their checks; leave --signal out "
        "to record the change without one."
    )


def missing_change(change_id: int, *, known: Iterable[int], store: str) -> UsageError:
    """The error for a change id the store does not have, listing those it has."""
    shown = _shown_ids(known)
    have = f"Its change ids: {shown}." if shown else "It has no recorded change."
    return UsageError(
        f"The state store {store} has no change {change_id}. {have} "
        "`taut reinforce list CONTRACT` shows them with their checks and dates."
    )
