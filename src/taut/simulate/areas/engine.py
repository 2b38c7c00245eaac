"""Simulate one area's process: cases day by day and team by team, then each step, then
the event log, with the drifts' truth beside it.

Cases open on each day as Poisson counts per team around the day's rate (a weekend day at
``weekend_share`` of a weekday), scaled by a gamma-distributed team-day factor (mean 1, CV
about 0.2) so that busy days are busier than chance, at uniform times within the process's
``hours``. A case's team day is a high-workload day when its count is in the team's top
quartile of active days, as taut computes workload. Each step's time follows the step it
comes after (:mod:`taut.simulate.areas.process`); a missing step does not move the steps
after it. Everything is numpy over all cases (loops over steps and drifts only); one
generator per role and one per drift (``default_rng([seed, role])``), so a drift changes
only the cases it acts on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from taut.contract.templates import template_contract, template_text
from taut.files import output_error, whole_file
from taut.simulate.areas.drifts import MINUTES_PER_DAY, AreaDrift, moved_checks
from taut.simulate.cases import high_workload_days

if TYPE_CHECKING:
    from taut.simulate.areas.process import Process

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]

logger = logging.getLogger(__name__)

PEOPLE_PER_TEAM = 8
DAY_FACTOR_SHAPE = 25.0
LATE_FROM_HOUR = 16.0
ROLES = {"counts": 1, "cases": 2, "steps": 3}
DRIFT_ROLE = 1000
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class _Cases:
    """Each case's opening time (minutes from the first day), team, person (1-8 within the
    team), condition value (codes), and whether it opened on a high-workload day or late."""

    opened: Floats
    team: Ints
    person: Ints
    value: Ints
    high: Flags
    late: Flags


@dataclass(frozen=True, kw_only=True)
class AreaTruth:
    """What a drift did, in the terms of the area's contract: the drift and the ids of the
    checks it moves, with how many cases it acted on."""

    drift: AreaDrift
    checks: tuple[str, ...]
    cases: int

    def describe(self) -> str:
        """The drift in words and the checks it moves."""
        checks = ", ".join(self.checks) if self.checks else "no check"
        return f"{self.drift.describe()} (moves: {checks})"


@dataclass(frozen=True, eq=False)
class AreaSimulation:
    """A simulated area: its events, the truth of each drift, and its contract's name.

    Attributes:
        process: the simulated process.
        events: one row per event (times local wall-clock, naive).
        truth: one record per drift.
        start, end: the first day, and the day after the last.
    """

    process: Process
    events: pd.DataFrame
    truth: tuple[AreaTruth, ...]
    start: date
    end: date

    def write(self, directory: Path | str) -> Path:
        """Write ``events.csv`` and the template as ``taut.yaml``; the contract's path.

        Raises:
            OutputError: the folder or a file cannot be written.
        """
        folder = Path(directory)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise output_error(error, target=str(folder)) from None
        with whole_file(folder / "events.csv") as part:
            self.events.to_csv(part, index=False, date_format=TIME_FORMAT)
        contract = folder / "taut.yaml"
        with whole_file(contract) as part:
            part.write_text(template_text(self.process.template), encoding="utf-8")
        return contract


def simulate_area(
    process: Process,
    *,
    seed: int,
    start: date,
    weeks: int,
    cases_per_day: float,
    drifts: tuple[AreaDrift, ...] = (),
) -> AreaSimulation:
    """Simulate ``weeks`` of ``process`` from ``start`` (a Monday is usual), drifts injected.

    Raises:
        ValueError: an argument out of range, or a drift on a step the process lacks.
    """
    if seed < 0 or weeks < 1 or cases_per_day <= 0:
        raise ValueError("Need seed >= 0, weeks >= 1 and cases_per_day > 0.")
    for drift in drifts:
        process.step(drift.step)
    contract = template_contract(process.template)
    columns = contract.columns
    attribute = contract.conditions[0]
    cases = _draw_cases(process, seed=seed, start=start, weeks=weeks, rate=cases_per_day)
    within = [_where(drift, cases=cases, process=process) for drift in drifts]
    strengths = [
        drift.strength(cases.opened, start=start, within=mask)
        for drift, mask in zip(drifts, within, strict=True)
    ]
    times, present, blanks = _draw_steps(
        process, cases=cases, seed=seed, drifts=drifts, strengths=strengths
    )
    size = cases.opened.size
    ids = np.char.add(process.id_prefix, np.char.zfill(np.arange(1, size + 1).astype(str), 6))
    team = np.asarray(process.teams)[cases.team]
    person = np.char.add(
        np.char.add(np.char.lower(np.char.replace(team, " ", "-")), "-"),
        cases.person.astype(str),
    )
    fields = [name for step in process.steps for name in step.fields]
    frames = []
    for name in (process.opening, *(step.name for step in process.steps)):
        keep = present[name]
        frame = pd.DataFrame(
            {
                columns.case: ids,
                columns.activity: name,
                columns.timestamp: pd.Timestamp(start)
                + pd.to_timedelta(np.floor(times[name]), unit="min"),
                str(columns.team): team,
                str(columns.person): person,
                attribute: np.asarray(process.values)[cases.value]
                if name == process.opening
                else "",
            }
            | {
                field: np.where(blanks[field], "", "recorded")
                if field in blanks and name == _owner(process, field)
                else ""
                for field in fields
            }
        )
        frames.append(frame[keep])
    events = pd.concat(frames, ignore_index=True)
    end = start + timedelta(weeks=weeks)
    events = events[events[columns.timestamp] < pd.Timestamp(end)]
    events = events.sort_values([columns.timestamp, columns.case], kind="stable")
    truth = tuple(
        AreaTruth(
            drift=drift,
            checks=moved_checks(contract, kind=drift.kind, step=drift.step),
            cases=int((strength > 0).sum()),
        )
        for drift, strength in zip(drifts, strengths, strict=True)
    )
    logger.info("Simulated %d %s cases, %d events", size, process.template, len(events))
    return AreaSimulation(
        process=process, events=events.reset_index(drop=True), truth=truth, start=start, end=end
    )


def _owner(process: Process, field: str) -> str:
    return next(step.name for step in process.steps if field in step.fields)


def _draw_cases(process: Process, *, seed: int, start: date, weeks: int, rate: float) -> _Cases:
    """Each case's opening time (minutes from ``start``), team, person, value and flags."""
    counts_rng = np.random.default_rng([seed, ROLES["counts"]])
    rng = np.random.default_rng([seed, ROLES["cases"]])
    days = weeks * 7
    weekday = (np.arange(days) + start.weekday()) % 7
    day_rate = np.where(weekday < 5, rate, rate * process.weekend_share)
    teams = len(process.teams)
    factor = counts_rng.gamma(DAY_FACTOR_SHAPE, 1.0 / DAY_FACTOR_SHAPE, (days, teams))
    counts = counts_rng.poisson(day_rate[:, None] / teams * factor).astype(np.int64)
    high = high_workload_days(counts)
    flat = counts.ravel()
    day = np.repeat(np.arange(counts.size, dtype=np.int64) // teams, flat)
    team = np.repeat(np.arange(counts.size, dtype=np.int64) % teams, flat)
    low, high_hour = process.hours
    hour = rng.uniform(low, high_hour, day.size)
    opened = day * MINUTES_PER_DAY + np.floor(hour * 60)
    order = np.argsort(opened, kind="stable")
    day, team, hour, opened = day[order], team[order], hour[order], opened[order]
    weights = np.asarray(process.weights) / np.sum(process.weights)
    return _Cases(
        opened=opened.astype(np.float64),
        team=team,
        person=rng.integers(1, PEOPLE_PER_TEAM + 1, day.size),
        value=rng.choice(len(process.values), size=day.size, p=weights).astype(np.int64),
        high=high[day, team],
        late=hour >= LATE_FROM_HOUR,
    )


def _where(
    drift: AreaDrift,
    *,
    cases: _Cases,
    process: Process,
) -> Flags:
    condition = drift.condition
    size = cases.opened.size
    if condition is None:
        return np.ones(size, dtype=np.bool_)
    if condition.field == "workload":
        return cases.high
    if condition.field == "hour":
        return cases.late
    names = process.teams if condition.field == "team" else process.values
    codes = cases.team if condition.field == "team" else cases.value
    if condition.value not in names:
        raise ValueError(f"{condition.field} {condition.value!r} is not one of {names}.")
    return np.asarray(np.equal(codes, names.index(condition.value)), dtype=np.bool_)


def _draw_steps(
    process: Process,
    *,
    cases: _Cases,
    seed: int,
    drifts: tuple[AreaDrift, ...],
    strengths: list[NDArray[np.float64]],
) -> tuple[
    dict[str, NDArray[np.float64]], dict[str, NDArray[np.bool_]], dict[str, NDArray[np.bool_]]
]:
    """Each step's time, whether it happened, and each field's blanks."""
    size = cases.opened.size
    rng = np.random.default_rng([seed, ROLES["steps"]])
    times: dict[str, NDArray[np.float64]] = {process.opening: cases.opened}
    present: dict[str, NDArray[np.bool_]] = {process.opening: np.ones(size, dtype=np.bool_)}
    blanks: dict[str, NDArray[np.bool_]] = {}
    for step in process.steps:
        acting = [
            (index, drift, strength)
            for index, (drift, strength) in enumerate(zip(drifts, strengths, strict=True))
            if drift.step == step.name
        ]
        median = np.full(size, step.median_hours)
        skip = np.full(size, step.skip)
        slip = np.full(size, step.slip)
        sparse = np.zeros((size, len(step.fields)), dtype=np.bool_)
        for index, drift, strength in acting:
            if drift.kind == "latency":
                median = median * (1.0 + (drift.size - 1.0) * strength)
            elif drift.kind == "skip":
                skip = skip + drift.size * strength
            elif drift.kind == "order":
                slip = slip + drift.size * strength
            elif step.fields:
                drift_rng = np.random.default_rng([seed, DRIFT_ROLE + index])
                hit = drift_rng.random(size) < drift.size * strength
                chosen = drift_rng.random((size, len(step.fields))) < 0.5
                chosen[np.arange(size), drift_rng.integers(0, len(step.fields), size)] = True
                sparse |= chosen & hit[:, None]
        delay = median * np.exp(step.sigma * rng.standard_normal(size)) * 60.0
        before = rng.uniform(5.0, 90.0, size)
        after = times[step.after]
        times[step.name] = np.where(rng.random(size) < slip, after - before, after + delay)
        present[step.name] = rng.random(size) >= skip
        blank = (rng.random((size, len(step.fields))) < step.blank) | sparse
        for column, name in enumerate(step.fields):
            blanks[name] = blank[:, column]
    return times, present, blanks
