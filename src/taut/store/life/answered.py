"""Signals answered by a working change: closed, their check's baseline restarting on the
change's day.

A recorded change (``taut reinforce apply``) that taut judges ``working`` (or
``relapsing``: it worked first) moves its check to the steadier normal it made: the scan
restarts the check's baseline on the change's day (:func:`taut.api.change_restarts`), so
the old drift is no longer measured against the old normal. This step, after
:func:`~taut.store.life.reconcile.reconcile`, closes the check's open signals as answered
by it: ``rebaselined`` from the change's day, with a note naming the change. Being
rebaselined, they keep the restart in every later scan
(:func:`~taut.store.life.baselines.restarts`), whatever later verdicts say; and no new
signal is raised from the old drift.

The rules, each a row of ``tests/store/life/test_answered.py``:

- only a change on the whole check answers (a change on one segment does not move the
  check's baseline), made on or before the scan's ``as_of``;
- a change naming its signal answers that signal only; one naming none, every open signal
  of its check;
- a signal whose check the scan sees drifting or loosening even against the new normal
  stays open (that is a drift of its own, not the old one); one not judged (the new
  baseline still filling), recovering or settled closes;
- a signal the scan resolves is closed as answered instead, so the restart is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from taut.reinforce.changes import JudgedChange
from taut.signal.report import ScanReport
from taut.store.life.match import scan_slices
from taut.store.life.reconcile import Reconciled
from taut.store.life.rules import course_of
from taut.store.records import OPEN_LIFECYCLES, Memory, TrackedSignal

ANSWERING = ("working", "relapsing")

ANSWERED_NOTE = "answered by change"
"""How the note of a signal a change answered begins (what :func:`answered_on` looks for)."""


def answered_on(signal: TrackedSignal, *, as_of: object) -> bool:
    """Whether ``signal`` was closed as answered by a change on the scan day ``as_of``: a
    rescan of that day judges it again, as it judges the signals that day resolved."""
    return (
        signal.lifecycle == "rebaselined"
        and signal.closed_on == as_of
        and (signal.note or "").startswith(ANSWERED_NOTE)
    )


"""The verdicts whose change settles its check under a new baseline."""


def _answering(
    signal: TrackedSignal, *, judged: Sequence[JudgedChange], report: ScanReport
) -> JudgedChange | None:
    """The latest working change that answers ``signal`` in this scan, if any."""
    found = [
        item
        for item in judged
        if item.effect.verdict in ANSWERING
        and not item.change.segment
        and item.change.check == signal.check
        and item.change.applied_on <= report.as_of
        and item.change.signal_id in (None, signal.id)
    ]
    return max(found, key=lambda item: (item.change.applied_on, item.change.id), default=None)


def answer(
    reconciled: Reconciled, *, report: ScanReport, judged: Sequence[JudgedChange]
) -> Reconciled:
    """``reconciled`` with each signal a working change answers closed (module docstring)."""
    if not judged:
        return reconciled
    slices = scan_slices(report)
    closed: dict[int, TrackedSignal] = {}
    for signal in reconciled.memory.tracked:
        open_now = signal.lifecycle in OPEN_LIFECYCLES
        resolved_now = signal.lifecycle == "resolved" and signal.closed_on == report.as_of
        if not (open_now or resolved_now):
            continue
        if course_of(signal.check, slices=slices) == "worse":
            continue
        change = _answering(signal, judged=judged, report=report)
        if change is None:
            continue
        closed[signal.id] = dataclasses.replace(
            signal,
            lifecycle="rebaselined",
            closed_on=report.as_of,
            baseline_from=change.change.applied_on,
            until=None,
            note=(
                f"{ANSWERED_NOTE} {change.change.id} ({change.change.change}), judged "
                f"{change.effect.verdict}"
            ),
        )
    if not closed:
        return reconciled
    tracked = tuple(closed.get(item.id, item) for item in reconciled.memory.tracked)
    sightings = tuple(
        dataclasses.replace(item, lifecycle=closed[item.signal_id].lifecycle)
        if item.signal_id in closed
        else item
        for item in reconciled.sightings
    )
    opened = {item.id for item in reconciled.opened}
    return dataclasses.replace(
        reconciled,
        memory=Memory(
            as_of=reconciled.memory.as_of,
            previous_as_of=reconciled.memory.previous_as_of,
            tracked=tracked,
        ),
        opened=tuple(closed.get(item.id, item) for item in reconciled.opened),
        updated=(
            *(item for item in reconciled.updated if item.id not in closed),
            *(item for item in closed.values() if item.id not in opened),
        ),
        sightings=sightings,
    )
