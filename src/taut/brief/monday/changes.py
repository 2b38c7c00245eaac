"""The changes made to the work, and whether they work: the section "Changes made" (one
:class:`~taut.brief.monday.content.ChangeLine` a change, its verdict in words, and the sentence
that counts the verdicts), and what a step under question 2 says of the changes to it (one
made shortly before its slip began, the ones already in place).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from taut.brief.briefing import Briefing
from taut.brief.lifecycle import quoted
from taut.brief.monday.content import ChangeLine
from taut.brief.monday.phrases import day_words
from taut.reinforce.changes import JudgedChange
from taut.reinforce.wording import VERDICT_WORDS
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.words import count_words, counted, in_weeks, where

AFTER_CHANGE_DAYS = 56
"""A slip that began within eight weeks of a change recorded on its step is said to follow it."""


def _gap(days: int) -> str:
    return "right after" if days < 7 else f"{in_weeks(days)} after"


def after_change(
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
            f"It began {_gap(days)} a change to this step on {day_words(latest.applied_on)}: "
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
        f"It began {_gap(days)} the step's new normal from {day_words(restarts[0])} "
        "(its baseline restarted then, by a decision in the store)."
    )


def tried(signal: Signal, changes: Sequence[JudgedChange]) -> tuple[str, ...]:
    """The changes already made to the step, each with its verdict in a few words."""
    return tuple(
        f"A change is in place"
        f"{'' if item.change.segment is None else f' in {where(item.change.segment)}'}"
        f" since {day_words(item.change.applied_on)}: "
        f"{quoted(item.change.change)} ({VERDICT_WORDS[item.effect.verdict]})."
        for item in changes
        if item.change.check == signal.check
    )


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
        f"{item.change.check}{place_words}, from {day_words(item.change.applied_on)}: "
        f"{quoted(item.change.change)}"
    )


def change_lines(briefing: Briefing) -> tuple[ChangeLine, ...]:
    """Each recorded change with its verdict, new since the last brief marked."""
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


def changes_intro(changes: tuple[ChangeLine, ...]) -> str:
    """The sentence that opens "Changes made": how many, and their verdicts counted."""
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
