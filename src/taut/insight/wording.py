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

A before and an after are written as a pair (:func:`one_in_pair`, :func:`duration_pair`):
when the rounded words would read alike, or turn a rise into a fall, both are written
more precisely, so a change is never rounded away.

>>> one_in_pair(0.404, 0.524), duration_pair(0.05, 0.052)
(('about 40 in 100', 'about 52 in 100'), ('3.0 minutes', '3.1 minutes'))
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from taut.signal.inputs.dimensions import Dimension, by_field
from taut.words import (
    DIMENSION_WORDS,
    count_words,
    distinct_pair,
    in_weeks,
    plural,
    unrecorded,
    where,
)

NEARLY_ALL = 0.95
"""From this share on, a share is said ``nearly all`` (never ``about 10 in 10``)."""
NEARLY_ALL_STANDS_FOR = 0.975
"""The share ``nearly all`` stands for when two phrases are compared."""


def one_in(share: float) -> str:
    """A share as "about 1 in N" (under a half), "about N in 10" (a half or more),
    "nearly all" (95% or more) or "all" (every one).

    >>> one_in(0.94), one_in(0.96), one_in(0.999), one_in(1.0)
    ('about 9 in 10', 'nearly all', 'nearly all', 'all')
    """
    if math.isnan(share) or share <= 0:
        return "none"
    if share < 0.01:
        return "fewer than 1 in 100"
    if share < 0.5:
        return f"about 1 in {round(1 / share)}"
    if share >= 1:
        return "all"
    if share >= NEARLY_ALL:
        return "nearly all"
    return f"about {round(share * 10)} in 10"


def slip_share(share: float) -> str:
    """A condition's share of a slip (``share_explained``, 0..1) in words.

    ``all of the slip`` when it holds all of it (a share is clipped at all when the rest
    of the cases slipped less than before), ``nearly all`` where a percentage would round
    to 100%: never ``about 100%`` for a share short of all.

    >>> slip_share(1.0), slip_share(0.996), slip_share(0.95)
    ('all of the slip', 'nearly all of the slip', 'about 95% of the slip')
    >>> slip_share(0.004)
    'less than 1% of the slip'
    """
    if share >= 1:
        return "all of the slip"
    if round(share * 100) >= 100:
        return "nearly all of the slip"
    if share < 0.01:
        return "less than 1% of the slip"
    return f"about {round(share * 100)}% of the slip"


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
    return f"about {count_words(weeks)} {plural(weeks, 'week')}"


def _stands_for(share: float) -> float:
    """The share :func:`one_in`'s phrase stands for (``fewer than 1 in 100`` as 0.005)."""
    if math.isnan(share) or share <= 0:
        return 0.0
    if share < 0.01:
        return 0.005
    if share < 0.5:
        return 1 / round(1 / share)
    if share >= 1:
        return 1.0
    if share >= NEARLY_ALL:
        return NEARLY_ALL_STANDS_FOR
    return round(share * 10) / 10


def _per(share: float, scale: int) -> tuple[str, float]:
    count = round(share * scale)
    if share <= 0:
        return "none", 0.0
    if share >= 1:
        return "all", 1.0
    if count == 0:
        return f"fewer than 1 in {scale:,}", 0.5 / scale
    if count == scale:  # never "about 100 in 100" for a share short of all
        return f"more than {scale - 1:,} in {scale:,}", (scale - 0.5) / scale
    return f"about {count:,} in {scale:,}", count / scale


def _agree(before: float, after: float, shown: tuple[float, float]) -> bool:
    """Whether two shown values move the way the true ones do (and differ when they do)."""
    true = (after > before) - (after < before)
    seen = (shown[1] > shown[0]) - (shown[1] < shown[0])
    return true == seen


def one_in_pair(before: float, after: float) -> tuple[str, str]:
    """A before and an after share as :func:`one_in` says them, unless the rounding would
    make them read alike or reverse their order: then both as ``about N in 100`` (or in
    1,000, 10,000, ...), the first scale at which they differ the way the values do.

    >>> one_in_pair(0.125, 0.33), one_in_pair(0.0041, 0.0049)
    (('about 1 in 8', 'about 1 in 3'), ('about 4 in 1,000', 'about 5 in 1,000'))
    """
    if _agree(before, after, (_stands_for(before), _stands_for(after))):
        return one_in(before), one_in(after)
    words = ("", "")
    for scale in (100, 1_000, 10_000, 100_000, 1_000_000):
        (first, low), (second, high) = _per(before, scale), _per(after, scale)
        words = (first, second)
        if _agree(before, after, (low, high)):
            break
    return words


_UNITS: tuple[tuple[float, str, float], ...] = (
    (1.5, "minutes", 60.0),
    (36.0, "hours", 1.0),
    (24.0 * 13, "days", 1 / 24),
    (math.inf, "weeks", 1 / 168),
)


def duration_pair(before: float, after: float) -> tuple[str, str]:
    """Two durations (hours) as :func:`duration` says them, or, when those read alike, both
    in the unit of the larger, with as many decimals as it takes to tell them apart
    (:func:`taut.words.distinct_pair`).

    >>> duration_pair(7.0, 30.0), duration_pair(78.5, 78.7)
    (('about seven hours', 'about a day'), ('3.27 days', '3.28 days'))
    """
    first, second = duration(before), duration(after)
    if first != second or before == after or math.isnan(before) or math.isnan(after):
        return first, second
    largest = max(before, after)
    unit, factor = next((name, f) for limit, name, f in _UNITS if largest < limit)
    return distinct_pair(
        before, after, render=lambda value, digits: f"{value * factor:.{digits}f} {unit}", digits=1
    )


def _floored(value: float, digits: int) -> str:
    """``value`` rounded down to ``digits`` significant digits, with thousands commas."""
    if not math.isfinite(value) or value <= 0:
        return "unknown"
    decimals = digits - 1 - math.floor(math.log10(value))
    floored = math.floor(value * 10**decimals * (1 + 1e-12)) / 10**decimals
    return f"{floored:,.{decimals}f}" if decimals > 0 else f"{round(floored):,}"


def ratio(value: float) -> str:
    """A ratio (a spread's p75/p25) rounded down to two significant digits.

    >>> ratio(2288.5), ratio(11.52), ratio(2.13)
    ('2,200', '11', '2.1')
    """
    return _floored(value, 2)


def ratio_pair(before: float, after: float) -> tuple[str, str]:
    """Two ratios (a spread's p75/p25), each rounded *down* to two significant digits, so
    "at least N times" stays true, with more digits only where the two would read alike
    (:func:`taut.words.distinct_pair`): never ``2288.5``, never ``11,520.0``.

    >>> ratio_pair(2715.9, 11520.0), ratio_pair(2.13, 3.47), ratio_pair(114.4, 116.2)
    (('2,700', '11,000'), ('2.1', '3.4'), ('114', '116'))
    """
    return distinct_pair(before, after, render=_floored, digits=2)


def times_as_often(ratio: float) -> str:
    """A relative risk in words.

    >>> times_as_often(2.43), times_as_often(23.4), times_as_often(2288.5)
    ('about 2.4 times as often', 'about 23 times as often', 'about 2,300 times as often')
    """
    if ratio < 0.95:
        return f"less often (about {ratio:.1f} times as often)"
    if ratio < 1.05:
        return "about as often"
    if ratio < 10:
        return f"about {ratio:.1f} times as often"
    # from ten on, two significant digits: "about 2,300 times", never "about 2288.5 times"
    return f"about {round(ratio, 1 - math.floor(math.log10(ratio))):,.0f} times as often"


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


NO_TEAM_STEP = "a step with no team recorded"
"""A handoff's side whose team is not recorded, in words (``short``: ``an unrecorded team``)."""


def place(field: str, value: str, *, short: bool) -> str:
    """Where the slip concentrates, as a phrase after "mostly" (or in a sentence).

    The words of a segment dimension are its declaration's
    (:mod:`taut.signal.inputs.dimensions`). A value that marks nothing recorded
    (:func:`unrecorded`) is said so, never named.

    >>> place("weekday", "Monday", short=True), place("handoff", "North to Ops", short=False)
    ('on Mondays', 'when North hands off to Ops')
    >>> place("handoff", "Group 1 to EMPTY", short=False)
    'when Group 1 hands off to a step with no team recorded'
    >>> place("handoff", "EMPTY to Group 2", short=True)
    'when an unrecorded team hands off to Group 2'
    >>> place("team", "EMPTY", short=True), place("case:channel", "NULL", short=False)
    ('for cases with no team recorded', 'where case:channel is not recorded')
    """
    if "+" in field:
        fields = field.split("+")
        values = value.split(" and ", 1)
        if len(values) == len(fields):
            return " and ".join(
                place(f, v, short=short) for f, v in zip(fields, values, strict=True)
            )
    if field == HANDOFF.field:
        giver, _, taker = value.partition(" to ")
        nobody = "an unrecorded team" if short else NO_TEAM_STEP
        giver = nobody if unrecorded(giver) else giver
        taker = nobody if unrecorded(taker) else taker
        value = f"{giver} hands off to {taker}"
    elif unrecorded(value):
        return (
            "for cases with no team recorded"
            if field == "team"
            else f"where {field} is not recorded"
        )
    return _dimension(field).place(value, short=short)


def segment_place(segment: Mapping[str, str] | None) -> str:
    """A signal's segment as :func:`taut.words.where` says it, with a value that marks
    nothing recorded said so (``cases with no team recorded``).

    >>> segment_place({"team": "EMPTY"}), segment_place({"team": "North", "case:x": "NULL"})
    ('cases with no team recorded', 'team North, cases with no case:x recorded')
    """
    if not segment:
        return where(segment)
    return ", ".join(
        f"cases with no {DIMENSION_WORDS.get(name, name)} recorded"
        if unrecorded(value)
        else where({name: value})
        for name, value in segment.items()
    )


def reason(field: str) -> str:
    """What made the slip reasonable under a condition of ``field``."""
    return _dimension(field.split("+", maxsplit=1)[0]).reason
