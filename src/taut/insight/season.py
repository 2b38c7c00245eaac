"""Whether a change repeats the same calendar weeks a year earlier: a season, not news.

A pause at Christmas, a summer holiday or a year-end close slows a step every year. When
the drift window of a signal falls in weeks whose counterpart a year earlier (the same
weeks shifted back 52 weeks, so weekdays line up) is in the log, taut compares that
counterpart with the weeks just before it, on the same slip indicator
(:mod:`taut.insight.slip`):

- ``W`` = the drift window ``[during_from, as_of]``, of ``L`` days, ``L <= 91`` (a
  season is a few weeks; a change that has lasted longer than a quarter is not explained
  by one);
- ``W'`` = ``W`` shifted back 364 days, ``P'`` = the ``max(L, 28)`` days just before
  ``W'``; both must hold at least ``min_cases`` decided cases (20) and the log must reach
  back to the start of ``P'``;
- with ``r(W')`` and ``r(P')`` the slip rates there and ``d = r(during) - r(before)`` this
  year's rise, the change *recurs* when ``r(W') - r(P') >= d / 2`` and the year-earlier
  rise is clear of chance by a two-proportion test, ``z >= 2``, with
  ``z = (r(W') - r(P')) / sqrt(p (1 - p) (1/n(W') + 1/n(P')))`` and ``p`` the pooled rate
  (Agresti 2013, *Categorical Data Analysis*, 2.2).

No holiday calendar is used: the season is read from the log itself, so it holds for any
country's holidays and for any business's own busy or quiet weeks. A log shorter than a
year and two months never recurs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from taut.insight.slip import SlipCases

YEAR_DAYS = 364
MAX_WINDOW_DAYS = 91
MIN_PRIOR_DAYS = 28
MIN_CASES = 20
MIN_Z = 2.0


@dataclass(frozen=True, kw_only=True)
class Season:
    """The same weeks a year earlier, when the change recurred then (module docstring).

    Attributes:
        start, end: the first and last day of the same weeks a year earlier (``W'``).
        before: the slip rate in the weeks just before them (``P'``).
        during: the slip rate in them.
        cases: decided cases in them.
    """

    start: date
    end: date
    before: float
    during: float
    cases: int


def _rate(slip: np.ndarray, mask: np.ndarray) -> tuple[float, int]:
    values = slip[mask]
    n = int(values.size)
    return (float(values.sum()) / n if n else math.nan), n


def same_weeks_last_year(
    cases: SlipCases, *, as_of: date, rise: float, min_cases: int = MIN_CASES
) -> Season | None:
    """The year-earlier counterpart of the drift window when the change recurred there.

    Args:
        cases: the signal's cases, with their slip indicator and drift window.
        as_of: the last day of the drift window.
        rise: this year's rise in the slip rate, ``r(during) - r(before)``.
        min_cases: the fewest decided cases each year-earlier window may hold.

    Returns:
        The :class:`Season`, or ``None`` when the log does not reach back, the window is
        longer than a quarter, or the change did not recur (module docstring).
    """
    start = cases.during_from
    if start is None or rise <= 0 or cases.size == 0:
        return None
    length = (as_of - start).days + 1
    if length > MAX_WINDOW_DAYS:
        return None
    then_start = start - timedelta(days=YEAR_DAYS)
    then_end = as_of - timedelta(days=YEAR_DAYS)
    prior_start = then_start - timedelta(days=max(length, MIN_PRIOR_DAYS))
    day = pd.to_datetime(cases.frame["day"]).to_numpy(dtype="datetime64[D]")
    if day.min() > np.datetime64(prior_start, "D"):
        return None
    decided = cases.decided
    slip = np.nan_to_num(cases.slip)
    then = decided & (day >= np.datetime64(then_start, "D")) & (day <= np.datetime64(then_end, "D"))
    prior = (
        decided & (day >= np.datetime64(prior_start, "D")) & (day < np.datetime64(then_start, "D"))
    )
    during, n_then = _rate(slip, then)
    before, n_prior = _rate(slip, prior)
    if min(n_then, n_prior) < min_cases:
        return None
    pooled = (during * n_then + before * n_prior) / (n_then + n_prior)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_then + 1 / n_prior))
    if spread == 0 or during - before < rise / 2 or (during - before) / spread < MIN_Z:
        return None
    return Season(start=then_start, end=then_end, before=before, during=during, cases=n_then)
