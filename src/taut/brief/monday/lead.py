"""The lead: the few lines that open a Monday brief and count what its sections hold (the
steps question 2 names, the areas below or heading below their commitment under question 1,
the open signals the scan did not judge, the steps held steady, the changes' verdicts).
"""

from __future__ import annotations

from taut.brief.monday.changes import changes_intro
from taut.brief.monday.content import AreaLine, ChangeLine
from taut.brief.monday.phrases import areas_are, listed, since_words, steps_are
from taut.brief.standing import kinds_words, loose_signals, loose_steps, new_loose, open_unjudged
from taut.signal.report import ScanReport
from taut.store.records import Memory
from taut.words import count_words, counted


def _loose_lead(report: ScanReport, *, memory: Memory | None) -> str:
    """How many steps are getting loose and where, counting every step question 2 names
    (raised or starting to loosen, :func:`~taut.brief.standing.loose_steps`)."""
    loose = loose_steps(report)
    if not loose:
        return "No step is getting loose enough to raise this week."
    places = sorted({(signal.area, signal.risk) for signal in loose_signals(report)})
    every = {1: "", 2: "both "}.get(len(loose), "all ")
    where_words = (
        f"{every}in {places[0][0]} ({places[0][1]} risk)"
        if len(places) == 1
        else f"in {counted(len(places), 'area')}"
    )
    if not report.signals:  # only steps starting to loosen
        starting = f"{count_words(len(loose))} {'is' if len(loose) == 1 else 'are'}"
        return (
            f"No step is getting loose enough to raise this week; {starting} starting to, "
            f"{where_words}."
        )
    kinds = kinds_words(loose)
    first = f"{steps_are(len(loose)).capitalize()} getting loose, {where_words}"
    first += f" ({kinds})" if kinds else ""
    if memory is not None and memory.previous_as_of is not None:
        new = new_loose(report, memory=memory)
        first += f"; {'none' if new == 0 else count_words(new)} new {since_words(memory)}"
    return first + "."


def _unjudged_lead(report: ScanReport, *, memory: Memory | None) -> str:
    """The signals still open that this week's scan could not judge, named in the lead so
    that it is never quiet over them (:func:`~taut.brief.standing.open_unjudged`)."""
    unjudged = open_unjudged(report, memory=memory)
    if not unjudged:
        return ""
    names = listed([f"{item.check} ({item.area})" for item in unjudged])
    stays = "stays" if len(unjudged) == 1 else "stay"
    return (
        f"{counted(len(unjudged), 'signal').capitalize()} {stays} open that this week's scan "
        f"could not judge: {names}."
    )


def lead_lines(
    report: ScanReport,
    *,
    areas: tuple[AreaLine, ...],
    changes: tuple[ChangeLine, ...],
    memory: Memory | None,
) -> tuple[str, ...]:
    """The lead's lines in order: loose steps, unjudged signals, areas, steps held, verdicts."""
    first = _loose_lead(report, memory=memory)
    if memory is not None and memory.previous_as_of is None:
        first += " This is the first brief on record: from the next one on, new steps are marked."
    below = [area for area in areas if area.below]
    heading = [area for area in areas if area.at_risk and not area.below]
    second = []
    if below:
        second.append(
            f"{areas_are(len(below))} below {'its' if len(below) == 1 else 'their'}"
            f" commitment now: {', '.join(area.area for area in below)}."
        )
    if heading:
        second.append(
            f"{areas_are(len(heading))} heading below "
            f"{'its' if len(heading) == 1 else 'their'} commitment at this pace: "
            f"{', '.join(area.area for area in heading)}."
        )
    unjudged = _unjudged_lead(report, memory=memory)
    if unjudged:
        second.insert(0, unjudged)
    if not below and not heading:
        quiet = not loose_steps(report) and not unjudged
        second.append(
            "Every area meets its commitment, with no fall in sight."
            if quiet
            else "Every area meets its commitment for now."
        )
    held = len(report.steady)
    third = f"{counted(held, 'step').capitalize()} held steady." if held else ""
    verdicts = changes_intro(changes) if changes else ""
    return tuple(line for line in (first, *second, third, verdicts) if line)
