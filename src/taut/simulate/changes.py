"""Changes to the work injected into the simulated handoff, with their true effect.

A team that sees a step loosen changes the work (a mandatory field, an acknowledgment
gate, a reminder) and wants to know whether it worked. To measure taut's verdict on such a
change (``benchmarks/reinforce.py``), the simulator injects the change's true effect: an
:class:`InjectedChange` removes a share of the loosening the drifts add at its check, from
the day it is applied, on the cases of its segment, until it relapses. For a deal closed
at time ``t`` a drift's strength ``r(t)`` (:mod:`taut.simulate.drifts`) becomes::

    r(t) * (1 - improvement * e(t))
    e(t) = clip((t - applied_on) / onset_days, 0, 1)   (1[t >= applied_on] when onset_days == 0)
    e(t) = 0                                           from relapse_on on, and outside the segment

so ``improvement = 1`` undoes the drift entirely and ``improvement = 0`` is a change that
does nothing (the events are then byte for byte those without it: the drifts' own random
draws are reused, only their strength moves). A change acts on the drifts that move its
check (:func:`~taut.simulate.process.affected_checks`); a check no drift loosened has
nothing for it to win back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from taut.errors import did_you_mean
from taut.simulate.cases import MINUTES_PER_DAY, CaseTable
from taut.simulate.drifts import Condition, Drift, Floats
from taut.simulate.process import affected_checks, simulated_contract


@dataclass(frozen=True, kw_only=True)
class InjectedChange:
    """A change to the work and its true effect (module docstring).

    Attributes:
        check: the contract check it is made for (``intake-complete``, ``ack-present``...).
        applied_on: the day it takes effect (local).
        improvement: the share of the drifts' loosening it removes at full effect (0 to 1).
        onset_days: days from ``applied_on`` to full effect; 0 is at once.
        condition: the one segment it is made on; ``None`` is every deal.
        relapse_on: the day it stops working (the loosening comes back); ``None``: never.
        change: what was changed, in words (what ``taut reinforce apply`` would record).

    >>> InjectedChange(check="intake-complete", applied_on=date(2025, 4, 7), improvement=0.8)
    ... # doctest: +ELLIPSIS
    InjectedChange(check='intake-complete', applied_on=datetime.date(2025, 4, 7), ...)
    >>> InjectedChange(check="intake-complet", applied_on=date(2025, 4, 7), improvement=0.8)
    Traceback (most recent call last):
    ...
    ValueError: A change's check 'intake-complet' is not a check of the simulated contract \
(intake-complete, ack-within-24h, ack-present, ack-before-kickoff, delivery-within-5d). \
Did you mean 'intake-complete'?
    """

    check: str
    applied_on: date
    improvement: float
    onset_days: int = 0
    condition: Condition | None = None
    relapse_on: date | None = None
    change: str = "A change to the work"

    def __post_init__(self) -> None:
        checks = tuple(check.id for _, check in simulated_contract().checks)
        if self.check not in checks:
            raise ValueError(
                f"A change's check {self.check!r} is not a check of the simulated contract "
                f"({', '.join(checks)})." + did_you_mean(self.check, checks)
            )
        for name, day in (("applied_on", self.applied_on), ("relapse_on", self.relapse_on)):
            if day is not None and (isinstance(day, datetime) or not isinstance(day, date)):
                raise ValueError(
                    f"A change's {name} {day!r} must be a date, e.g. date(2025, 4, 7)."
                )
        value = self.improvement
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(f"A change's improvement {value!r} must be a number from 0 to 1.")
        if not 0 <= value <= 1:
            raise ValueError(
                f"A change's improvement {value} is the share of the loosening it removes; "
                "give a number from 0 (no effect) to 1 (all of it), e.g. 0.8."
            )
        if isinstance(self.onset_days, bool) or not isinstance(self.onset_days, int):
            raise ValueError(f"A change's onset_days {self.onset_days!r} must be whole days.")
        if self.onset_days < 0:
            raise ValueError(f"A change's onset_days {self.onset_days} must be 0 or more.")
        if self.relapse_on is not None and self.relapse_on <= self.applied_on:
            raise ValueError(
                f"A change's relapse_on {self.relapse_on.isoformat()} must come after its "
                f"applied_on {self.applied_on.isoformat()}."
            )
        if self.condition is not None and not isinstance(self.condition, Condition):
            raise ValueError(
                f"A change's condition {self.condition!r} must be a Condition or None."
            )

    def acts_on(self, drift: Drift) -> bool:
        """Whether the change damps ``drift`` (the drift moves the change's check)."""
        return self.check in affected_checks(kind=drift.kind, step=drift.at_step)

    def effect(self, cases: CaseTable, *, start: date) -> Floats:
        """``improvement * e(t)`` for each case (module docstring)."""
        closed = cases.closed.astype(np.float64)
        applied = float((self.applied_on - start).days * MINUTES_PER_DAY)
        if self.onset_days == 0:
            ramp = (closed >= applied).astype(np.float64)
        else:
            ramp = np.clip((closed - applied) / (self.onset_days * MINUTES_PER_DAY), 0.0, 1.0)
        if self.relapse_on is not None:
            ramp = np.where(closed >= (self.relapse_on - start).days * MINUTES_PER_DAY, 0.0, ramp)
        if self.condition is not None:
            ramp = np.where(self.condition.mask(cases), ramp, 0.0)
        return self.improvement * ramp


def damping(
    drift: Drift, *, changes: tuple[InjectedChange, ...], cases: CaseTable, start: date
) -> Floats | float:
    """What multiplies ``drift``'s strength: the product of ``1 - effect`` of its changes."""
    factor: Floats | float = 1.0
    for change in changes:
        if change.acts_on(drift):
            factor = factor * (1.0 - change.effect(cases, start=start))
    return factor


@dataclass(frozen=True, kw_only=True)
class ChangeTruth:
    """What was injected, for scoring a verdict against.

    Attributes:
        check, applied_on, improvement, onset_days, condition, relapse_on, change: as given.
        drifts: how many of the simulation's drifts it acts on (0: it can win nothing back).
        cases: deals closed from ``applied_on`` (to ``relapse_on``) within its condition.
    """

    check: str
    applied_on: date
    improvement: float
    onset_days: int
    condition: Condition | None
    relapse_on: date | None
    change: str
    drifts: int
    cases: int

    @property
    def full_on(self) -> date:
        """The day the change reaches full effect."""
        return self.applied_on + timedelta(days=self.onset_days)


def change_truth(
    change: InjectedChange, *, drifts: tuple[Drift, ...], cases: CaseTable, start: date
) -> ChangeTruth:
    """The truth about ``change`` in a simulation with ``drifts`` and ``cases``."""
    closed = cases.closed.astype(np.float64)
    exposed = closed >= (change.applied_on - start).days * MINUTES_PER_DAY
    if change.relapse_on is not None:
        exposed &= closed < (change.relapse_on - start).days * MINUTES_PER_DAY
    if change.condition is not None:
        exposed &= change.condition.mask(cases)
    return ChangeTruth(
        check=change.check,
        applied_on=change.applied_on,
        improvement=float(change.improvement),
        onset_days=change.onset_days,
        condition=change.condition,
        relapse_on=change.relapse_on,
        change=change.change,
        drifts=sum(change.acts_on(drift) for drift in drifts),
        cases=int(exposed.sum()),
    )
