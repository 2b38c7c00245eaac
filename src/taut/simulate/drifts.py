"""Drifts to inject into the simulated handoff, the conditions they can be confined to, and
the truth the simulator returns about them.

A drift of size ``s`` starts at ``onset`` and reaches full strength ``ramp_days`` later
(0 = a sudden step). For a deal closed at time ``t`` its strength is::

    r(t) = 1[t >= onset]                              if ramp_days == 0
    r(t) = clip((t - onset) / ramp_days, 0, 1)        otherwise

times 1 when the deal meets the drift's condition and 0 when it does not, and 0 for deals
closed on or after ``until`` when one is given (a recorded change took the drift's cause
away that day: the change's true effect). Kinds:

- ``skip``: ``step`` is left out with extra probability ``s * r`` (0 < s <= 1).
- ``blank``: the intake is left incomplete (a random non-empty subset of its fields blank)
  with extra probability ``s * r`` (0 < s <= 1).
- ``latency``: the median time to ``step`` is multiplied by ``1 + (s - 1) * r`` (s > 0);
  ``s = 3`` stretches the acknowledgement from about 7 hours to about 21. At the kickoff
  it multiplies the whole days between the acknowledgement and the kickoff (1 to 3).
- ``spread``: the log-scale spread (lognormal sigma) of the time to ``step`` is multiplied
  by ``1 + (s - 1) * r`` with the median held (s > 0).
- ``order``: ``step`` (the kickoff) is placed before the acknowledgement with extra
  probability ``s * r`` (0 < s <= 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from taut.errors import did_you_mean
from taut.simulate.cases import MINUTES_PER_DAY, CaseTable
from taut.simulate.people import DEAL_SIZES, OPS_TEAMS, PRIORITIES, REGIONS, SALES_TEAMS
from taut.simulate.process import ACKNOWLEDGED, DELIVERY, INTAKE, KICKOFF

DriftKind = Literal["skip", "blank", "latency", "spread", "order"]
KINDS: tuple[str, ...] = get_args(DriftKind)
# The steps each kind can act on; the first is the default.
STEPS_BY_KIND: dict[str, tuple[str, ...]] = {
    "skip": (ACKNOWLEDGED, INTAKE, KICKOFF, DELIVERY),
    "blank": (INTAKE,),
    "latency": (ACKNOWLEDGED, DELIVERY, KICKOFF),
    "spread": (ACKNOWLEDGED, DELIVERY),
    "order": (KICKOFF,),
}
SHARE_KINDS = frozenset({"skip", "blank", "order"})
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
CONDITION_VALUES: dict[str, tuple[str, ...]] = {
    "workload": ("high",),
    "hour": ("late",),
    "team": (*SALES_TEAMS, *OPS_TEAMS),
    "weekday": WEEKDAYS,
    "region": REGIONS,
    "deal_size": DEAL_SIZES,
    "priority": PRIORITIES,
}

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]


def _choose(what: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        hint = did_you_mean(str(value), choices)
        raise ValueError(f"{what} {value!r} is not one of {listed}.{hint}")


@dataclass(frozen=True, kw_only=True)
class Condition:
    """Confine a drift to the deals that meet a condition.

    Fields: ``workload`` (``high``: a top-quartile day of the deal's sales team), ``hour``
    (``late``: closed at or after 16:00 local time), ``team`` (a sales or Operations team),
    ``weekday`` (``Monday`` .. ``Sunday``, the day the deal closed), or a deal attribute:
    ``region``, ``deal_size``, ``priority``.

    >>> Condition(field="team", value="West")
    Condition(field='team', value='West')
    >>> Condition(field="team", value="Wset")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Condition team 'Wset' is not one of 'North', ... Did you mean 'West'?
    """

    field: str
    value: str

    def __post_init__(self) -> None:
        _choose("Condition field", self.field, tuple(CONDITION_VALUES))
        _choose(f"Condition {self.field}", self.value, CONDITION_VALUES[self.field])

    def describe(self) -> str:
        """The condition in words, e.g. ``on high-workload days``."""
        words = {
            "workload": "on high-workload days",
            "hour": "for deals closed at or after 16:00",
            "team": f"in team {self.value}",
            "weekday": f"on {self.value}s",
        }
        return words.get(self.field, f"where {self.field} is {self.value}")

    def mask(self, cases: CaseTable) -> Flags:
        """Which cases meet the condition."""
        if self.field in {"workload", "hour"}:
            return cases.high_workload if self.field == "workload" else cases.late
        if self.field == "team":
            if self.value in SALES_TEAMS:
                return np.equal(cases.team, SALES_TEAMS.index(self.value))
            return np.equal(cases.ops_team, OPS_TEAMS.index(self.value))
        if self.field == "weekday":
            return np.equal(cases.weekday, WEEKDAYS.index(self.value))
        codes = {"region": cases.region, "deal_size": cases.deal_size, "priority": cases.priority}
        return np.equal(codes[self.field], CONDITION_VALUES[self.field].index(self.value))


@dataclass(frozen=True, kw_only=True)
class Drift:
    """One injected drift; see the module docstring for what each kind does.

    Attributes:
        kind: ``skip``, ``blank``, ``latency``, ``spread`` or ``order``.
        onset: the first day (local) the drift acts on.
        size: extra probability (``skip``, ``blank``, ``order``) or multiplier
            (``latency``, ``spread``) at full strength.
        step: the step it acts on; ``None`` takes the kind's default.
        ramp_days: days from onset to full strength; 0 is sudden.
        condition: the deals it is confined to; ``None`` is every deal.
        until: the first day it no longer acts on (``None``: it never stops).

    >>> Drift(kind="latency", onset=date(2025, 4, 7), size=3.0).step
    'Operations acknowledged'
    """

    kind: DriftKind
    onset: date
    size: float
    step: str | None = None
    ramp_days: int = 0
    condition: Condition | None = field(default=None)
    until: date | None = None

    def __post_init__(self) -> None:
        _choose("Drift kind", self.kind, KINDS)
        steps = STEPS_BY_KIND[self.kind]
        if self.step is None:
            object.__setattr__(self, "step", steps[0])
        _choose(f"A {self.kind} drift's step", self.step, steps)
        if isinstance(self.onset, datetime) or not isinstance(self.onset, date):
            raise ValueError(f"Drift onset {self.onset!r} must be a date, e.g. date(2025, 4, 7).")
        if isinstance(self.ramp_days, bool) or not isinstance(self.ramp_days, int):
            raise ValueError(f"Drift ramp_days {self.ramp_days!r} must be a whole number of days.")
        if self.ramp_days < 0:
            raise ValueError(f"Drift ramp_days {self.ramp_days} must be 0 (sudden) or more.")
        self._check_size()
        if self.condition is not None and not isinstance(self.condition, Condition):
            raise ValueError(f"Drift condition {self.condition!r} must be a Condition or None.")
        if self.until is not None and (
            isinstance(self.until, datetime)
            or not isinstance(self.until, date)
            or self.until <= self.onset
        ):
            raise ValueError(f"Drift until {self.until!r} must be a date after its onset.")

    def _check_size(self) -> None:
        size = self.size
        if isinstance(size, bool) or not isinstance(size, int | float) or not math.isfinite(size):
            raise ValueError(f"Drift size {size!r} must be a finite number.")
        if self.kind in SHARE_KINDS and not 0 < size <= 1:
            raise ValueError(
                f"A {self.kind} drift's size {size} is an extra share of deals; "
                "give a number above 0 and at most 1, e.g. 0.15."
            )
        if self.kind not in SHARE_KINDS and size <= 0:
            raise ValueError(
                f"A {self.kind} drift's size {size} is a multiplier; give a number above 0, "
                "e.g. 3.0 to triple it."
            )

    @property
    def at_step(self) -> str:
        """The step the drift acts on (its ``step``, or the kind's default)."""
        return self.step if self.step is not None else STEPS_BY_KIND[self.kind][0]

    @property
    def ramp_end(self) -> date:
        """The day the drift reaches full strength."""
        return self.onset + timedelta(days=self.ramp_days)

    def strength(self, cases: CaseTable, *, start: date) -> Floats:
        """The drift's strength ``r(t)`` (0..1) for each case, zero outside its condition."""
        onset = float((self.onset - start).days * MINUTES_PER_DAY)
        closed = cases.closed.astype(np.float64)
        if self.ramp_days == 0:
            ramp = (closed >= onset).astype(np.float64)
        else:
            ramp = np.clip((closed - onset) / (self.ramp_days * MINUTES_PER_DAY), 0.0, 1.0)
        if self.until is not None:
            until = float((self.until - start).days * MINUTES_PER_DAY)
            ramp = np.where(closed < until, ramp, 0.0)
        if self.condition is None:
            return ramp
        return np.where(self.condition.mask(cases), ramp, 0.0)


@dataclass(frozen=True, kw_only=True)
class DriftTruth:
    """What was injected, in the terms of the written contract.

    Attributes:
        kind: the drift's kind.
        step: the step it acted on.
        checks: ids of the contract's checks it moves (may be empty, e.g. for a skipped
            kickoff, whose cases simply drop out of the checks that start there).
        onset: the first day it acted on.
        ramp_end: the day it reached full strength (== onset when sudden).
        size: its size at full strength.
        condition: what it was confined to, or ``None``.
        cases: how many deals closed on or after onset (and before ``until``) within the
            condition.
        until: the first day it no longer acted on (``None``: it never stopped).
    """

    kind: str
    step: str
    checks: tuple[str, ...]
    onset: date
    ramp_end: date
    size: float
    condition: Condition | None
    cases: int
    until: date | None = None

    def describe(self) -> str:
        """One line in words, e.g. ``latency x3 at 'Operations acknowledged' from ...``."""
        amount = f"+{self.size:.0%}" if self.kind in SHARE_KINDS else f"x{self.size:g}"
        when = f"from {self.onset.isoformat()}"
        if self.ramp_end != self.onset:
            when += f", full by {self.ramp_end.isoformat()}"
        if self.until is not None:
            when += f", until {self.until.isoformat()}"
        where = f" {self.condition.describe()}" if self.condition is not None else ""
        checks = ", ".join(self.checks) if self.checks else "no check"
        return f"{self.kind} {amount} at '{self.step}' {when}{where} (moves: {checks})"
