"""Question 1, "Where is our follow-through most fragile right now?": each area's weakest
step against its commitment, in a line (:class:`~taut.brief.monday.content.AreaLine`), those
below it first, then those heading below it, then those holding.
"""

from __future__ import annotations

from datetime import date, timedelta

from taut.brief.monday.content import AreaLine
from taut.brief.monday.phrases import day_words, target_words
from taut.brief.standing import (
    UNJUDGED_WORDS,
    Looseness,
    loose_steps,
    loose_words,
    open_unjudged,
)
from taut.brief.wording import room_words
from taut.signal.decide.fragility import CURRENT_WEEKS, Fragility
from taut.signal.report import ScanReport
from taut.store.records import Memory
from taut.words import in_weeks, share


def _recent(item: Fragility, *, as_of: date) -> str:
    """The cases a check's current share rests on: the last four weeks', or, when too few
    became known in them, its latest cases (:mod:`taut.signal.decide.fragility`)."""
    weeks = as_of - timedelta(days=7 * CURRENT_WEEKS - 1)
    if item.recent_from is None or item.recent_from >= weeks:
        return "cases in the last four weeks"
    return f"its latest {item.cases:,} cases (since {day_words(item.recent_from)})"


def area_sentence(
    item: Fragility, *, as_of: date, loose: Looseness | None = None, unjudged: bool = False
) -> str:
    """One check against its commitment, for the first question; one above it and holding
    but ``loose``, or ``unjudged`` (a signal the store keeps open on it that this scan could
    not judge, :mod:`taut.brief.standing`), holds only for now, and says why.

    >>> from taut.signal.decide.fragility import CURRENT_WEEKS, Fragility
    >>> item = Fragility(area="A", check="ack", risk="high", target=0.9, current=0.934,
    ...     cases=900, headroom=0.034, trend=-0.005, breaks=date(2025, 8, 24), score=0.5)
    >>> print(area_sentence(item, as_of=date(2025, 7, 6)))  # doctest: +NORMALIZE_WHITESPACE
    ack kept in 93.4% of cases in the last four weeks; at this pace it falls below its 90%
    commitment in about seven weeks (around 24 August 2025).
    """
    if item.headroom is None or item.current is None:
        return f"{item.check}: no recent cases to judge it by."
    kept = f"{item.check} kept in {share(item.current)} of {_recent(item, as_of=as_of)}"
    target = target_words(item.target)
    if item.headroom < 0:
        return f"{kept}, below its {target} commitment now."
    if item.breaks is not None:
        days = (item.breaks - as_of).days
        return (
            f"{kept}; at this pace it falls below its {target} commitment in "
            f"{in_weeks(days)} (around {day_words(item.breaks)})."
        )
    room = f"{kept}, {room_words(item.headroom)} its {target} commitment"
    if loose is not None:
        return f"{room} for now, though it {loose_words(loose)} (see question 2)."
    if unjudged:
        return f"{room} for now, though it {UNJUDGED_WORDS} (see What held steady)."
    return f"{room}, holding."


def _also_below(report: ScanReport, *, area: str, weakest: str) -> str:
    """The area's other checks below their commitment now, if any, in a sentence."""
    others = [
        f"{item.check} ({share(item.current)} kept against {target_words(item.target)})"
        for item in report.checks
        if item.area == area
        and item.check != weakest
        and item.headroom is not None
        and item.headroom < 0
    ]
    return f" Also below its commitment: {', '.join(others)}." if others else ""


def area_lines(report: ScanReport, *, memory: Memory | None = None) -> tuple[AreaLine, ...]:
    """Each area's line: those below their commitment first, then those heading below it,
    then those holding, each group in the scan's risk-weighted order (with the store's
    ``memory``, a check keeping a signal open unjudged never reads holding)."""
    loose = loose_steps(report)
    unjudged = {item.check for item in open_unjudged(report, memory=memory)}
    lines = [
        AreaLine(
            area=area.area,
            risk=area.risk,
            check=area.weakest.check,
            sentence=area_sentence(
                area.weakest,
                as_of=report.as_of,
                loose=loose[area.weakest.check][1] if area.weakest.check in loose else None,
                unjudged=area.weakest.check in unjudged,
            )
            + _also_below(report, area=area.area, weakest=area.weakest.check),
            below=area.weakest.headroom is not None and area.weakest.headroom < 0,
            at_risk=area.weakest.headroom is not None
            and (area.weakest.headroom < 0 or area.weakest.breaks is not None),
        )
        for area in report.fragility
    ]
    return tuple(sorted(lines, key=lambda line: (not line.below, not line.at_risk)))
