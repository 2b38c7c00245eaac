"""What the insight found about one signal, as the patterns a playbook entry fits.

Each :class:`Evidence` is one finding of the insight (:class:`~taut.insight.records.Insight`)
under the name a playbook entry's ``when.found`` uses
(:data:`~taut.reinforce.playbook.PATTERNS`), with the clause a brief shows for it, built
from the insight's own numbers and words so the two never disagree:

=============  ===================================================================
pattern        found when
=============  ===================================================================
blank-fields   a ``complete`` check's fields are left blank more often
               (:func:`taut.insight.fields.risen_fields`)
several-blank  forms with two or more blank fields more than doubled, to 1 in 100
               or more (the rule the insight's sentence about them follows)
busy-days      a condition on ``workload`` holds
late-day       a condition on ``hour`` (16:00 or later) holds
weekday        a condition on ``weekday`` holds
weekend        that weekday is a Friday, Saturday or Sunday
team           a condition on ``team`` holds
handoff        a condition on ``handoff`` holds
case-kind      a condition on a declared case attribute holds
=============  ===================================================================

A pair of conditions (``workload+hour``) is evidence for both of its parts. The findings
come in the order they rank: the blank fields first (for a form they are the slip
itself), then the conditions, most explanatory first, as the insight lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from taut.insight.fields import risen_fields
from taut.insight.records import BlankFields, ConditionEffect, Insight
from taut.insight.wording import one_in_pair, place, slip_share
from taut.signal.decide.cap import Signal

FIELD_PATTERNS: dict[str, str] = {
    "workload": "busy-days",
    "hour": "late-day",
    "weekday": "weekday",
    "team": "team",
    "handoff": "handoff",
}
"""The pattern of a condition on each fixed field; any other field is a case attribute."""
WEEKEND_DAYS = frozenset({"Friday", "Saturday", "Sunday"})
"""The weekdays whose work waits over a weekend when it is not done the day it starts."""


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One finding of the insight, as a playbook entry matches it.

    Attributes:
        patterns: the :data:`~taut.reinforce.playbook.PATTERNS` it is evidence for.
        finding: the finding as the first half of a sentence (a capital, no full stop),
            with its numbers.
        short: the same, shorter, for a second entry that rests on it (the numbers are in
            the first, and in the insight just above).
        look: where to look first when no entry fits it, after "look first at".
    """

    patterns: frozenset[str]
    finding: str
    short: str
    look: str


def _field_patterns(field: str, value: str) -> set[str]:
    """The patterns of one condition (both parts of a pair)."""
    fields = field.split("+")
    values = value.split(" and ", 1) if len(fields) == 2 else [value]
    if len(values) != len(fields):
        values = [value] * len(fields)
    found: set[str] = set()
    for name, said in zip(fields, values, strict=True):
        found.add(FIELD_PATTERNS.get(name, "case-kind"))
        if name == "weekday" and said in WEEKEND_DAYS:
            found.add("weekend")
    return found


def _noun(signal: Signal) -> str:
    """What a slipped case is called, as the insight calls it."""
    return "misses" if signal.metric == "missed" else "slow cases"


def condition_evidence(effect: ConditionEffect, *, signal: Signal) -> Evidence:
    """A named condition as evidence, with its rates inside and outside it.

    >>> effect = ConditionEffect(field="workload", value="high-workload days",
    ...     share_of_cases=0.3, inside_before=0.06, inside_during=0.34, outside_before=0.07,
    ...     outside_during=0.09, inside_cases=280, outside_cases=625, diff_in_diff=0.26,
    ...     share_explained=0.92, p_value=1e-9, holds=True)
    >>> signal = Signal(area="a", check="c", risk="low", state="drifting", since=None,
    ...     raised=None, segment=None, metric="missed", baseline=0.07, current=0.16,
    ...     cases=905, baseline_cases=1210, direction="up", confidence=4.0)
    >>> print(condition_evidence(effect, signal=signal).finding)  # doctest: +NORMALIZE_WHITESPACE
    Misses went from about 1 in 17 to about 1 in 3 on high-workload days, against about 1
    in 14 to about 1 in 11 elsewhere (about 92% of the slip)
    """
    in_then, in_now = one_in_pair(effect.inside_before, effect.inside_during)
    out_then, out_now = one_in_pair(effect.outside_before, effect.outside_during)
    where = place(effect.field, effect.value, short=False)
    finding = (
        f"{_noun(signal).capitalize()} went from {in_then} to {in_now} {where}, against "
        f"{out_then} to {out_now} elsewhere ({slip_share(effect.share_explained)})"
    )
    return Evidence(
        patterns=frozenset(_field_patterns(effect.field, effect.value)),
        finding=finding,
        short=(
            f"{_noun(signal).capitalize()} are concentrated {where} "
            f"({slip_share(effect.share_explained)})"
        ),
        look=f"how the work runs {where}",
    )


def field_evidence(found: BlankFields) -> list[Evidence]:
    """The blank fields as evidence: which are left blank more often, and whether forms
    arrive with several blanks (the insight's own rules for saying so)."""
    evidence: list[Evidence] = []
    risen = risen_fields(found)
    if risen:
        names = [f"'{item.field}'" for item in risen]
        if len(risen) == 1:
            # The insight quotes the shares of one field; of several, it names them only.
            then, now = one_in_pair(risen[0].before, risen[0].during)
            finding = f"{names[0]} is left blank on {now} forms, against {then} before"
            short = f"{names[0]} is left blank more often"
        elif len(risen) == len(found.fields) and len(risen) > 2:
            finding = f"Every field is left blank more often, most of all {names[0]}"
            short = "Every field is left blank more often"
        else:
            finding = ", ".join(names[:-1]) + f" and {names[-1]} are left blank more often"
            short = finding
        evidence.append(
            Evidence(
                patterns=frozenset({"blank-fields"}),
                finding=finding,
                short=short,
                look="why those fields are left blank",
            )
        )
    if found.several_during > 2 * found.several_before and found.several_during >= 0.01:
        then, now = one_in_pair(found.several_before, found.several_during)
        evidence.append(
            Evidence(
                patterns=frozenset({"several-blank"}),
                finding=f"Forms with two or more blank fields went from {then} to {now}",
                short="More forms arrive with two or more blank fields",
                look="which forms arrive with several fields blank",
            )
        )
    return evidence


def gather_evidence(insight: Insight, *, signal: Signal) -> tuple[Evidence, ...]:
    """Every finding of ``insight`` an entry can fit, in the order they rank."""
    found = [] if insight.blank_fields is None else field_evidence(insight.blank_fields)
    found += [condition_evidence(effect, signal=signal) for effect in insight.conditions]
    return tuple(found)
