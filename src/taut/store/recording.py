"""A scan and people's decisions kept in the state store: a signal's life over the database.

The rules are pure (:mod:`taut.store.life`); this module runs them inside the store's
transactions (:mod:`taut.store.database`):

- :func:`record_scan`: one write transaction per scan: read the open signals, the
  decisions and the next free id under the write lock, reconcile, save the scan, its
  signals and its sightings; a rescan of the latest ``as_of`` replaces that scan's rows,
  and a scan of an earlier day is not kept;
- :func:`record_decision`: ``taut signals ack|dismiss|rebaseline``: the decision and the
  signal after it, in one write;
- :func:`stored_moves`: what the store's closed signals give the next scan's baselines
  (``restarts=`` and ``exclude=`` of :func:`taut.api.scan`), from one read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from taut.errors import UsageError
from taut.reinforce.changes import JudgedChange
from taut.signal.report import ScanReport
from taut.store.database import Store
from taut.store.life import answer, answered_on, decide, episodes, reconcile, restarts
from taut.store.records import DecisionKind, Memory, ScanEntry, TrackedSignal


def record_scan(
    store: Store,
    *,
    report: ScanReport,
    now: datetime,
    replay: bool = False,
    answered: Sequence[JudgedChange] = (),
) -> Memory | None:
    """Keep one scan and each signal's life in the store; return what the brief shows.

    Signals live forward in time: a scan of a day before the store's latest scan (a
    back-test with ``--as-of``) cannot be fitted into the lives the later scans gave them,
    so it is not kept and ``None`` is returned (the store is left as it was). A rescan of
    the latest day replaces it.

    Args:
        store: the open store.
        report: the scan.
        now: when the scan ran (its ``ran_at``; decisions made after it are not in force).
        replay: the scan is one of ``taut scan --replay``'s past Mondays.
        answered: the recorded changes with their verdicts as of this scan: a working
            one closes the signals it answers (:func:`taut.store.life.answer`).

    Raises:
        StoreError: the store cannot be read or written; it is left as it was.
    """
    as_of = report.as_of
    with store.writing() as transaction:
        latest = transaction.previous_as_of(date.max)
        if latest is not None and latest > as_of:
            return None
        stored = list(transaction.open_signals())
        # A rescan of this as_of judges again the signals its first run resolved, or closed
        # as answered by a working change (judged as resolved that day, then answered
        # again), so it lists them as settled again (read under the lock: no other writer
        # runs now).
        again = [
            signal.id
            for signal in store.signals()
            if (signal.lifecycle == "resolved" and signal.closed_on == as_of)
            or answered_on(signal, as_of=as_of)
        ]
        stored += [
            dataclasses.replace(transaction.signal(signal_id), lifecycle="resolved")
            for signal_id in again
        ]
        previous = transaction.previous_as_of(as_of)
        # Mondays caught up since the reader's last scan were not seen: what they opened
        # and closed is news to this scan (a replayed Monday's own news is its own).
        seen = None if replay else transaction.previous_as_of(as_of, seen=True)
        news_since = seen if seen is not None and seen != previous else None
        done = reconcile(
            report=report,
            open_signals=stored,
            decisions=transaction.decisions(),
            first_id=transaction.next_id(),
            previous_as_of=previous,
            now=now,
            news_since=news_since,
            closed_since=store.signals() if news_since is not None else (),
        )
        done = answer(done, report=report, judged=answered)
        entry = ScanEntry(
            id=0,
            process=report.process,
            as_of=as_of,
            data_end=report.data_end,
            ran_at=now,
            worst=report.worst_state,
            raised=len(report.signals),
            # The signals this scan first raised, each counted once in the store's history:
            # not the reader's news (a signal opened on a caught-up Monday is new again to
            # the scan after it, but that scan did not raise it first).
            new=sum(signal.first_scan == as_of for signal in done.memory.tracked),
            replay=replay,
        )
        transaction.save_scan(entry, tracked=done.memory.tracked, sightings=done.sightings)
    return done.memory


def record_decision(
    store: Store,
    *,
    signal_id: int,
    kind: DecisionKind,
    now: datetime,
    note: str | None = None,
    until: date | None = None,
    baseline_from: date | None = None,
) -> TrackedSignal:
    """Keep a person's decision on a signal; return the signal after it.

    Raises:
        UsageError: no signal has that id (the message lists the ids there are), or the
            decision cannot be kept (:func:`taut.store.life.decide`).
        StoreError: the store cannot be read or written.
    """
    known = {signal.id: signal for signal in store.signals()}
    if signal_id not in known:
        ids = ", ".join(str(item) for item in sorted(known)[:10])
        more = f" … and {len(known) - 10} more" if len(known) > 10 else ""
        have = f"its signals are {ids}{more}" if known else "it has no signal yet"
        raise UsageError(
            f"Signal {signal_id} is not in the state store {store.name} ({have}). "
            "'taut signals list CONTRACT --all' shows every signal with its id."
        )

    def after(signal: TrackedSignal) -> TrackedSignal:
        changed, _ = decide(
            signal, kind=kind, now=now, note=note, until=until, baseline_from=baseline_from
        )
        return changed

    # Checked here for a clear message, and again under the write lock with the signal as
    # stored then (another taut may have closed it in between).
    _, decision = decide(
        known[signal_id], kind=kind, now=now, note=note, until=until, baseline_from=baseline_from
    )
    return store.add_decision(decision, apply=lambda signal, _: after(signal))


def stored_moves(
    store: Store, *, as_of: date | None = None
) -> tuple[dict[str, date], dict[str, list[tuple[date, date]]]]:
    """Check → the first day of its baseline in a scan (:func:`.life.baselines.restarts`),
    and check → the drift episodes (resolved, or open so far) its baseline leaves out
    (:func:`.life.episodes`), from one read of the store's signals."""
    tracked = store.signals()
    scanned = latest_before(store.scans(), as_of=as_of)
    return restarts(tracked, as_of=as_of), episodes(tracked, as_of=as_of, scanned=scanned)


def latest_before(entries: Iterable[ScanEntry], *, as_of: date | None) -> date | None:
    """The ``as_of`` of the latest scan before ``as_of`` (the latest of all without it)."""
    return max(
        (entry.as_of for entry in entries if as_of is None or entry.as_of < as_of), default=None
    )
