"""Words and numbers shared by everything taut writes for people: one home, one spelling.

The briefs (:mod:`taut.brief`) and the insight (:mod:`taut.insight`) both count in words,
write shares as percentages, hours with their unit, durations in weeks, and name metrics
and segments. They take those words from here, so a share reads the same in a table, a
sentence and a headline, and a change of wording is one edit.

>>> count_words(4), count_words(1200)
('four', '1,200')
>>> share(0.0634), share(None), percent(0.8)
('6.3%', 'n/a', 'about 80%')
>>> hours(7.25), in_weeks(36)
('7.2 h', 'about five weeks')
>>> METRIC_NAMES["latency"], where(None), where({"day_part": "late"})
('median time', 'all cases', 'day part late')
"""

from __future__ import annotations

from collections.abc import Mapping

NUMBERS: tuple[str, ...] = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
"""The counts written in words; from eleven on, digits."""

METRIC_NAMES: dict[str, str] = {
    "missed": "missed",
    "latency": "median time",
    "spread": "spread (p75/p25)",
}
"""What each metric of a signal measures, as a brief names it."""

NOT_AVAILABLE = "n/a"
"""What a table or sentence shows for a value that is not known."""


def count_words(count: int) -> str:
    """A count in words under eleven, in digits (with thousands commas) from eleven."""
    return NUMBERS[count] if 0 <= count < len(NUMBERS) else f"{count:,}"


def share(value: float | None) -> str:
    """A share (0..1) as a percentage with one decimal, ``n/a`` when unknown."""
    return NOT_AVAILABLE if value is None else f"{value:.1%}"


def percent(value: float) -> str:
    """A share (0..1) as a whole percentage said roughly, e.g. ``about 80%``."""
    return f"about {round(value * 100)}%"


def hours(value: float) -> str:
    """A time in hours with one decimal and its unit, e.g. ``7.2 h``."""
    return f"{value:.1f} h"


def in_weeks(days: int) -> str:
    """A number of days in rounded weeks (at least one), in words."""
    weeks = max(1, round(days / 7))
    return f"about {count_words(weeks)} week{'s' if weeks != 1 else ''}"


DIMENSION_WORDS: dict[str, str] = {"day_part": "day part"}
"""A fixed segment dimension whose name is not a word; a log's column name is shown as written."""


def where(segment: Mapping[str, str] | None) -> str:
    """A segment of a check in words (``all cases`` for the whole check).

    >>> where({"day_part": "late"}), where({"case:AMOUNT_REQ": "5,000 to 10,000"})
    ('day part late', 'case:AMOUNT_REQ 5,000 to 10,000')
    """
    if not segment:
        return "all cases"
    return ", ".join(
        f"{DIMENSION_WORDS.get(name, name)} {value}" for name, value in segment.items()
    )
