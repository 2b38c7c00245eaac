"""Thresholds for many streams at once: one simulated curve per kind of baseline.

A scan watches every check as a whole and in many segments, each with its own baseline
and its own share of the yearly false-alarm budget
(:func:`~taut.signal.allocation.stream_arl0`),
so it needs dozens of thresholds, some for one false alarm in a million cases. Calibrating
each with :func:`~taut.signal.thresholds.calibrate.calibrate_threshold` costs seconds apiece. This
module makes a scan take seconds instead:

1. **Snap the baseline** to a coarse grid before calibrating: a rate to the nearest of
   about seven values a decade, the baseline's case count *down* to 1, 2 or 5 times a power of ten
   and at most the table's largest, 500,000
   (fewer cases means more estimation error and so a higher, safer threshold), for
   blank fields the share of misses with several blanks *up* to ``MULTI_GRID`` (more of
   them makes a heavier tail of evidence, so a higher, safer threshold), and for
   latency detectors only what their threshold depends on (the standardised stream is
   pivotal for :class:`~taut.signal.detectors.latency.LatencyGlr`; the share outside the band for
   :class:`~taut.signal.detectors.spread.SpreadBand`). Segments of one check then share a few keys.
2. **One curve per key**: :func:`~taut.signal.thresholds.calibrate.false_alarm_rates` gives the
   false alarms per case for every threshold on the grid at once, with the baseline's
   estimation error included, from ``REPLICATES`` stable streams. A latency stream has
   ``HORIZON`` cases; a 0/1 or blank-field stream holds about ``EVENTS_PER_STREAM`` misses
   (at least ``HORIZON`` cases), simulated from one miss to the next
   (:mod:`taut.signal.thresholds.events`), so that it outlasts the statistic's memory of
   about ``1 / rate`` cases many times over (2,000 cases held a fifth of a miss at a rate
   of ``1e-4`` and measured a third of the false alarms). The length is a choice, not
   a neutral one: a baseline estimated far too low by chance makes a stable stream drift
   up, and the longer the stream the more of those drifts end in an alarm; twenty misses
   is about a year of a check's stream. Any ``ARL0`` is then read off the same curve.
3. **Read or extrapolate**: where at least ``MIN_ALARMS`` simulated alarms stand behind the
   target rate, the threshold is the curve's crossing, on the safe side of a step
   (:func:`~taut.signal.thresholds.calibrate.crossing`). Rarer targets extrapolate
   ``log rate(h)`` linearly from the last well-measured point, with the slope of its last
   measured decade but never steeper than ``-1``. For one CUSUM on log-likelihood-ratio
   increments the tail is exactly exponential, ``rate(h) ~ C e^{-h}`` (Wald's identity,
   ``E_0 e^{w} = 1``); with an estimated baseline the mixture over estimates flattens the
   slope, so a fitted slope steeper than ``-1`` is noise or a step and is not trusted.
   A threshold beyond the grid's end (80) is refused (:class:`NoThreshold`).

Decision rule of a scan using these thresholds: alarm at the first ``t`` with
``S_t > h(ARL0)``, ``h`` as above; a scan reads ``h`` from the shipped table
(:mod:`taut.signal.thresholds.table`) and never simulates.
"""

from __future__ import annotations

import functools
import logging
import math

import numpy as np

from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    LatencyBaseline,
    RateBaseline,
)
from taut.signal.detectors.detector import Detector, FloatArray
from taut.signal.detectors.spread import SpreadBand
from taut.signal.thresholds.calibrate import THRESHOLDS, crossing, false_alarm_rates
from taut.signal.thresholds.table import TABLE_CASES, NoThreshold, table_threshold

logger = logging.getLogger(__name__)

HORIZON = 2000
REPLICATES = 2000
EVENTS_PER_STREAM = 20
MIN_ALARMS = 25
FIT_DECADE = 10.0
WALD_DECAY = 1.0
RATE_GRID: FloatArray = np.array(
    [m * 10.0**e for e in range(-4, 0) for m in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0)] + [0.5]
)
NOMINAL_BAND = 1.2816  # the 90th percentile of a standard normal
MULTI_GRID: tuple[float, ...] = (0.05, 0.15, 0.35, 0.6, 0.9)


def snap_cases(cases: int | None) -> int | None:
    """Cases rounded down to 1, 2 or 5 times a power of ten (at least 10, at most the table's).

    >>> snap_cases(1874), snap_cases(96), snap_cases(None), snap_cases(3_000_000)
    (1000, 50, None, 500000)
    """
    if cases is None:
        return None
    cases = min(cases, TABLE_CASES[-1])
    scale = 10 ** math.floor(math.log10(max(cases, 10)))
    steps = [m * scale for m in (1, 2, 5) if m * scale <= max(cases, 10)]
    return int(max(10, steps[-1]))


def snap_rate(rate: float) -> float:
    """The nearest rate of the grid on a log scale (about seven values a decade).

    >>> snap_rate(0.043), snap_rate(0.9)
    (0.04, 0.5)
    """
    if rate >= RATE_GRID[-1]:
        return float(RATE_GRID[-1])
    index = int(np.argmin(np.abs(np.log(RATE_GRID) - math.log(rate))))
    return float(RATE_GRID[index])


def snap_multi(multi: float) -> float:
    """The share of misses with several blank fields, rounded *up* to ``MULTI_GRID``.

    >>> snap_multi(0.01), snap_multi(0.2), snap_multi(0.97)
    (0.05, 0.35, 0.9)
    """
    return next((level for level in MULTI_GRID if multi <= level), MULTI_GRID[-1])


def snapped(detector: Detector, baseline: BaselineEstimate) -> BaselineEstimate:
    """The coarse baseline a threshold for ``detector`` is calibrated on (module docstring)."""
    cases = snap_cases(baseline.cases)
    if isinstance(baseline, BlankBaseline):
        return BlankBaseline(
            rate=snap_rate(baseline.rate), cases=cases, multi=snap_multi(baseline.multi)
        )
    if isinstance(baseline, RateBaseline):
        return RateBaseline(rate=snap_rate(baseline.rate), cases=cases)
    # The in-sample share outside a 10-90% band is 0.2 up to ties; snapping it keeps one key.
    outside = 0.2 if not isinstance(detector, SpreadBand) else max(0.2, snap_rate(baseline.outside))
    return LatencyBaseline(
        mean=0.0, sd=1.0, low=-NOMINAL_BAND, high=NOMINAL_BAND, outside=outside, cases=cases
    )


def horizon_for(baseline: BaselineEstimate) -> int:
    """Cases in each simulated stable stream (module docstring, step 2).

    >>> horizon_for(RateBaseline(rate=0.001)), horizon_for(RateBaseline(rate=0.5))
    (20000, 2000)
    """
    if isinstance(baseline, RateBaseline):
        return max(HORIZON, math.ceil(EVENTS_PER_STREAM / baseline.rate))
    return HORIZON


@functools.lru_cache(maxsize=512)
def _curve(detector: Detector, baseline: BaselineEstimate) -> FloatArray:
    rates = false_alarm_rates(
        detector=detector,
        baseline=detector.canonical(baseline),
        thresholds=THRESHOLDS,
        horizon=horizon_for(baseline),
        replicates=REPLICATES,
        seed=0,
    )
    logger.debug("Simulated the false-alarm curve of %s on %s", detector.name, baseline)
    rates.setflags(write=False)
    return rates


def read_threshold(rates: FloatArray, *, arl0: float, exposure: float) -> float:
    """The threshold for ``arl0`` from a false-alarm curve over :data:`THRESHOLDS`.

    Args:
        rates: false alarms per case at each threshold of the grid (non-increasing).
        arl0: the target in-control average run length, in cases.
        exposure: stable cases the curve was measured on (sets what is well measured).

    Raises:
        ValueError: when no threshold up to the grid's end reaches ``1 / arl0``.

    >>> grid_rates = np.exp(-0.8 * THRESHOLDS) * 0.1
    >>> round(read_threshold(grid_rates, arl0=1e7, exposure=4e6), 2)
    17.27
    """
    target = 1.0 / arl0
    floor = MIN_ALARMS / exposure
    if target >= floor:
        return crossing(THRESHOLDS, rates, target)
    usable = (rates >= floor) & (rates <= floor * FIT_DECADE)
    if np.count_nonzero(usable) < 2:
        usable = rates >= floor
    if np.count_nonzero(usable) < 2:
        raise ValueError("The false-alarm curve has too few measured points to extrapolate.")
    slope = float(np.polyfit(THRESHOLDS[usable], np.log(rates[usable]), 1)[0])
    if slope >= 0.0:
        raise ValueError("The false-alarm curve does not fall where it was last measured.")
    slope = max(slope, -WALD_DECAY)
    last = int(np.flatnonzero(usable)[-1])
    threshold = float(THRESHOLDS[last]) + (math.log(target) - math.log(rates[last])) / slope
    if threshold > THRESHOLDS[-1]:
        raise ValueError(
            f"No threshold up to {THRESHOLDS[-1]:g} is that rare (rate {target:g} a case)."
        )
    return threshold


def simulated_threshold(detector: Detector, baseline: BaselineEstimate, arl0: float) -> float:
    """The threshold for ``arl0`` from the simulated curve of a snapped ``baseline``.

    Simulates (a third of a second a curve): for building the table, never in a scan.
    """
    rates = _curve(detector, baseline)
    exposure = float(horizon_for(baseline) * REPLICATES)
    return read_threshold(rates, arl0=arl0, exposure=exposure)


def threshold_for(*, detector: Detector, baseline: BaselineEstimate, arl0: float) -> float:
    """The threshold giving at most one false alarm per ``arl0`` cases (module docstring).

    Read from the shipped table (:mod:`taut.signal.thresholds.table`) for the snapped
    baseline, at any ``arl0``; never simulated. For a detector configuration the table
    does not hold, use :func:`~taut.signal.thresholds.calibrate.calibrate_threshold`.

    Raises:
        NoThreshold: with a ``reason`` and a plain-English :attr:`~NoThreshold.because`,
            when the slice cannot be watched at this ``arl0``.
        ThresholdTableError: when the shipped table is missing or unreadable.

    >>> from taut.signal.detectors.glr import BernoulliGlr
    >>> h = threshold_for(
    ...     detector=BernoulliGlr(), baseline=RateBaseline(rate=0.05, cases=2000), arl0=1e4
    ... )
    >>> 5.0 < h < 7.0
    True
    """
    if not arl0 > 1:
        raise ValueError(f"arl0={arl0} must be more than one case.")
    try:
        return table_threshold(detector, snapped(detector, baseline), arl0)
    except NoThreshold as error:  # say it of the slice's own baseline, not the snapped one
        raise NoThreshold(
            reason=error.reason, detector=detector, baseline=baseline, arl0=arl0
        ) from error
