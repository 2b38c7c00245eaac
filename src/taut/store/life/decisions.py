"""People's decisions on a signal: acknowledge, dismiss until a day, rebaseline from a day.

A decision is recorded as a :class:`~taut.store.records.Decision` (who made it is never
kept) and laid over the signal at once by :func:`decide`, so ``taut signals list`` shows it
before the next scan. Every later scan lays the **latest** decision on each signal over
what its check did (:func:`standing`, :mod:`taut.store.life.rules`):

- ``ack`` (a note on what is being done): the signal stays ``acknowledged`` while it is
  open, shown with its age and the note;
- ``dismiss`` (a note and a day): ``dismissed``, muted in the brief, through that day;
  a scan whose ``as_of`` is past it sees the signal as its check's course says again
  (``ongoing``, ``recovering``). The day is compared with the scan's ``as_of``, the last
  day of data it saw, so a rescan of an old day says what was true that day;
- ``rebaseline`` (a day, optionally a note): accepted as the new normal. The signal is
  closed for good (``rebaselined``) and its check's baseline restarts that day in every
  later scan (:func:`taut.store.life.baselines.restarts`). If the check still drifts
  against its new normal, that is a new signal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from taut.errors import UsageError
from taut.store.life.rules import Standing
from taut.store.records import OPEN_LIFECYCLES, Decision, DecisionKind, TrackedSignal

_VERBS: dict[DecisionKind, str] = {
    "ack": "acknowledged",
    "dismiss": "dismissed",
    "rebaseline": "rebaselined",
}


def moment(when: datetime) -> datetime:
    """A time as an aware UTC time (a naive one, as a database may return it, is UTC)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def latest_decisions(
    decisions: Iterable[Decision], *, now: datetime | None = None
) -> dict[int, Decision]:
    """Each signal's latest decision (by ``made_at``; of two at once, the later listed).

    Decisions made after ``now`` (when given) are not in force yet and are left out.
    """
    found: dict[int, Decision] = {}
    for decision in decisions:
        if now is not None and moment(decision.made_at) > moment(now):
            continue
        before = found.get(decision.signal_id)
        if before is None or moment(decision.made_at) >= moment(before.made_at):
            found[decision.signal_id] = decision
    return found


def standing(decision: Decision | None, *, as_of: date) -> Standing:
    """Where a signal's latest decision leaves it as of a scan's ``as_of``.

    >>> made = datetime(2026, 1, 5, 9, 0)
    >>> standing(Decision(signal_id=1, kind="dismiss", made_at=made, note="audit",
    ...     until=date(2026, 1, 18)), as_of=date(2026, 1, 18))
    'dismissed'
    >>> standing(Decision(signal_id=1, kind="dismiss", made_at=made, note="audit",
    ...     until=date(2026, 1, 18)), as_of=date(2026, 1, 25))
    'expired'
    """
    if decision is None:
        return "none"
    if decision.kind == "ack":
        return "acknowledged"
    if decision.kind == "rebaseline":
        return "rebaselined"
    if decision.until is not None and as_of <= decision.until:
        return "dismissed"
    return "expired"


def apply_decision(signal: TrackedSignal, *, decision: Decision) -> TrackedSignal:
    """The signal with a decision's note, day and lifecycle laid over it (no checks)."""
    note = decision.note  # the note of the last decision on it, none when it has none
    if decision.kind == "ack":
        return dataclasses.replace(signal, lifecycle="acknowledged", note=note, until=None)
    if decision.kind == "dismiss":
        return dataclasses.replace(signal, lifecycle="dismissed", note=note, until=decision.until)
    return dataclasses.replace(
        signal,
        lifecycle="rebaselined",
        note=note,
        until=None,
        closed_on=moment(decision.made_at).date(),
        baseline_from=decision.baseline_from,
    )


def decide(
    signal: TrackedSignal,
    *,
    kind: DecisionKind,
    now: datetime,
    note: str | None = None,
    until: date | None = None,
    baseline_from: date | None = None,
) -> tuple[TrackedSignal, Decision]:
    """A person's decision on a stored signal: the decision to record, and the signal after it.

    Args:
        signal: the signal as the store holds it.
        kind: ``ack``, ``dismiss`` or ``rebaseline``.
        now: when the decision is made (its ``made_at``; today is ``now``'s UTC day).
        note: what is being done (required for ``ack`` and ``dismiss``).
        until: the last day a dismissal mutes the signal (``dismiss``; after today).
        baseline_from: the first day of the check's new normal (``rebaseline``; not after
            today).

    Raises:
        UsageError: the signal is closed, a note is missing or empty, or a day is on the
            wrong side of today. The message names the value and the fix.
    """
    today = moment(now).date()
    verb = _VERBS[kind]
    if signal.lifecycle not in OPEN_LIFECYCLES:
        closed = f" on {signal.closed_on.isoformat()}" if signal.closed_on is not None else ""
        raise UsageError(
            f"Signal {signal.id} ({signal.check}, {signal.metric}) was {signal.lifecycle}"
            f"{closed}: only an open signal can be {verb}. "
            "'taut signals list CONTRACT' shows the open signals and their ids."
        )
    text = None if note is None else note.strip()
    if kind in ("ack", "dismiss") and not text:
        raise UsageError(
            f"--note is empty: say in a few words what is being done about signal "
            f"{signal.id} ({signal.check}), e.g. --note 'new triage rota from Monday'."
        )
    if kind == "dismiss" and (until is None or until <= today):
        shown = "missing" if until is None else f"{until.isoformat()} is not after today"
        raise UsageError(
            f"--until {shown} ({today.isoformat()}): a dismissal mutes signal {signal.id} "
            f"through a day still to come, e.g. --until {(today + timedelta(days=14)).isoformat()}."
        )
    if kind == "rebaseline" and (baseline_from is None or baseline_from > today):
        shown = (
            "missing" if baseline_from is None else f"{baseline_from.isoformat()} is after today"
        )
        raise UsageError(
            f"--from {shown} ({today.isoformat()}): the new normal of {signal.check} starts on "
            f"a day the log can already hold, e.g. --from {signal.first_raised.isoformat()} "
            "(the day the signal was first raised)."
        )
    decision = Decision(
        signal_id=signal.id,
        kind=kind,
        made_at=now,
        note=text or None,
        until=until if kind == "dismiss" else None,
        baseline_from=baseline_from if kind == "rebaseline" else None,
    )
    return apply_decision(signal, decision=decision), decision
