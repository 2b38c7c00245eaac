"""Drifts injected into a simulated area, the cases they act on, and which checks they move.

An :class:`AreaDrift` of size ``s`` acts from ``onset``, reaches full strength
``ramp_days`` later and stops on ``until`` (the day a recorded change takes its cause
away: the change's true effect), on the cases that meet its condition. For a case opened at
time ``t`` its strength is::

    r(t) = clip((t - onset) / ramp_days, 0, 1) * 1[t < until]     (ramp_days = 0: a step)

Kinds, as in :mod:`taut.simulate.drifts`: ``skip`` (the step is missing with extra
probability ``s * r``), ``blank`` (a random non-empty subset of the step's fields is left
blank with probability ``s * r``), ``latency`` (the step's median delay times
``1 + (s - 1) * r``) and ``order`` (the step is recorded before the one it follows with
probability ``s * r``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from taut.contract.models import CompleteRule, OrderRule, PresentRule, WithinRule

if TYPE_CHECKING:
    from taut.contract.models import Contract

AreaDriftKind = Literal["skip", "blank", "latency", "order"]
KINDS: tuple[str, ...] = get_args(AreaDriftKind)
SHARE_KINDS = frozenset({"skip", "blank", "order"})
WhereField = Literal["workload", "hour", "team", "attribute"]
MINUTES_PER_DAY = 24 * 60

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]


@dataclass(frozen=True, kw_only=True)
class Where:
    """The cases a drift is confined to: ``workload`` ``high`` (a top-quartile day of the
    case's team), ``hour`` ``late`` (opened at or after 16:00), a ``team`` by name, or the
    condition ``attribute`` with a value."""

    field: WhereField
    value: str

    def __post_init__(self) -> None:
        if self.field not in get_args(WhereField):
            raise ValueError(f"Where field {self.field!r} is not one of {get_args(WhereField)}.")

    def describe(self) -> str:
        """The condition in words, e.g. ``on high-workload days``."""
        if self.field == "workload":
            return "on high-workload days"
        if self.field == "hour":
            return "for cases opened at or after 16:00"
        return f"in team {self.value}" if self.field == "team" else f"where it is {self.value}"


@dataclass(frozen=True, kw_only=True)
class AreaDrift:
    """One injected drift; see the module docstring.

    Attributes:
        kind: ``skip``, ``blank``, ``latency`` or ``order``.
        step: the step it acts on.
        onset: the first day it acts on.
        size: an extra share (``skip``, ``blank``, ``order``) or a multiplier (``latency``).
        ramp_days: days from onset to full strength; 0 is sudden.
        condition: the cases it is confined to; ``None``: every case.
        until: the day it stops (a change took its cause away); ``None``: it never stops.
    """

    kind: AreaDriftKind
    step: str
    onset: date
    size: float
    ramp_days: int = 0
    condition: Where | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Drift kind {self.kind!r} is not one of {', '.join(KINDS)}.")
        if not math.isfinite(self.size) or self.size <= 0:
            raise ValueError(f"Drift size {self.size!r} must be a number above 0.")
        if self.kind in SHARE_KINDS and self.size > 1:
            raise ValueError(f"A {self.kind} drift's size {self.size} is a share: at most 1.")
        if self.ramp_days < 0:
            raise ValueError(f"Drift ramp_days {self.ramp_days} must be 0 (sudden) or more.")
        if self.until is not None and self.until <= self.onset:
            raise ValueError(f"Drift until {self.until} must be after its onset {self.onset}.")

    @property
    def ramp_end(self) -> date:
        """The day it reaches full strength."""
        return self.onset + timedelta(days=self.ramp_days)

    def strength(self, opened: Floats, *, start: date, within: Flags) -> Floats:
        """``r(t)`` for each case (minutes from ``start``), zero outside ``within``."""
        onset = float((self.onset - start).days * MINUTES_PER_DAY)
        ramp = np.clip((opened - onset) / max(self.ramp_days * MINUTES_PER_DAY, 1.0), 0.0, 1.0)
        ramp = np.where(opened >= onset, ramp, 0.0)
        if self.until is not None:
            ramp = np.where(opened < (self.until - start).days * MINUTES_PER_DAY, ramp, 0.0)
        return np.where(within, ramp, 0.0)

    def describe(self) -> str:
        """One line in words, e.g. ``latency x3 at 'On-call acknowledged' from ...``."""
        amount = f"+{self.size:.0%}" if self.kind in SHARE_KINDS else f"x{self.size:g}"
        when = f"from {self.onset.isoformat()}"
        if self.ramp_days:
            when += f", full by {self.ramp_end.isoformat()}"
        if self.until is not None:
            when += f", until {self.until.isoformat()}"
        where = f" {self.condition.describe()}" if self.condition is not None else ""
        return f"{self.kind} {amount} at '{self.step}' {when}{where}"


def moved_checks(contract: Contract, *, kind: str, step: str) -> tuple[str, ...]:
    """The ids of ``contract``'s checks a drift of ``kind`` at ``step`` moves.

    ``skip``: ``present`` checks of the step and ``within`` checks ending at it;
    ``latency``: ``within`` checks ending at it; ``blank``: ``complete`` checks at it;
    ``order``: ``order`` checks listing it after another step.
    """
    found: list[str] = []
    for _, check in contract.checks:
        rule = check.rule
        moved = (
            (kind == "skip" and isinstance(rule, PresentRule) and rule.step == step)
            or (kind in {"skip", "latency"} and isinstance(rule, WithinRule) and rule.to == step)
            or (kind == "blank" and isinstance(rule, CompleteRule) and rule.at == step)
            or (kind == "order" and isinstance(rule, OrderRule) and step in rule.steps[1:])
        )
        if moved:
            found.append(check.id)
    return tuple(found)
