"""The records one watched slice is read from: how its check is watched, and its inputs.

:mod:`taut.signal.decide.watch` fills a :class:`SliceInputs` per slice and metric, and
:mod:`taut.signal.decide.slice_state` turns it into a state under :class:`WatchSettings`.
:func:`metric_value` is the one reading of a metric from a stream's values (share missed,
median hours, or the p75/p25 spread); :func:`not_watched` the record of a slice that
cannot be watched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from taut.contract.models import Area, Check
from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration
from taut.signal.decide.materiality import Side, commitment_of, side_of
from taut.signal.detectors.baseline import BaselineEstimate
from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.segments import Mask, SegmentKey
from taut.signal.inputs.streams import DecidedStream
from taut.signal.model.quantiles import mean, median, quantiles
from taut.signal.model.scoring import Scored
from taut.signal.state import Metric, NotWatched

CURRENT_DAYS = 28
"""The recent weeks a slice's recent level is read over (fewer than 20 cases widen them)."""


@dataclass(frozen=True, kw_only=True)
class WatchSettings:
    """How one check is watched.

    Attributes:
        as_of_hours: the end of the data, hours since the epoch (UTC).
        timezone: the contract's time zone (for ``since`` and ``raised`` days).
        in_baseline: which of the check's cases are anchored in the baseline window.
        baseline_end_hours: the end of the baseline window (hours since the epoch, UTC);
            the monitored stream is every case known after it, whatever its anchor, so
            the stream of arrivals carries on without a gap that only fast cases fill.
        false_alarms_per_year: the check's yearly false-alarm budget over all its streams.
        calibration: maps that budget to the nominal one split over the streams.
    """

    as_of_hours: float
    timezone: str
    in_baseline: Mask
    baseline_end_hours: float
    baseline_end_day: date
    false_alarms_per_year: float = 1.0
    calibration: ScanCalibration = SCAN_CALIBRATION


def metric_value(metric: Metric, values: FloatArray) -> float | None:
    """The metric of a stream's values: share missed, median hours, or p75/p25.

    >>> metric_value("missed", np.array([0.0, 1.0, 0.0, 0.0]))
    0.25
    """
    if values.size == 0:
        return None
    if metric == "missed":
        return mean(values)
    if metric == "latency":
        return float(np.exp(median(values)))
    low, high = quantiles(values, (0.25, 0.75))  # one partition for both
    return float(np.exp(high - low))


@dataclass(frozen=True, kw_only=True)
class SliceInputs:
    """One slice and metric, scored and ready to watch.

    Attributes:
        area: the check's area.
        check: the check.
        segment: the slice (``()`` for the whole check).
        metric: the metric watched.
        stream: the monitored part of the stream (the cases known after the baseline).
        base_values: the stream's values in the baseline window.
        cases: the slice's cases (for the anchor days).
        scored: the detector's input (:mod:`taut.signal.model.scoring`).
        reference: the baseline dating and recovery compare with.
        arl0: the stream's share of the budget as an ``ARL0`` (:mod:`taut.signal.allocation`).
    """

    area: Area
    check: Check
    segment: SegmentKey
    metric: Metric
    stream: DecidedStream
    base_values: FloatArray
    cases: CheckCases
    scored: Scored
    reference: BaselineEstimate
    arl0: float

    @cached_property
    def baseline_value(self) -> float | None:
        """The metric of the baseline's values (:func:`metric_value`), read once."""
        return metric_value(self.metric, self.base_values)

    @cached_property
    def base_side_limit(self) -> float | None:
        """The check's limit in hours (``within`` checks), every side is read against."""
        return commitment_of(self.check, cases_per_week=0.0).limit_hours

    @cached_property
    def base_side(self) -> Side:
        """The baseline's side of every move the materiality rules judge, read once."""
        return side_of(self.metric, self.base_values, limit_hours=self.base_side_limit)

    def skipped(self, reason: str) -> NotWatched:
        """This slice as not watched, for ``reason``."""
        return not_watched(
            area=self.area,
            check=self.check,
            segment=self.segment,
            metric=self.metric,
            reason=reason,
        )


def not_watched(
    *, area: Area, check: Check, segment: SegmentKey, metric: Metric | None, reason: str
) -> NotWatched:
    """The record of a slice and metric (``None``: all) that cannot be watched, for ``reason``."""
    return NotWatched(
        area=area.name, check=check.id, metric=metric, segment=dict(segment) or None, reason=reason
    )
