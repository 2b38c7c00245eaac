"""One write to the store: a transaction that is the store's only writer until it ends.

A scan's whole record (the scan, its tracked signals, what it saw of each) is saved in one
:class:`Writing`, so a scan killed half-way leaves the store as it was, and a second scan at
the same moment waits for the first and then sees the signals the first opened (so it cannot
open them again). Get one from :meth:`taut.store.database.Store.writing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, func, insert, select, update

from taut.errors import StoreError
from taut.store.database import rows
from taut.store.database.tables import changes, decisions, scans, signals
from taut.store.database.tables import sightings as sightings_table
from taut.store.records import (
    OPEN_LIFECYCLES,
    Decision,
    ScanEntry,
    Sighting,
    TrackedSignal,
)


class Writing:
    """The open write transaction: read what a scan needs, then save it.

    Everything read here is read under the write lock, so it is still true when the
    transaction saves.
    """

    def __init__(self, connection: Connection, *, store: str) -> None:
        self._connection = connection
        self._store = store
        self._issued = 0

    def open_signals(self) -> tuple[TrackedSignal, ...]:
        """Every tracked signal still open (its lifecycle in ``OPEN_LIFECYCLES``), by id."""
        query = select(signals).where(signals.c.lifecycle.in_(OPEN_LIFECYCLES))
        found = self._connection.execute(query.order_by(signals.c.id)).mappings()
        return tuple(rows.tracked_signal(row) for row in found)

    def signal(self, signal_id: int) -> TrackedSignal:
        """The tracked signal with this id.

        Raises:
            StoreError: no signal has it; the message lists the ids there are.
        """
        query = select(signals).where(signals.c.id == signal_id)
        row = self._connection.execute(query).mappings().first()
        if row is None:
            ids = self._connection.execute(select(signals.c.id).order_by(signals.c.id))
            raise missing_signal(signal_id, known=ids.scalars(), store=self._store)
        return rows.tracked_signal(row)

    @property
    def connection(self) -> Connection:
        """The transaction's connection (for the store's own writes of other tables)."""
        return self._connection

    def signal_ids(self) -> list[int]:
        """Every stored signal's id, smallest first."""
        query = select(signals.c.id).order_by(signals.c.id)
        return list(self._connection.execute(query).scalars())

    def decisions(self) -> tuple[Decision, ...]:
        """Every decision made on any signal, oldest first."""
        query = select(decisions).order_by(decisions.c.made_at, decisions.c.id)
        return tuple(rows.decision(row) for row in self._connection.execute(query).mappings())

    def next_id(self) -> int:
        """A signal id no other signal has: each call in a transaction gives the next one
        (1, 2, 3 ... in an empty store)."""
        largest = self._connection.execute(select(func.max(signals.c.id))).scalar()
        self._issued += 1
        return (largest or 0) + self._issued

    def previous_as_of(self, before: date, *, seen: bool = False) -> date | None:
        """The ``as_of`` of the latest stored scan before ``before`` (``None``: none);
        with ``seen``, of the latest one a reader saw (not a replayed Monday)."""
        query = select(func.max(scans.c.as_of)).where(scans.c.as_of < before)
        if seen:
            query = query.where(scans.c.replay.is_(False))
        found: date | None = self._connection.execute(query).scalar()
        return found

    def save_signals(self, tracked: Iterable[TrackedSignal]) -> None:
        """Insert or update tracked signals by id.

        Signals that close are written first and new ones last, so the rule that at most
        one signal per identity is open holds after every statement.
        """
        items = sorted(tracked, key=lambda item: (item.lifecycle in OPEN_LIFECYCLES, item.id))
        if not items:
            return
        wanted = [item.id for item in items]
        present = set(
            self._connection.execute(select(signals.c.id).where(signals.c.id.in_(wanted)))
            .scalars()
            .all()
        )
        changed = [rows.signal_row(item) for item in items if item.id in present]
        if changed:
            columns: dict[str, Any] = {name: bindparam(name) for name in changed[0] if name != "id"}
            statement = (
                update(signals).where(signals.c.id == bindparam("signal_id")).values(columns)
            )
            params = [{**row, "signal_id": row["id"]} for row in changed]
            for row in params:
                del row["id"]
            self._connection.execute(statement, params)
        added = [rows.signal_row(item) for item in items if item.id not in present]
        if added:
            self._connection.execute(insert(signals), added)

    def add_decision(self, decision: Decision) -> None:
        """Keep a decision (its signal must exist: :meth:`signal` first)."""
        self._connection.execute(insert(decisions), [rows.decision_row(decision)])

    def save_scan(
        self,
        entry: ScanEntry,
        *,
        tracked: tuple[TrackedSignal, ...],
        sightings: tuple[Sighting, ...] = (),
    ) -> ScanEntry:
        """Save one scan whole: the scan, its tracked signals, and what it saw of each.

        A stored scan with the same ``as_of`` is replaced (its sightings with it), and a
        signal that only the replaced scan had opened, with no decision on it and no
        recorded change answering it, goes too:
        a rescan of the same day leaves the store as if only the rescan had run.

        Args:
            entry: the scan; its ``id`` is ignored (the store gives one).
            tracked: the signals to insert or update, by id.
            sightings: what this scan saw of each signal; each ``as_of`` must be the scan's,
                and each ``signal_id`` a signal in ``tracked`` or already stored.

        Returns:
            The scan as stored, with its id.
        """
        strays = [item for item in sightings if item.as_of != entry.as_of]
        if strays:
            raise ValueError(
                f"sightings of signals {[item.signal_id for item in strays]} are dated "
                f"{strays[0].as_of}, not the scan's as_of {entry.as_of}"
            )
        old = select(scans.c.id).where(scans.c.as_of == entry.as_of).scalar_subquery()
        self._connection.execute(delete(sightings_table).where(sightings_table.c.scan_id == old))
        self._connection.execute(delete(scans).where(scans.c.as_of == entry.as_of))
        self.save_signals(tracked)
        self._drop_orphans(as_of=entry.as_of, keep=[item.id for item in tracked])
        scan_id = self._connection.execute(
            insert(scans).returning(scans.c.id), [rows.scan_row(entry)]
        ).scalar_one()
        if sightings:
            self._connection.execute(
                insert(sightings_table),
                [rows.sighting_row(item, scan_id=scan_id) for item in sightings],
            )
        return replace(entry, id=scan_id)

    def _drop_orphans(self, *, as_of: date, keep: list[int]) -> None:
        seen = exists().where(sightings_table.c.signal_id == signals.c.id)
        decided = exists().where(decisions.c.signal_id == signals.c.id)
        answered = exists().where(changes.c.signal_id == signals.c.id)
        self._connection.execute(
            delete(signals).where(
                signals.c.first_scan == as_of,
                signals.c.id.not_in(keep),
                ~seen,
                ~decided,
                ~answered,
            )
        )


def missing_signal(signal_id: int, *, known: Iterable[int], store: str) -> StoreError:
    """The error for a signal id the store does not have, listing those it has."""
    ids = [str(item) for item in known]
    shown = ", ".join(ids[:10]) + (f" … and {len(ids) - 10} more" if len(ids) > 10 else "")
    have = f"Signal ids there: {shown}." if ids else "It has no signals yet: run `taut scan` first."
    return StoreError(
        f"The state store {store} has no signal {signal_id}. {have} "
        "`taut signals list` shows them with their checks."
    )
