"""The records the state store keeps and hands on: tracked signals, decisions, scans.

These are the interface between the store's parts: :mod:`taut.store.life` (a signal's life
across scans, pure functions over these records), the database layer that persists them, and
the brief, which shows a scan together with its :class:`Memory`. No record holds a person
identifier; a segment is the signal stage's ``{"team": "North"}``-style mapping of the
slice, never a person.

A signal's identity across scans is its :class:`SignalKey` (check, metric, direction). The
segment is not part of it: the same underlying change seen on another segment next week is
the same signal with its segment updated, not a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Lifecycle = Literal[
    "new", "ongoing", "recovering", "resolved", "acknowledged", "dismissed", "rebaselined"
]
"""Where a tracked signal is in its life, as of one scan.

``new``: first raised by this scan (a rescan of the same day keeps it new); ``ongoing``:
raised before and still raised; ``recovering``: still open, its check now recovering, or
settled again and the signal in its week of grace (``settled_on`` set); ``resolved``:
closed, its check held steady again for a week; ``acknowledged``: a person said what is
being done (stays open); ``dismissed``: a temporary cause, left alone until a date; ``rebaselined``:
closed, accepted as the new normal, its check's baseline restarts from a date.
"""

OPEN_LIFECYCLES: tuple[Lifecycle, ...] = (
    "new",
    "ongoing",
    "recovering",
    "acknowledged",
    "dismissed",
)
"""The lifecycles of a signal that is still open (the others are closed for good)."""

DecisionKind = Literal["ack", "dismiss", "rebaseline"]


@dataclass(frozen=True, kw_only=True)
class SignalKey:
    """What makes two scans' signals the same signal: check, metric and direction."""

    check: str
    metric: str
    direction: Literal["up", "down"]


@dataclass(frozen=True, kw_only=True)
class TrackedSignal:
    """One signal as the store knows it after a scan.

    Attributes:
        id: the store's number for it, what ``taut signals ack ID`` takes.
        area, check, metric, direction: as the signal stage reported them.
        segment: the slice it was last seen on (``None``: the whole check).
        lifecycle: where it is in its life as of ``last_seen``.
        state: the signal stage's state at the last scan that saw it (e.g. ``drifting``).
        first_raised: the ``raised`` date of the scan that first raised it; never re-dated.
        first_scan: the ``as_of`` of the scan that first raised it (``new`` while equal).
        last_seen: the ``as_of`` of the last scan that saw it open.
        closed_on: the day it was resolved or rebaselined (``None`` while open).
        note: the note of the last decision on it (ack, dismiss, rebaseline).
        until: a dismissal's expiry (``None``: not dismissed).
        baseline_from: a rebaseline's date: its check's baseline restarts there.
        settled_on: the ``as_of`` of the first scan of the current run that saw its check
            settled (steady or improved): the start of its week of grace, kept when it
            resolves (``None``: its check has not settled since it last slipped).
    """

    id: int
    area: str
    check: str
    metric: str
    direction: Literal["up", "down"]
    segment: dict[str, str] | None
    lifecycle: Lifecycle
    state: str
    first_raised: date
    first_scan: date
    last_seen: date
    closed_on: date | None = None
    note: str | None = None
    until: date | None = None
    baseline_from: date | None = None
    settled_on: date | None = None

    @property
    def key(self) -> SignalKey:
        """Its identity across scans."""
        return SignalKey(check=self.check, metric=self.metric, direction=self.direction)

    def age_weeks(self, *, as_of: date) -> int:
        """Whole weeks it has been open as of ``as_of`` (0 in its first week): from its first
        raising to ``as_of``, or to the day it closed when that is earlier.

        The one rule for a signal's age on every face (the briefs' "open 4 weeks" and "after
        4 weeks open", ``taut signals list``, ``taut history``, JSON's ``age_weeks``), each
        counting to the day its reader is at: a scan's ``as_of``, or the store's latest
        scan. Never to ``last_seen``: a signal the latest scan could not judge is still
        open, and a closed one was open until it closed.

        >>> one = TrackedSignal(id=1, area="A", check="c", metric="share_missed",
        ...     direction="up", segment=None, lifecycle="ongoing", state="drifting",
        ...     first_raised=date(2026, 1, 1), first_scan=date(2026, 1, 4),
        ...     last_seen=date(2026, 1, 18))
        >>> one.age_weeks(as_of=date(2026, 1, 25))
        3
        >>> from dataclasses import replace
        >>> closed = replace(one, lifecycle="resolved", closed_on=date(2026, 1, 15))
        >>> closed.age_weeks(as_of=date(2026, 1, 25)), closed.age_weeks(as_of=date(2026, 1, 8))
        (2, 1)
        """
        end = min(self.closed_on or as_of, as_of)
        return max(0, (end - self.first_raised).days // 7)


@dataclass(frozen=True, kw_only=True)
class Decision:
    """A person's decision on a signal (who made it is never stored).

    ``ack`` carries a ``note``; ``dismiss`` a ``note`` and an ``until`` date; ``rebaseline``
    a ``baseline_from`` date (and optionally a note).
    """

    signal_id: int
    kind: DecisionKind
    made_at: datetime
    note: str | None = None
    until: date | None = None
    baseline_from: date | None = None


@dataclass(frozen=True, kw_only=True)
class ScanEntry:
    """One stored scan, a line of ``taut history``."""

    id: int
    process: str
    as_of: date
    data_end: str
    ran_at: datetime
    worst: str
    raised: int
    new: int
    replay: bool = False


@dataclass(frozen=True, kw_only=True)
class Sighting:
    """What one scan saw of one tracked signal: a line of the signal's history.

    Attributes:
        signal_id: the tracked signal's id.
        as_of: the scan's ``as_of``.
        segment: the slice it was seen on that day (``None``: the whole check).
        state: the signal stage's state that day (e.g. ``drifting``, ``recovering``).
        lifecycle: the signal's lifecycle as of that scan.
        baseline: the metric's value over the baseline (``None``: not measured).
        current: the metric's value in the recent window (``None``: not measured).
        cases: how many cases the recent value rests on (``None``: not counted).
    """

    signal_id: int
    as_of: date
    segment: dict[str, str] | None
    state: str
    lifecycle: Lifecycle
    baseline: float | None = None
    current: float | None = None
    cases: int | None = None


@dataclass(frozen=True, kw_only=True)
class SignalHistory:
    """A tracked signal with every scan's sighting of it, oldest first."""

    signal: TrackedSignal
    sightings: tuple[Sighting, ...]


@dataclass(frozen=True, kw_only=True)
class History:
    """What ``taut history`` shows: the stored scans and signals' lives, oldest first.

    Attributes:
        scans: every stored scan, by ``as_of``.
        signals: each tracked signal (of one check, or all) with its sightings, by id.
    """

    scans: tuple[ScanEntry, ...]
    signals: tuple[SignalHistory, ...]


@dataclass(frozen=True, kw_only=True)
class Memory:
    """What the store adds to one scan's report: each signal's life, and what closed.

    Attributes:
        as_of: the scan's ``as_of``.
        previous_as_of: the ``as_of`` of the scan before it in the store (``None``: first).
        tracked: every signal this scan saw open, and those it closed (resolved since the
            previous scan), in the order the brief shows them.
    """

    as_of: date
    previous_as_of: date | None
    tracked: tuple[TrackedSignal, ...]

    def find(self, key: SignalKey) -> TrackedSignal | None:
        """The tracked signal with this identity, if the store knows it."""
        return next((item for item in self.tracked if item.key == key), None)

    def of(self, lifecycle: Lifecycle) -> tuple[TrackedSignal, ...]:
        """The tracked signals in one lifecycle."""
        return tuple(item for item in self.tracked if item.lifecycle == lifecycle)
