"""The small phrases a Monday brief says again and again: a day, a commitment, a count
of steps or areas, a list of names, since when "new" counts, and how long an open signal has
been open (:func:`life_sentence`, which the steps, "What held steady" and the lead all use).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from taut.brief.lifecycle import decision_words, weeks_words
from taut.store.records import Memory, TrackedSignal
from taut.words import counted


def day_words(value: date) -> str:
    """A day as the brief writes it: ``6 July 2025``."""
    return f"{value:%d %B %Y}".lstrip("0")


def target_words(value: float) -> str:
    """A commitment's share as the brief writes it: ``90%``."""
    return f"{value * 100:.4g}%"


def steps_are(count: int) -> str:
    """``one step is``, ``two steps are``."""
    return f"{counted(count, 'step')} {'is' if count == 1 else 'are'}"


def since_words(memory: Memory) -> str:
    """Since when "new" counts: ``since last week``, or since an older last brief.

    >>> since_words(Memory(as_of=date(2025, 7, 6), previous_as_of=date(2025, 6, 8),
    ...     tracked=()))
    'since the last brief (8 June 2025)'
    """
    previous = memory.previous_as_of
    if previous is None or (memory.as_of - previous).days <= 7:
        return "since last week"
    return f"since the last brief ({day_words(previous)})"


def listed(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``.

    >>> listed(["Offer"]), listed(["Offer", "Activation"]), listed(["A", "B", "C"])
    ('Offer', 'Offer and Activation', 'A, B and C')
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def areas_are(count: int) -> str:
    """``One area is``, ``Two areas are``, capitalised to open a sentence."""
    return f"{counted(count, 'area')} {'is' if count == 1 else 'are'}".capitalize()


def life_sentence(tracked: TrackedSignal, *, as_of: date) -> str:
    """How long an open signal has been open, and the decision on it, as a sentence.

    >>> one = TrackedSignal(id=7, area="A", check="ack", metric="missed", direction="up",
    ...     segment=None, lifecycle="ongoing", state="drifting",
    ...     first_raised=date(2026, 10, 12), first_scan=date(2026, 10, 18),
    ...     last_seen=date(2026, 11, 15))
    >>> life_sentence(one, as_of=date(2026, 11, 15))
    'Open 4 weeks, first raised 12 October 2026.'
    >>> from dataclasses import replace
    >>> late = replace(one, lifecycle="new", first_scan=date(2026, 11, 15))
    >>> print(life_sentence(late, as_of=date(2026, 11, 15)))  # doctest: +NORMALIZE_WHITESPACE
    Raised this week; on the cases known now, its alarm dates back to 12 October 2026, 4
    weeks ago.
    """
    weeks = tracked.age_weeks(as_of=as_of)
    first = day_words(tracked.first_raised)
    if weeks == 0:
        text = f"First raised this week ({first})"
    elif tracked.lifecycle == "new" and tracked.first_scan == as_of:
        # This week's scan raised it first; its alarm's day is older, on what is known now
        # (outcomes that came in since, a late miss counting on the day its case began, or
        # a baseline that moved): never "first raised" weeks before briefs that said nothing.
        text = (
            f"Raised this week; on the cases known now, its alarm dates back to {first}, "
            f"{weeks_words(weeks)} ago"
        )
    elif tracked.lifecycle == "new":
        text = f"New to the brief; first raised {first}, {weeks_words(weeks)} ago"
    else:
        text = f"Open {weeks_words(weeks)}, first raised {first}"
    decision = decision_words(tracked, as_of=as_of, day=day_words)
    return text + (f"; {decision}." if decision else ".")
