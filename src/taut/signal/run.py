"""The record a scan passes from step to step: what it was given, then what each found.

:mod:`taut.signal.scan` lists the steps (``STEPS``); each takes a :class:`ScanRun` and
returns it with its own part filled in, never changing what an earlier step wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.decide.settled import SettledChange
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.moves import BaselineMoves, MovedBaseline
from taut.signal.inputs.segments import SegmentPolicy
from taut.signal.inputs.window import ThinBaseline
from taut.signal.report import ScanReport
from taut.signal.state import CheckState, NotWatched

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from taut.contract.models import Contract


@dataclass(frozen=True, kw_only=True)
class ScanRun:
    """One scan as it goes through :data:`STEPS`: what it was given, then what each step found.

    Attributes:
        contract: the contract the outcomes were evaluated for.
        as_of_hours: the end of the data in hours since the epoch (UTC).
        timezone: the contract's time zone.
        data_end: the end of the data (naive UTC), the log's ``data_end``, for the report.
        people: distinct people per team, or ``None`` to skip the people rule.
        policy: the minimum segment sizes.
        false_alarms_per_year: each check's false-alarm budget (``None``: the contract's).
        calibration: how that budget maps to the nominal one (:mod:`taut.signal.allocation`).
        moves: the decisions that move some checks' baselines (restarts, excluded
            episodes: :mod:`taut.signal.inputs.moves`).
        outcomes: the outcomes table (step 1 reads it).
        book: each check's cases (step 1).
        until: the baseline window's last local day (step 2).
        start: the first local day of a recent baseline window (step 2); ``None`` when
            the window starts with the data.
        moved: each check whose baseline a decision moved, by id (step 2).
        thin: the checks whose baseline is thin (step 2).
        settled: checks that loosened before a recent baseline window (step 2).
        as_of: the last local day of data (step 2).
        states: every watched slice's state (step 3).
        not_watched: every slice that could not be watched, with its reason (step 3).
        checks: every check's fragility, in contract order (step 4).
        signals: the signals within the alert budget (step 5).
        watching: the other slices that are not steady (step 5).
        report: the scan's report (step 6).
    """

    contract: Contract
    as_of_hours: float
    timezone: str
    data_end: datetime | None = None
    people: dict[str, int] | None = None
    policy: SegmentPolicy = field(default_factory=SegmentPolicy)
    false_alarms_per_year: float | None = None
    calibration: ScanCalibration = SCAN_CALIBRATION
    moves: BaselineMoves = field(default_factory=BaselineMoves)
    outcomes: ir.Table | pa.Table | None = None
    book: dict[str, CheckCases] | None = None
    until: date | None = None
    start: date | None = None
    moved: dict[str, MovedBaseline] = field(default_factory=dict)
    thin: tuple[ThinBaseline, ...] = ()
    settled: tuple[SettledChange, ...] = ()
    as_of: date | None = None
    states: tuple[CheckState, ...] = ()
    not_watched: tuple[NotWatched, ...] = ()
    checks: tuple[Fragility, ...] = ()
    signals: tuple[Signal, ...] = ()
    watching: tuple[Signal, ...] = ()
    report: ScanReport | None = None

    def cases(self) -> dict[str, CheckCases]:
        """Each check's cases (after step 1)."""
        if self.book is None:
            raise RuntimeError("The scan has not read its cases yet (step read_cases).")
        return self.book

    def window(self) -> tuple[date, date]:
        """The baseline's last day and the last day of data (after step 2)."""
        if self.until is None or self.as_of is None:
            raise RuntimeError("The scan has not fixed its baseline yet (step fix_baseline).")
        return self.until, self.as_of
