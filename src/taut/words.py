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

Counting words and articles have one home too: :func:`counted` ("one case", "1,474 cases"),
:func:`plural`, :func:`article` ("an upgrade") and :func:`showing` ("both teams", "the only
team"). Before and after figures are written by :func:`distinct_pair`, which widens the
precision until two different values read differently.

>>> counted(1, "case", digits=True), counted(2, "check"), article("upgrade")
('1 case', 'two checks', 'an upgrade')
>>> distinct_pair(0.404, 0.4044, render=lambda v, d: f"{v:.{d}%}", digits=1)
('40.40%', '40.44%')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

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
    """A time with one decimal in hours, or in whole minutes under an hour, e.g. ``7.2 h``.

    A time under an hour is never written ``0.0 h``:

    >>> hours(7.24), hours(0.048), hours(0.004)
    ('7.2 h', '3 min', '0.2 min')
    """
    return duration(value, digits=1)


def duration(value: float, *, digits: int) -> str:
    """A time given in hours, written in hours with ``digits`` decimals, or in minutes (one
    decimal fewer) under an hour, and with one decimal under a minute.

    >>> duration(1.25, digits=2), duration(0.5, digits=1), duration(0.5, digits=2)
    ('1.25 h', '30 min', '30.0 min')
    >>> duration(0.999, digits=1)
    '1.0 h'
    """
    minutes = value * 60
    places = max(digits - 1, 1 if abs(minutes) < 1 else 0)
    if abs(value) >= 1 or abs(round(minutes, places)) >= 60:  # never "60 min"
        return f"{value:.{digits}f} h"
    return f"{minutes:.{places}f} min"


def signed_hours(value: float) -> str:
    """A change of time with its sign, as :func:`hours` writes it.

    >>> signed_hours(-0.1), signed_hours(2.0)
    ('-6 min', '+2.0 h')
    """
    return ("-" if value < 0 else "+") + hours(abs(value))


def in_weeks(days: int) -> str:
    """A span of days in words that agree with the count: under a week in days, from a
    week on in rounded weeks, each ``about n weeks`` the days within half a week of ``n``
    (7 to 10 days about one week, 11 to 17 about two, 18 to 24 about three, ...). Its
    callers write ``in ...`` or ``... after`` with it; a negative span reads as its length.

    >>> in_weeks(0), in_weeks(1), in_weeks(2), in_weeks(6)
    ('less than a day', 'one day', 'two days', 'six days')
    >>> in_weeks(7), in_weeks(10), in_weeks(11), in_weeks(17), in_weeks(18)
    ('about one week', 'about one week', 'about two weeks', 'about two weeks', 'about three weeks')
    """
    days = abs(days)
    if days == 0:
        return "less than a day"
    if days < 7:  # "about one week" for a day two days ahead would not agree with it
        return counted(days, "day")
    weeks = round(days / 7)
    return f"about {counted(weeks, 'week')}"


DIMENSION_WORDS: dict[str, str] = {"day_part": "day part"}
"""A fixed segment dimension whose name is not a word; a log's column name is shown as written."""


UNRECORDED: frozenset[str] = frozenset(
    {
        "",
        "empty",
        "null",
        "none",
        "nil",
        "nan",
        "n/a",
        "unknown",
        "undefined",
        "missing",
        "not set",
        "-",
        "?",
        "(blank)",
        "(empty)",
        "(null)",
    }
)
"""Values a log writes where nothing was recorded (the BPI logs' ``EMPTY`` group, say),
compared trimmed and without regard to case: a reader is told nothing was recorded,
never shown the marker as if it were a team's or a value's name."""


def unrecorded(value: str) -> bool:
    """Whether ``value`` is a marker for nothing recorded (:data:`UNRECORDED`).

    >>> unrecorded("EMPTY"), unrecorded(" n/a "), unrecorded("Group 1")
    (True, True, False)
    """
    return value.strip().lower() in UNRECORDED


def where(segment: Mapping[str, str] | None) -> str:
    """A segment of a check in words (``all cases`` for the whole check).

    A value a log writes where nothing was recorded (:func:`unrecorded`, the BPI logs'
    ``EMPTY`` group) is said so, never shown as if it were a name.

    >>> where({"day_part": "late"}), where({"case:AMOUNT_REQ": "5,000 to 10,000"})
    ('day part late', 'case:AMOUNT_REQ 5,000 to 10,000')
    >>> where({"team": "EMPTY"}), where({"team": "North", "case:channel": "NULL"})
    ('team not recorded', 'team North, case:channel not recorded')
    """
    if not segment:
        return "all cases"
    return ", ".join(
        f"{DIMENSION_WORDS.get(name, name)} {'not recorded' if unrecorded(value) else value}"
        for name, value in segment.items()
    )


IRREGULAR_PLURALS: dict[str, str] = {"person": "people", "case": "cases"}
"""Nouns whose plural is not the noun with an ``s`` (or ``es``) added."""


def plural(count: int, noun: str) -> str:
    """``noun`` in the number ``count`` asks for: singular for one, plural otherwise.

    >>> plural(1, "team"), plural(0, "team"), plural(3, "person"), plural(2, "activity")
    ('team', 'teams', 'people', 'activities')
    """
    if count == 1:
        return noun
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{noun[:-1]}ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return f"{noun}es"
    return f"{noun}s"


def counted(count: int, noun: str, *, digits: bool = False) -> str:
    """A count with its noun, e.g. ``two teams``, ``one case``, ``1,474 cases``.

    Args:
        count: how many.
        noun: the singular noun.
        digits: write the count in digits (tables, signal lines) rather than in words
            under eleven (:func:`count_words`).
    """
    number = f"{count:,}" if digits else count_words(count)
    return f"{number} {plural(count, noun)}"


_AN_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")
_AN_SILENT_H = ("hour", "honest", "honour", "heir")


def cases_behind(metric: str, cases: int) -> str:
    """The cases behind a signal's figure, said as what they are.

    A share missed is known a fixed time after each case begins, so its latest cases are
    those begun since the change; a time is known when the step is done (or the case is
    past four times its limit), so its figure rests on the cases timed last, not on the
    cases begun since the change's day.

    >>> cases_behind("missed", 600), cases_behind("latency", 113)
    ('600 cases since then', 'the latest 113 cases timed')
    """
    if metric == "missed":
        return f"{counted(cases, 'case', digits=True)} since then"
    return f"the latest {counted(cases, 'case', digits=True)} timed"


def article(phrase: str) -> str:
    """``phrase`` with ``a`` or ``an`` before it, by how its first word sounds.

    >>> article("upgrade"), article("unit"), article("hour"), article("8-day wait")
    ('an upgrade', 'a unit', 'an hour', 'an 8-day wait')
    >>> article("complaint"), article("11-day wait"), article("1-day wait")
    ('a complaint', 'an 11-day wait', 'a 1-day wait')
    """
    word = phrase.lower()
    if word[:1].isdigit():
        number = word.split("-")[0].split()[0].replace(",", "")
        lead = number.split(".")[0]
        spoken_an = (
            lead.startswith("8")
            or lead in ("11", "18")
            or (len(lead) in (5, 6) and lead[:2] in ("11", "18"))
        )
        return f"{'an' if spoken_an else 'a'} {phrase}"
    if word.startswith(_AN_SILENT_H):
        return f"an {phrase}"
    vowel = word[:1] in ("a", "e", "i", "o", "u") and not word.startswith(_AN_EXCEPTIONS)
    return f"{'an' if vowel else 'a'} {phrase}"


def showing(count: int, total: int, noun: str) -> str:
    """How many of ``total`` show something, e.g. ``three of 40 people``, ``both teams``.

    >>> showing(3, 40, "person"), showing(0, 5, "team"), showing(4, 4, "team")
    ('three of 40 people', 'none of the five teams', 'all four teams')
    >>> showing(2, 2, "team"), showing(0, 2, "team"), showing(1, 1, "team"), showing(0, 1, "team")
    ('both teams', 'neither team', 'the only team', 'no team')
    """
    if total == 1:
        return f"the only {noun}" if count == 1 else f"no {noun}"
    if total == 2 and count in (0, 2):
        return f"both {plural(2, noun)}" if count == 2 else f"neither {noun}"
    if count == 0:
        return f"none of the {counted(total, noun)}"
    if count == total:
        return f"all {counted(total, noun)}"
    return f"{count_words(count)} of {counted(total, noun)}"


def showing_verb(count: int, total: int) -> str:
    """``shows`` or ``show``, agreeing with :func:`showing`'s phrase.

    >>> showing_verb(1, 1), showing_verb(0, 2), showing_verb(2, 2), showing_verb(1, 5)
    ('shows', 'shows', 'show', 'shows')
    """
    singular = total == 1 or (total == 2 and count == 0) or count == 1
    return "shows" if singular else "show"


MAX_EXTRA_DIGITS = 6
"""How many decimals :func:`distinct_pair` may add before it calls two values the same."""


def distinct_pair(
    before: float,
    after: float,
    *,
    render: Callable[[float, int], str],
    digits: int,
    max_extra: int = MAX_EXTRA_DIGITS,
) -> tuple[str, str]:
    """``before`` and ``after`` rendered at the least precision (from ``digits``) that tells
    them apart.

    The rule: start at ``digits`` decimals and add one at a time, up to ``max_extra`` more,
    until the two strings differ; both are always written at the same precision. Two values
    that still read alike at the finest precision are returned alike, and the caller says
    they are about the same. So a change is never rounded away: ``0.1 h -> 0.1 h`` becomes
    ``0.05 h -> 0.06 h``.

    Args:
        before: the baseline value.
        after: the current value.
        render: writes a value at a number of decimals.
        digits: the usual number of decimals.
        max_extra: the most decimals to add.

    >>> distinct_pair(0.052, 0.061, render=lambda v, d: f"{v:.{d}f} h", digits=1)
    ('0.05 h', '0.06 h')
    >>> distinct_pair(78.5, 78.7, render=lambda v, d: f"{v:.{d}f} h", digits=1)
    ('78.5 h', '78.7 h')
    """
    for extra in range(max_extra + 1):
        first, second = render(before, digits + extra), render(after, digits + extra)
        if first != second or before == after:
            return first, second
    return first, second


def shares(before: float | None, after: float | None) -> tuple[str, str]:
    """Two shares as percentages (:func:`share`), as precise as it takes to tell them apart.

    >>> shares(0.018, 0.022), shares(0.12341, 0.12344), shares(None, 0.5)
    (('1.8%', '2.2%'), ('12.341%', '12.344%'), ('n/a', '50.0%'))
    """
    if before is None or after is None:
        return share(before), share(after)
    return distinct_pair(before, after, render=lambda v, d: f"{v:.{d}%}", digits=1)


def hours_pair(before: float | None, after: float | None) -> tuple[str, str]:
    """Two times in hours (:func:`hours`), as precise as it takes to tell them apart.

    Times under an hour are written in minutes (:func:`duration`).

    >>> hours_pair(0.052, 0.061), hours_pair(2521.0, 2545.0), hours_pair(0.048, 1.5)
    (('3 min', '4 min'), ('2521.0 h', '2545.0 h'), ('3 min', '1.5 h'))
    """
    if before is None or after is None:
        return (
            NOT_AVAILABLE if before is None else hours(before),
            NOT_AVAILABLE if after is None else hours(after),
        )
    return distinct_pair(before, after, render=lambda v, d: duration(v, digits=d), digits=1)
