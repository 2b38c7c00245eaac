"""The state store as ``taut scan`` uses it: read before the scan, written after it.

A scan is kept in the contract's store by default (``--no-store`` skips it,
docs/store.md). Before the scan the store gives the checks whose baseline restarts (from
rebaselined signals) and the drift episodes their baselines leave out (from resolved ones);
after it, one write keeps the scan and gives each signal's life, the
:class:`~taut.store.records.Memory` the brief shows. A store that cannot be opened or
written never costs the report: the scan is still printed, then the store's message, and
the command exits 4 (:attr:`~taut.errors.ExitCode.STORE`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

import typer

from taut.api import (
    Keeper,
    Recorded,
    StoreMoves,
    catch_up,
    missed_mondays,
    recorded_changes,
    remember,
    stored_moves,
)
from taut.cli.replay import announce_mondays
from taut.cli.shell import err, guard, report_error, say
from taut.errors import StoreError
from taut.reinforce.changes import JudgedChange
from taut.signal.report import ScanReport
from taut.store.records import Memory

T = TypeVar("T")


@dataclass(frozen=True)
class Kept:
    """What the state store gives one scan.

    Attributes:
        restarts: check → the day its baseline restarts (``restarts=`` of the scan).
        exclude: check → resolved drift episodes its baseline leaves out (``exclude=``).
        memory: each signal's life as of the scan (``None``: not kept).
        error: why the store could not be used (the command exits 4 after the report).
        recorded: the changes recorded in the store, for the scan to judge
            (``recorded=`` of :func:`taut.api.explain`).
    """

    restarts: dict[str, date] = field(default_factory=dict)
    exclude: dict[str, list[tuple[date, date]]] = field(default_factory=dict)
    memory: Memory | None = None
    error: StoreError | None = None
    recorded: Recorded = field(default_factory=Recorded)


def _attempt(action: Callable[[], T]) -> tuple[T | None, StoreError | None]:
    """Run ``action`` under the command's guard, handing back a store error, not exiting."""

    def attempt() -> tuple[T | None, StoreError | None]:
        try:
            return action(), None
        except StoreError as error:
            return None, error

    return guard(attempt)


def before_scan(contract: Path, *, store: bool, as_of: date | None) -> Kept:
    """What the store says before a scan of ``as_of`` (``None``: all the data): its restarts
    and episodes (nothing with ``--no-store``)."""
    if not store:
        return Kept()
    moves, error = _attempt(lambda: stored_moves(contract, as_of=as_of))
    if moves is None:
        return Kept(error=error)
    restarts, exclude = moves
    recorded, error = _attempt(lambda: recorded_changes(contract))
    if recorded is None:
        return Kept(restarts=restarts, exclude=exclude, error=error)
    return Kept(restarts=restarts, exclude=exclude, recorded=recorded)


def after_scan(
    contract: Path,
    *,
    kept: Kept,
    store: bool,
    report: ScanReport,
    answered: tuple[JudgedChange, ...] = (),
) -> Kept:
    """Keep the scan in the store (unless skipped, or the store already failed); the
    signals a working recorded change answers close (``answered``)."""
    if not store or kept.error is not None:
        return kept
    memory, error = _attempt(lambda: remember(contract, report, answered=answered))
    if memory is None and error is None:
        say(
            err,
            ("! note", "yellow"),
            f"  This scan (as of {report.as_of.isoformat()}) is not kept in the state store: "
            "the store holds a later scan, and signals' lives run forward in time. "
            "Add --no-store when looking back with --as-of.",
        )
    return Kept(
        restarts=kept.restarts,
        exclude=kept.exclude,
        memory=memory,
        error=error,
        recorded=kept.recorded,
    )


def keep_replayed(
    contract: Path, *, kept: Kept, store: bool, report: ScanReport, keeper: Keeper | None = None
) -> Kept:
    """Keep one replayed Monday in the store, quietly (the replay announces each Monday).

    A Monday before the store's latest scan is not kept (signals' lives run forward); the
    replay says so once, at its end (:func:`replay_note`). After a store error, nothing more
    is tried: the replay goes on and the command exits 4 after the report.
    """
    if not store or kept.error is not None:
        return kept
    if keeper is not None:  # the store held open for the whole replay
        memory, error = _attempt(lambda: keeper.remember(report, replay=True))
    else:
        memory, error = _attempt(lambda: remember(contract, report, replay=True))
    return Kept(restarts=kept.restarts, exclude=kept.exclude, memory=memory, error=error)


def stored_feed(contract: Path, *, kept: Kept, store: bool) -> StoreMoves | None:
    """The decisions a replay's Mondays are read against, from one read of the store
    (``None`` with --no-store, or once the store has failed: then no baseline moves)."""
    if not store or kept.error is not None:
        return None
    feed, _ = _attempt(lambda: StoreMoves.read(contract))
    return feed


def caught_up(
    contract: Path, *, kept: Kept, store: bool, as_of: date, scan_as_of: date | None
) -> Kept:
    """Before a kept scan as of ``as_of``: the Mondays the store missed since its latest scan
    replayed into it (:func:`taut.api.catch_up`), announced on standard error as the replay
    announces its Mondays; then what the store says for the scan (``scan_as_of``, as
    :func:`before_scan`). ``kept`` itself when nothing was missed (or no store is used).

    A store that fails on the way keeps the Mondays kept before it; the scan goes on
    without the store and the command exits 4 after the report.
    """
    if not store or kept.error is not None:
        return kept
    days, error = _attempt(lambda: missed_mondays(contract, as_of=as_of))
    if days is None:
        return Kept(error=error)
    if not days:
        return kept
    many = len(days) != 1
    say(
        err,
        ("catching up", "cyan"),
        f"  the state store missed {len(days)} Monday{'s' if many else ''} "
        f"({days[0].isoformat()} to {days[-1].isoformat()}, as of each Sunday): replaying "
        f"{'them' if many else 'it'} into it first, so this scan reads against the "
        "baselines a weekly scan would have.",
    )
    failed: list[StoreError] = []

    def reports() -> Iterator[ScanReport]:
        try:
            for report, _ in catch_up(contract, days=days):
                yield report
        except StoreError as problem:
            failed.append(problem)

    announce_mondays(reports())
    if failed:
        return Kept(error=failed[0])
    return before_scan(contract, store=store, as_of=scan_as_of)


def for_its_day(contract: Path, *, kept: Kept, store: bool, day: date) -> Kept | None:
    """After a scan whose day was known only once the log was read (no --as-of): the
    Mondays the store missed before ``day`` caught up (:func:`caught_up`), then what the
    store says for a scan of ``day``. ``None`` when that is what the scan was given, so
    there is nothing to compute again (the usual case: one more read of the store).

    It differs after a catch-up, and for a rescan of the store's latest day, whose first
    run resolved episodes that a scan of that day must not leave out of its own baselines.
    A store that fails here comes back with its error: the report stands, exit 4.
    """
    if not store or kept.error is not None:
        return None
    after = caught_up(contract, kept=kept, store=store, as_of=day, scan_as_of=day)
    if after is kept:
        after = before_scan(contract, store=store, as_of=day)
    if after.error is None and (after.restarts, after.exclude) == (kept.restarts, kept.exclude):
        return None
    return after


def replay_note(*, skipped: int) -> None:
    """The one note of a replay some of whose Mondays the store already had later scans for."""
    if skipped:
        say(
            err,
            ("! note", "yellow"),
            f"  {skipped} replayed Monday{'s were' if skipped != 1 else ' was'} not kept in "
            "the state store: it holds later scans, and signals' lives run forward in time. "
            "Replay into a new store (TAUT_DATABASE_URL) to keep the whole past.",
        )


def exit_if_failed(kept: Kept) -> None:
    """After the report: the store's message on stderr and exit 4, if it failed."""
    if kept.error is not None:
        raise typer.Exit(report_error(kept.error))
