"""How each deal moves through the handoff: which steps happen, when, and with what fields.

Baseline behaviour (no drift), per deal:

=========================  ===================================================================
step                       rule
=========================  ===================================================================
Intake completed           99.5% of deals; lognormal delay after closing, median 2 h, sigma
                           0.8; each field blank with probability 1% (about 97% complete)
Operations acknowledged    99% of deals; lognormal delay after closing, median 7 h, sigma
                           0.79 (about 94% within 24 h)
Kickoff scheduled          98.5%; 1-3 days after the acknowledgement (or the closing), in
                           business hours on a weekday; 1% placed before the acknowledgement;
                           a latency drift multiplies the days
Delivery started           99%; lognormal delay after the kickoff, median 2 days, sigma
                           0.45, in business hours on a weekday
Customer complaint         2.5% of deals, x2.5 when the acknowledgement was missing or later
                           than 24 h, x2 when the intake was missing or incomplete; 7-45
                           days after delivery started
=========================  ===================================================================

Acknowledgements and intakes that would fall between 22:00 and 07:00 are moved to the next
07:00 plus a short exponential delay (mean 40 min), so no event falls in the night (nor in
the hour a daylight-saving change skips or repeats).

Changes to the work (:mod:`taut.simulate.changes`) damp the drifts acting on their
check: each drift's strength is multiplied by ``1 - improvement * e(t)`` before its draws.

Randomness comes from one generator per role (``numpy.random.default_rng([seed, role])``)
and one per drift, so adding a drift changes only the deals it acts on: everything before
its onset, and outside its condition, is identical to the run without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from taut.simulate.cases import MINUTES_PER_DAY, CaseTable
from taut.simulate.changes import InjectedChange, damping
from taut.simulate.drifts import Drift
from taut.simulate.people import draw_codes
from taut.simulate.process import ACKNOWLEDGED, DELIVERY, INTAKE, INTAKE_FIELDS, KICKOFF

INTAKE_SKIP, INTAKE_MEDIAN_MINUTES, INTAKE_SIGMA, FIELD_BLANK = 0.005, 120.0, 0.8, 0.01
ACK_SKIP, ACK_MEDIAN_HOURS, ACK_SIGMA = 0.01, 7.0, 0.79
KICKOFF_SKIP, ORDER_SLIP = 0.015, 0.01
DELIVERY_SKIP, DELIVERY_MEDIAN_DAYS, DELIVERY_SIGMA = 0.01, 2.0, 0.45
COMPLAINT_BASE, LATE_ACK_FACTOR, INCOMPLETE_FACTOR = 0.025, 2.5, 2.0
ROLES: dict[str, int] = {"intake": 3, "ack": 4, "kickoff": 5, "delivery": 6, "complaint": 7}
DRIFT_ROLE = 1000

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]


@dataclass(frozen=True)
class StepTimes:
    """When each deal's later steps happened (minutes from the first midnight; NaN = never).

    Attributes:
        intake, acknowledged, kickoff, delivery, complaint: the step times.
        blank: (deals x intake fields) whether each field is blank on the intake.
        billing_contact, scope: codes into BILLING_CONTACTS and SCOPES.
        start_day: the requested start date, as a day index.
    """

    intake: Floats
    acknowledged: Floats
    kickoff: Floats
    delivery: Floats
    complaint: Floats
    blank: NDArray[np.bool_]
    billing_contact: Ints
    scope: Ints
    start_day: Ints


def _night_shift(rng: np.random.Generator, minutes: Floats) -> Floats:
    """Move times between 22:00 and 07:00 to the next 07:00 plus a short delay."""
    of_day = np.mod(minutes, MINUTES_PER_DAY)
    delay = np.minimum(rng.exponential(40.0, minutes.size), 180.0)
    morning = minutes - of_day + 7 * 60 + delay
    shifted = np.where(of_day >= 22 * 60, morning + MINUTES_PER_DAY, morning)
    return np.floor(np.where((of_day >= 22 * 60) | (of_day < 7 * 60), shifted, minutes))


def _business_time(
    rng: np.random.Generator, day: Floats, *, start: date, hours: tuple[float, float]
) -> Floats:
    """A time within ``hours`` on each day, moved from a weekend to the next Monday."""
    days = np.asarray(day, dtype=np.float64)
    weekday = np.mod(days + start.weekday(), 7)
    days = days + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))
    minute = rng.uniform(hours[0] * 60, hours[1] * 60, days.size)
    return np.floor(days * MINUTES_PER_DAY + minute)


class _Effects:
    """The drifts' combined effect on each deal: extra skips, multipliers, slips."""

    def __init__(
        self,
        *,
        cases: CaseTable,
        drifts: tuple[Drift, ...],
        start: date,
        seed: int,
        changes: tuple[InjectedChange, ...] = (),
    ) -> None:
        size = cases.size
        self.kept: dict[str, Flags] = {}
        self.median: dict[str, Floats] = {}
        self.sigma: dict[str, Floats] = {}
        self.sparse = np.zeros((size, len(INTAKE_FIELDS)), dtype=np.bool_)
        self.slip = np.zeros(size, dtype=np.bool_)
        for index, drift in enumerate(drifts):
            rng = np.random.default_rng([seed, DRIFT_ROLE + index])
            strength = drift.strength(cases, start=start)
            if changes:
                strength = strength * damping(drift, changes=changes, cases=cases, start=start)
            step = drift.at_step
            if drift.kind == "skip":
                kept = rng.random(size) >= drift.size * strength
                self.kept[step] = self.kept.get(step, np.ones(size, np.bool_)) & kept
            elif drift.kind in {"latency", "spread"}:
                into = self.median if drift.kind == "latency" else self.sigma
                factor = 1.0 + (drift.size - 1.0) * strength
                into[step] = into.get(step, np.ones(size)) * factor
            elif drift.kind == "blank":
                sparse = rng.random(size) < drift.size * strength
                fields = rng.random((size, len(INTAKE_FIELDS))) < 0.5
                fields[np.arange(size), rng.integers(0, len(INTAKE_FIELDS), size)] = True
                self.sparse |= fields & sparse[:, None]
            else:
                self.slip |= rng.random(size) < drift.size * strength

    def present(self, rng: np.random.Generator, *, step: str, skip: float, size: int) -> Flags:
        """Whether each deal has ``step``: the baseline skip, then any skip drift."""
        present = rng.random(size) >= skip
        return present & self.kept[step] if step in self.kept else present

    def scaled(self, *, step: str, median: float, sigma: float, normal: Floats) -> Floats:
        """Lognormal delays with the drifts' median and sigma multipliers applied."""
        median_factor = self.median.get(step, 1.0)
        sigma_factor = self.sigma.get(step, 1.0)
        return np.asarray(median * median_factor * np.exp(sigma * sigma_factor * normal))


def draw_steps(
    *,
    cases: CaseTable,
    drifts: tuple[Drift, ...],
    start: date,
    seed: int,
    changes: tuple[InjectedChange, ...] = (),
) -> StepTimes:
    """Draw when every later step of every deal happens, drifts (damped by changes) included."""
    size = cases.size
    effects = _Effects(cases=cases, drifts=drifts, start=start, seed=seed, changes=changes)
    rngs = {role: np.random.default_rng([seed, code]) for role, code in ROLES.items()}
    closed = cases.closed.astype(np.float64)

    rng = rngs["intake"]
    has_intake = effects.present(rng, step=INTAKE, skip=INTAKE_SKIP, size=size)
    intake_delay = INTAKE_MEDIAN_MINUTES * np.exp(INTAKE_SIGMA * rng.standard_normal(size))
    intake = np.where(has_intake, _night_shift(rng, closed + intake_delay), np.nan)
    blank = (rng.random((size, len(INTAKE_FIELDS))) < FIELD_BLANK) | effects.sparse
    billing = draw_codes(rng, size=size, weights=(0.4, 0.3, 0.2, 0.1))
    scope = draw_codes(rng, size=size, weights=(0.5, 0.25, 0.15, 0.1))
    start_day = cases.day + rng.integers(14, 46, size)

    rng = rngs["ack"]
    has_ack = effects.present(rng, step=ACKNOWLEDGED, skip=ACK_SKIP, size=size)
    hours = effects.scaled(
        step=ACKNOWLEDGED,
        median=ACK_MEDIAN_HOURS,
        sigma=ACK_SIGMA,
        normal=rng.standard_normal(size),
    )
    shifted = _night_shift(rng, np.floor(closed + hours * 60))
    acknowledged = np.where(has_ack, shifted, np.nan)

    rng = rngs["kickoff"]
    has_kickoff = effects.present(rng, step=KICKOFF, skip=KICKOFF_SKIP, size=size)
    base = np.where(has_ack, acknowledged, closed + 18 * 60)
    offset = rng.integers(1, 4, size).astype(np.float64)
    offset = np.round(offset * effects.median.get(KICKOFF, 1.0))
    days = np.floor(base / MINUTES_PER_DAY) + offset
    kickoff = _business_time(rng, days, start=start, hours=(9.0, 16.5))
    slip = has_ack & has_kickoff & ((rng.random(size) < ORDER_SLIP) | effects.slip)
    early = np.maximum(closed, acknowledged - rng.integers(5, 91, size))
    kickoff = np.where(has_kickoff, np.where(slip, early, kickoff), np.nan)

    rng = rngs["delivery"]
    has_delivery = effects.present(rng, step=DELIVERY, skip=DELIVERY_SKIP, size=size)
    base = np.where(has_kickoff, kickoff, closed + 3 * MINUTES_PER_DAY)
    lag = effects.scaled(
        step=DELIVERY,
        median=DELIVERY_MEDIAN_DAYS,
        sigma=DELIVERY_SIGMA,
        normal=rng.standard_normal(size),
    )
    days = np.floor((base + lag * MINUTES_PER_DAY) / MINUTES_PER_DAY)
    delivery = np.maximum(_business_time(rng, days, start=start, hours=(8.0, 17.0)), base + 60)
    delivery = np.where(has_delivery, delivery, np.nan)

    rng = rngs["complaint"]
    late_ack = ~has_ack | (acknowledged - closed > MINUTES_PER_DAY)
    incomplete = ~has_intake | blank.any(axis=1)
    chance = (
        COMPLAINT_BASE
        * np.where(late_ack, LATE_ACK_FACTOR, 1.0)
        * np.where(incomplete, INCOMPLETE_FACTOR, 1.0)
    )
    base = np.where(has_delivery, delivery, closed + 10 * MINUTES_PER_DAY)
    days = np.floor(base / MINUTES_PER_DAY) + rng.integers(7, 46, size).astype(np.float64)
    complaint = _business_time(rng, days, start=start, hours=(9.0, 17.0))
    complaint = np.where(rng.random(size) < chance, complaint, np.nan)
    return StepTimes(
        intake=intake,
        acknowledged=acknowledged,
        kickoff=kickoff,
        delivery=delivery,
        complaint=complaint,
        blank=blank,
        billing_contact=billing,
        scope=scope,
        start_day=start_day,
    )
