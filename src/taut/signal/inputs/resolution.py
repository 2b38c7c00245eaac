"""Times recorded to the day: detected from a check's own times, so nothing finer is claimed.

Many exports keep only the date of an event (``2005-03-23 00:00:00+01:00``): every time of
the log sits at midnight. The hour of such a time says nothing about the case, and the
time taken moves in whole days only. A scan then must not slice cases by hour of day
(the ``day_part`` dimension of :mod:`taut.signal.inputs.dimensions`) nor watch the time
taken or its spread, whose medians jump from day to day (``2520.0 h -> 2544.0 h``).

**The rule.** A check's times are *recorded to the day* when it has at least
:data:`MIN_TIMES` times (each case's anchor, and the time of its step when the outcomes
table gives one as ``value`` hours after the anchor) and every one of them falls, in UTC,
on one clock time of the day, or on two exactly one hour apart. Midnight in a zone with
daylight saving is one of two UTC times (``23:00`` in winter and ``22:00`` in summer for
Central Europe), whatever zone the contract names; so the rule needs no time zone, and a
contract in UTC over a log written in local midnights is caught too, where an hour-of-day
split would otherwise cut the cases by season. Times are compared to the minute.

Such a check is read in whole days: its cases carry no ``day_part`` label (the risk model
then has nothing to adjust for it), its time taken and spread are not watched, and both are
listed in ``ScanReport.not_watched`` with :data:`DAY_PART_REASON` and :data:`TIMED_REASONS`.

>>> midnights = np.arange(30) * 24.0 - 1.0  # 23:00 UTC: midnight at +01:00
>>> recorded_to_the_day(midnights, np.full(30, 72.0))
True
>>> recorded_to_the_day(midnights, np.full(30, 71.5))
False
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray

MIN_TIMES = 20
"""Below this many times, a shared clock time may be chance: the check is read as timed."""

MINUTES_A_DAY = 24 * 60
SAMPLE_TIMES = 1_000

DAY_PART_REASON = (
    "the log records this check's times to the day (every time at one clock time, "
    "midnight as a rule), so the hour of day says nothing about a case"
)
_TO_THE_DAY = (
    "the log records this check's times to the day (every time at one clock time, "
    "midnight as a rule), so "
)
TIMED_REASONS: dict[str, str] = {
    "latency": _TO_THE_DAY + "its time taken moves in whole days only (its share overdue "
    "is watched)",
    "spread": _TO_THE_DAY + "the spread of its time taken cannot be read finer than a day",
}
"""Why a day-recorded ``within`` check's time taken and spread are not watched, by metric."""


def recorded_to_the_day(anchor: FloatArray, value: FloatArray) -> bool:
    """Whether every time of a check sits at one UTC clock time, or two an hour apart.

    Args:
        anchor: each case's anchor, hours since the epoch (UTC).
        value: hours from the anchor to the case's step; NaN when there is none.

    Returns:
        ``True`` when the check's times are recorded to the day (module docstring).
    """
    # Three distinct minutes among the first cases' times settle it for all (a timed log's
    # first few do), without reading millions.
    head = np.concatenate([anchor[:SAMPLE_TIMES], anchor[:SAMPLE_TIMES] + value[:SAMPLE_TIMES]])
    if not _one_or_two(_minutes(head[~np.isnan(head)])):
        return False
    steps = anchor + value
    times = np.concatenate([anchor[~np.isnan(anchor)], steps[~np.isnan(steps)]])
    if times.size < MIN_TIMES:
        return False
    minutes = _minutes(times)
    if not _one_or_two(minutes):
        return False
    other = minutes[minutes != minutes[0]]
    if other.size == 0:
        return True
    apart = abs(int(other[0]) - int(minutes[0]))
    return apart in (60, MINUTES_A_DAY - 60)


def _minutes(times: FloatArray) -> npt.NDArray[np.int64]:
    """Each time's minute of the UTC day."""
    minutes: npt.NDArray[np.int64] = (
        np.rint(np.mod(times, 24.0) * 60.0).astype(np.int64) % MINUTES_A_DAY
    )
    return minutes


def _one_or_two(minutes: npt.NDArray[np.int64]) -> bool:
    """Whether at most two distinct minutes occur (found without sorting them all)."""
    if minutes.size == 0:
        return True
    other = minutes[minutes != minutes[0]]
    return other.size == 0 or not bool(np.any(other != other[0]))
