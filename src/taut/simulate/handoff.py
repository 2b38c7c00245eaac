"""Simulate the Sales-to-Operations handoff with known, injected drifts.

Like ruptures' ``pw_constant`` returning a signal and its breakpoints, :func:`sales_handoff`
returns the events and the truth about what was injected, so detectors and explanations
can be scored against it. Everything is vectorised with numpy (loops run over days, teams,
steps and drifts, never over deals or events): 2,000,000 deals take seconds.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np

from taut.simulate.behaviour import draw_steps
from taut.simulate.calendar import build_calendar
from taut.simulate.cases import CaseTable, draw_cases
from taut.simulate.changes import InjectedChange, change_truth
from taut.simulate.drifts import Condition, Drift, DriftTruth
from taut.simulate.events import assemble_events
from taut.simulate.process import affected_checks
from taut.simulate.shapes import LogShape, apply_shapes, pause_rates, swing_rates
from taut.simulate.simulation import Simulation

logger = logging.getLogger(__name__)

COUNTS_ROLE, CASES_ROLE = 1, 2


def sales_handoff(
    *,
    seed: int = 0,
    start: date = date(2025, 1, 6),
    weeks: int = 26,
    deals_per_day: float = 40.0,
    growth: float = 0.3,
    drifts: Sequence[Drift] = (),
    shape: LogShape | None = None,
    changes: Sequence[InjectedChange] = (),
) -> Simulation:
    """Simulate deals flowing from Sales to Operations, with drifts injected.

    Args:
        seed: the seed; the same seed (and arguments) gives identical events.
        start: the first simulated day.
        weeks: how many weeks to simulate (1 to 520).
        deals_per_day: expected deals on an ordinary weekday at the start, over all sales
            teams. A period holds about ``deals_per_day * 5.45 * weeks * (1 + growth / 2)``
            deals; ``weeks=52, deals_per_day=6100`` gives about 2,000,000 (9.8 million
            events).
        growth: the rise in volume over the period (0.3 = +30% by the last day).
        drifts: what to inject; see :class:`Drift`.
        shape: shapes of real logs to give it (quarter-to-quarter swings in volume, times
            recorded to the day, a holiday pause every year, lifecycle transitions, an
            amount); see :mod:`taut.simulate.shapes`. ``None`` (or ``LogShape()``) gives none,
            and the very same events as before these options existed.
        changes: changes to the work and their true effect, each damping the drifts at its
            check from its day on (:mod:`taut.simulate.changes`); none by default.

    Returns:
        The events, the truth about each drift and a writer for the files.

    Raises:
        ValueError: when an argument is out of range, or a drift's onset or a change's day
            is outside the simulated period.

    >>> sim = sales_handoff(seed=1, weeks=2, deals_per_day=5.0, drifts=(
    ...     Drift(kind="latency", onset=date(2025, 1, 13), size=3.0),))
    >>> sim.truth[0].checks, sim.events["step"].iloc[0]
    (('ack-within-24h',), 'Deal closed')
    """
    _validate(seed=seed, start=start, weeks=weeks, deals_per_day=deals_per_day, growth=growth)
    end = start + timedelta(weeks=weeks)
    drifts = _validate_drifts(drifts, start=start, end=end)
    injected = _validate_changes(changes, start=start, end=end)
    calendar = build_calendar(start=start, weeks=weeks, deals_per_day=deals_per_day, growth=growth)
    shape = _validate_shape(shape)
    if not shape.plain:
        rate = swing_rates(
            days=calendar.days, rate=calendar.rate, swing=shape.quarter_swing, seed=seed
        )
        calendar = replace(
            calendar, rate=pause_rates(days=calendar.days, rate=rate, pause=shape.pause)
        )
    cases = draw_cases(
        calendar=calendar,
        counts_rng=np.random.default_rng([seed, COUNTS_ROLE]),
        case_rng=np.random.default_rng([seed, CASES_ROLE]),
    )
    steps = draw_steps(cases=cases, drifts=drifts, start=start, seed=seed, changes=injected)
    events = assemble_events(cases=cases, steps=steps, start=start, days=calendar.size)
    events = apply_shapes(events, shape=shape, seed=seed, end=end)
    logger.info("Simulated %d deals, %d events, %d drifts", cases.size, len(events), len(drifts))
    truth = tuple(_truth(drift, cases=cases, start=start) for drift in drifts)
    changed = tuple(
        change_truth(change, drifts=drifts, cases=cases, start=start) for change in injected
    )
    return Simulation(
        events=events,
        truth=truth,
        seed=seed,
        start=start,
        end=end,
        shape=shape,
        changes=changed,
    )


def demo_simulation(*, seed: int = 7) -> Simulation:
    """Half a year of handoffs in which two things loosen (the scan's tests read it; ``taut
    demo`` tells the longer story of :mod:`taut.simulate.story`).

    From the 15th week, acknowledgements on high-workload days stretch to three times
    their usual delay over four weeks; from the 18th week, team West leaves one intake in
    five incomplete.

    >>> [truth.kind for truth in demo_simulation(seed=7).truth]
    ['latency', 'blank']
    """
    start = date(2025, 1, 6)
    return sales_handoff(
        seed=seed,
        start=start,
        weeks=26,
        deals_per_day=40.0,
        growth=0.3,
        drifts=(
            Drift(
                kind="latency",
                onset=start + timedelta(weeks=14),
                ramp_days=28,
                size=3.0,
                condition=Condition(field="workload", value="high"),
            ),
            Drift(
                kind="blank",
                onset=start + timedelta(weeks=17),
                size=0.2,
                condition=Condition(field="team", value="West"),
            ),
        ),
    )


def _truth(drift: Drift, *, cases: CaseTable, start: date) -> DriftTruth:
    onset = (drift.onset - start).days * 24 * 60
    exposed = cases.closed >= onset
    if drift.until is not None:
        exposed &= cases.closed < (drift.until - start).days * 24 * 60
    if drift.condition is not None:
        exposed &= drift.condition.mask(cases)
    return DriftTruth(
        kind=drift.kind,
        step=drift.at_step,
        checks=affected_checks(kind=drift.kind, step=drift.at_step),
        onset=drift.onset,
        ramp_end=drift.ramp_end,
        size=float(drift.size),
        condition=drift.condition,
        cases=int(exposed.sum()),
        until=drift.until,
    )


def _validate(*, seed: int, start: date, weeks: int, deals_per_day: float, growth: float) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed {seed!r} must be a whole number, 0 or more.")
    if isinstance(start, datetime) or not isinstance(start, date):
        raise ValueError(f"start {start!r} must be a date, e.g. date(2025, 1, 6).")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise ValueError(f"weeks {weeks!r} must be a whole number from 1 to 520.")
    if not _finite(deals_per_day) or deals_per_day <= 0:
        raise ValueError(f"deals_per_day {deals_per_day!r} must be a number above 0, e.g. 40.0.")
    if not _finite(growth) or growth <= -1:
        raise ValueError(
            f"growth {growth!r} must be a number above -1 (0.3 = +30% over the period)."
        )


def _validate_shape(shape: LogShape | None) -> LogShape:
    if shape is None:
        return LogShape()
    if not isinstance(shape, LogShape):
        raise ValueError(f"shape must be a LogShape or None; got {type(shape).__name__}.")
    return shape


def _finite(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _validate_drifts(drifts: Sequence[Drift], *, start: date, end: date) -> tuple[Drift, ...]:
    if isinstance(drifts, Drift):
        raise ValueError("drifts must be a sequence of Drift; wrap a single drift: (drift,).")
    checked = tuple(drifts)
    for drift in checked:
        if not isinstance(drift, Drift):
            raise ValueError(f"drifts must hold Drift records; got {type(drift).__name__}.")
        if not start <= drift.onset < end:
            raise ValueError(
                f"Drift onset {drift.onset.isoformat()} is outside the simulated period "
                f"{start.isoformat()} to {(end - timedelta(days=1)).isoformat()}; "
                "move the onset or simulate more weeks."
            )
    return checked


def _validate_changes(
    changes: Sequence[InjectedChange], *, start: date, end: date
) -> tuple[InjectedChange, ...]:
    if isinstance(changes, InjectedChange):
        raise ValueError(
            "changes must be a sequence of InjectedChange; wrap a single change: (change,)."
        )
    checked = tuple(changes)
    last = (end - timedelta(days=1)).isoformat()
    for change in checked:
        if not isinstance(change, InjectedChange):
            raise ValueError(
                f"changes must hold InjectedChange records; got {type(change).__name__}."
            )
        if not start <= change.applied_on < end:
            raise ValueError(
                f"A change's applied_on {change.applied_on.isoformat()} is outside the "
                f"simulated period {start.isoformat()} to {last}; move it or simulate more weeks."
            )
    return checked
