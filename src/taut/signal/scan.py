"""Scan the outcomes table: every check's state, fragility, and the few signals worth raising.

The scan is the ordered list :data:`STEPS`, in the manner of sqlglot's ``optimizer.RULES``:
each step is a function that takes the frozen :class:`ScanRun` record and returns it with
its own part filled in. Read them in order:

1. :func:`read_cases`: materialise the outcomes table once, one
   :class:`~taut.signal.inputs.casebook.CheckCases` per check
   (:func:`~taut.signal.inputs.casebook.read_casebook`);
2. :func:`fix_baseline`: the baseline window (:mod:`taut.signal.inputs.window`: up to
   ``baseline.until``, else the first ``baseline.weeks`` written in the contract, else the
   first eight weeks of a short log or a recent window of a long one) and the last day of
   data; cases before the window are left out of the scan; a check whose baseline is thin
   is noted (:func:`~taut.signal.inputs.window.thin_reason`);
3. :func:`watch_slices`: band the numeric condition attributes and cap the text ones, once
   for all checks, on the baseline cases of the check with the most cases
   (:mod:`taut.signal.inputs.bands`); per check, pick the
   segments with enough data
   (:mod:`taut.signal.inputs.segments`) and watch them (:mod:`taut.signal.decide.watch`),
   sharing one false-alarm budget per check (:mod:`taut.signal.allocation`); a slice that
   cannot be watched is listed with its reason;
4. :func:`assess_checks`: per check, fragility on the whole check's decided cases
   (:mod:`taut.signal.decide.fragility`);
5. :func:`cap_signals`: the few signals within the contract's alert budget, the rest
   watching (:mod:`taut.signal.decide.cap`);
6. :func:`write_report`: the :class:`~taut.signal.report.ScanReport`.

:func:`scan_outcomes` runs them all; :func:`slice_states` stops after step 3, for every
slice's state before the alert budget.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from taut.errors import InsufficientDataError
from taut.ingest.clip import end_of_local_day
from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration
from taut.signal.decide.cap import apply_budget
from taut.signal.decide.fragility import check_fragility, rank_areas
from taut.signal.decide.settled import SettledChange, settled_changes
from taut.signal.decide.slice_inputs import WatchSettings
from taut.signal.decide.watch import unwatched_segments, watch_check
from taut.signal.inputs.bands import band_attributes, fit_levels
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.clock import hours_since_epoch, last_data_day
from taut.signal.inputs.moves import BaselineMoves, move_baselines, moved_thin_baselines
from taut.signal.inputs.segments import SegmentPolicy, watched_segments
from taut.signal.inputs.window import (
    MIN_SURE_CASES,
    baseline_window,
    mark_thin,
    refuse_empty_baseline,
    trim_to_window,
)
from taut.signal.report import AreaFragility, ScanReport
from taut.signal.run import ScanRun
from taut.signal.state import CheckState, NotWatched, worst

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Contract

logger = logging.getLogger(__name__)


def read_cases(run: ScanRun) -> ScanRun:
    """Step 1: one :class:`~taut.signal.inputs.casebook.CheckCases` per check."""
    if run.outcomes is None:
        raise RuntimeError("The scan was given no outcomes table to read.")
    book = read_casebook(run.outcomes, contract=run.contract)
    return dataclasses.replace(run, outcomes=None, book=book)


def fix_baseline(run: ScanRun) -> ScanRun:
    """Step 2: the baseline window, the last day of data, and the checks with a thin baseline.

    Cases anchored before the window are left out of the rest of the scan.

    Raises:
        InsufficientDataError: when no case falls in, or none after, the baseline window,
            or a written ``baseline.until`` is before a check's first case.
    """
    book = run.cases()
    as_of = last_data_day(run.as_of_hours, timezone=run.timezone)
    window = baseline_window(run.contract, book, as_of=as_of)
    until = window.until
    if as_of <= until:
        raise InsufficientDataError(
            f"The data ends on {as_of.isoformat()}, inside the baseline window (up to "
            f"{until.isoformat()}), so nothing can be compared with it yet. Scan a later "
            "day (--as-of), or set an earlier baseline.until in taut.yaml."
        )
    last_day = np.datetime64(until, "D")
    if not any(np.any(cases.day <= last_day) for cases in book.values() if cases.size):
        raise InsufficientDataError(
            f"No check applies to a case in the baseline window (up to {until.isoformat()}), "
            "so there is no normal to compare with. Set a later baseline.until in taut.yaml, "
            "or remove it to let taut choose the baseline."
        )
    refuse_empty_baseline(run.contract, book, window=window)
    # Decisions move a check's baseline (restart, episodes out) before settled is read.
    book, moved = move_baselines(run.contract, book, moves=run.moves, window=window, as_of=as_of)
    settled: tuple[SettledChange, ...] = ()
    if window.rule == "recent":
        # Read before the older cases are left out: a change older than the baseline.
        settled = settled_changes(run.contract, book, start=window.start, until=until)
    book = trim_to_window(book, window=window, starts={c: m.start for c, m in moved.items()})
    thin = moved_thin_baselines(run.contract, book, window=window, moved=moved)
    return dataclasses.replace(
        run,
        book=book,
        until=until,
        moved=moved,
        start=window.start if window.rule == "recent" else None,
        thin=thin,
        settled=settled,
        as_of=as_of,
    )


def watch_slices(run: ScanRun) -> ScanRun:
    """Step 3: every check watched as a whole and by segment, sharing its budget."""
    book = run.cases()
    until, _ = run.window()
    budget = run.false_alarms_per_year
    if budget is None:
        budget = run.contract.alerts.false_signals_per_year
    last_day = np.datetime64(until, "D")
    states: list[CheckState] = []
    skipped: list[NotWatched] = []
    # One set of bands per attribute, fitted on the check with the most cases (a scoped
    # check's subset would skew them): every check names the same bands.
    widest = max(book.values(), key=lambda cases: cases.size)
    levels = {
        name: fit_levels([(widest.labels[name], widest.day <= last_day)])
        for name in run.contract.conditions
        if name in widest.labels
    }
    for area, check in run.contract.checks:
        cases = book[check.id]
        if cases.size == 0:
            skipped.append(
                NotWatched(
                    area=area.name,
                    check=check.id,
                    metric="missed",
                    segment=None,
                    reason="no case in the log is one this check applies to; run 'taut "
                    "outcomes' to see the cases each check applies to",
                )
            )
            continue
        move = run.moved.get(check.id)
        if move is not None and move.filling:
            skipped.append(move.not_watched(area=area.name))
            continue
        check_until = until if move is None else move.until
        in_baseline = cases.day <= np.datetime64(check_until, "D")
        baseline_end_hours = hours_since_epoch(end_of_local_day(check_until, timezone=run.timezone))
        cases = band_attributes(cases, levels=levels)
        segments = watched_segments(
            cases, in_baseline=in_baseline, policy=run.policy, people=run.people
        )
        settings = WatchSettings(
            as_of_hours=run.as_of_hours,
            timezone=run.timezone,
            in_baseline=in_baseline,
            baseline_end_hours=baseline_end_hours,
            baseline_end_day=check_until,
            false_alarms_per_year=budget,
            calibration=run.calibration,
        )
        watched = watch_check(cases, area=area, check=check, segments=segments, settings=settings)
        thin = any(item.check == check.id for item in run.thin)
        states.extend(mark_thin(state, thin=thin) for state in watched.states)
        skipped.extend(watched.not_watched)
        skipped.extend(
            unwatched_segments(
                cases,
                area=area,
                check=check,
                in_baseline=in_baseline,
                watched=segments,
                policy=run.policy,
                people=run.people,
            )
        )
    return dataclasses.replace(run, states=tuple(states), not_watched=tuple(skipped))


def assess_checks(run: ScanRun) -> ScanRun:
    """Step 4: every check's fragility, in contract order, with its most severe state."""
    book = run.cases()
    checks = tuple(
        check_fragility(
            book[check.id],
            area=area,
            check=check,
            as_of_hours=run.as_of_hours,
            timezone=run.timezone,
            state=worst(state.state for state in run.states if state.check == check.id),
        )
        for area, check in run.contract.checks
        if book[check.id].size
    )
    return dataclasses.replace(run, checks=checks)


def cap_signals(run: ScanRun) -> ScanRun:
    """Step 5: at most the alert budget's signals; the rest that is not steady, watching."""
    signals, watching = apply_budget(list(run.states), budget=run.contract.alerts.budget)
    logger.info(
        "Scanned %d slices: %d signals, %d watching", len(run.states), len(signals), len(watching)
    )
    return dataclasses.replace(run, signals=signals, watching=watching)


def write_report(run: ScanRun) -> ScanRun:
    """Step 6: the scan's :class:`~taut.signal.report.ScanReport`."""
    book = run.cases()
    until, as_of = run.window()
    if run.data_end is None:
        raise RuntimeError("The scan was given no end of data to report.")
    stirred = {s.check for s in run.states if s.state != "steady"}
    # Held steady says the share kept was watched and did not move: a check whose whole
    # share could not be watched (listed in not_watched) is not steady, only unwatched.
    # Nor is a check whose baseline holds too few cases to judge (its warning says so).
    share_watched = {s.check for s in run.states if s.segment is None and s.metric == "missed"}
    judged = share_watched - {item.check for item in run.thin if item.cases < MIN_SURE_CASES}
    steady = tuple(
        (area.name, check.id)
        for area, check in run.contract.checks
        if check.id not in stirred and check.id in judged and book[check.id].size
    )
    report = ScanReport(
        process=run.contract.process,
        as_of=as_of,
        data_end=run.data_end.isoformat(sep=" "),
        baseline_until=until,
        baseline_from=run.start,
        thin=run.thin,
        settled=run.settled,
        moved=tuple(run.moved.values()),
        budget=run.contract.alerts.budget,
        signals=run.signals,
        watching=run.watching,
        fragility=tuple(
            AreaFragility(area=name, risk=weakest.risk, score=score, weakest=weakest)
            for name, score, weakest in rank_areas(list(run.checks))
        ),
        checks=run.checks,
        steady=steady,
        not_watched=run.not_watched,
    )
    return dataclasses.replace(run, report=report)


Step = Callable[[ScanRun], ScanRun]
"""One step of the scan."""

STEPS: tuple[Step, ...] = (
    read_cases,
    fix_baseline,
    watch_slices,
    assess_checks,
    cap_signals,
    write_report,
)
"""The scan, in order (module docstring)."""


def run_steps(run: ScanRun, *, steps: tuple[Step, ...] = STEPS) -> ScanRun:
    """Apply ``steps`` to ``run`` in order."""
    for step in steps:
        run = step(run)
    return run


def scan_outcomes(
    outcomes: ir.Table | pa.Table,
    *,
    contract: Contract,
    data_end: datetime,
    timezone: str,
    people: dict[str, int] | None = None,
    policy: SegmentPolicy | None = None,
    false_alarms_per_year: float | None = None,
    calibration: ScanCalibration = SCAN_CALIBRATION,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> ScanReport:
    """Scan every check of ``contract`` in ``outcomes``: every step of :data:`STEPS`.

    Args:
        outcomes: the table of :func:`taut.outcomes.evaluate_checks`, or that table
            already computed to Arrow (read without another copy).
        contract: the contract it was evaluated for.
        data_end: the end of the data (naive UTC), the log's ``data_end``.
        timezone: the contract's time zone.
        people: distinct people per team (:func:`~taut.ingest.people.people_per_team`),
            to leave out teams of fewer than five people; ``None`` to skip that rule.
        policy: the minimum segment sizes.
        false_alarms_per_year: the false-alarm budget of each check; ``None`` for the
            contract's ``alerts.false_signals_per_year`` (one a check-year by default).
        calibration: how that budget maps to the nominal one split over a check's streams
            (:class:`~taut.signal.allocation.ScanCalibration`).
        restarts, exclude: a check's baseline restart day, and drift episodes (first, last
            day) left out of its baseline (:mod:`~taut.signal.inputs.moves`).

    Raises:
        InsufficientDataError: when no case falls in, or none after, the baseline window.
        UsageError: ``restarts`` or ``exclude`` names an unknown check or a day off the data.
    """
    run = ScanRun(
        contract=contract,
        as_of_hours=hours_since_epoch(data_end),
        timezone=timezone,
        data_end=data_end,
        people=people,
        policy=policy or SegmentPolicy(),
        false_alarms_per_year=false_alarms_per_year,
        calibration=calibration,
        moves=BaselineMoves(restarts=restarts or {}, exclude=exclude or {}),
        outcomes=outcomes,
    )
    report = run_steps(run).report
    if report is None:  # pragma: no cover - write_report is the last step
        raise RuntimeError("The scan's steps did not write a report.")
    return report


def slice_states(
    outcomes: ir.Table | pa.Table,
    *,
    contract: Contract,
    data_end: datetime,
    timezone: str,
    people: dict[str, int] | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[CheckState, ...]:
    """Every watched slice's state, steady ones included, before the alert budget (steps 1-3).

    Takes the arguments of :func:`scan_outcomes` and raises the same errors.
    """
    run = ScanRun(
        contract=contract,
        as_of_hours=hours_since_epoch(data_end),
        timezone=timezone,
        people=people,
        moves=BaselineMoves(restarts=restarts or {}, exclude=exclude or {}),
        outcomes=outcomes,
    )
    return run_steps(run, steps=(read_cases, fix_baseline, watch_slices)).states


def watch_checks(
    book: dict[str, CheckCases],
    *,
    contract: Contract,
    as_of_hours: float,
    timezone: str,
    people: dict[str, int] | None = None,
    policy: SegmentPolicy | None = None,
    false_alarms_per_year: float | None = None,
    calibration: ScanCalibration = SCAN_CALIBRATION,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[list[CheckState], date, date]:
    """Every watched slice's state, the baseline's last day and the as-of day (steps 2-3).

    For a casebook already read (a benchmark reads it once and scans many days of it);
    :func:`scan_outcomes` documents the arguments.

    Raises:
        InsufficientDataError: when no case falls in, or none after, the baseline window.
    """
    run = ScanRun(
        contract=contract,
        as_of_hours=as_of_hours,
        timezone=timezone,
        people=people,
        policy=policy or SegmentPolicy(),
        false_alarms_per_year=false_alarms_per_year,
        calibration=calibration,
        moves=BaselineMoves(restarts=restarts or {}, exclude=exclude or {}),
        book=book,
    )
    run = run_steps(run, steps=(fix_baseline, watch_slices))
    until, as_of = run.window()
    return list(run.states), until, as_of
