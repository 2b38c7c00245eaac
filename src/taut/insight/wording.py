"""Human numbers and condition phrases for the insight templates.

Numbers are rounded the way a person says them: shares as "about 1 in 4", durations as
"about a day" or "about three days", ratios as "about 2.4 times as often", counts under
eleven in words (:func:`taut.words.count_words`, shared with the briefs). Every function
is deterministic.

>>> one_in(0.26), one_in(0.6), one_in(0.004)
('about 1 in 4', 'about 6 in 10', 'fewer than 1 in 100')
>>> duration(7.2), duration(30.0), duration(80.0), duration(400.0)
('about seven hours', 'about a day', 'about three days', 'about two weeks')
>>> times_as_often(2.43)
'about 2.4 times as often'
"""

from __future__ import annotations

import math

from taut.signal.inputs.dimensions import Dimension, by_field
from taut.words import count_words, in_weeks


def one_in(share: float) -> str:
    """A share as "about 1 in N" (under a half) or "about N in 10" (a half or more)."""
    if math.isnan(share) or share <= 0:
        return "none"
    if share < 0.01:
        return "fewer than 1 in 100"
    if share < 0.5:
        return f"about 1 in {round(1 / share)}"
    tenths = min(10, round(share * 10))
    return "all" if tenths == 10 and share >= 0.995 else f"about {tenths} in 10"


def duration(hours: float) -> str:
    """Hours in words: minutes, hours, days or weeks, rounded."""
    if math.isnan(hours):
        return "unknown"
    if hours < 1.5:
        return "about an hour" if hours >= 0.75 else f"about {max(1, round(hours * 60))} minutes"
    if hours < 18:
        return f"about {count_words(round(hours))} hours"
    if hours < 36:
        return "about a day"
    days = hours / 24
    if days < 13:
        return f"about {count_words(round(days))} days"
    weeks = round(days / 7)
    return f"about {count_words(weeks)} week{'s' if weeks != 1 else ''}"


def times_as_often(ratio: float) -> str:
    """A relative risk in words."""
    if ratio < 0.95:
        return f"less often (about {ratio:.1f} times as often)"
    if ratio < 1.05:
        return "about as often"
    return f"about {ratio:.1f} times as often"


def days_or_weeks(days: int) -> str:
    """Days in words when under a week, else rounded weeks (:func:`taut.words.in_weeks`).

    >>> days_or_weeks(3), days_or_weeks(-36)
    ('three days', 'about five weeks')
    """
    if abs(days) < 7:
        return f"{count_words(abs(days))} day{'s' if abs(days) != 1 else ''}"
    return in_weeks(abs(days))


HANDOFF = Dimension(
    name="handoff",
    column="handoff",
    cut=None,
    levels=(),
    field="handoff",
    short="when {value}",
    long="when {value}",
    reason="the handoff: it may be unclear what the receiving team needs",
)
"""A handoff between teams: a condition the insight reads from the log, not a segment."""


def _dimension(field: str) -> Dimension:
    return HANDOFF if field == HANDOFF.field else by_field(field)


def place(field: str, value: str, *, short: bool) -> str:
    """Where the slip concentrates, as a phrase after "mostly" (or in a sentence).

    The words of a segment dimension are its declaration's
    (:mod:`taut.signal.inputs.dimensions`).

    >>> place("weekday", "Monday", short=True), place("handoff", "North to Ops", short=False)
    ('on Mondays', 'when North hands off to Ops')
    """
    if "+" in field:
        fields = field.split("+")
        values = value.split(" and ", 1)
        if len(values) == len(fields):
            return " and ".join(
                place(f, v, short=short) for f, v in zip(fields, values, strict=True)
            )
    if field == HANDOFF.field:
        value = value.replace(" to ", " hands off to ", 1)
    return _dimension(field).place(value, short=short)


def reason(field: str) -> str:
    """What made the slip reasonable under a condition of ``field``."""
    return _dimension(field.split("+", maxsplit=1)[0]).reason
