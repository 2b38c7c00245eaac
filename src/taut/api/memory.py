"""The state store: each scan remembered, each signal's life, people's decisions
(docs/store.md). SQLAlchemy is imported only by the functions that open a store, keeping the
start-up of the other commands short."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from taut.contract import ContractFile, load_contract
from taut.errors import UsageError, cap_examples, did_you_mean
from taut.reinforce.changes import JudgedChange
from taut.signal import ScanReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from taut.store.database import Store
    from taut.store.records import DecisionKind, History, Memory, TrackedSignal


@dataclass(frozen=True, kw_only=True)
class StoreHistory:
    """What :func:`history` found: the store (URL, password masked) and its history."""

    store: str
    history: History


def history(
    contract: str | Path,
    *,
    check: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> StoreHistory:
    """The scans kept in the contract's state store, and its signals' lives over time.

    Reads only: a SQLite store that does not exist yet is not made (the history is empty).

    Args:
        contract: the path of ``taut.yaml``.
        check: only this check's signals (a check of the contract); all when ``None``.
        environ: where ``TAUT_DATABASE_URL`` is read (default: this process's environment).

    Raises:
        ContractError: the contract cannot be read.
        UsageError: ``check`` is not a check of the contract.
        StoreError: the store cannot be opened or read.
    """
    # The store's modules load SQLAlchemy: imported here so other commands start quickly.
    from taut.store.database import open_store  # noqa: PLC0415
    from taut.store.database.engine import shown  # noqa: PLC0415
    from taut.store.locate import locate_store, stored_nothing  # noqa: PLC0415
    from taut.store.records import History  # noqa: PLC0415

    contract_file = load_contract(contract)
    names = [item.id for _, item in contract_file.contract.checks]
    if check is not None and check not in names:
        raise UsageError(
            f"--check '{check}' is not a check of {contract_file.path.name}. Checks: "
            f"{cap_examples(names)}.{did_you_mean(check, names)}"
        )
    location = locate_store(contract=contract_file, environ=environ, make_folder=False)
    if stored_nothing(location):
        return StoreHistory(store=shown(location.url), history=History(scans=(), signals=()))
    store = open_store(url=location.url)
    try:
        return StoreHistory(store=store.name, history=store.history(check=check))
    finally:
        store.close()


def writable_store(contract: str | Path) -> Store:
    """The contract's state store (:mod:`taut.store.locate`), opened (made if need be)."""
    from taut.store.locate import open_contract_store  # noqa: PLC0415

    return open_contract_store(contract=load_contract(contract))


def readable_store(contract: str | Path | ContractFile) -> Store | None:
    """The contract's state store, opened to read; ``None`` when it is a SQLite file that
    does not exist yet (reading makes nothing)."""
    from taut.store.database import open_store  # noqa: PLC0415
    from taut.store.locate import locate_store, stored_nothing  # noqa: PLC0415

    loaded = contract if isinstance(contract, ContractFile) else load_contract(contract)
    location = locate_store(contract=loaded, make_folder=False)
    return None if stored_nothing(location) else open_store(url=location.url)


def remember(
    contract: str | Path,
    report: ScanReport,
    *,
    now: datetime | None = None,
    replay: bool = False,
    answered: Sequence[JudgedChange] = (),
) -> Memory | None:
    """Keep a scan in the contract's state store; return each signal's life as of it.

    One write transaction: the open signals and the decisions on them are read, the scan
    is reconciled with them (:func:`taut.store.life.reconcile`) and saved; a rescan of the
    same ``as_of`` replaces that scan and gives the same Memory. A scan of a day before
    the store's latest scan is not kept: ``None`` (signals live forward in time).

    Args:
        contract: the path of ``taut.yaml`` (its store: :mod:`taut.store.locate`).
        report: the scan, from :func:`scan` or :func:`explain`.
        now: when the scan ran (default: the clock).
        replay: the scan is one of a replay's past Mondays.
        answered: the recorded changes judged with the scan (``Explained.changes``,
            ``JudgedScan.changes``): the signals a working one answers close, their
            check's baseline restarting on the change's day (docs/reinforce.md).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or written; it is left as it was.
    """
    from taut.store.recording import record_scan  # noqa: PLC0415

    store = writable_store(contract)
    try:
        return record_scan(
            store,
            report=report,
            now=now or datetime.now(UTC),
            replay=replay,
            answered=answered,
        )
    finally:
        store.close()


class Keeper:
    """A contract's state store held open while many scans are kept in a row (a replay's
    or a catch-up's Mondays): opened at the first, each scan in its own write transaction
    as :func:`remember` keeps it, closed on leaving the ``with`` block. Opening the store
    (the contract read, the schema checked) once instead of once a Monday saves about
    12 ms a Monday (``benchmarks/replay.py``).

    Raises:
        ContractError, StoreError: as :func:`remember`, from :meth:`remember`.
    """

    def __init__(self, contract: str | Path) -> None:
        self._contract = contract
        self._store: Store | None = None

    def __enter__(self) -> Keeper:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def remember(
        self,
        report: ScanReport,
        *,
        now: datetime | None = None,
        replay: bool = False,
        answered: Sequence[JudgedChange] = (),
    ) -> Memory | None:
        """:func:`remember` on the store held open (opened now if it is not yet)."""
        from taut.store.recording import record_scan  # noqa: PLC0415

        if self._store is None:
            self._store = writable_store(self._contract)
        return record_scan(
            self._store,
            report=report,
            now=now or datetime.now(UTC),
            replay=replay,
            answered=answered,
        )

    def close(self) -> None:
        """Close the store, if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None


def stored_restarts(contract: str | Path, *, as_of: date | None = None) -> dict[str, date]:
    """Check → the day its baseline restarts, from the store's rebaselined signals.

    What a scan passes as ``restarts`` so a rebaselined check is judged against its new
    normal (:func:`taut.store.life.restarts`); with ``as_of``, only restarts on or before it.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    return stored_moves(contract, as_of=as_of)[0]


def stored_episodes(
    contract: str | Path, *, as_of: date | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Check → its drift episodes (first raised, resolved; an open one's so far), from the
    store.

    What a scan passes as ``exclude`` so a drift never becomes part of a later normal
    (:func:`taut.store.life.episodes`); with ``as_of``, as they stood before that day
    (:func:`resolved_before`).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    return stored_moves(contract, as_of=as_of)[1]


def stored_moves(
    contract: str | Path, *, as_of: date | None = None
) -> tuple[dict[str, date], dict[str, list[tuple[date, date]]]]:
    """Both of :func:`stored_restarts` and :func:`stored_episodes` from one read of the
    store: what a scan passes as ``restarts`` and ``exclude``.

    Decisions kept for a check since removed from the contract or renamed are history, not
    moves of this scan's baselines: they are left out. With ``as_of``, the restarts up to
    that day and the episodes resolved before it (:func:`resolved_before`).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    from taut.store.recording import stored_moves as kept  # noqa: PLC0415

    contract_file = load_contract(contract)
    store = readable_store(contract_file)
    if store is None:
        return {}, {}
    try:
        restarts, episodes = kept(store, as_of=as_of)
    finally:
        store.close()
    checks = {check.id for _, check in contract_file.contract.checks}
    return (
        {name: day for name, day in restarts.items() if name in checks},
        {
            name: over
            for name, days in episodes.items()
            if name in checks and (over := resolved_before(days, as_of=as_of))
        },
    )


def resolved_before(
    episodes: list[tuple[date, date]], *, as_of: date | None
) -> list[tuple[date, date]]:
    """The episodes resolved before a scan of ``as_of`` (all when ``None``): one resolved
    on ``as_of`` itself was resolved by an earlier run of that same day's scan, which a
    rescan replaces, so a day is never read against what its own scan concluded."""
    return [pair for pair in episodes if as_of is None or pair[1] < as_of]


def signals(contract: str | Path, *, closed: bool = False) -> tuple[TrackedSignal, ...]:
    """The store's tracked signals, by id: the open ones, or every one with ``closed``.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    from taut.store.records import OPEN_LIFECYCLES  # noqa: PLC0415

    store = readable_store(contract)
    if store is None:
        return ()
    try:
        found = store.signals()
    finally:
        store.close()
    return tuple(item for item in found if closed or item.lifecycle in OPEN_LIFECYCLES)


def _decide(
    contract: str | Path,
    signal_id: int,
    *,
    kind: DecisionKind,
    now: datetime | None,
    note: str | None = None,
    until: date | None = None,
    baseline_from: date | None = None,
) -> TrackedSignal:
    from taut.store.recording import record_decision  # noqa: PLC0415

    store = writable_store(contract)
    try:
        return record_decision(
            store,
            signal_id=signal_id,
            kind=kind,
            now=now or datetime.now(UTC),
            note=note,
            until=until,
            baseline_from=baseline_from,
        )
    finally:
        store.close()


def acknowledge(
    contract: str | Path, signal_id: int, *, note: str, now: datetime | None = None
) -> TrackedSignal:
    """Acknowledge an open signal with a note on what is being done; return it after.

    It stays ``acknowledged``, shown with its age and the note, until its check settles.

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, or the note is empty.
        StoreError: the store cannot be opened or written.
    """
    return _decide(contract, signal_id, kind="ack", now=now, note=note)


def dismiss(
    contract: str | Path,
    signal_id: int,
    *,
    until: date,
    note: str,
    now: datetime | None = None,
) -> TrackedSignal:
    """Dismiss an open signal through ``until`` (a temporary cause, said in ``note``).

    Scans up to that day show it ``dismissed`` (muted); later ones as its check says.

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, the note is empty, or
            ``until`` is not after today.
        StoreError: the store cannot be opened or written.
    """
    return _decide(contract, signal_id, kind="dismiss", now=now, note=note, until=until)


def rebaseline(
    contract: str | Path,
    signal_id: int,
    *,
    baseline_from: date,
    note: str | None = None,
    now: datetime | None = None,
) -> TrackedSignal:
    """Accept an open signal as the new normal: closed, its check's baseline restarting
    at ``baseline_from`` in every later scan (:func:`stored_restarts`).

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, or ``baseline_from`` is
            after today.
        StoreError: the store cannot be opened or written.
    """
    return _decide(
        contract, signal_id, kind="rebaseline", now=now, note=note, baseline_from=baseline_from
    )
