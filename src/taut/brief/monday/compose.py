"""From a :class:`~taut.brief.briefing.Briefing` to the sentences of a Monday brief.

Every number a brief shows is worded here, once, from the record it belongs to: the lead's
counts are the lengths of the sections they summarise, a step's figures are its signal's
(:func:`taut.brief.wording.metric_pair`), its age the store's
(:func:`taut.brief.lifecycle.life_words`), its reach and consequences the insight's own
sentences (:mod:`taut.insight.reach`), a verdict's reason the verdict's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from taut.brief.briefing import Briefing
from taut.brief.charts import chart_name
from taut.brief.lifecycle import (
    decision_words,
    grace_waits,
    grace_words,
    quoted,
    seen_words,
    tracked_of,
    weeks_open,
    weeks_words,
)
from taut.brief.monday.content import (
    AreaLine,
    ChangeLine,
    MondayBrief,
    Remedy,
    Step,
)
from taut.brief.monday.emphasis import LOOSE_FOCUS, REMEDY_INTRO
from taut.brief.monday.moved import (
    COMING_BACK,
    change_words,
    few_headline,
    held_caveat,
    thin_words,
)
from taut.brief.standing import (
    Looseness,
    kinds_words,
    loose_signals,
    loose_steps,
    loose_words,
    new_loose,
    open_unjudged,
)
from taut.brief.wording import explained, room_words, steadied
from taut.insight.reach import consequence_lines, spread_line
from taut.insight.records import Insight
from taut.insight.wording import place, reason, slip_share
from taut.reinforce.changes import JudgedChange
from taut.reinforce.wording import VERDICT_WORDS
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import CURRENT_WEEKS, Fragility
from taut.signal.report import ScanReport
from taut.store.records import OPEN_LIFECYCLES, Memory, TrackedSignal
from taut.words import count_words, counted, in_weeks, share, where

AFTER_CHANGE_DAYS = 56
"""A slip that began within eight weeks of a change recorded on its step is said to follow it."""


def _day(value: date) -> str:
    return f"{value:%d %B %Y}".lstrip("0")


def _target(value: float) -> str:
    return f"{value * 100:.4g}%"


def _steps_are(count: int) -> str:
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
    return f"since the last brief ({_day(previous)})"


def _listed(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``.

    >>> _listed(["Offer"]), _listed(["Offer", "Activation"]), _listed(["A", "B", "C"])
    ('Offer', 'Offer and Activation', 'A, B and C')
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _areas_are(count: int) -> str:
    return f"{counted(count, 'area')} {'is' if count == 1 else 'are'}".capitalize()


def headline_of(insight: Insight) -> str:
    """The insight's headline without the check's name it starts with (the brief names the
    step just before it)."""
    prefix = f"{insight.check}: "
    text = insight.headline.removeprefix(prefix)
    return text[0].upper() + text[1:] if text else text


def _recent(item: Fragility, *, as_of: date) -> str:
    """The cases a check's current share rests on: the last four weeks', or, when too few
    became known in them, its latest cases (:mod:`taut.signal.decide.fragility`)."""
    weeks = as_of - timedelta(days=7 * CURRENT_WEEKS - 1)
    if item.recent_from is None or item.recent_from >= weeks:
        return "cases in the last four weeks"
    return f"its latest {item.cases:,} cases (since {_day(item.recent_from)})"


def area_sentence(item: Fragility, *, as_of: date, loose: Looseness | None = None) -> str:
    """One check against its commitment, for the first question; one above it and holding
    but ``loose`` (:mod:`taut.brief.standing`) holds only for now, and says why.

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
    target = _target(item.target)
    if item.headroom < 0:
        return f"{kept}, below its {target} commitment now."
    if item.breaks is not None:
        days = (item.breaks - as_of).days
        return (
            f"{kept}; at this pace it falls below its {target} commitment in "
            f"{in_weeks(days)} (around {_day(item.breaks)})."
        )
    room = f"{kept}, {room_words(item.headroom)} its {target} commitment"
    if loose is not None:
        return f"{room} for now, though it {loose_words(loose)} (see question 2)."
    return f"{room}, holding."


def _also_below(report: ScanReport, *, area: str, weakest: str) -> str:
    """The area's other checks below their commitment now, if any, in a sentence."""
    others = [
        f"{item.check} ({share(item.current)} kept against {_target(item.target)})"
        for item in report.checks
        if item.area == area
        and item.check != weakest
        and item.headroom is not None
        and item.headroom < 0
    ]
    return f" Also below its commitment: {', '.join(others)}." if others else ""


def _areas(report: ScanReport) -> tuple[AreaLine, ...]:
    """Each area's line: those below their commitment first, then those heading below it,
    then those holding, each group in the scan's risk-weighted order."""
    loose = loose_steps(report)
    lines = [
        AreaLine(
            area=area.area,
            risk=area.risk,
            check=area.weakest.check,
            sentence=area_sentence(
                area.weakest,
                as_of=report.as_of,
                loose=loose[area.weakest.check][1] if area.weakest.check in loose else None,
            )
            + _also_below(report, area=area.area, weakest=area.weakest.check),
            below=area.weakest.headroom is not None and area.weakest.headroom < 0,
            at_risk=area.weakest.headroom is not None
            and (area.weakest.headroom < 0 or area.weakest.breaks is not None),
        )
        for area in report.fragility
    ]
    return tuple(sorted(lines, key=lambda line: (not line.below, not line.at_risk)))


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
    first = _day(tracked.first_raised)
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
    decision = decision_words(tracked, as_of=as_of, day=_day)
    return text + (f"; {decision}." if decision else ".")


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
        return f"Raised this week ({_day(raised)}).", False
    return f"Raised {_day(raised)}, {weeks_words(weeks)} ago.", False


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


def _gap(days: int) -> str:
    return "right after" if days < 7 else f"{in_weeks(days)} after"


def _after_change(
    signal: Signal, changes: Sequence[JudgedChange], *, report: ScanReport
) -> str | None:
    """A change to the step shortly before its slip began: a recorded change, else a new
    normal the store accepted for it (a rebaselined signal restarts its baseline)."""
    if signal.since is None:
        return None
    window = timedelta(AFTER_CHANGE_DAYS)
    before = [
        item.change
        for item in changes
        if item.change.check == signal.check
        and timedelta(0) <= signal.since - item.change.applied_on <= window
    ]
    if before:
        latest = max(before, key=lambda change: change.applied_on)
        days = (signal.since - latest.applied_on).days
        return (
            f"It began {_gap(days)} a change to this step on {_day(latest.applied_on)}: "
            f"{quoted(latest.change)}."
        )
    restarts = [
        move.restart
        for move in report.moved
        if move.check == signal.check
        and move.restart is not None
        and timedelta(0) <= signal.since - move.restart <= window
    ]
    if not restarts:
        return None
    days = (signal.since - restarts[0]).days
    return (
        f"It began {_gap(days)} the step's new normal from {_day(restarts[0])} "
        "(its baseline restarted then, by a decision in the store)."
    )


def _tried(signal: Signal, changes: Sequence[JudgedChange]) -> tuple[str, ...]:
    """The changes already made to the step, each with its verdict in a few words."""
    return tuple(
        f"A change is in place"
        f"{'' if item.change.segment is None else f' in {where(item.change.segment)}'}"
        f" since {_day(item.change.applied_on)}: "
        f"{quoted(item.change.change)} ({VERDICT_WORDS[item.effect.verdict]})."
        for item in changes
        if item.change.check == signal.check
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
                after_change=_after_change(signal, briefing.changes, report=report),
                tried=_tried(signal, briefing.changes),
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


def _settled_how(tracked: TrackedSignal, changes: Sequence[JudgedChange]) -> str:
    """How a signal closed since last week: resolved, answered by a working change (which
    restarts its check's baseline), or taken as the new normal."""
    if tracked.lifecycle == "resolved":
        return "resolved"
    answered = [
        item
        for item in changes
        if item.effect.verdict in ("working", "relapsing")
        and (item.change.signal_id == tracked.id or item.change.check == tracked.check)
    ]
    if answered:
        change = answered[0].change
        return (
            f"a working change answered it ({quoted(change.change)} from "
            f"{_day(change.applied_on)}), and the step is now judged against its level since"
        )
    return "taken as the new normal"


def _below_usual(signal: Signal) -> bool:
    """A recovered check whose recent level is lower (better) than its baseline's: back
    from its drift, but better than its usual level, not at it."""
    return (
        signal.state == "recovered"
        and signal.current is not None
        and signal.current < signal.baseline
    )


def _steady(briefing: Briefing) -> tuple[str, ...]:
    report = briefing.report
    lines = []
    if report.steady:
        names = ", ".join(check for _, check in report.steady)
        own = "its" if len(report.steady) == 1 else "their"
        lines.append(
            f"{counted(len(report.steady), 'step').capitalize()} held steady against {own} "
            f"usual level: {names}."
        )
        held = {check for _, check in report.steady}
        watch = [
            item.check
            for item in report.checks
            if item.check in held
            and item.headroom is not None
            and (item.headroom < 0 or item.breaks is not None)
        ]
        if watch:
            below = {
                item.check
                for item in report.checks
                if item.headroom is not None and item.headroom < 0
            }
            where = (
                "below"
                if below >= set(watch)
                else "near"
                if not below & set(watch)
                else "near or below"
            )
            # Question 1 shows each area's weakest step and every step below: point there
            # only when it shows them all, else give the figures here.
            shown = {area.weakest.check for area in report.fragility} | below
            pointer = " (see question 1)" if shown >= set(watch) else ""
            figures = "".join(
                f" {area_sentence(item, as_of=report.as_of)}"
                for item in report.checks
                if item.check in watch and item.check not in shown
            )
            lines.append(
                f"Of these, {_listed(watch)} still needs watching: steady against its "
                f"usual level, but {where} its commitment{pointer}.{figures}"
                if len(watch) == 1
                else f"Of these, {_listed(watch)} still need watching: steady against "
                f"their usual level, but {where} their commitment{pointer}.{figures}"
            )
    coming = {
        "recovering": "is coming back, not there yet",
        "recovered": "is back at its usual level",
        "improved": "is better than its usual level",
    }
    better = "is back from its drift, and better than its usual level"  # not at it
    lines += [
        f"{signal.check} ({signal.area}) "
        f"{better if _below_usual(signal) else coming[signal.state]}"
        f"{held_caveat(signal, report=report)}. "
        f"{change_words(signal, checks=report.checks, as_of=report.as_of)}"
        for signal in report.watching
        if signal.state in coming
    ]
    if briefing.memory is not None:
        closed = [item for item in briefing.memory.tracked if item.lifecycle not in OPEN_LIFECYCLES]
        twice = {item.check for item in closed if sum(o.check == item.check for o in closed) > 1}
        for tracked in closed:
            weeks = weeks_open(tracked, as_of=report.as_of)
            span = "less than a week" if weeks == 0 else weeks_words(weeks)
            how = _settled_how(tracked, briefing.changes)
            which = f", {_SETTLED_METRIC.get(tracked.metric, tracked.metric)}," * (
                tracked.check in twice
            )
            lines.append(
                f"{tracked.check} ({tracked.area}){which} settled "
                f"{since_words(briefing.memory)} after {span} open: {how}."
            )
        for tracked in briefing.memory.tracked:
            grace = grace_words(tracked, as_of=report.as_of, day=_day)
            if grace:  # in its week of grace: not settled yet, said so
                wait = (
                    "until a scan can judge it"
                    if grace_waits(tracked, as_of=report.as_of)
                    else "a week to be sure"
                )
                lines.append(
                    f"{tracked.check} ({tracked.area}) keeps its signal open {wait}: {grace}."
                )
    unjudged = open_unjudged(report, memory=briefing.memory)
    lines += [
        f"{tracked.check} ({tracked.area}) keeps its signal open, not judged this week: "
        f"{seen_words(tracked, day=_day)}. {life_sentence(tracked, as_of=report.as_of)}"
        for tracked in unjudged
    ]
    return (*lines, *_meeting(report, unjudged=unjudged))


def _meeting(report: ScanReport, *, unjudged: Sequence[TrackedSignal]) -> tuple[str, ...]:
    """The areas whose every step meets its commitment with no fall at this pace: with no
    fall in sight only when no step of it is loose and no signal of it open unjudged
    (:mod:`taut.brief.standing`); else for now, and why not more."""
    loose = loose_steps(report)
    meeting = [
        area.area
        for area in report.fragility
        if area.weakest.headroom is not None
        and area.weakest.headroom >= 0
        and area.weakest.breaks is None
    ]
    lines = []
    for area in meeting:
        drifts = [f"{check} {loose_words(how)}" for check, (at, how) in loose.items() if at == area]
        held = [
            f"{item.check} keeps a signal open, not judged this week"
            for item in unjudged
            if item.area == area
        ]
        if drifts or held:
            see = " (see question 2)" if drifts else ""
            lines.append(
                f"Every step of {area} meets its commitment for now, but "
                f"{_listed([*drifts, *held])}{see}."
            )
    fine = [
        area
        for area in meeting
        if not any(at == area for at, _ in loose.values())
        and not any(item.area == area for item in unjudged)
    ]
    if fine:
        lines.insert(
            0, f"Every step of {_listed(fine)} meets its commitment, with no fall in sight."
        )
    return tuple(lines)


_SETTLED_METRIC = {"missed": "its share missed", "latency": "its time", "spread": "its spread"}
"""How a settled signal's metric is named when one check settled on two metrics."""


def reason_words(item: JudgedChange) -> str:
    """The verdict's reason without the verdict it starts with (the brief says it just
    before): ``Not working: 5.9% of ...`` reads ``5.9% of ...``."""
    label = f"{VERDICT_WORDS[item.effect.verdict]}: "
    reason = item.effect.reason
    if not reason.lower().startswith(label):
        return reason
    rest = reason[len(label) :]
    return rest[:1].upper() + rest[1:]


def _change_what(item: JudgedChange) -> str:
    """``intake-complete (team West), from 14 April 2025: "Start date made mandatory"``."""
    place_words = "" if item.change.segment is None else f" ({where(item.change.segment)})"
    return (
        f"{item.change.check}{place_words}, from {_day(item.change.applied_on)}: "
        f"{quoted(item.change.change)}"
    )


def _changes(briefing: Briefing) -> tuple[ChangeLine, ...]:
    previous = None if briefing.memory is None else briefing.memory.previous_as_of
    return tuple(
        ChangeLine(
            check=item.change.check,
            area=item.change.area,
            applied_on=item.change.applied_on,
            change=item.change.change,
            what=_change_what(item),
            verdict=item.effect.verdict,
            verdict_words=VERDICT_WORDS[item.effect.verdict],
            reason=reason_words(item),
            new=previous is not None and item.change.applied_on > previous,
            where=None if item.change.segment is None else where(item.change.segment),
        )
        for item in briefing.changes
    )


def _changes_intro(changes: tuple[ChangeLine, ...]) -> str:
    if not changes:
        return (
            "No change to the work has been recorded yet. Record one with taut reinforce "
            "apply, and later briefs say whether it works."
        )
    counts = dict.fromkeys(VERDICT_WORDS.values(), 0)
    for item in changes:
        counts[item.verdict_words] += 1
    said = [f"{count_words(n)} {words}" for words, n in counts.items() if n]
    recorded = counted(len(changes), "change").capitalize()
    if len(changes) == 1:
        return f"One change recorded: {changes[0].verdict_words}."
    if len(said) == 1 and len(changes) > 1:
        every = "both" if len(changes) == 2 else "all"
        return f"{recorded} recorded, {every} {next(w for w, n in counts.items() if n)}."
    return f"{recorded} recorded: {', '.join(said)}."


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
    first = f"{_steps_are(len(loose)).capitalize()} getting loose, {where_words}"
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
    names = _listed([f"{item.check} ({item.area})" for item in unjudged])
    stays = "stays" if len(unjudged) == 1 else "stay"
    return (
        f"{counted(len(unjudged), 'signal').capitalize()} {stays} open that this week's scan "
        f"could not judge: {names}."
    )


def _lead(
    report: ScanReport,
    *,
    areas: tuple[AreaLine, ...],
    changes: tuple[ChangeLine, ...],
    memory: Memory | None,
) -> tuple[str, ...]:
    first = _loose_lead(report, memory=memory)
    if memory is not None and memory.previous_as_of is None:
        first += " This is the first brief on record: from the next one on, new steps are marked."
    below = [area for area in areas if area.below]
    heading = [area for area in areas if area.at_risk and not area.below]
    second = []
    if below:
        second.append(
            f"{_areas_are(len(below))} below {'its' if len(below) == 1 else 'their'}"
            f" commitment now: {', '.join(area.area for area in below)}."
        )
    if heading:
        second.append(
            f"{_areas_are(len(heading))} heading below "
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
    verdicts = _changes_intro(changes) if changes else ""
    return tuple(line for line in (first, *second, third, verdicts) if line)


def compose_brief(briefing: Briefing) -> MondayBrief:
    """Every sentence of the Monday brief of ``briefing`` (module docstring).

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is not of the report's scan.
    """
    report = briefing.report
    steps = _steps(briefing)
    areas = _areas(report)
    changes = _changes(briefing)
    focus = LOOSE_FOCUS[briefing.audience]
    if not steps:
        raised = "No step is drifting."
    elif len(steps) == 1:
        each = "it" if briefing.audience == "coo" else "the"
        raised = f"One step is drifting, shown {focus.format(each=each)}"
    else:
        each = "each one" if briefing.audience == "coo" else "each"
        raised = (
            f"{_steps_are(len(steps)).capitalize()} drifting, highest risk first, "
            + focus.format(each=each)
        )
    return MondayBrief(
        process=report.process,
        as_of=report.as_of,
        previous_as_of=None if briefing.memory is None else briefing.memory.previous_as_of,
        audience=briefing.audience,
        lead=_lead(report, areas=areas, changes=changes, memory=briefing.memory),
        fragile_intro="Each area's weakest step against its commitment: those below it first, "
        "then those heading below it, then those holding.",
        fragile=areas,
        loose_intro=raised,
        steps=steps,
        loosening=_loosening(report),
        remedy_intro=REMEDY_INTRO[briefing.audience] if steps else "Nothing to steady this week.",
        remedies=_remedies(briefing),
        steady=_steady(briefing),
        changes_intro=_changes_intro(changes),
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
