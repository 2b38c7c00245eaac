"""The rules of a signal's life: the lifecycle a tracked signal takes at one scan.

Two things decide it: what its check did in this scan (its **course**, from the check's
lead state) and where people's decisions leave it (its **standing**,
:mod:`taut.store.life.decisions`). The whole rule is one table, tested row by row:

============  ===========================  ==============================================
course        the check's lead state        lifecycle (no decision in force)
============  ===========================  ==============================================
worse         drifting, loosening          ``new`` in the scan that opened it (the same
                                           ``as_of``: a rescan keeps it new), then
                                           ``ongoing``
recovering    recovering, recovered        ``recovering`` (still open)
settled       steady, improved, or the     ``resolved``: closed, ``closed_on`` = as_of
              check held steady
unjudged      not judged by this scan      as ``worse``, but not re-seen: its state,
                                           segment and ``last_seen`` stay as they were
============  ===========================  ==============================================

Decisions come before the check's course, except that a check that settled closes its
signal whatever the standing (an acknowledged or dismissed signal is resolved when its
check holds steady again):

- ``rebaseline``: ``rebaselined``, closed for good, whatever the check did;
- settled: ``resolved``;
- ``ack``: ``acknowledged`` while open, its note shown with its age;
- ``dismiss`` until a day on or after the scan's ``as_of``: ``dismissed`` (muted);
- a dismissal whose day is past: back to the course's lifecycle (``ongoing``, ...).
"""

from __future__ import annotations

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
    "recovered": "recovering",
    "steady": "settled",
    "improved": "settled",
}
"""A check's lead state → its course."""

Standing = Literal["none", "acknowledged", "dismissed", "expired", "rebaselined"]
"""Where the latest decision on a signal leaves it as of one scan (``expired``: a
dismissal whose day is past, which no longer mutes it)."""


def course_of(check: str, *, slices: ScanSlices) -> Course:
    """What ``check`` did in the scan ``slices`` come from."""
    seen = slices.seen(check)
    if seen == "lead":
        return COURSES[slices.leads[check].state]
    return "settled" if seen == "steady" else "unjudged"


def lifecycle(*, course: Course, first_scan: bool, standing: Standing) -> Lifecycle:
    """The lifecycle of a tracked signal at one scan (the module's table).

    Args:
        course: what its check did in the scan.
        first_scan: the scan's ``as_of`` is the one that opened the signal.
        standing: where the latest decision on it leaves it.

    >>> lifecycle(course="worse", first_scan=False, standing="expired")
    'ongoing'
    >>> lifecycle(course="settled", first_scan=False, standing="acknowledged")
    'resolved'
    """
    if standing == "rebaselined":
        return "rebaselined"
    if course == "settled":
        return "resolved"
    if standing == "acknowledged":
        return "acknowledged"
    if standing == "dismissed":
        return "dismissed"
    if first_scan:
        return "new"
    return "recovering" if course == "recovering" else "ongoing"
