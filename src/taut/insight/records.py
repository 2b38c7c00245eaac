"""The frozen records the Insight stage hands on: conditions, spread, consequences, insight.

Every record holds counts and shares, never a person's value: a condition names a
workload level, a time of day, a weekday, a team, a handoff between teams or a declared
case attribute, and :class:`Spread` holds only how many people and teams show the slip.

>>> effect = ConditionEffect(field="workload", value="high-workload days", share_of_cases=0.3,
...     inside_before=0.05, inside_during=0.35, outside_before=0.05, outside_during=0.06,
...     inside_cases=120, outside_cases=280, diff_in_diff=0.29, share_explained=0.9,
...     p_value=1e-9, holds=True)
>>> effect.lift
0.6
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ConditionEffect:
    """How much of a slip one condition (or a pair of them) accounts for.

    Attributes:
        field: ``workload``, ``hour``, ``weekday``, ``team``, ``handoff``, an attribute's
            name, or two of them joined by ``+`` for a pair.
        value: the condition in words, e.g. ``high-workload days``, ``after 16:00``,
            ``Monday``, ``North``, ``North to Ops Field``.
        share_of_cases: the condition's share of the cases during the drift.
        inside_before, inside_during: the slip rate inside the condition, before (the
            baseline window) and during (``since`` .. ``as_of``) the drift.
        outside_before, outside_during: the same outside the condition.
        inside_cases, outside_cases: decided cases during the drift, inside and outside.
        diff_in_diff: ``(inside_during - inside_before) - (outside_during - outside_before)``.
        share_explained: the condition's excess slips over all excess slips (0..1).
        p_value: two-sided p-value of the difference-in-differences (normal test).
        holds: whether it stays significant after Holm's correction over every condition
            tried for the signal.
    """

    field: str
    value: str
    share_of_cases: float
    inside_before: float
    inside_during: float
    outside_before: float
    outside_during: float
    inside_cases: int
    outside_cases: int
    diff_in_diff: float
    share_explained: float
    p_value: float
    holds: bool

    @property
    def lift(self) -> float:
        """``share_explained - share_of_cases``: how concentrated the slip is in it."""
        return round(self.share_explained - self.share_of_cases, 12)

    def to_json_dict(self) -> JsonDict:
        """The effect as JSON-ready data (floats rounded to six places)."""
        data = asdict(self)
        data["lift"] = self.lift
        return {k: round(v, 6) if isinstance(v, float) else v for k, v in data.items()}


@dataclass(frozen=True, kw_only=True)
class Spread:
    """How widespread the slip is, counted and never named.

    Attributes:
        people_showing: people whose cases slip clearly above the baseline during the
            drift; ``None`` when people are not known, fewer than five are counted, or
            the count would show a group of one to four people (showing it or not).
        people: people with enough cases during the drift to be judged.
        teams_showing: teams whose cases slip clearly above the baseline.
        teams: teams with enough cases to be judged.
        teams_seen: teams on any decided case during the drift, judged or not (``None``:
            not counted, taken as ``teams``). When it exceeds ``teams``, the others had
            too few cases to judge, and the text says so rather than "the only team".
    """

    people_showing: int | None
    people: int | None
    teams_showing: int
    teams: int
    teams_seen: int | None = None

    def to_json_dict(self) -> JsonDict:
        """The spread as JSON-ready data (``teams_seen`` as ``teams`` when not counted)."""
        data = asdict(self)
        if self.teams_seen is None:
            data["teams_seen"] = self.teams
        return data


@dataclass(frozen=True, kw_only=True)
class Consequence:
    """How much more often cases that missed the check ended in a lagging outcome.

    Attributes:
        outcome: the lagging outcome's id.
        missed_cases, missed_with: cases that missed the check, and how many of them
            ended in the outcome.
        kept_cases, kept_with: the same for cases that kept it.
        relative_risk: ``(missed_with / missed_cases) / (kept_with / kept_cases)``;
            ``None`` when a side is empty or no kept case ended in it.
        lead_days: days from the check's drift (``since``) to the outcome's own rise;
            ``None`` when the outcome has not risen (yet).
    """

    outcome: str
    missed_cases: int
    missed_with: int
    kept_cases: int
    kept_with: int
    relative_risk: float | None
    lead_days: int | None

    def to_json_dict(self) -> JsonDict:
        """The consequence as JSON-ready data."""
        data = asdict(self)
        if self.relative_risk is not None:
            data["relative_risk"] = round(self.relative_risk, 6)
        return data


@dataclass(frozen=True, kw_only=True)
class FieldShare:
    """How often one field of a form was left blank, before and during the drift.

    Attributes:
        field: the field (a column of the log named in the contract).
        before: the share of forms with it blank in the baseline window.
        during: the same during the drift.
    """

    field: str
    before: float
    during: float


@dataclass(frozen=True, kw_only=True)
class BlankFields:
    """Which fields a ``complete`` check's forms leave blank (:mod:`taut.insight.fields`).

    Attributes:
        fields: one per field of the check, in contract order.
        several_before, several_during: the share of forms with two or more blank fields.
        before_cases, during_cases: the decided forms behind each window.
    """

    fields: tuple[FieldShare, ...]
    several_before: float
    several_during: float
    before_cases: int
    during_cases: int

    def to_json_dict(self) -> JsonDict:
        """The shares as JSON-ready data (rounded to six places)."""
        return {
            "fields": [
                {"field": f.field, "before": round(f.before, 6), "during": round(f.during, 6)}
                for f in self.fields
            ],
            "several_before": round(self.several_before, 6),
            "several_during": round(self.several_during, 6),
            "before_cases": self.before_cases,
            "during_cases": self.during_cases,
        }


@dataclass(frozen=True, kw_only=True)
class Insight:
    """One signal explained in plain English.

    Attributes:
        check: the check's id (the signal's).
        headline: one short sentence a reader takes in at a glance.
        text: a few sentences: what changed, what it means, the conditions, how sure.
        conditions: the conditions that hold, most explanatory first.
        widespread: ``True`` when no condition explains the slip.
        spread: how many people and teams show it, or ``None`` when unknown.
        consequences: one per declared lagging outcome.
        confidence: how sure taut is, in words.
        blank_fields: for a ``complete`` check, which fields are left blank; else ``None``.
        seasonal: the same weeks a year earlier saw the same change (the text says so).
    """

    check: str
    headline: str
    text: str
    conditions: tuple[ConditionEffect, ...]
    widespread: bool
    spread: Spread | None
    consequences: tuple[Consequence, ...]
    confidence: str
    blank_fields: BlankFields | None = None
    seasonal: bool = False

    def to_json_dict(self) -> JsonDict:
        """The insight as JSON-ready data: ``headline``, ``text``, ``conditions``, ..."""
        return {
            "headline": self.headline,
            "text": self.text,
            "conditions": [effect.to_json_dict() for effect in self.conditions],
            "widespread": self.widespread,
            "spread": None if self.spread is None else self.spread.to_json_dict(),
            "consequences": [item.to_json_dict() for item in self.consequences],
            "confidence": self.confidence,
            "blank_fields": None if self.blank_fields is None else self.blank_fields.to_json_dict(),
        }
