"""Frozen, typed models of the stability contract (``taut.yaml``).

The contract names the few areas of work that must not wobble, each with checks of four
kinds (``present``, ``within``, ``complete``, ``order``), a target and an optional scope.
Every model is frozen and rejects unknown keys; values are validated when built, so a
contract that loads is a contract that can be evaluated. Semantics are documented in
``docs/contract.md``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from taut.errors import did_you_mean

CHECK_KINDS: tuple[str, ...] = ("present", "within", "complete", "order")
RISKS: tuple[str, ...] = ("high", "medium", "low")
RISK_WEIGHT: dict[str, float] = {"high": 3.0, "medium": 2.0, "low": 1.0}

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(value: object) -> timedelta:
    """Parse ``"24h"``, ``"90m"``, ``"7d"`` or ``"2w"`` into a :class:`timedelta`.

    >>> parse_duration("24h")
    datetime.timedelta(days=1)
    >>> parse_duration("1.5d")
    datetime.timedelta(days=1, seconds=43200)
    """
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(str(value))
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(
            f"'{value}' is not a duration. Write a positive number and a unit: "
            "m (minutes), h (hours), d (days) or w (weeks), e.g. '24h' or '7d'."
        )
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def parse_target(value: object) -> float:
    """Parse a target such as ``"95%"`` (or ``0.95``) into a share between 0 and 1.

    >>> parse_target("95%")
    0.95
    >>> parse_target(0.9)
    0.9
    """
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a target. Write a percentage such as '95%'.")
    if isinstance(value, int | float):
        share = float(value)
        if not 0 < share <= 1:
            raise ValueError(
                f"'{value}' is not a target. Write a percentage such as '95%' "
                "(a bare number must be a share between 0 and 1, e.g. 0.95)."
            )
        return share
    text = str(value).strip()
    if not text.endswith("%"):
        raise ValueError(f"'{value}' is not a target. Write a percentage such as '95%'.")
    try:
        percent = float(text[:-1])
    except ValueError:
        raise ValueError(f"'{value}' is not a target. Write a percentage such as '95%'.") from None
    if not 0 < percent <= 100:
        raise ValueError(f"'{value}' is not a target: a percentage must be above 0% and at most 100%.")
    return round(percent / 100, 10)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Target = Annotated[float, BeforeValidator(parse_target)]
Name = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Base of the contract's models: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Source(Model):
    """Where the event log lives and how to read its times."""

    path: Name
    timezone: str = "UTC"
    timestamp_format: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            hint = did_you_mean(value, sorted(available_timezones()))
            raise ValueError(
                f"'{value}' is not a known time zone. Use an IANA name such as "
                f"'America/Chicago' or 'UTC'.{hint}"
            ) from None
        return value


class Columns(Model):
    """Which columns of the log hold the case, the activity, the time, the team and the person."""

    case: Name
    activity: Name
    timestamp: Name
    team: Name | None = None
    person: Name | None = None


class Baseline(Model):
    """The stretch of history taken as normal: up to ``until``, or the first ``weeks`` of data."""

    until: date | None = None
    weeks: int = Field(default=8, ge=1, le=520)


class PresentRule(Model):
    """``step`` must occur at or after ``after`` (or in every case), within ``within``."""

    step: Name
    after: Name | None = None
    within: Duration = timedelta(days=7)


class WithinRule(Model):
    """The first ``to`` at or after the first ``from`` must come within ``limit``."""

    from_: Name = Field(alias="from")
    to: Name
    limit: Duration


class CompleteRule(Model):
    """Every listed field must be non-empty on the first ``at`` event."""

    at: Name
    fields: tuple[Name, ...] = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({name for name in value if value.count(name) > 1})
        if repeated:
            raise ValueError(f"fields are listed twice: {', '.join(repeated)}. List each once.")
        return value


class OrderRule(Model):
    """The first occurrences of ``steps`` must come in the listed order."""

    steps: tuple[Name, ...] = Field(min_length=2)

    @field_validator("steps")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("an order lists each step once; remove the repeated step.")
        return value


Rule = PresentRule | WithinRule | CompleteRule | OrderRule
CheckKind = Literal["present", "within", "complete", "order"]


class Check(Model):
    """One commitment: a rule, a target share of cases that keep it, and an optional scope.

    In YAML the rule is written under its kind's key (``within: {...}``), or for ``order``
    as the list of steps; :attr:`kind` says which.
    """

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    kind: CheckKind
    rule: Rule
    target: Target
    where: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _pick_kind(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "rule" in data:
            return data
        kinds = [key for key in CHECK_KINDS if key in data]
        if len(kinds) != 1:
            found = ", ".join(kinds) if kinds else "none"
            raise ValueError(
                f"a check needs exactly one of {', '.join(CHECK_KINDS)} (found: {found})."
            )
        kind = kinds[0]
        rest = {key: value for key, value in data.items() if key != kind}
        raw = data[kind]
        rule: Any = {"steps": raw} if kind == "order" and isinstance(raw, list) else raw
        return {**rest, "kind": kind, "rule": rule}

    @field_validator("where", mode="before")
    @classmethod
    def _scalar_to_tuple(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(key): [str(v) for v in item] if isinstance(item, list) else [str(item)]
                for key, item in value.items()
            }
        return value

    @model_validator(mode="after")
    def _rule_matches_kind(self) -> Check:
        expected = {
            "present": PresentRule,
            "within": WithinRule,
            "complete": CompleteRule,
            "order": OrderRule,
        }[self.kind]
        if not isinstance(self.rule, expected):
            raise ValueError(f"check '{self.id}' is a {self.kind} check but its rule does not fit.")
        return self

    @property
    def activities(self) -> tuple[str, ...]:
        """The activities this check refers to, in the order written."""
        rule = self.rule
        if isinstance(rule, PresentRule):
            return (rule.after, rule.step) if rule.after else (rule.step,)
        if isinstance(rule, WithinRule):
            return (rule.from_, rule.to)
        if isinstance(rule, CompleteRule):
            return (rule.at,)
        return rule.steps


class Area(Model):
    """A critical area of work, its risk and its checks."""

    name: Name
    risk: Literal["high", "medium", "low"] = "medium"
    checks: tuple[Check, ...] = Field(min_length=1)


class LaggingOutcome(Model):
    """A lagging result (a complaint, a late delivery) used to show consequences."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    present: PresentRule


class Contract(Model):
    """The whole stability contract.

    Attributes:
        process: what the process is called, in the organisation's words.
        source: where the log is and how to read its times.
        columns: which columns hold case, activity, timestamp, team and person.
        conditions: case attributes to explain slips with.
        baseline: the stretch of history taken as normal.
        areas: the few critical areas, each with checks.
        outcomes: lagging results, for consequences.
    """

    process: Name
    source: Source
    columns: Columns
    conditions: tuple[Name, ...] = ()
    baseline: Baseline = Field(default_factory=Baseline)
    areas: tuple[Area, ...] = Field(min_length=1)
    outcomes: tuple[LaggingOutcome, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> Contract:
        ids = [check.id for area in self.areas for check in area.checks]
        ids += [outcome.id for outcome in self.outcomes]
        repeated = sorted({name for name in ids if ids.count(name) > 1})
        if repeated:
            raise ValueError(f"check ids must be unique; repeated: {', '.join(repeated)}.")
        names = [area.name for area in self.areas]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"area names must be unique; repeated: {', '.join(repeated)}.")
        return self

    @property
    def checks(self) -> tuple[tuple[Area, Check], ...]:
        """Every check with its area, in contract order."""
        return tuple((area, check) for area in self.areas for check in area.checks)

    @property
    def activities(self) -> tuple[str, ...]:
        """Every activity the contract names, once each, in order of first mention."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            seen.update(dict.fromkeys(check.activities))
        for outcome in self.outcomes:
            rule = outcome.present
            seen.update(dict.fromkeys((rule.after, rule.step) if rule.after else (rule.step,)))
        return tuple(seen)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field named by a ``complete`` check, once each."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            if isinstance(check.rule, CompleteRule):
                seen.update(dict.fromkeys(check.rule.fields))
        return tuple(seen)

    @property
    def scope_columns(self) -> tuple[str, ...]:
        """Every case attribute used by a ``where`` scope, once each."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            seen.update(dict.fromkeys(check.where))
        return tuple(seen)
