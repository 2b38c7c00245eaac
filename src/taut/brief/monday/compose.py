"""From a :class:`~taut.brief.briefing.Briefing` to the sentences of a Monday brief.

Every number a brief shows is worded once, here or in a module listed below, from the record
it belongs to: the lead's
counts are the lengths of the sections they summarise, a step's figures are its signal's
(:func:`taut.brief.wording.metric_pair`), its age the store's
(:func:`taut.brief.lifecycle.life_words`), its reach and consequences the insight's own
sentences (:mod:`taut.insight.reach`), a verdict's reason the verdict's own.

The sections, in the order the brief shows them, and the module that words each:

1. the lead, counting what the sections below hold: :mod:`~taut.brief.monday.lead`;
2. "Where is our follow-through most fragile right now?", each area's weakest step:
   :mod:`~taut.brief.monday.areas`;
3. "Which steps are starting to get loose?", each raised step and those starting to
   loosen: here (:func:`compose_brief`), with the changes made to a step from
   :mod:`~taut.brief.monday.changes` and its figures from :mod:`~taut.brief.monday.moved`;
4. "What small change would make execution steadier?", the remedies: here;
5. "What held steady": :mod:`~taut.brief.monday.steady`;
6. "Changes made, and whether they work": :mod:`~taut.brief.monday.changes`;
7. "Not judged surely", the steps with too thin a baseline: here.

The phrases they share (a day, a list of names, an open signal's age) are
:mod:`~taut.brief.monday.phrases`.
"""

from __future__ import annotations

from datetime import date

from taut.brief.briefing import Briefing
from taut.brief.charts import chart_name
from taut.brief.lifecycle import tracked_of, weeks_words
from taut.brief.monday.areas import area_lines
from taut.brief.monday.changes import after_change, change_lines, changes_intro, tried
from taut.brief.monday.content import MondayBrief, Remedy, Step
from taut.brief.monday.emphasis import LOOSE_FOCUS, REMEDY_INTRO
from taut.brief.monday.lead import lead_lines
from taut.brief.monday.moved import COMING_BACK, change_words, few_headline, thin_words
from taut.brief.monday.phrases import day_words, life_sentence, steps_are
from taut.brief.monday.steady import steady_lines
from taut.brief.wording import explained, steadied
from taut.insight.reach import consequence_lines, spread_line
from taut.insight.records import Insight
from taut.insight.wording import place, reason, slip_share
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import OPEN_LIFECYCLES, Memory
from taut.words import counted


def headline_of(insight: Insight) -> str:
    """The insight's headline without the check's name it starts with (the brief names the
    step just before it)."""
    prefix = f"{insight.check}: "
    text = insight.headline.removeprefix(prefix)
    return text[0].upper() + text[1:] if text else text


def _age(signal: Signal, *, memory: Memory | None, as_of: date) -> tuple[str, bool]:
    """How long it has been open, and whether it is new since last week.

    With the store's memory the day is the store's first raising of the signal (issue 12:
    one date on every face), also on the first brief (which marks nothing new); a signal
    the store does not track as open gets no age (no stored signal backs a date). Without
    a store, the day the scan's detector raised it.
    """
    tracked = None if memory is None else tracked_of(memory, signal)
    if tracked is not None and tracked.lifecycle not in OPEN_LIFECYCLES:
        tracked = None
    if memory is not None and tracked is None:
        return "", False
    if memory is not None and tracked is not None and memory.previous_as_of is not None:
        return life_sentence(tracked, as_of=as_of), tracked.lifecycle == "new"
    raised = signal.raised if tracked is None else tracked.first_raised
    if raised is None:
        return "Not yet raised.", False
    weeks = max(0, (as_of - raised).days // 7)
    if weeks == 0:
        return f"Raised this week ({day_words(raised)}).", False
    return f"Raised {day_words(raised)}, {weeks_words(weeks)} ago.", False


def _conditions(insight: Insight | None) -> str | None:
    if insight is None:
        return None
    held = [item for item in insight.conditions if item.holds]
    if not held:
        return (
            "No one condition explains it: it is spread across the work."
            if (insight.widespread)
            else None
        )
    top = held[0]
    return (
        f"Concentrated {place(top.field, top.value, short=False)} "
        f"({slip_share(top.share_explained)}). What likely made it reasonable is "
        f"{reason(top.field)}."
    )


def _steps(briefing: Briefing) -> tuple[Step, ...]:
    report = briefing.report
    insights = {item.check: item for item in explained(report, briefing.insights)}
    steps = []
    for signal in report.signals:
        insight = insights.get(signal.check)
        age, new = _age(signal, memory=briefing.memory, as_of=report.as_of)
        change = change_words(signal, checks=report.checks, as_of=report.as_of)
        steps.append(
            Step(
                check=signal.check,
                area=signal.area,
                risk=signal.risk,
                state=signal.state,
                new=new,
                headline=few_headline(signal) or (headline_of(insight) if insight else change),
                change=change,
                age=age,
                consequences=tuple(consequence_lines(insight.consequences)) if insight else (),
                spread=spread_line(insight.spread) if insight else None,
                conditions=_conditions(insight),
                after_change=after_change(signal, briefing.changes, report=report),
                tried=tried(signal, briefing.changes),
                chart=chart_name(signal),
            )
        )
    return tuple(steps)


def _loosening(report: ScanReport) -> tuple[str, ...]:
    lines = []
    for signal in report.watching:
        moved = change_words(signal, checks=report.checks, as_of=report.as_of)
        if signal.state == "loosening":
            lines.append(f"{signal.check} ({signal.area}) is starting to loosen. {moved}")
        elif signal.state == "drifting":
            lines.append(
                f"{signal.check} ({signal.area}) is drifting too, behind this week's "
                f"{counted(report.budget, 'signal')}. {moved}"
            )
    return tuple(lines)


def _remedies(briefing: Briefing) -> tuple[Remedy, ...]:
    steady = steadied(briefing.report, briefing.reinforcements)
    return tuple(
        Remedy(
            check=signal.check,
            options=tuple((item.title, item.why) for item in steady[signal.check].reinforcements),
            look_first=steady[signal.check].look_first,
        )
        for signal in briefing.report.signals
        if signal.check in steady
    )


def compose_brief(briefing: Briefing) -> MondayBrief:
    """Every sentence of the Monday brief of ``briefing`` (module docstring).

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is not of the report's scan.
    """
    report = briefing.report
    steps = _steps(briefing)
    areas = area_lines(report, memory=briefing.memory)
    changes = change_lines(briefing)
    focus = LOOSE_FOCUS[briefing.audience]
    if not steps:
        raised = "No step is drifting."
    elif len(steps) == 1:
        each = "it" if briefing.audience == "coo" else "the"
        raised = f"One step is drifting, shown {focus.format(each=each)}"
    else:
        each = "each one" if briefing.audience == "coo" else "each"
        raised = (
            f"{steps_are(len(steps)).capitalize()} drifting, highest risk first, "
            + focus.format(each=each)
        )
    return MondayBrief(
        process=report.process,
        as_of=report.as_of,
        previous_as_of=None if briefing.memory is None else briefing.memory.previous_as_of,
        audience=briefing.audience,
        lead=lead_lines(report, areas=areas, changes=changes, memory=briefing.memory),
        fragile_intro="Each area's weakest step against its commitment: those below it first, "
        "then those heading below it, then those holding.",
        fragile=areas,
        loose_intro=raised,
        steps=steps,
        loosening=_loosening(report),
        remedy_intro=REMEDY_INTRO[briefing.audience] if steps else "Nothing to steady this week.",
        remedies=_remedies(briefing),
        steady=steady_lines(briefing),
        changes_intro=changes_intro(changes),
        changes=changes,
        notes=tuple(
            f"{item.check}: {thin_words(item)}."
            for item in report.thin
            # A check held steady with no miss in many cases is steady, not unjudged.
            if item.check not in {check for _, check in report.steady}
        ),
        loosening_charts=tuple(
            chart_name(signal)
            for signal in report.watching
            if signal.state in ("loosening", "drifting")
        ),
        steady_charts=tuple(
            chart_name(signal) for signal in report.watching if signal.state in COMING_BACK
        ),
    )
