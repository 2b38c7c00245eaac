"""A signal's life in a brief: what is new this week, what is still open, what settled.

The state store remembers each signal across scans (:class:`taut.store.records.Memory`).
A brief given that memory matches it to the report's slices by
:class:`~taut.store.records.SignalKey` (check, metric, direction; the segment is not part
of it) and splits the signals into three sections:

- **New this week**: the tracked signals whose lifecycle is ``new`` (first raised by this
  scan; a rescan of the same day keeps them new);
- **Still open**: the other open ones (``ongoing``, ``recovering``, ``acknowledged``,
  ``dismissed``), each with its age in weeks since it was first raised, an
  acknowledgment's note or a dismissal's expiry; one in its week of grace (its check
  settled again, :mod:`taut.store.life.rules`) says since when and the day from which a
  scan resolves it if its check holds (:func:`grace_words`), with the note it kept;
- **Settled since last scan**: the closed ones the memory holds (``resolved`` at the end
  of its grace, or ``rebaselined``, since the previous scan), each with how long it was
  open. A signal in its grace is not among them.

A report slice the memory does not know (or knows only as closed) is shown as it is without
a memory. The age reads from :meth:`~taut.store.records.TrackedSignal.age_weeks` and the
counting words from :mod:`taut.words`, so "0 weeks" reads "first raised this week" and
"1 weeks" never appears:

>>> one = TrackedSignal(id=7, area="A", check="ack", metric="missed", direction="up",
...     segment=None, lifecycle="acknowledged", state="drifting",
...     first_raised=date(2026, 10, 12), first_scan=date(2026, 10, 18),
...     last_seen=date(2026, 11, 15), note="New rota from Monday")
>>> life_words(one, as_of=date(2026, 11, 15))
'open 4 weeks, first raised 2026-10-12; acknowledged: "New rota from Monday"'
>>> life_words(one, as_of=date(2026, 10, 18))
'first raised this week (2026-10-12); acknowledged: "New rota from Monday"'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from taut.brief.wording import signal_line, table_cells
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.life.rules import grace_ends
from taut.store.records import OPEN_LIFECYCLES, Memory, SignalKey, TrackedSignal
from taut.words import METRIC_NAMES, count_words, counted, where

NEW_TITLE = "New this week"
"""The section of the signals first raised by this scan."""

OPEN_TITLE = "Still open"
"""The section of the signals raised before and not closed."""

CLOSED_TITLE = "Settled since last scan"
"""The section of the signals resolved or rebaselined since the previous scan."""


@dataclass(frozen=True, kw_only=True)
class Lived:
    """A tracked signal and the slice of this scan that shows it.

    Attributes:
        tracked: what the store knows of it.
        signal: its slice in this scan (``None``: open in the store, but this scan's lead
            slice of its check is another metric, or the check could not be judged).
        raised: whether the slice is among the report's raised signals (else watched).
    """

    tracked: TrackedSignal
    signal: Signal | None
    raised: bool


@dataclass(frozen=True, kw_only=True)
class SinceLastScan:
    """The report's signals sorted by their life (module docstring).

    Attributes:
        as_of: the scan's day.
        previous_as_of: the previous scan's day in the store (``None``: the first scan).
        new: the tracked signals new this week, report order (raised, then watched).
        still_open: the other open ones, report order, then those not in the report.
        settled: the closed ones, in the memory's order.
        signals: the report's raised signals the memory does not know as open.
        watching: the report's watched slices the memory does not know as open.
    """

    as_of: date
    previous_as_of: date | None
    new: tuple[Lived, ...]
    still_open: tuple[Lived, ...]
    settled: tuple[TrackedSignal, ...]
    signals: tuple[Signal, ...]
    watching: tuple[Signal, ...]


def tracked_of(memory: Memory, signal: Signal) -> TrackedSignal | None:
    """The tracked signal with ``signal``'s identity (its :class:`SignalKey`: check, metric,
    direction; never its segment): an open one first, else one closed since the last scan."""
    key = SignalKey(check=signal.check, metric=signal.metric, direction=signal.direction)
    same = [item for item in memory.tracked if item.key == key]
    return next((item for item in same if item.lifecycle in OPEN_LIFECYCLES), None) or next(
        iter(same), None
    )


def checked(report: ScanReport, memory: Memory) -> Memory:
    """``memory``, checked to be of the same scan as ``report``.

    Raises:
        ValueError: when the two are of different days.
    """
    if memory.as_of != report.as_of:
        raise ValueError(
            f"The memory is of the scan as of {memory.as_of.isoformat()} but the report is "
            f"as of {report.as_of.isoformat()}; pass the memory the store returned with "
            "this same report."
        )
    return memory


def since_last_scan(report: ScanReport, *, memory: Memory) -> SinceLastScan:
    """The report's signals and watched slices sorted into new, still open and settled.

    Raises:
        ValueError: when the memory is not of this report's scan.
    """
    checked(report, memory)
    new: list[Lived] = []
    still: list[Lived] = []
    plain: dict[bool, list[Signal]] = {True: [], False: []}
    shown: set[int] = set()
    for raised, signals in ((True, report.signals), (False, report.watching)):
        for signal in signals:
            tracked = tracked_of(memory, signal)
            if tracked is None or tracked.lifecycle not in OPEN_LIFECYCLES:
                plain[raised].append(signal)
                continue
            shown.add(tracked.id)
            lived = Lived(tracked=tracked, signal=signal, raised=raised)
            (new if tracked.lifecycle == "new" else still).append(lived)
    for tracked in memory.tracked:
        if tracked.lifecycle in OPEN_LIFECYCLES and tracked.id not in shown:
            lived = Lived(tracked=tracked, signal=None, raised=False)
            (new if tracked.lifecycle == "new" else still).append(lived)
    return SinceLastScan(
        as_of=memory.as_of,
        previous_as_of=memory.previous_as_of,
        new=tuple(new),
        still_open=tuple(still),
        settled=tuple(item for item in memory.tracked if item.lifecycle not in OPEN_LIFECYCLES),
        signals=tuple(plain[True]),
        watching=tuple(plain[False]),
    )


def has_new(report: ScanReport, *, memory: Memory | None) -> bool:
    """Whether the scan raised a new signal, what ``taut scan --fail-on new`` exits 1 on.

    With a memory, a tracked signal in lifecycle ``new``; without one (no store, or
    ``--no-store``) taut cannot tell new from still open, so every drifting signal or
    watched slice (what would open a tracked signal) counts as new.
    """
    if memory is None:
        return any(item.state == "drifting" for item in (*report.signals, *report.watching))
    return bool(checked(report, memory).of("new"))


def weeks_words(weeks: int) -> str:
    """A whole number of weeks, ``1 week``, ``5 weeks``.

    >>> weeks_words(1), weeks_words(5)
    ('1 week', '5 weeks')
    """
    return counted(weeks, "week", digits=True)


def age_words(tracked: TrackedSignal, *, as_of: date) -> str:
    """How long since it was first raised: ``open 5 weeks, first raised 2026-10-12``.

    In its first week, ``first raised this week (2026-10-12)``; a new signal whose first
    raising this scan dates back weeks (the signal stage dates a raising to the day a daily
    scan would have made it), ``first raised 2026-10-12, 3 weeks ago``.
    """
    weeks = tracked.age_weeks(as_of=as_of)
    first = tracked.first_raised.isoformat()
    if weeks == 0:
        return f"first raised this week ({first})"
    if tracked.lifecycle == "new":
        return f"first raised {first}, {weeks_words(weeks)} ago"
    return f"open {weeks_words(weeks)}, first raised {first}"


def age_cell(tracked: TrackedSignal, *, as_of: date) -> str:
    """Its age for a table: ``this week`` or ``5 weeks``."""
    weeks = tracked.age_weeks(as_of=as_of)
    return "this week" if weeks == 0 else weeks_words(weeks)


def quoted(note: str) -> str:
    r"""A person's note in quotes, on one line (a line break in it cannot start a fake line
    of the brief; each renderer escapes the rest for its format).

    >>> quoted("Rota changed.\n  ! fake signal")
    '"Rota changed. ! fake signal"'
    """
    return f'"{" ".join(note.split())}"'


def steady_since(tracked: TrackedSignal) -> date | None:
    """The day its check was first seen settled again, for a signal in its week of grace or
    resolved at its end (``None`` for any other, and for one resolved before the grace)."""
    return tracked.settled_on if tracked.lifecycle in ("new", "recovering", "resolved") else None


def grace_waits(tracked: TrackedSignal, *, as_of: date) -> bool:
    """Whether a signal in its grace waits for a scan to judge its check: the week is over
    by ``as_of`` but no scan since its check was last seen has judged it (its baseline too
    thin to be sure, say), so only a later scan that sees it hold can resolve it."""
    since = steady_since(tracked)
    return (
        tracked.lifecycle in ("recovering", "new")
        and since is not None
        and as_of >= grace_ends(since)
        and tracked.last_seen < as_of
    )


def grace_words(
    tracked: TrackedSignal, *, as_of: date, day: Callable[[date], str] = date.isoformat
) -> str:
    """For a signal in its week of grace (open, its check settled again), since when and
    when it resolves if its check holds, as of the scan of ``as_of``; empty for any other.
    One whose week is over with no scan since to judge its check says so
    (:func:`grace_waits`), never a day long past.

    >>> one = TrackedSignal(id=7, area="A", check="ack", metric="missed", direction="up",
    ...     segment=None, lifecycle="recovering", state="steady",
    ...     first_raised=date(2026, 4, 12), first_scan=date(2026, 4, 12),
    ...     last_seen=date(2026, 5, 3), settled_on=date(2026, 5, 3))
    >>> grace_words(one, as_of=date(2026, 5, 3))
    'steady again since 2026-05-03; resolves at the first scan from 2026-05-10 if it holds'
    >>> print(grace_words(one, as_of=date(2026, 6, 28)))  # doctest: +NORMALIZE_WHITESPACE
    steady again when last judged, on 2026-05-03; not judged since, so it resolves at the
    first scan that sees it hold
    """
    since = steady_since(tracked)
    # In its grace: recovering, or new to a reader who never saw it (Mondays caught up).
    if tracked.lifecycle not in ("recovering", "new") or since is None:
        return ""
    held = "steady again" if tracked.state == "steady" else "steady or better"
    if grace_waits(tracked, as_of=as_of):
        seen = day(tracked.last_seen)
        when = (
            f"when last judged, on {seen}"
            if tracked.last_seen == since
            else f"since {day(since)}, last judged on {seen}"
        )
        return (
            f"{held} {when}; not judged since, so it resolves at the first scan that sees it hold"
        )
    return (
        f"{held} since {day(since)}; resolves at the first scan from "
        f"{day(grace_ends(since))} if it holds"
    )


def decision_words(
    tracked: TrackedSignal, *, as_of: date, day: Callable[[date], str] = date.isoformat
) -> str:
    """An acknowledgment's note or a dismissal's expiry and note; for a signal in its week
    of grace, :func:`grace_words` and the note kept from its decision; empty for none."""
    note = f": {quoted(tracked.note)}" if tracked.note else ""
    if tracked.lifecycle == "acknowledged":
        return f"acknowledged{note}"
    if tracked.lifecycle == "dismissed":
        until = f" until {day(tracked.until)}" if tracked.until else ""
        return f"dismissed{until}{note}"
    grace = grace_words(tracked, as_of=as_of, day=day)
    if grace and tracked.note:
        return f"{grace}; note{note}"
    return grace


def life_words(tracked: TrackedSignal, *, as_of: date) -> str:
    """Its age, then the decision on it if any (module docstring)."""
    decision = decision_words(tracked, as_of=as_of)
    return age_words(tracked, as_of=as_of) + (f"; {decision}" if decision else "")


def _moved(tracked: TrackedSignal) -> str:
    rising = "rising" if tracked.direction == "up" else "falling"
    return f"{METRIC_NAMES[tracked.metric]} {rising}"


def _named(tracked: TrackedSignal, report: ScanReport) -> str:
    """``check (segment) [area, risk]``, as a signal's line starts."""
    place = "" if tracked.segment is None else f" ({where(tracked.segment)})"
    risk = next((item.risk for item in report.checks if item.check == tracked.check), None)
    tag = tracked.area if risk is None else f"{tracked.area}, {risk} risk"
    return f"{tracked.check}{place} [{tag}]"


def seen_words(tracked: TrackedSignal, *, day: Callable[[date], str] = date.isoformat) -> str:
    """How and when a scan last judged its check: ``its check last seen recovering on
    2012-05-13`` (what the scan and the Monday brief say of an open signal this scan did not
    judge)."""
    return f"its check last seen {tracked.state} on {day(tracked.last_seen)}"


def unlisted_line(tracked: TrackedSignal, *, report: ScanReport) -> str:
    """An open signal this scan does not list (its check's lead slice is another metric,
    or the check could not be judged this time): the state the store last saw its check
    in, and its life (a signal in its week of grace seen steady by this very scan says
    only since when, in its life)."""
    life = life_words(tracked, as_of=report.as_of)
    if grace_words(tracked, as_of=report.as_of) and tracked.last_seen == report.as_of:
        return f"{_named(tracked, report)}: {_moved(tracked)}; {life}"
    return f"{_named(tracked, report)}: {_moved(tracked)}; {seen_words(tracked)}; {life}"


def weeks_open(tracked: TrackedSignal, *, as_of: date) -> int:
    """Whole weeks from its first raising to the day it closed, or to ``as_of`` when it
    closed later (a decision made today on a scan of older data: the weeks it was open in
    the data this scan reads, never the calendar time since): the store's one rule for a
    signal's age (:meth:`~taut.store.records.TrackedSignal.age_weeks`), which ``taut
    signals list`` and ``taut history`` count too."""
    return tracked.age_weeks(as_of=as_of)


def open_words(tracked: TrackedSignal, *, as_of: date) -> str:
    """How long it has been open, for ``taut signals list`` and ``taut history``: by the
    briefs' rule (:meth:`~taut.store.records.TrackedSignal.age_weeks`), to the day it
    closed, or to ``as_of`` (the store's latest scan) while open; with the last day a scan
    saw it.

    >>> one = TrackedSignal(id=1, area="A", check="c", metric="missed", direction="up",
    ...     segment=None, lifecycle="ongoing", state="drifting",
    ...     first_raised=date(2026, 1, 1), first_scan=date(2026, 1, 4),
    ...     last_seen=date(2026, 7, 5))
    >>> open_words(one, as_of=date(2026, 7, 19))
    'open 28 weeks as of 2026-07-19, last seen 2026-07-05'
    """
    weeks = tracked.age_weeks(as_of=as_of)
    span = "less than a week" if weeks == 0 else counted(weeks, "week", digits=True)
    seen = f"last seen {tracked.last_seen.isoformat()}"
    if tracked.closed_on is not None:
        return f"open {span}, {seen}"
    return f"open {span} as of {as_of.isoformat()}, {seen}"


def settled_line(tracked: TrackedSignal, *, report: ScanReport) -> str:
    """A signal resolved or rebaselined since the last scan, and how long it was open.

    ``ack [A, high risk]: missed rising; resolved on 2026-11-15 after 3 weeks open (first
    raised 2026-10-20)``; a rebaselined one adds where its check's baseline restarts. A
    decision made after the scan's day (today, on a scan of older data) is dated as made,
    and the weeks open are counted to the scan's day (:func:`weeks_open`).
    """
    closed = tracked.closed_on or report.as_of
    weeks = weeks_open(tracked, as_of=report.as_of)
    span = "less than a week" if weeks == 0 else weeks_words(weeks)
    first = tracked.first_raised.isoformat()
    if closed <= report.as_of:
        when = f"on {closed.isoformat()} after {span} open (first raised {first})"
    else:  # decided after the last day of data this scan reads
        when = (
            f"on {closed.isoformat()}, after this scan's day; {span} open by "
            f"{report.as_of.isoformat()} (first raised {first})"
        )
    line = f"{_named(tracked, report)}: {_moved(tracked)}; {tracked.lifecycle} {when}"
    if tracked.lifecycle == "rebaselined" and tracked.baseline_from is not None:
        line += (
            f"; taken as the new normal, its check's baseline restarts from "
            f"{tracked.baseline_from.isoformat()}"
        )
    if tracked.note:
        line += f"; note: {quoted(tracked.note)}"
    return line


def _count(count: int, what: str) -> str:
    return f"{'none' if count == 0 else count_words(count)} {what}"


def weekly(since: SinceLastScan) -> bool:
    """Whether the last scan is at most a week back (or there is none): "this week" holds."""
    previous = since.previous_as_of
    return previous is None or (since.as_of - previous).days <= 7


def new_title(since: SinceLastScan) -> str:
    """The heading of the new signals: ``New this week``, or, when the last scan a reader saw
    is further back (Mondays caught up unseen), ``New since 2026-10-04``.

    >>> new_title(SinceLastScan(as_of=date(2026, 11, 15), previous_as_of=date(2026, 10, 4),
    ...     new=(), still_open=(), settled=(), signals=(), watching=()))
    'New since 2026-10-04'
    """
    if weekly(since) or since.previous_as_of is None:
        return NEW_TITLE
    return f"New since {since.previous_as_of.isoformat()}"


def summary(since: SinceLastScan) -> str:
    """One sentence under the headline: how many new, still open and settled.

    >>> print(summary(SinceLastScan(as_of=date(2026, 11, 15),
    ...     previous_as_of=date(2026, 11, 8), new=(), still_open=(), settled=(),
    ...     signals=(), watching=())))
    Since the last scan (2026-11-08): none new this week, none still open, none settled.
    """
    new = _count(len(since.new), "new this week" if weekly(since) else "new since then")
    still = _count(len(since.still_open), "still open")
    if since.previous_as_of is None:
        return f"The first scan on record: {new}, {still}."
    settled = _count(len(since.settled), "settled")
    return f"Since the last scan ({since.previous_as_of.isoformat()}): {new}, {still}, {settled}."


LIFE_COLUMNS: tuple[str, ...] = (
    "check",
    "area",
    "risk",
    "where",
    "state",
    "metric",
    "since",
    "first raised",
    "age",
    "baseline",
    "now",
    "cases",
    "decision",
)
"""The columns of a table of tracked signals, in the order a renderer fills them: a
signal's table row with ``raised`` (this scan's date for it) replaced by the store's first
raising and its age, and the decision on it."""


def life_cells(lived: Lived, *, report: ScanReport) -> tuple[str, ...]:
    """One tracked signal as the cells of a table row (see :data:`LIFE_COLUMNS`)."""
    tracked = lived.tracked
    first = tracked.first_raised.isoformat()
    age = age_cell(tracked, as_of=report.as_of)
    decision = decision_words(tracked, as_of=report.as_of)
    if lived.signal is not None:
        cells = table_cells(lived.signal)
        return (*cells[:7], first, age, *cells[8:], decision)
    risk = next((item.risk for item in report.checks if item.check == tracked.check), "")
    return (
        tracked.check,
        tracked.area,
        risk,
        where(tracked.segment),
        f"check {tracked.state} on {tracked.last_seen.isoformat()}",
        tracked.metric,
        "",
        first,
        age,
        "",
        "",
        "",
        decision,
    )


def lived_line(lived: Lived, *, report: ScanReport) -> str:
    """One tracked signal as a sentence: its slice's line (this scan's ``raised`` date left
    out: the store's first raising is what counts), then its life."""
    if lived.signal is None:
        return unlisted_line(lived.tracked, report=report)
    line = signal_line(lived.signal, raised=False)
    return f"{line}; {life_words(lived.tracked, as_of=report.as_of)}"
