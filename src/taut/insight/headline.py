"""The insight's words: a headline, a short text and a confidence, from fixed templates.

Each signal reads, in order: a headline (one short sentence, Flesch reading ease 60 or
more); what changed, with numbers and dates; for a form, which fields are left blank and
whether forms now arrive with several blanks; what it means in practice; the conditions
that made the slip reasonable (capacity, timing, an unclear handoff, complexity) or, when
none explains it, that it is widespread; how many people and teams show it (counts
only); what it leads to; and how sure taut is. The same records always give the same
words. The text speaks of conditions and teams, never of a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from taut.insight.fields import risen_fields
from taut.insight.records import BlankFields, ConditionEffect, Consequence, Insight, Spread
from taut.insight.wording import days_or_weeks, duration, one_in, place, reason, times_as_often
from taut.signal.decide.cap import Signal
from taut.signal.inputs.window import thin_reason
from taut.words import count_words, percent

MAX_CONDITIONS_IN_TEXT = 3
MIN_SHOWN = 5
"""The fewest cases a count in the text may rest on."""


@dataclass(frozen=True, kw_only=True)
class Findings:
    """Everything the templates need about one signal.

    Attributes:
        signal: the signal explained.
        named: the conditions that hold, most explanatory first.
        tried: how many conditions (and pairs) were tried.
        excess: excess slipped cases during the drift.
        spread: people and teams showing it, or ``None``.
        consequences: one per lagging outcome.
        baseline_until: the last day of the baseline window.
        as_of: the last day of data.
        during_from: the first day of the window ``excess`` was counted over (``None``:
            :attr:`start`).
        blank_fields: for a ``complete`` check, which fields are left blank.
    """

    signal: Signal
    named: tuple[ConditionEffect, ...]
    tried: int
    excess: float
    spread: Spread | None
    consequences: tuple[Consequence, ...]
    baseline_until: date
    as_of: date
    during_from: date | None = None
    blank_fields: BlankFields | None = None

    @property
    def start(self) -> date:
        """The first day of the drift window."""
        first = self.baseline_until + timedelta(days=1)
        return max(self.signal.since or first, first)


def _day(value: date) -> str:
    return f"{value:%d %B %Y}".lstrip("0")


def write_headline(findings: Findings) -> str:
    """The headline: what moved and where it concentrates, in one short sentence."""
    signal = findings.signal
    where = (
        f"most of all {place(findings.named[0].field, findings.named[0].value, short=True)}"
        if findings.named
        else "across the board"
    )
    current = signal.current if signal.current is not None else signal.baseline
    if signal.metric == "missed":
        only = "" if signal.direction == "up" else "only "
        return f"{signal.check}: {only}{one_in(current)} now missed, {where}."
    if signal.metric == "latency":
        return f"{signal.check}: now takes {duration(current)}, {where}."
    return f"{signal.check}: times vary more than they did, {where}."


def _what_changed(findings: Findings) -> str:
    signal = findings.signal
    since = _day(findings.start)
    base = f"the baseline up to {_day(findings.baseline_until)}"
    current = signal.current if signal.current is not None else signal.baseline
    cases = f"{signal.cases:,} cases since then"
    if signal.metric == "missed":
        return (
            f"Since {since}, {signal.check} has been missed in {one_in(current)} cases, "
            f"against {one_in(signal.baseline)} in {base} ({cases})."
        )
    if signal.metric == "latency":
        return (
            f"Since {since}, the middle time for {signal.check} is {duration(current)}, "
            f"up from {duration(signal.baseline)} in {base} ({cases})."
        )
    return (
        f"Since {since}, the times for {signal.check} have spread out: the slow end is "
        f"{current:.1f} times the fast end, against {signal.baseline:.1f} in {base} ({cases})."
    )


def _fields(found: BlankFields | None) -> list[str]:
    if found is None:
        return []
    risen = risen_fields(found)
    if not risen:
        return []
    names = [f"'{f.field}'" for f in risen]
    if len(risen) == len(found.fields) and len(risen) > 2:
        lines = [f"Every field is left blank more often, most of all {names[0]}."]
    elif len(names) == 1:
        top = risen[0]
        lines = [
            f"The field left blank is mostly {names[0]}: on {one_in(top.during)} forms, "
            f"against {one_in(top.before)} before."
        ]
    else:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        lines = [f"The fields left blank more often are {listed}."]
    if found.several_during > 2 * found.several_before and found.several_during >= 0.01:
        lines.append(
            f"Forms with two or more blank fields went from {one_in(found.several_before)} "
            f"to {one_in(found.several_during)}."
        )
    return lines


def _meaning(findings: Findings) -> str | None:
    days = (findings.as_of - (findings.during_from or findings.start)).days + 1
    if findings.excess <= 0 or days < 1:
        return None
    per_week = round(findings.excess / days * 7)
    if per_week < 1:
        return "In practice that is less than one more slipped case a week."
    noun = "case" if per_week == 1 else "cases"
    return f"In practice that is about {count_words(per_week)} more slipped {noun} a week."


def _conditions(findings: Findings) -> list[str]:
    if not findings.named:
        return [
            "No one condition explains it: it shows on busy and quiet days, early and late, "
            "in each team and for each kind of case.",
            "That points at the step itself rather than at one place.",
        ]
    noun = "misses" if findings.signal.metric == "missed" else "slow cases"
    first = findings.named[0]
    lines = [
        f"It is concentrated {place(first.field, first.value, short=False)}: there {noun} "
        f"went from {one_in(first.inside_before)} to {one_in(first.inside_during)}, "
        f"while elsewhere they went from {one_in(first.outside_before)} to "
        f"{one_in(first.outside_during)}.",
        f"That accounts for {percent(first.share_explained)} of the slip.",
        f"What likely made it reasonable is {reason(first.field)}.",
    ]
    lines.extend(
        f"It also shows {place(other.field, other.value, short=False)} "
        f"({percent(other.share_explained)} of the slip)."
        for other in findings.named[1:MAX_CONDITIONS_IN_TEXT]
    )
    return lines


def showing(count: int, total: int, noun: str) -> str:
    """How many of ``total`` show a slip, e.g. "three of 40 people", "none of the five teams".

    >>> showing(3, 40, "people"), showing(0, 5, "teams"), showing(4, 4, "teams")
    ('three of 40 people', 'none of the five teams', 'all four teams')
    """
    if count == 0:
        return f"none of the {count_words(total)} {noun}"
    if count == total and total > 1:
        return f"all {count_words(total)} {noun}"
    return f"{count_words(count)} of {count_words(total)} {noun}"


def _spread(spread: Spread | None) -> str | None:
    if spread is None or spread.teams == 0:
        return None
    teams = showing(spread.teams_showing, spread.teams, "teams")
    if spread.people is None or spread.people_showing is None:
        verb = "shows" if spread.teams_showing == 1 else "show"
        line = f"{teams} {verb} it."
    else:
        people = showing(spread.people_showing, spread.people, "people")
        line = f"{people} and {teams} show it."
    return line[0].upper() + line[1:]


def _consequences(findings: Findings) -> list[str]:
    lines: list[str] = []
    for item in findings.consequences:
        name = item.outcome.replace("-", " ").replace("_", " ")
        if item.relative_risk is None or min(item.missed_with, item.kept_with) < MIN_SHOWN:
            lines.append(
                f"Too few cases have been followed long enough to tell whether missing it "
                f"leads to a {name}."
            )
            continue
        lines.append(
            f"Cases that missed it ended in a {name} {times_as_often(item.relative_risk)} as "
            f"cases that kept it ({item.missed_with:,} of {item.missed_cases:,} against "
            f"{item.kept_with:,} of {item.kept_cases:,})."
        )
        if item.lead_days is None:
            lines.append(f"The {name} rate has not risen yet, so there is time to act.")
        elif item.lead_days > 0:
            lines.append(
                f"The check moved {days_or_weeks(item.lead_days)} before the {name} rate rose."
            )
        elif item.lead_days > -7:
            lines.append(f"The {name} rate rose at about the same time.")
        else:
            lines.append(f"The {name} rate had risen {days_or_weeks(-item.lead_days)} earlier.")
    return lines


def confidence_words(findings: Findings) -> str:
    """How sure taut is, from the signal's confidence and the conditions' tests.

    A signal on a thin baseline (``signal.thin_baseline``: too few decided cases or misses
    in the baseline to know its level) is never called sure, however strong its statistic.
    """
    strength = findings.signal.confidence
    signal = findings.signal
    if signal.thin_baseline:
        misses = round(signal.baseline * signal.baseline_cases)
        reason = thin_reason(metric=signal.metric, cases=signal.baseline_cases, misses=misses)
        why = reason or "the whole check's baseline is thin"
        head = (
            f"taut cannot be sure, because {why}; a later baseline.until in taut.yaml, or "
            "more weeks of data, would give it more to go on"
        )
    elif strength >= 3:
        head = "taut is very sure this step has changed"
    elif strength >= 1.5:
        head = "taut is quite sure this step has changed"
    else:
        head = "taut is fairly sure this step has changed, and a week or two more will tell"
    if findings.named:
        return (
            f"{head}; the link to the first condition holds after allowing for the "
            f"{findings.tried:,} conditions tried"
        )
    return f"{head}; none of the {findings.tried:,} conditions tried stands out"


def write_insight(findings: Findings) -> Insight:
    """The whole insight of one signal (module docstring)."""
    confidence = confidence_words(findings)
    sentences: list[str | None] = [_what_changed(findings), *_fields(findings.blank_fields)]
    sentences += [_meaning(findings), *_conditions(findings)]
    sentences += [_spread(findings.spread), *_consequences(findings)]
    sentences.append(f"How sure: {confidence}.")
    return Insight(
        check=findings.signal.check,
        headline=write_headline(findings),
        text=" ".join(s for s in sentences if s),
        conditions=findings.named,
        widespread=not findings.named,
        spread=findings.spread,
        consequences=findings.consequences,
        confidence=confidence,
        blank_fields=findings.blank_fields,
    )
