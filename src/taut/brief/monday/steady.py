"""The section "What held steady": the steps steady against their usual level (and those of them
still near or below their commitment), the signals coming back or back, those settled since
the last brief or in their week of grace, the open signals the scan did not judge, and the
areas whose every step meets its commitment.
"""

from __future__ import annotations

from collections.abc import Sequence

from taut.brief.briefing import Briefing
from taut.brief.lifecycle import (
    grace_waits,
    grace_words,
    quoted,
    seen_words,
    weeks_open,
    weeks_words,
)
from taut.brief.monday.areas import area_sentence
from taut.brief.monday.moved import change_words, held_caveat
from taut.brief.monday.phrases import day_words, life_sentence, listed, since_words
from taut.brief.standing import UNJUDGED_WORDS, loose_steps, loose_words, open_unjudged
from taut.reinforce.changes import JudgedChange
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import OPEN_LIFECYCLES, TrackedSignal
from taut.words import counted

_SETTLED_METRIC = {"missed": "its share missed", "latency": "its time", "spread": "its spread"}
"""How a settled signal's metric is named when one check settled on two metrics."""


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
            f"{day_words(change.applied_on)}), and the step is now judged against its level since"
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


def steady_lines(briefing: Briefing) -> tuple[str, ...]:
    """Every line of "What held steady", in the order of the module docstring."""
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
                f"Of these, {listed(watch)} still needs watching: steady against its "
                f"usual level, but {where} its commitment{pointer}.{figures}"
                if len(watch) == 1
                else f"Of these, {listed(watch)} still need watching: steady against "
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
            grace = grace_words(tracked, as_of=report.as_of, day=day_words)
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
        f"{seen_words(tracked, day=day_words)}. {life_sentence(tracked, as_of=report.as_of)}"
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
        held = [f"{item.check} {UNJUDGED_WORDS}" for item in unjudged if item.area == area]
        if drifts or held:
            see = " (see question 2)" if drifts else ""
            lines.append(
                f"Every step of {area} meets its commitment for now, but "
                f"{listed([*drifts, *held])}{see}."
            )
    fine = [
        area
        for area in meeting
        if not any(at == area for at, _ in loose.values())
        and not any(item.area == area for item in unjudged)
    ]
    if fine:
        lines.insert(
            0, f"Every step of {listed(fine)} meets its commitment, with no fall in sight."
        )
    return tuple(lines)
