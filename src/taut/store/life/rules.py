"""The rules of a signal's life: the lifecycle a tracked signal takes at one scan.

Three things decide it: what its check did in this scan (its **course**, from the check's
lead state), where people's decisions leave it (its **standing**,
:mod:`taut.store.life.decisions`), and how long its check has stayed settled (its
**grace**, from ``settled_on``: the ``as_of`` of the first scan of the current run that saw
the check settled). The whole rule is one table, tested row by row:

============  ===========================  ==============================================
course        the check's lead state        lifecycle (no decision in force)
============  ===========================  ==============================================
worse         drifting, loosening          ``new`` in the scan that opened it (the same
                                           ``as_of``: a rescan keeps it new), then
                                           ``ongoing``; its grace is over (``settled_on``
                                           cleared)
recovering    recovering                   ``recovering`` (still open); grace cleared
settled       recovered, steady,           in its grace (``as_of`` less than 7 days after
              improved, or the check       ``settled_on``; the first settled scan sets it):
              held steady: back at or      ``recovering`` (still open); after it:
              better than its baseline     ``resolved``, closed, ``closed_on`` = as_of
unjudged      not judged by this scan      in its grace: ``recovering``, the grace kept
                                           (neither confirmed nor broken: only a scan
                                           that sees it settled can close it); else as
                                           it was (``recovering`` stays so; ``new``
                                           becomes ``ongoing``). Not re-seen either way:
                                           its state, segment and ``last_seen`` stay as
                                           they were
============  ===========================  ==============================================

So a signal resolves at the first scan that sees its check settled at least
:data:`GRACE_DAYS` days after the first scan that saw it settled, every scan between
having seen it settled or not judged it. A check that slips within the grace takes the
signal back to what its decisions say (``ongoing``, ``acknowledged``, ``dismissed``): the
same signal, its id, first raising and note kept, never a new one.

Decisions come before the check's course, except that a check in its grace is
``recovering`` whatever the standing (an acknowledged or dismissed signal whose check holds
steady again is on its way to resolving; its note and a dismissal's day are kept):

- ``rebaseline``: ``rebaselined``, closed for good, whatever the check did;
- settled for the whole grace: ``resolved``;
- in its grace: ``recovering``;
- ``ack``: ``acknowledged`` while open, its note shown with its age;
- ``dismiss`` until a day on or after the scan's ``as_of``: ``dismissed`` (muted);
- a dismissal whose day is past: back to the course's lifecycle (``ongoing``, ...).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from taut.signal.state import State
from taut.store.life.match import ScanSlices
from taut.store.records import Lifecycle

Course = Literal["worse", "recovering", "settled", "unjudged"]
"""What a tracked signal's check did in one scan."""

COURSES: dict[State, Course] = {
    "drifting": "worse",
    "loosening": "worse",
    "recovering": "recovering",
    "recovered": "settled",
    "steady": "settled",
    "improved": "settled",
}
"""A check's lead state → its course.

``recovered`` is settled: the signal stage calls a check recovered when its recent weeks
are back at the baseline's level (not materially worse; often below it, better than
usual, without being clearly so), the same normal ``steady`` and ``improved`` stand at. Only
``recovering`` (still materially worse than the baseline) is a check coming back, not
there yet."""

GRACE_DAYS = 7
"""How many days a signal's check must stay settled before the signal resolves: one
weekly scan's worth, so the weekly reader never sees "settled" then "new" for one drift."""

Standing = Literal["none", "acknowledged", "dismissed", "expired", "rebaselined"]
"""Where the latest decision on a signal leaves it as of one scan (``expired``: a
dismissal whose day is past, which no longer mutes it)."""


def course_of(check: str, *, slices: ScanSlices) -> Course:
    """What ``check`` did in the scan ``slices`` come from."""
    seen = slices.seen(check)
    if seen == "lead":
        return COURSES[slices.leads[check].state]
    return "settled" if seen == "steady" else "unjudged"


def settled_since(*, course: Course, settled_on: date | None, as_of: date) -> date | None:
    """The first day of the check's current settled run as of this scan (its grace's start).

    A settled scan keeps the day an earlier scan set (one not after ``as_of``), else starts
    it on ``as_of``; a scan that did not judge the check keeps it; any other course ends it.

    >>> settled_since(course="settled", settled_on=None, as_of=date(2026, 5, 3))
    datetime.date(2026, 5, 3)
    >>> settled_since(course="settled", settled_on=date(2026, 5, 3), as_of=date(2026, 5, 10))
    datetime.date(2026, 5, 3)
    >>> settled_since(course="worse", settled_on=date(2026, 5, 3), as_of=date(2026, 5, 10))
    """
    if course == "settled":
        return settled_on if settled_on is not None and settled_on <= as_of else as_of
    if course == "unjudged":
        return settled_on
    return None


def grace_ends(settled_on: date) -> date:
    """The first ``as_of`` whose scan resolves a signal settled since ``settled_on`` (if its
    check is still seen settled then)."""
    return settled_on + timedelta(days=GRACE_DAYS)


def lifecycle(
    *,
    course: Course,
    first_scan: bool,
    standing: Standing,
    settled_days: int | None = None,
    grace_days: int = GRACE_DAYS,
    before: Lifecycle | None = None,
) -> Lifecycle:
    """The lifecycle of a tracked signal at one scan (the module's table).

    Args:
        course: what its check did in the scan.
        first_scan: the scan's ``as_of`` is the one that opened the signal.
        standing: where the latest decision on it leaves it.
        settled_days: days from the start of its check's settled run
            (:func:`settled_since`) to the scan's ``as_of`` (``None``: not in one; a
            settled course without it starts one, 0 days).
        grace_days: the length of the grace (0: a settled check resolves its signal at
            once, the rule before the grace, kept for ``benchmarks/grace.py``).
        before: its lifecycle before this scan (``None``: unknown): a scan that did not
            judge its check leaves a ``recovering`` signal recovering, never "worse".

    >>> lifecycle(course="worse", first_scan=False, standing="expired")
    'ongoing'
    >>> lifecycle(course="settled", first_scan=False, standing="acknowledged", settled_days=0)
    'recovering'
    >>> lifecycle(course="settled", first_scan=False, standing="acknowledged", settled_days=7)
    'resolved'
    >>> lifecycle(course="settled", first_scan=True, standing="none", settled_days=0)
    'new'
    """
    if standing == "rebaselined":
        return "rebaselined"
    # In its grace it is still open: new to a reader who never saw it (a signal opened on
    # Mondays caught up unseen), else recovering.
    in_grace: Lifecycle = "new" if first_scan else "recovering"
    if course == "settled":  # a first settled scan starts its grace (0 days)
        return "resolved" if (settled_days or 0) >= grace_days else in_grace
    if course == "unjudged" and settled_days is not None:
        return in_grace
    if standing in ("acknowledged", "dismissed"):
        return "acknowledged" if standing == "acknowledged" else "dismissed"
    if first_scan:
        return "new"
    # Not judged: no news is not worse news, a recovering signal stays so.
    coming_back = course == "recovering" or (course == "unjudged" and before == "recovering")
    return "recovering" if coming_back else "ongoing"
