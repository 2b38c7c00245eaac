"""A store's weeks kept whole: the replay's Mondays read against the decisions the store
holds by then (``StoreMoves``), and the Mondays a store missed caught up before a scan
(``missed_mondays``, ``catch_up``; docs/store.md, "Baselines and the store's history").

A check's baseline moves with the store's closed signals: a rebaselined signal restarts it,
a resolved signal's episode is left out of it (:mod:`taut.store.life.baselines`). Episodes
are resolved only by the scans the store keeps, so a store scanned on a few scattered
Sundays would give a later day other baselines, and other verdicts, than one scanned every
Monday. Catching up makes every kept scan of a day see the same store: its first scan, then
every Monday after it, each read against the moves the Mondays before it kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.api.memory import Keeper, readable_store, resolved_before
from taut.api.replaying import mondays, replay_source
from taut.contract import load_contract
from taut.signal import ScanReport
from taut.signal.inputs.moves import BaselineMoves

if TYPE_CHECKING:
    from taut.store.records import Memory, TrackedSignal


class StoreMoves:
    """The decisions in force on each Monday of a replay, from the store as the Mondays
    before it left it (the ``moves`` of :func:`taut.api.replay`).

    The store is read once (:meth:`read`); each Monday kept after that hands its
    :class:`~taut.store.records.Memory` to :meth:`keep`, which lays the signals it opened,
    judged or closed over those read, so no Monday reads the store again. Asked for a
    Monday (its ``as_of``), it gives what :func:`taut.api.stored_moves` would give a
    ``taut scan --as-of`` of that day on the store as it stands: the restarts of the
    rebaselined signals up to that day and the episodes of the signals resolved before it,
    for the contract's checks only.
    """

    def __init__(
        self,
        *,
        tracked: Iterable[TrackedSignal],
        checks: Iterable[str],
        scanned: Iterable[date] = (),
    ) -> None:
        self._tracked: dict[int, TrackedSignal] = {signal.id: signal for signal in tracked}
        self._checks = frozenset(checks)
        self._scanned: set[date] = set(scanned)  # the days of the store's scans
        self.given: dict[date, BaselineMoves] = {}
        """Each Monday asked for, and the moves it was given (the last one's, for the report
        that explains it)."""

    @classmethod
    def read(cls, contract: str | Path) -> StoreMoves:
        """The store's signals, read once (none when the store does not exist yet).

        Raises:
            ContractError: the contract cannot be read.
            StoreError: the store cannot be opened or read.
        """
        contract_file = load_contract(contract)
        checks = [check.id for _, check in contract_file.contract.checks]
        store = readable_store(contract_file)
        if store is None:
            return cls(tracked=(), checks=checks)
        try:
            days = (entry.as_of for entry in store.scans())
            return cls(tracked=store.signals(), checks=checks, scanned=days)
        finally:
            store.close()

    def keep(self, memory: Memory | None) -> None:
        """Take in what one kept Monday did to the store's signals (``None``: not kept)."""
        if memory is not None:
            self._tracked.update((signal.id, signal) for signal in memory.tracked)
            self._scanned.add(memory.as_of)

    def __call__(self, as_of: date) -> BaselineMoves:
        """The moves of a scan as of ``as_of`` (:func:`taut.store.life.restarts`,
        :func:`taut.store.life.episodes`)."""
        from taut.store.life import episodes, restarts  # noqa: PLC0415

        tracked = self._tracked.values()
        scanned = max((day for day in self._scanned if day < as_of), default=None)
        moves = BaselineMoves(
            restarts={
                name: day
                for name, day in restarts(tracked, as_of=as_of).items()
                if name in self._checks
            },
            exclude={
                name: over
                for name, days in episodes(tracked, as_of=as_of, scanned=scanned).items()
                if name in self._checks and (over := resolved_before(days, as_of=as_of))
            },
        )
        self.given[as_of] = moves
        return moves


def latest_kept(contract: str | Path) -> date | None:
    """The ``as_of`` of the store's latest scan; ``None`` for an empty or missing store.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    store = readable_store(contract)
    if store is None:
        return None
    try:
        return max((entry.as_of for entry in store.scans()), default=None)
    finally:
        store.close()


def missed_mondays(contract: str | Path, *, as_of: date) -> tuple[date, ...]:
    """The Sundays a weekly user would have scanned between the store's latest scan and a
    scan as of ``as_of``: every Sunday after the first and before the second.

    Empty for an empty store (its history starts with its first scan), and for a scan of a
    day on or before the store's latest (a back-test, not kept).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    latest = latest_kept(contract)
    if latest is None or as_of <= latest:
        return ()
    sunday = latest + timedelta(days=7 - (latest.weekday() + 1) % 7)
    days: list[date] = []
    while sunday < as_of:
        days.append(sunday)
        sunday += timedelta(weeks=1)
    return tuple(days)


def catch_up(
    contract: str | Path,
    *,
    days: tuple[date, ...],
    now: datetime | None = None,
    con: ibis.BaseBackend | None = None,
) -> Iterator[tuple[ScanReport, Memory | None]]:
    """Replay the Mondays a store missed into it (``days``: :func:`missed_mondays`).

    Each Monday is scanned as the weekly replay scans it (:func:`taut.api.replay`), read
    against the moves the store holds by then (:class:`StoreMoves`), and kept in the store
    as a replayed scan, in date order. A Monday whose scan has no baseline to compare with
    yet is skipped, as the replay skips it.

    Returns:
        An iterator of each Monday's report and its Memory, computed and kept as it is
        asked for; the log is read when the first one is.

    Raises:
        ContractError, InputError, InsufficientDataError: as :func:`taut.api.replay`.
        StoreError: the store cannot be opened, read or written; the Mondays kept before
            stay kept.
    """
    if not days:
        return
    moves = StoreMoves.read(contract)
    source = replay_source(contract, con=con)
    with Keeper(contract) as keeper:
        for report in mondays(source, since=days[0], through=days[-1], moves=moves):
            memory = keeper.remember(report, now=now or datetime.now(UTC), replay=True)
            moves.keep(memory)
            yield report, memory
