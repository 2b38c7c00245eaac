"""What the store's signals give the next scan's baselines: restarts and episodes.

Two kinds of closed signal move a check's baseline in later scans (the signal stage's
``restarts`` and ``exclude`` of :func:`taut.api.scan`, docs/scan.md):

- a **rebaselined** signal: its check's baseline restarts on the signal's
  ``baseline_from`` day (the old normal no longer holds, so nothing before it is used);
- a **resolved** signal: its drift episode, from the day it was first raised to the day its
  check was first seen settled again (``settled_on``, the start of its week of grace; a
  signal resolved before the grace, which has none, ends on its ``closed_on``), is left out
  of its check's baseline, so the episode never becomes part of a later normal (the check
  came back to the normal it had). The days of the grace are normal days again, kept. A
  signal still in its grace (open, ``settled_on`` set) counts already: the scans of its
  grace judge the check against the same normal they would have, had it resolved at once,
  so the grace changes what the reader sees, not the verdicts.
- a signal **still open** when the scan begins (any open lifecycle, its episode not over
  before the scan's ``as_of``): its episode so far, from its first raising to the store's
  latest scan before this one (``scanned``), is left out too. A drift nobody has accepted
  as the new normal (a rebaseline) is never absorbed into the baseline while it lasts: on
  a long log the recent baseline window rolls forward over an open drift, and without this
  the check would read "steady" against a normal made of its own drift, enter its grace,
  lose the drift from its baseline and read "drifting" again the next week (the helpdesk
  log flapped so, fortnight after fortnight, for six months). The episode ends on the
  latest scan before, not the day before the scan: a rescan of the day, and a scan whose
  day is known only once the log is read, are given the very moves its first run was.
  A signal that scan opened is not an episode yet.

Given a scan's ``as_of``, each is limited to what that scan can see: a restart on a later
day is left out, and an episode over only on or after that day is one still open then (a
back-test of an earlier day, or a rescan of the day that settled it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from taut.store.records import TrackedSignal


def restarts(tracked: Iterable[TrackedSignal], *, as_of: date | None = None) -> dict[str, date]:
    """Check → the first day of its baseline in the next scan, from the rebaselined signals.

    A check rebaselined more than once restarts from its latest rebaseline (the one closed
    last; of two closed the same day, the later day).

    Args:
        tracked: the store's signals (any lifecycle; only rebaselined ones count).
        as_of: the scan's last day of data: restarts after it are left out.

    >>> made = dict(area="A", metric="missed", direction="up", segment=None, state="steady",
    ...     first_raised=date(2026, 1, 1), first_scan=date(2026, 1, 4),
    ...     last_seen=date(2026, 1, 11))
    >>> restarts([TrackedSignal(id=1, check="c", lifecycle="rebaselined",
    ...     closed_on=date(2026, 1, 12), baseline_from=date(2026, 1, 5), **made)])
    {'c': datetime.date(2026, 1, 5)}
    """
    chosen: dict[str, tuple[date, date]] = {}
    for signal in tracked:
        start = signal.baseline_from
        if signal.lifecycle != "rebaselined" or start is None:
            continue
        if as_of is not None and start > as_of:
            continue
        mark = (signal.closed_on if signal.closed_on is not None else start, start)
        if signal.check not in chosen or mark > chosen[signal.check]:
            chosen[signal.check] = mark
    return {check: mark[1] for check, mark in sorted(chosen.items())}


def episode_end(signal: TrackedSignal) -> date | None:
    """The last day of a signal's drift episode: the day its check was first seen settled
    again, for a resolved signal (its ``closed_on`` when it has no such day) or one in its
    grace; ``None`` for any other.

    >>> made = dict(id=1, area="A", check="c", metric="missed", direction="up",
    ...     segment=None, state="steady", first_raised=date(2026, 1, 1),
    ...     first_scan=date(2026, 1, 4), last_seen=date(2026, 1, 18))
    >>> episode_end(TrackedSignal(lifecycle="resolved", closed_on=date(2026, 1, 25),
    ...     settled_on=date(2026, 1, 18), **made))
    datetime.date(2026, 1, 18)
    >>> episode_end(TrackedSignal(lifecycle="recovering", settled_on=date(2026, 1, 18), **made))
    datetime.date(2026, 1, 18)
    >>> episode_end(TrackedSignal(lifecycle="acknowledged", **made)) is None
    True
    """
    if signal.lifecycle == "resolved":
        return signal.settled_on or signal.closed_on
    if signal.lifecycle == "recovering":
        return signal.settled_on
    return None


def episode(
    signal: TrackedSignal, *, as_of: date | None = None, scanned: date | None = None
) -> tuple[date, date] | None:
    """The days of ``signal``'s drift episode a scan of ``as_of`` leaves out of its check's
    baseline (module docstring); ``None`` for none.

    An episode over before ``as_of`` (any, without it) ends on its :func:`episode_end`; one
    still open when the scan begins ends on ``scanned``, the store's latest scan before it
    (``None``: none, so nothing was open); a rebaselined signal has none (its restart moves
    the baseline).

    >>> made = dict(id=1, area="A", check="c", metric="missed", direction="up",
    ...     segment=None, state="drifting", first_raised=date(2026, 1, 1),
    ...     first_scan=date(2026, 1, 4), last_seen=date(2026, 3, 1))
    >>> episode(TrackedSignal(lifecycle="ongoing", **made), as_of=date(2026, 3, 8),
    ...     scanned=date(2026, 3, 1))
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    >>> episode(TrackedSignal(lifecycle="ongoing", **made), as_of=date(2026, 1, 4),
    ...     scanned=date(2025, 12, 28)) is None
    True
    """
    if signal.lifecycle == "rebaselined":
        return None
    end = episode_end(signal)
    if end is None or (as_of is not None and end >= as_of):  # open when the scan began
        end = scanned if scanned is not None and signal.first_scan <= scanned else None
    if end is None or signal.first_raised > end:
        return None
    return (signal.first_raised, end)


def episodes(
    tracked: Iterable[TrackedSignal], *, as_of: date | None = None, scanned: date | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Check → the drift episodes its baseline leaves out (:func:`episode`: resolved ones,
    one in its grace, and the open ones' so far), oldest first.

    The episode starts on the signal's ``first_raised`` day, the first day the store knows
    of: the detector's ``since`` (when the drift began) is not kept, so a few days of the
    drift before it may stay in the baseline.

    Args:
        tracked: the store's signals (any lifecycle; rebaselined ones do not count).
        as_of: the scan's last day of data (module docstring).
        scanned: the ``as_of`` of the store's latest scan before this one (``None``: none),
            where the episodes still open end.
    """
    found: dict[str, list[tuple[date, date]]] = {}
    for signal in tracked:
        span = episode(signal, as_of=as_of, scanned=scanned)
        if span is not None:
            found.setdefault(signal.check, []).append(span)
    return {check: _merged(pairs) for check, pairs in sorted(found.items())}


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """``spans`` sorted, those that overlap or touch made one (two signals of one check, on
    two segments, drift over the same days: their days are left out once, and a recent
    window reaches back by them once).

    >>> found = _merged([(date(2026, 2, 1), date(2026, 3, 1)),
    ...     (date(2026, 1, 1), date(2026, 2, 5)), (date(2026, 3, 2), date(2026, 3, 9)),
    ...     (date(2026, 4, 1), date(2026, 4, 2))])
    >>> [(begin.isoformat(), end.isoformat()) for begin, end in found]
    [('2026-01-01', '2026-03-09'), ('2026-04-01', '2026-04-02')]
    """
    merged: list[tuple[date, date]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged
