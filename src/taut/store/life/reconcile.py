"""One scan against the store: the Memory the brief shows, and the rows to save.

:func:`reconcile` takes a scan's report and what the store holds (the open tracked
signals, the decisions on them, the next free id) and returns a :class:`Reconciled`:

1. each open signal is matched to its check in the scan by its
   :class:`~taut.store.records.SignalKey` (:mod:`~taut.store.life.match`) and takes its
   lifecycle from the rules (:mod:`~taut.store.life.rules`) and the latest decision on it
   (:mod:`~taut.store.life.decisions`); when its check's lead slice has the same key and
   moved segment, the signal's segment moves with it (it never becomes a new signal); a
   check seen settled starts (or keeps) the signal's week of grace (``settled_on``), and
   the signal resolves only at a settled scan at least a week after that day;
2. every drifting lead slice whose key has no open signal opens one: ``new``, first raised
   on the slice's ``raised`` date, first scanned on this ``as_of``;
3. the Memory lists every signal the scan saw open, then those it closed.

A rescan of the same ``as_of`` gives the same Memory and saves the same rows: signals it
opened are still ``new`` (their ``first_scan`` is this ``as_of``), and a signal it resolved
is judged again when the store passes it back (``open_signals`` may hold signals
``resolved`` on this very ``as_of``; other closed signals in it are ignored); a signal in
its grace keeps the ``settled_on`` the first run gave it (a day not after this ``as_of``),
so the rescan finds the same grace, and a signal resolved at the end of its grace is
resolved again. A rescan of
changed data replaces the day's scan as if only it had run: a signal its earlier run opened
takes the rescan's segment and ``raised`` day, or, when the rescan does not raise it and
nobody has decided on it, is left out (the store drops it with the replaced scan). One
thing of the replaced run is not undone: a signal whose grace that run ended (its check
worse) and which the rescan sees settled starts its grace again on this ``as_of``.
Scans are reconciled in ``as_of`` order: a scan of a day before the store's latest is not
kept (:func:`taut.store.recording.record_scan`). Decisions
made after ``now`` are not in force yet (a replay of past Mondays is not muted by a
dismissal made today).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from taut.signal.report import ScanReport
from taut.store.life.decisions import apply_decision, latest_decisions, standing
from taut.store.life.match import ScanSlices, key_of, scan_slices
from taut.store.life.rules import GRACE_DAYS, course_of, lifecycle, settled_since
from taut.store.records import (
    OPEN_LIFECYCLES,
    Decision,
    Memory,
    Sighting,
    SignalKey,
    TrackedSignal,
)


@dataclass(frozen=True, kw_only=True)
class Reconciled:
    """What one scan adds to the store.

    Attributes:
        memory: what the brief shows beside the report.
        opened: the signals this scan opened (to insert).
        updated: the stored signals this scan changed (to update by id).
        sightings: one per signal in ``memory``: its lifecycle, state and segment, and its
            lead slice's baseline, current value and cases when the lead is this signal.
        next_id: the next free id after the opened ones.
    """

    memory: Memory
    opened: tuple[TrackedSignal, ...]
    updated: tuple[TrackedSignal, ...]
    sightings: tuple[Sighting, ...]
    next_id: int

    @property
    def signals(self) -> tuple[TrackedSignal, ...]:
        """Every row to save: opened, then updated."""
        return (*self.opened, *self.updated)


def _carried(signals: Iterable[TrackedSignal], *, as_of: date) -> dict[SignalKey, TrackedSignal]:
    """One stored signal per key to judge: the open one, else one resolved on ``as_of``."""
    found: dict[SignalKey, TrackedSignal] = {}
    for signal in sorted(signals, key=lambda item: item.id):
        is_open = signal.lifecycle in OPEN_LIFECYCLES
        if not is_open and not (signal.lifecycle == "resolved" and signal.closed_on == as_of):
            continue
        before = found.get(signal.key)
        if before is None or (is_open and before.lifecycle not in OPEN_LIFECYCLES):
            found[signal.key] = signal
    return found


def _judge(
    signal: TrackedSignal,
    *,
    slices: ScanSlices,
    decision: Decision | None,
    as_of: date,
    grace_days: int,
    news_since: date | None = None,
) -> TrackedSignal:
    """The stored signal as this scan leaves it (``news_since``: :func:`reconcile`)."""
    course = course_of(signal.check, slices=slices)
    where = standing(decision, as_of=as_of)
    settled = settled_since(course=course, settled_on=signal.settled_on, as_of=as_of)
    life = lifecycle(
        course=course,
        first_scan=as_of <= signal.first_scan
        or (news_since is not None and signal.first_scan > news_since),
        standing=where,
        settled_days=None if settled is None else (as_of - settled).days,
        grace_days=grace_days,
        before=signal.lifecycle,
    )
    if life == "rebaselined" and decision is not None:
        return apply_decision(signal, decision=decision)
    lead = slices.leads.get(signal.check)
    note = decision.note if decision is not None else signal.note
    until = decision.until if decision is not None and where == "dismissed" else None
    if life == "resolved":
        state = lead.state if lead is not None else "steady"
        return dataclasses.replace(
            signal,
            lifecycle=life,
            state=state,
            closed_on=as_of,
            note=note,
            until=until,
            settled_on=settled,
        )
    seen = dataclasses.replace(
        signal, lifecycle=life, closed_on=None, note=note, until=until, settled_on=settled
    )
    if course == "settled" and lead is None:  # held steady: seen, its segment kept
        return dataclasses.replace(seen, state="steady", last_seen=as_of)
    if lead is None:  # not judged by this scan: neither re-seen nor closed
        return seen
    if key_of(lead) != signal.key:
        return dataclasses.replace(seen, state=lead.state, last_seen=as_of)
    raised = signal.first_raised
    if as_of == signal.first_scan and lead.state == "drifting":  # a rescan of its first day
        raised = lead.raised if lead.raised is not None else as_of
    return dataclasses.replace(
        seen, state=lead.state, segment=lead.segment, last_seen=as_of, first_raised=raised
    )


def _replaced(signal: TrackedSignal, *, slices: ScanSlices, decided: set[int], as_of: date) -> bool:
    """A signal only an earlier run of this same scan opened, which this run does not raise:
    it goes, as if only this run had happened (unless someone has decided on it)."""
    if signal.first_scan != as_of or signal.id in decided:
        return False
    lead = slices.leads.get(signal.check)
    return lead is None or lead.state != "drifting" or key_of(lead) != signal.key


def _opened(
    slices: ScanSlices, *, known: set[SignalKey], first_id: int, as_of: date
) -> list[TrackedSignal]:
    opened: list[TrackedSignal] = []
    for lead in slices.opening():
        if key_of(lead) in known:
            continue
        opened.append(
            TrackedSignal(
                id=first_id + len(opened),
                area=lead.area,
                check=lead.check,
                metric=lead.metric,
                direction=lead.direction,
                segment=lead.segment,
                lifecycle="new",
                state=lead.state,
                first_raised=lead.raised if lead.raised is not None else as_of,
                first_scan=as_of,
                last_seen=as_of,
            )
        )
    return opened


def _sighting(signal: TrackedSignal, *, slices: ScanSlices, as_of: date) -> Sighting:
    """What this scan saw of a signal: its lead slice's figures when the lead is this signal."""
    lead = slices.leads.get(signal.check)
    mine = lead is not None and key_of(lead) == signal.key
    return Sighting(
        signal_id=signal.id,
        as_of=as_of,
        segment=signal.segment,
        state=signal.state,
        lifecycle=signal.lifecycle,
        baseline=lead.baseline if lead is not None and mine else None,
        current=lead.current if lead is not None and mine else None,
        cases=lead.cases if lead is not None and mine else None,
    )


def reconcile(
    *,
    report: ScanReport,
    open_signals: Iterable[TrackedSignal],
    decisions: Iterable[Decision],
    first_id: int,
    previous_as_of: date | None,
    now: datetime,
    grace_days: int = GRACE_DAYS,
    news_since: date | None = None,
    closed_since: Iterable[TrackedSignal] = (),
) -> Reconciled:
    """One scan's Memory and the rows it saves (module docstring).

    Args:
        report: the scan.
        open_signals: the store's open tracked signals (and any it resolved on this
            ``as_of``, for a rescan); other closed signals are ignored.
        decisions: the decisions recorded on them; the latest of each signal is in force.
        first_id: the store's next free signal id.
        previous_as_of: the ``as_of`` of the store's scan before this one (``None``: first).
        now: when the scan runs; decisions made after it are not in force yet.
        grace_days: how long a check must stay settled before its signal resolves
            (:data:`~taut.store.life.rules.GRACE_DAYS`; 0 gives the rule before the grace,
            for ``benchmarks/grace.py``).
        news_since: the ``as_of`` of the last scan a reader saw, when Mondays were caught
            up unseen since (:func:`taut.api.catch_up`; ``None``: every scan was seen, or
            this is a replayed one): a still-open signal first opened after it is ``new``
            (what ``--fail-on new`` and ``--notify`` act on), the Memory's
            ``previous_as_of`` is that day, and the signals of ``closed_since`` closed
            after it are listed as settled since then.
        closed_since: closed signals the store holds (only those closed after
            ``news_since`` and before this ``as_of`` are listed).
    """
    as_of = report.as_of
    slices = scan_slices(report)
    stored = list(open_signals)
    made = list(decisions)
    decided = {decision.signal_id for decision in made}
    carried = {
        key: signal
        for key, signal in _carried(stored, as_of=as_of).items()
        if not _replaced(signal, slices=slices, decided=decided, as_of=as_of)
    }
    in_force = latest_decisions(made, now=now)
    judged = [
        _judge(
            signal,
            slices=slices,
            decision=in_force.get(signal.id),
            as_of=as_of,
            grace_days=grace_days,
            news_since=news_since,
        )
        for signal in carried.values()
    ]
    start = max([first_id, *(signal.id + 1 for signal in stored)])
    opened = _opened(slices, known=set(carried), first_id=start, as_of=as_of)

    def order(signal: TrackedSignal) -> tuple[bool, int, bool, int]:
        lead = slices.leads.get(signal.check)
        return (
            signal.lifecycle not in OPEN_LIFECYCLES,
            slices.rank(signal.check),
            lead is None or key_of(lead) != signal.key,
            signal.id,
        )

    seen = tuple(sorted([*judged, *opened], key=order))
    listed = {signal.id for signal in seen}
    # Closed between the reader's last scan and this one (on Mondays caught up unseen):
    # listed as settled since then, as they stand (nothing of them changes now).
    unseen = tuple(
        signal
        for signal in sorted(closed_since, key=lambda item: item.id)
        if signal.id not in listed
        and signal.lifecycle not in OPEN_LIFECYCLES
        and signal.closed_on is not None
        and news_since is not None
        and news_since < signal.closed_on < as_of
    )
    before = {signal.id: signal for signal in stored}
    return Reconciled(
        memory=Memory(
            as_of=as_of,
            previous_as_of=news_since if news_since is not None else previous_as_of,
            tracked=(*seen, *unseen),
        ),
        opened=tuple(opened),
        updated=tuple(signal for signal in judged if before.get(signal.id) != signal),
        sightings=tuple(_sighting(signal, slices=slices, as_of=as_of) for signal in seen),
        next_id=start + len(opened),
    )
