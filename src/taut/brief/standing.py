"""Which steps are not steady this week, for the Monday brief's lead, areas and "What held
steady": one rule, so no line calls an area fine while another line shows a step of it loose.

A step is **loose** when this scan raised a signal on it (drifting) or watches a slice of it
that is loosening or drifting behind the week's budget (question 2 lists both). A signal is
**open unjudged** when the state store holds it open but this scan neither lists nor judges
its check (a baseline too thin to be sure, say) and it is not in its week of grace: the scan
lists it under "Still open" (:func:`taut.brief.lifecycle.since_last_scan`), and the brief
must not fall silent on it. An area with a loose step or an open unjudged signal is never
said to meet its commitment "with no fall in sight".
"""

from __future__ import annotations

from typing import Literal

from taut.brief.lifecycle import grace_words, since_last_scan, tracked_of
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import Memory, TrackedSignal
from taut.words import count_words

Looseness = Literal["drifting", "loosening"]
"""How loose a step is: drifting (raised, or watched behind the budget) or starting to."""


def loose_signals(report: ScanReport) -> tuple[Signal, ...]:
    """The raised signals, then the watched slices loosening or drifting: every step
    question 2 names, in its order."""
    watched = tuple(item for item in report.watching if item.state in ("loosening", "drifting"))
    return (*report.signals, *watched)


def loose_steps(report: ScanReport) -> dict[str, tuple[str, Looseness]]:
    """Each loose step (module docstring) once, with its area and how loose: drifting if
    any slice of it drifts, else loosening; in question 2's order."""
    steps: dict[str, tuple[str, Looseness]] = {}
    for signal in loose_signals(report):
        how: Looseness = "loosening" if signal.state == "loosening" else "drifting"
        known = steps.get(signal.check)
        if known is None or (known[1] == "loosening" and how == "drifting"):
            steps[signal.check] = (signal.area, how)
    return steps


def new_loose(report: ScanReport, *, memory: Memory | None) -> int:
    """How many loose steps have a signal the store first raised this week."""
    if memory is None:
        return 0
    new = set()
    for signal in loose_signals(report):
        tracked = tracked_of(memory, signal)
        if tracked is not None and tracked.lifecycle == "new":
            new.add(signal.check)
    return len(new)


def open_unjudged(report: ScanReport, *, memory: Memory | None) -> tuple[TrackedSignal, ...]:
    """The signals the store holds open that this scan neither lists nor judged, outside
    their week of grace (module docstring), in the scan's "Still open" order."""
    if memory is None:
        return ()
    since = since_last_scan(report, memory=memory)
    judged = {item.check for item in (*report.signals, *report.watching)}
    judged |= {check for _, check in report.steady}
    return tuple(
        lived.tracked
        for lived in (*since.new, *since.still_open)
        if lived.signal is None
        and lived.tracked.check not in judged
        and not grace_words(lived.tracked, as_of=report.as_of)
    )


def loose_words(how: Looseness) -> str:
    """``is drifting``, ``is starting to loosen``."""
    return "is drifting" if how == "drifting" else "is starting to loosen"


UNJUDGED_WORDS = "keeps a signal open, not judged this week"
"""What a step whose only trouble is an open signal this week's scan could not judge does."""


def loose_of(report: ScanReport, *, check: str, memory: Memory | None = None) -> str:
    """How loose ``check`` is this week, in words (``is drifting``), or, with the store's
    memory, that it keeps a signal open this scan did not judge (:func:`open_unjudged`);
    empty when neither: for a line that would otherwise call it holding."""
    steps = loose_steps(report)
    if check in steps:
        return loose_words(steps[check][1])
    if any(item.check == check for item in open_unjudged(report, memory=memory)):
        return UNJUDGED_WORDS
    return ""


def kinds_words(steps: dict[str, tuple[str, Looseness]]) -> str:
    """How many of the loose steps drift and how many start to, when both:
    ``two drifting, one starting to``; empty when all are of one kind.

    >>> kinds_words({"a": ("A", "drifting"), "b": ("A", "drifting"), "c": ("B", "loosening")})
    'two drifting, one starting to'
    >>> kinds_words({"a": ("A", "drifting")})
    ''
    """
    drifting = sum(how == "drifting" for _, how in steps.values())
    starting = len(steps) - drifting
    if not drifting or not starting:
        return ""
    return f"{count_words(drifting)} drifting, {count_words(starting)} starting to"
