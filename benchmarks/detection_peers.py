"""The peers and the oracle of the detection benchmark, and how each is tuned.

Every finder takes one :class:`~detection_scenarios.Stream` (a check's stream as taut's
detector of that metric sees it) and returns the local days it raised an alarm,
restarting after each one:

- **ADWIN** and **PageHinkley** (river): warmed on the baseline window's values, then fed
  the monitored values one by one; ``mode="up"`` for PageHinkley, ADWIN two-sided. On
  latency streams they get the log-latency standardised by the baseline's mean and sd
  (``z``), on the spread scenario ``z**2``;
- **PELT** (ruptures, ``l2`` cost, ``min_size=3``): the stream's daily means by anchor day
  (days with at least ``MIN_DAY_CASES`` settled cases; weekends and holidays are too thin
  to give a rate), segmented each day on the last ``WINDOW_DAYS`` days of data; an alarm
  when a segment starts after the baseline window and after the previous alarm. It runs
  through ruptures' C implementation of penalised detection,
  ``KernelCPD(kernel="linear")``, whose cost is the ``l2`` cost: on daily rates it gives
  the segmentation of ``Pelt(model="l2", jump=1)`` (the same, or one of lower cost where
  the pure-Python ``Pelt`` prunes inexactly at tiny penalties) about 1,000 times faster,
  which is what makes tuning it by bisection affordable;
- **weekly red line**: a week's (Monday to Sunday, by anchor day) kept share below a
  line, raised the day its last case is known; weeks of fewer than ``MIN_WEEK_CASES``
  cases are skipped. ``red line at target`` draws the line at the check's target, as a
  dashboard does (not tuned); ``weekly line (tuned)`` moves it to the false-alarm budget;
- **oracle CUSUM** (:class:`~taut.signal.detectors.oracle.OracleRateCusum`,
  :class:`~taut.signal.detectors.oracle.OracleLatencyCusum`): Page's CUSUM told the true before and
  after values of its stream, restarted at zero after each alarm.

Tuning (:func:`tune`): each peer's one parameter (ADWIN ``delta``, PageHinkley
``threshold``, PELT ``pen``, the line, the oracle's ``h``) is bisected on a log scale
until its alarms on the tuning seeds' no-drift streams of the same slice come to the
budget, one per check-year (taut's default); the end of the final bracket that keeps the
rate at or below the budget is used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import ruptures as rpt
from river import drift

from detection_scenarios import FloatArray, IntArray, Stream
from taut.signal.detectors.baseline import RateBaseline
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.state import Metric

Finder = Callable[[Stream], list[int]]
MIN_DAY_CASES = 5
WINDOW_DAYS = 120
MIN_SIZE = 3
MIN_WEEK_CASES = 20
MONDAY = 4  # 1970-01-05, day 4, was a Monday
YEAR_DAYS = 365.25
BUDGET = 1.0  # false alarms per check-year


def peer_values(stream: Stream, metric: Metric) -> tuple[FloatArray, FloatArray]:
    """What the generic peers read: (baseline, monitored), standardised for latency."""
    if metric == "missed":
        return stream.baseline, stream.values
    mean, sd = float(stream.baseline.mean()), float(stream.baseline.std(ddof=1))
    z0, z1 = (stream.baseline - mean) / sd, (stream.values - mean) / sd
    return (z0**2, z1**2) if metric == "spread" else (z0, z1)


def river_finder(make: Callable[[], Any], metric: Metric) -> Finder:
    """ADWIN or PageHinkley as built by ``make`` (module docstring)."""

    def find(stream: Stream) -> list[int]:
        detector = make()
        warm, values = peer_values(stream, metric)
        for value in warm.tolist():
            detector.update(value)
        days: list[int] = []
        for index, value in enumerate(values.tolist()):
            detector.update(value)
            if detector.drift_detected:
                days.append(int(stream.known_day[index]))
        return days

    return find


def adwin(delta: float, metric: Metric) -> Finder:
    """river's ADWIN with ``delta``."""
    return river_finder(lambda: drift.ADWIN(delta=delta), metric)


def page_hinkley(threshold: float, metric: Metric) -> Finder:
    """river's PageHinkley, upward, with ``threshold``."""
    return river_finder(lambda: drift.PageHinkley(threshold=threshold, mode="up"), metric)


def daily_means(stream: Stream, metric: Metric) -> tuple[FloatArray, IntArray, IntArray]:
    """(mean, anchor day, day known) of each day with enough settled cases, in day order."""
    warm, values = peer_values(stream, metric)
    data = np.r_[warm, values]
    anchor = np.r_[stream.baseline_day, stream.anchor_day]
    known = np.r_[stream.baseline_day, stream.known_day]
    days, index, counts = np.unique(anchor, return_inverse=True, return_counts=True)
    sums = np.bincount(index, weights=data, minlength=days.size)
    seen = np.full(days.size, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(seen, index, known)
    keep = counts >= MIN_DAY_CASES
    return sums[keep] / counts[keep], days[keep], seen[keep]


def pelt(pen: float, metric: Metric) -> Finder:
    """ruptures' PELT on daily means, run every day (module docstring)."""

    def find(stream: Stream) -> list[int]:
        means, days, seen = daily_means(stream, metric)
        first = stream.anchor_day[0] if stream.anchor_day.size else days[-1] + 1
        since = int(np.searchsorted(days, first)) - 1  # last baseline day's position
        alarms: list[int] = []
        for end in range(since + 1, days.size):
            start = max(0, end + 1 - WINDOW_DAYS)
            signal = means[start : end + 1]
            if signal.size < 2 * MIN_SIZE:
                continue
            model = rpt.KernelCPD(kernel="linear", min_size=MIN_SIZE).fit(signal)
            if any(start + int(b) > since for b in model.predict(pen=pen)[:-1]):
                alarms.append(int(seen[end]))
                since = end
        return alarms

    return find


def weekly_line(level: float) -> Finder:
    """The weekly red line at ``level`` (kept share), on a 0/1 missed stream."""

    def find(stream: Stream) -> list[int]:
        week = (stream.anchor_day - MONDAY) // 7
        weeks, index, counts = np.unique(week, return_inverse=True, return_counts=True)
        missed = np.bincount(index, weights=stream.values, minlength=weeks.size)
        known = np.zeros(weeks.size, dtype=np.int64)
        np.maximum.at(known, index, stream.known_day)
        kept = 1.0 - missed / counts
        low = (counts >= MIN_WEEK_CASES) & (kept < level)
        return sorted(int(day) for day in known[low])

    return find


def oracle_detector(metric: Metric, before: FloatArray, after: FloatArray) -> Detector:
    """The oracle CUSUM told the true values (pooled over seeds) before and after."""
    if metric == "missed":
        return OracleRateCusum(before=float(before.mean()), after=float(after.mean()))
    return OracleLatencyCusum(
        before_mean=float(before.mean()),
        before_sd=float(before.std(ddof=1)),
        after_mean=float(after.mean()),
        after_sd=float(after.std(ddof=1)),
    )


def oracle(detector: Detector, threshold: float) -> Finder:
    """Page's CUSUM of ``detector``'s increments, restarted at zero after each alarm."""

    def find(stream: Stream) -> list[int]:
        steps = detector.increments(stream.values, baseline=RateBaseline(rate=0.5))[0]
        total, days = 0.0, []
        for index, step in enumerate(steps.tolist()):
            total = max(0.0, total + step)
            if total > threshold:
                days.append(int(stream.known_day[index]))
                total = 0.0
        return days

    return find


def alarm_rate(finder: Finder, streams: Sequence[Stream], years: Sequence[float]) -> float:
    """Alarms per year over ``streams`` (each watched for ``years``)."""
    return sum(len(finder(stream)) for stream in streams) / sum(years)


def tune(
    make: Callable[[float], Finder],
    *,
    streams: Sequence[Stream],
    years: Sequence[float],
    low: float,
    high: float,
    more_alarms_when_higher: bool,
    budget: float = BUDGET,
    steps: int = 12,
) -> tuple[float, float]:
    """The parameter bringing alarms on no-drift streams to ``budget``, and the rate there.

    Log-scale bisection between ``low`` and ``high``; returns the bracket's end whose
    measured rate is within the budget (the strict end when neither is) and that rate.
    """
    rates: dict[float, float] = {}

    def rate(value: float) -> float:
        if value not in rates:
            rates[value] = alarm_rate(make(value), streams, years)
        return rates[value]

    for _ in range(steps):
        middle = math.sqrt(low * high)
        above = rate(middle) > budget
        if above == more_alarms_when_higher:
            high = middle
        else:
            low = middle
    safe = low if more_alarms_when_higher else high
    return safe, rate(safe)
