"""The band a steady week stays within, from the baseline's weeks: a control chart's limits.

A control chart shades the values a week of the baseline's normal would take, so a reader
sees at a glance which recent weeks left it. Two classical charts, one per metric:

- **share missed: Laney's p' chart** (Laney 2002, "Improved control charts for
  attributes", *Quality Engineering* 14(4)). A plain p chart's limits
  ``p +/- 3 * sqrt(p(1-p)/n)`` assume weeks differ by binomial chance alone; real weeks differ
  more (busy weeks, holidays), so a plain p chart on a few hundred cases a week flags half
  the weeks. Laney scales them by the weeks' own spread: with ``z_i = (p_i - p) / s_i``,
  ``s_i = sqrt(p(1-p)/n_i)`` for each baseline week, ``s_z = mean|z_i - z_{i-1}| / 1.128``
  (the moving range of the standardised weeks, the individuals chart's estimate), and the
  band is ``p +/- 3 * s_z * sqrt(p(1-p)/n)`` for ``n`` the median baseline week's cases, cut to
  0..1. ``s_z`` is never taken below 1: a week is never outside for binomial chance alone.
  ``p`` is the baseline share missed (the report's ``baseline``); when it is 0 or 1 the
  spread is read at half a case over the baseline's cases, so the band has a width;
- **latency: an individuals (XmR) chart of the weekly log-medians** (Wheeler,
  *Understanding Variation*): ``exp(log m +/- 3 * MR / 1.128)``, ``m`` the baseline median hours
  (the report's ``baseline``) and ``MR`` the mean moving range of the log of the baseline
  weeks' medians, weeks of at least :data:`MIN_WEEK_CASES` cases only. Times are skewed;
  on the log scale a band is symmetric in ratios (half as long, twice as long).

Assumptions: the baseline's weeks are in order and were steady; neighbouring weeks are
about as alike as any two (the moving range reads short-term spread). With fewer than
:data:`MIN_BAND_WEEKS` usable baseline weeks there is no band (``None``).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray

SIGMAS = 3.0
"""Shewhart's three sigma: a steady week leaves the band about once in 370."""
D2 = 1.128
"""The moving range of two values over sigma (``d2`` for n = 2)."""
MIN_WEEK_CASES = 5
"""A latency week with fewer cases has too noisy a median to read the spread from."""
MIN_BAND_WEEKS = 3
"""Baseline weeks needed for a band: two moving ranges at least."""


def share_band(
    *, baseline: float | None, weekly: FloatArray, cases: npt.NDArray[np.int64]
) -> tuple[float, float] | None:
    """Laney's p' band around the baseline share missed (module docstring).

    Args:
        baseline: the baseline share missed (``None``: no baseline, no band).
        weekly: each baseline week's share missed, weeks with cases only, in order.
        cases: each of those weeks' cases.

    >>> weeks = np.array([0.10, 0.12, 0.08, 0.11, 0.09])
    >>> low, high = share_band(baseline=0.1, weekly=weeks, cases=np.full(5, 100))
    >>> round(low, 3), round(high, 3)
    (0.01, 0.19)
    """
    if baseline is None or weekly.size < MIN_BAND_WEEKS:
        return None
    total = float(cases.sum())
    share = min(max(baseline, 0.5 / total), 1.0 - 0.5 / total)
    spread = np.sqrt(share * (1.0 - share) / cases)
    scores = (weekly - baseline) / spread
    sigma_z = max(1.0, float(np.mean(np.abs(np.diff(scores)))) / D2)
    half = SIGMAS * sigma_z * math.sqrt(share * (1.0 - share) / float(np.median(cases)))
    return max(0.0, baseline - half), min(1.0, baseline + half)


def latency_band(
    *, baseline: float | None, weekly: FloatArray, cases: npt.NDArray[np.int64]
) -> tuple[float, float] | None:
    """The XmR band of the weekly median hours, on the log scale (module docstring).

    Args:
        baseline: the baseline median hours (``None``: no band).
        weekly: each baseline week's median hours, weeks with cases only, in order.
        cases: each of those weeks' cases.

    >>> weeks = np.array([20.0, 22.0, 19.0, 21.0, 20.0])
    >>> low, high = latency_band(baseline=20.0, weekly=weeks, cases=np.full(5, 50))
    >>> round(low, 1), round(high, 1)
    (15.4, 25.9)
    """
    usable = cases >= MIN_WEEK_CASES
    if baseline is None or baseline <= 0 or np.count_nonzero(usable) < MIN_BAND_WEEKS:
        return None
    logs = np.log(weekly[usable])
    sigma = float(np.mean(np.abs(np.diff(logs)))) / D2
    center = math.log(baseline)
    return math.exp(center - SIGMAS * sigma), math.exp(center + SIGMAS * sigma)
