"""Scan the outcomes table: every check's state, fragility, and the few signals worth raising.

:func:`scan_outcomes` is the whole Signal stage in one call:

1. materialise the outcomes table once (:func:`~taut.signal.inputs.casebook.read_casebook`);
2. fix the baseline window: up to ``baseline.until`` in the contract, else the first
   ``baseline.weeks`` weeks of data (from the earliest anchor day);
3. per check, pick the segments with enough data (:mod:`taut.signal.inputs.segments`) and watch
   them (:mod:`taut.signal.decide.watch`), sharing one false-alarm budget per check;
4. per check, assess fragility on the whole check's decided cases
   (:mod:`taut.signal.decide.fragility`);
5. cap the signals with the contract's alert budget (:mod:`taut.signal.decide.cap`).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from taut.errors import InsufficientDataError
from taut.ingest.clip import end_of_local_day
from taut.signal.decide.cap import apply_budget
from taut.signal.decide.fragility import Fragility, assess_fragility, rank_areas
from taut.signal.decide.watch import EPOCH, WatchSettings, local_day, watch_check
from taut.signal.inputs.casebook import HOUR_US, CheckCases, read_casebook
from taut.signal.inputs.segments import SegmentPolicy, watched_segments
from taut.signal.inputs.streams import metric_streams
from taut.signal.report import AreaFragility, ScanReport
from taut.signal.state import CheckState
from taut.signal.thresholds.calibrate import SCAN_CALIBRATION, ScanCalibration

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Area, Check, Contract

logger = logging.getLogger(__name__)

TICK_HOURS = 1e-6


def local_days(hours: npt.NDArray[np.float64], *, timezone: str) -> npt.NDArray[np.datetime64]:
    """Local days of instants given in hours since the epoch (UTC), vectorised.

    >>> local_days(np.array([24.0 * 20_000 + 3.0]), timezone="America/Chicago")
    array(['2024-10-03'], dtype='datetime64[D]')
    """
    micros = pa.array(np.round(hours * HOUR_US).astype(np.int64), type=pa.timestamp("us", timezone))
    compute: Any = pc  # pyarrow's stubs do not know local_timestamp on arrays
    days = compute.cast(compute.local_timestamp(micros), pa.date32()).to_numpy(zero_copy_only=False)
    return np.asarray(days, dtype="datetime64[D]")


def baseline_end(contract: Contract, book: dict[str, CheckCases]) -> date:
    """The last local day of the baseline window (module docstring, step 2).

    Raises:
        InsufficientDataError: when no check has a case.
    """
    if contract.baseline.until is not None:
        return contract.baseline.until
    firsts = [cases.day.min() for cases in book.values() if cases.size]
    if not firsts:
        raise InsufficientDataError(
            "No check applies to any case in the log, so there is nothing to scan. Run "
            "'taut check' and 'taut outcomes' to see which cases each check applies to."
        )
    first: date = min(firsts).item()
    return first + timedelta(weeks=contract.baseline.weeks) - timedelta(days=1)


def _fragility(
    cases: CheckCases, *, area: Area, check: Check, as_of_hours: float, timezone: str
) -> Fragility:
    stream = metric_streams(cases, check=check, as_of_hours=as_of_hours)["missed"]
    return assess_fragility(
        area=area.name,
        check=check.id,
        risk=area.risk,
        target=check.target,
        known_days=local_days(stream.known_at, timezone=timezone),
        kept=1.0 - stream.values,
        as_of=local_day(as_of_hours - TICK_HOURS, timezone=timezone),
    )


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
) -> tuple[list[CheckState], date, date]:
    """Every watched slice's state, the baseline's last day and the as-of day (steps 2-3).

    The states are all of them, steady ones included, before the alert budget picks the
    few to raise; :func:`scan_outcomes` documents the arguments.

    Raises:
        InsufficientDataError: when no case falls in, or none after, the baseline window.
    """
    policy = policy or SegmentPolicy()
    if false_alarms_per_year is None:
        false_alarms_per_year = contract.alerts.false_signals_per_year
    until = baseline_end(contract, book)
    # Data that ends at midnight (a clipped log) belongs to the day before.
    as_of = local_day(as_of_hours - TICK_HOURS, timezone=timezone)
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
            "or remove it to take the first weeks of data."
        )
    baseline_end_hours = (end_of_local_day(until, timezone=timezone) - EPOCH) / timedelta(hours=1)
    states: list[CheckState] = []
    for area, check in contract.checks:
        cases = book[check.id]
        if cases.size == 0:
            continue
        in_baseline = cases.day <= last_day
        segments = watched_segments(cases, in_baseline=in_baseline, policy=policy, people=people)
        settings = WatchSettings(
            as_of_hours=as_of_hours,
            timezone=timezone,
            in_baseline=in_baseline,
            baseline_end_hours=baseline_end_hours,
            baseline_end_day=until,
            false_alarms_per_year=false_alarms_per_year,
            calibration=calibration,
        )
        states.extend(
            watch_check(cases, area=area, check=check, segments=segments, settings=settings)
        )
    return states, until, as_of


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
) -> ScanReport:
    """Scan every check of ``contract`` in ``outcomes`` (module docstring).

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
            (:class:`~taut.signal.thresholds.calibrate.ScanCalibration`).

    Raises:
        InsufficientDataError: when no case falls in, or none after, the baseline window.
    """
    book = read_casebook(outcomes, contract=contract)
    as_of_hours = (data_end - EPOCH) / timedelta(hours=1)
    states, until, as_of = watch_checks(
        book,
        contract=contract,
        as_of_hours=as_of_hours,
        timezone=timezone,
        people=people,
        policy=policy,
        false_alarms_per_year=false_alarms_per_year,
        calibration=calibration,
    )
    fragilities = [
        _fragility(
            book[check.id], area=area, check=check, as_of_hours=as_of_hours, timezone=timezone
        )
        for area, check in contract.checks
        if book[check.id].size
    ]
    signals, watching = apply_budget(states, budget=contract.alerts.budget)
    stirred = {s.check for s in states if s.state != "steady"}
    steady = tuple(
        (area.name, check.id)
        for area, check in contract.checks
        if check.id not in stirred and book[check.id].size
    )
    logger.info(
        "Scanned %d slices: %d signals, %d watching", len(states), len(signals), len(watching)
    )
    return ScanReport(
        process=contract.process,
        as_of=as_of,
        data_end=data_end.isoformat(sep=" "),
        baseline_until=until,
        budget=contract.alerts.budget,
        signals=signals,
        watching=watching,
        fragility=tuple(
            AreaFragility(area=name, risk=weakest.risk, score=score, weakest=weakest)
            for name, score, weakest in rank_areas(fragilities)
        ),
        checks=tuple(fragilities),
        steady=steady,
    )
