"""Thresholds for many streams at once: one simulated curve per kind of baseline.

A scan watches every check as a whole and in many segments, each with its own baseline
and its own share of the yearly false-alarm budget
(:func:`~taut.signal.allocation.stream_arl0`),
so it needs dozens of thresholds, some for one false alarm in a million cases. Calibrating
each with :func:`~taut.signal.thresholds.calibrate.calibrate_threshold` costs seconds apiece. This
module makes a scan take seconds instead:

1. **Snap the baseline** to a coarse grid before calibrating: a rate to the nearest of
   about seven values a decade, the baseline's case count *down* to 1, 2 or 5 times a power of ten
   (fewer cases means more estimation error and so a higher, safer threshold), for
   blank fields the share of misses with several blanks *up* to ``MULTI_GRID`` (more of
   them makes a heavier tail of evidence, so a higher, safer threshold), and for
   latency detectors only what their threshold depends on (the standardised stream is
   pivotal for :class:`~taut.signal.detectors.latency.LatencyGlr`; the share outside the band for
   :class:`~taut.signal.detectors.spread.SpreadBand`). Segments of one check then share a few keys.
2. **One curve per key**: :func:`~taut.signal.thresholds.calibrate.false_alarm_rates` gives the
   false
   alarms per case for every threshold on the grid at once, with the baseline's estimation
   error included, from ``REPLICATES`` stable streams of ``HORIZON`` cases. Any ``ARL0`` is
   then read off the same curve.
3. **Read or extrapolate**: where at least ``MIN_ALARMS`` simulated alarms stand behind the
   target rate, the threshold is the curve's crossing (log-linear interpolation). Rarer
   targets extrapolate ``log rate(h)`` linearly from its last well-measured decade. For
   one CUSUM on log-likelihood-ratio increments the tail is exactly exponential,
   ``rate(h) ~ C e^{-h}`` (Wald's identity, ``E_0 e^{w} = 1``); with an estimated baseline
   the mixture over estimates flattens the slope, so the fitted slope is shallower than 1
   and the extrapolated threshold errs high (fewer false alarms than promised, not more).

Decision rule of a scan using these thresholds: alarm at the first ``t`` with
``S_t > h(ARL0)``, ``h`` as above.
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
from taut.signal.thresholds.table import table_threshold

logger = logging.getLogger(__name__)

HORIZON = 2000
REPLICATES = 2000
MIN_ALARMS = 25
FIT_DECADE = 10.0
RATE_GRID: FloatArray = np.array(
    [m * 10.0**e for e in range(-4, 0) for m in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0)] + [0.5]
)
NOMINAL_BAND = 1.2816  # the 90th percentile of a standard normal
MULTI_GRID: tuple[float, ...] = (0.05, 0.15, 0.35, 0.6, 0.9)


def snap_cases(cases: int | None) -> int | None:
    """Cases rounded down to 1, 2 or 5 times a power of ten (at least 10).

    >>> snap_cases(1874), snap_cases(96), snap_cases(None)
    (1000, 50, None)
    """
    if cases is None:
        return None
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


@functools.lru_cache(maxsize=512)
def _curve(detector: Detector, baseline: BaselineEstimate) -> FloatArray:
    rates = false_alarm_rates(
        detector=detector,
        baseline=detector.canonical(baseline),
        thresholds=THRESHOLDS,
        horizon=HORIZON,
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
    slope, intercept = np.polyfit(THRESHOLDS[usable], np.log(rates[usable]), 1)
    last = float(THRESHOLDS[usable][-1])
    if slope >= 0.0:
        return last
    return float(max(last, (math.log(target) - intercept) / slope))


def simulated_threshold(detector: Detector, baseline: BaselineEstimate, arl0: float) -> float:
    """The threshold for ``arl0`` from the simulated curve of a snapped ``baseline``."""
    rates = _curve(detector, baseline)
    return read_threshold(rates, arl0=arl0, exposure=float(HORIZON * REPLICATES))


def threshold_for(*, detector: Detector, baseline: BaselineEstimate, arl0: float) -> float:
    """The threshold giving about one false alarm per ``arl0`` cases (module docstring).

    Read from the shipped table (:mod:`taut.signal.thresholds.table`) when it covers the detector,
    the snapped baseline and ``arl0``; simulated otherwise.

    >>> from taut.signal.detectors.glr import BernoulliGlr
    >>> h = threshold_for(
    ...     detector=BernoulliGlr(), baseline=RateBaseline(rate=0.05, cases=2000), arl0=1e4
    ... )
    >>> 5.0 < h < 7.0
    True
    """
    if not arl0 > 1:
        raise ValueError(f"arl0={arl0} must be more than one case.")
    coarse = snapped(detector, baseline)
    tabled = table_threshold(detector, coarse, arl0)
    if tabled is not None:
        return tabled
    return simulated_threshold(detector, coarse, arl0)
