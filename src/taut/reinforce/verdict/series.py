"""A check's decided cases as daily aggregates: the series the verdict's regressions fit.

One row per local day with at least one decided case: the day, how many decided cases it
holds (the row's weight), the day's value and its volume. The value is the share of
decided cases that missed (metric ``missed``) or the mean of the natural log of the hours
the step took (metric ``latency``, cases whose step happened only: a step that never
happened has no time). The volume is every case anchored that day, pending ones included:
a busy day is busy whether or not its cases are decided yet.

Only decided cases count (:attr:`CheckCases.missed` is NaN while a case is pending):
a pending case is neither a miss nor a keep; and the last days, whose misses may still
be pending while their keeps are known, wait for a later scan (:func:`settled_through`).
Everything is numpy (``np.unique`` and
``np.bincount`` over the cases), no Python loop over cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from taut.signal.inputs.casebook import CheckCases

Metric = Literal["missed", "latency"]
FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Daily:
    """A daily series (arrays of equal length, one entry per day, in day order).

    Attributes:
        days: the local days.
        cases: decided cases counted that day (the regression's weight).
        value: the day's share missed, or its mean log hours.
        volume: every case anchored that day, pending ones included.
    """

    days: DayArray
    cases: FloatArray
    value: FloatArray
    volume: FloatArray

    @property
    def size(self) -> int:
        """The number of days."""
        return int(self.days.size)

    def between(self, first: date | None, last: date | None) -> Daily:
        """The days from ``first`` to ``last``, both included (``None``: unbounded)."""
        keep = np.ones(self.size, dtype=bool)
        if first is not None:
            keep &= self.days >= np.datetime64(first, "D")
        if last is not None:
            keep &= self.days <= np.datetime64(last, "D")
        return Daily(
            days=self.days[keep],
            cases=self.cases[keep],
            value=self.value[keep],
            volume=self.volume[keep],
        )


@dataclass(frozen=True, eq=False)
class Counted:
    """The decided cases of one check (or segment) up to a day, one entry per case.

    Attributes:
        day: each case's local day.
        value: 1.0 missed / 0.0 kept, or log hours (``latency``).
        anchored: the days of every case up to the day (pending ones too), for volume.
        metric: what ``value`` holds.
        through: the last day counted (:func:`settled_through`).
    """

    day: DayArray
    value: FloatArray
    anchored: DayArray
    metric: Metric
    through: date

    def daily(self) -> Daily:
        """The daily series of these cases (module docstring)."""
        days, inverse = np.unique(self.day, return_inverse=True)
        cases = np.bincount(inverse, minlength=days.size).astype(np.float64)
        sums = np.bincount(inverse, weights=self.value, minlength=days.size)
        positions = np.searchsorted(days, self.anchored)
        inside = positions < days.size
        inside[inside] &= days[positions[inside]] == self.anchored[inside]
        volume = np.bincount(positions[inside], minlength=days.size).astype(np.float64)
        return Daily(days=days, cases=cases, value=sums / cases, volume=volume)

    def level(self, first: date | None, last: date | None) -> tuple[float | None, int]:
        """The metric over the cases of the days ``first`` to ``last`` and how many they are.

        The share missed, or the median hours (``latency``: the exponential of the median
        log); ``None`` when there are no cases.
        """
        keep = np.ones(self.day.size, dtype=bool)
        if first is not None:
            keep &= self.day >= np.datetime64(first, "D")
        if last is not None:
            keep &= self.day <= np.datetime64(last, "D")
        count = int(keep.sum())
        if count == 0:
            return None, 0
        if self.metric == "latency":
            return float(np.exp(np.median(self.value[keep]))), count
        return float(np.mean(self.value[keep])), count


def settled_through(cases: CheckCases, *, as_of: date) -> date:
    """The last day whose cases have all had the time to be decided by the end of ``as_of``.

    A keep is known when the step happens, a miss often only at the check's limit; among
    the cases of the last few days the kept ones are decided and the missed ones still
    pending, so counting them would show fewer misses than there are (and, for latency,
    only the quick cases). The days counted therefore end ``ceil(p99 / 24)`` days before
    ``as_of``, where ``p99`` is the 99th percentile of the hours from anchor to decision
    over the check's decided cases.
    """
    waited = cases.decided - cases.anchor
    waited = waited[np.isfinite(waited)]
    if waited.size == 0:
        return as_of
    days = int(np.ceil(max(float(np.percentile(waited, 99)), 0.0) / 24))
    return as_of - timedelta(days=days)


def count_cases(
    cases: CheckCases, *, as_of: date, metric: Metric, mask: Mask | None = None
) -> Counted:
    """The decided cases of ``cases`` (those in ``mask``) up to :func:`settled_through`.

    Args:
        cases: one check's cases, read as of the scan (pending cases have NaN ``missed``).
        as_of: the scan's day.
        metric: ``missed`` (1.0 or 0.0 per case) or ``latency`` (log hours per case whose
            step happened, its time above zero).
        mask: the cases of one segment; ``None``: all.
    """
    through = settled_through(cases, as_of=as_of)
    chosen = cases.day <= np.datetime64(through, "D")
    if mask is not None:
        chosen &= np.asarray(mask, dtype=bool)
    decided = chosen & np.isfinite(cases.missed)
    if metric == "latency":
        decided &= np.isfinite(cases.value) & (cases.value > 0)
        values = np.log(np.where(decided, cases.value, 1.0))
    else:
        values = cases.missed
    return Counted(
        day=cases.day[decided],
        value=np.asarray(values[decided], dtype=np.float64),
        anchored=cases.day[chosen],
        metric=metric,
        through=through,
    )
