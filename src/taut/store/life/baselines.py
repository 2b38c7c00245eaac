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

Given a scan's ``as_of``, each is limited to what that scan can see: a restart on a later
day, or an episode not yet over by then, is left out (a back-test of an earlier day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

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


def episodes(
    tracked: Iterable[TrackedSignal], *, as_of: date | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Check → its resolved drift episodes (first raised day, day its check settled again),
    oldest first (a signal in its grace included, module docstring).

    The episode starts on the signal's ``first_raised`` day, the first day the store knows
    of: the detector's ``since`` (when the drift began) is not kept, so a few days of the
    drift before it may stay in the baseline.

    Args:
        tracked: the store's signals (any lifecycle; only resolved ones and those in
            their grace count).
        as_of: the scan's last day of data: episodes that end after it are left out.
    """
    found: dict[str, list[tuple[date, date]]] = {}
    for signal in tracked:
        end = episode_end(signal)
        if end is None or signal.first_raised > end:
            continue
        if as_of is not None and end > as_of:
            continue
        found.setdefault(signal.check, []).append((signal.first_raised, end))
    return {check: sorted(pairs) for check, pairs in sorted(found.items())}
