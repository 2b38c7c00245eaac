"""The interrupted time series: a weighted regression of a daily series around a change.

For the days ``d`` of a daily series (:class:`~.series.Daily`) with ``t_d`` the days since
the change (negative before it), the model is::

    y_d = a + sum_w b_w [weekday(d) = w] + c log(volume_d)
          + sum_k e_k [d in post window k]                        (the change's effect)
          + g min(t_d, H) + h [d >= change] min(t_d, H)            (trend reading only)

fitted by weighted least squares, each day weighted by its decided cases (a share of
``n`` cases has variance ``p (1 - p) / n``), with Student t intervals from the larger of
two standard errors: the model's own (the residual variance, which takes in day-to-day
noise beyond the binomial) and the heteroskedasticity- and autocorrelation-consistent one
(Newey-West, ``HAC_LAGS`` days; statsmodels ``WLS(...).fit(cov_type="HAC")``; Newey &
West 1987), which allows for runs of bad days. Either alone is too sure somewhere: the
model's errors when days are correlated, Newey-West's on a few weeks of days with a
regressor as persistent as "after the change" (on stable simulated checks it gave
intervals about 30% too narrow, and placebo dates were called working).
Weekday dummies take out the week's pattern, the log of the day's volume what a busy day
does, and, in the *trend* reading, ``g`` a trend already under way before the change,
carried on for at most ``H = TREND_HORIZON_DAYS`` after it (a damped extrapolation: a trend
is not assumed to run on for months). ``h`` lets the trend bend at the change, so ``g`` is
read from the days before it only. The effect of the change is then the contrast
``e + h * mean(min(t, H))`` over the days after it: the average gap between what happened
and what the pre-change level (and trend) foretold, on the metric's own scale (share
points, or log hours).

The *flat* reading leaves the trend out (``g = h = 0``). When the trend reading finds a
trend under way (``g``'s interval excludes zero), :func:`cautious` keeps, of the two, the
reading less favourable to the change (the higher upper bound): a change is then called
working only when both the recovery already under way and the plain before/after
comparison fail to explain it. Otherwise the flat reading stands alone (an extrapolated
trend that the days before cannot tell from none would only add noise).
Reference: Wagner, Soumerai, Zhang & Ross-Degnan (2002),
*Segmented regression analysis of interrupted time series studies*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm

from taut.reinforce.verdict.series import Daily, FloatArray

HAC_LAGS = 7
TREND_HORIZON_DAYS = 28
LEVEL = 0.95
Reading = Literal["flat", "trend"]


@dataclass(frozen=True)
class Window:
    """A stretch of days after the change with its own effect ``e_k``.

    Attributes:
        name: the window's name (``post``, ``early``, ``recent``, ...).
        first: its first day.
        last: its last day (included).
    """

    name: str
    first: date
    last: date


@dataclass(frozen=True)
class Estimate:
    """A contrast of the fitted model with its 95% interval.

    Attributes:
        effect: the estimate (negative: fewer misses, shorter times).
        low: the interval's lower end.
        high: its upper end.
        se: its standard error.
        reading: which reading it comes from.
        scale: the fit's variance per case (weighted residual variance), for power.
    """

    effect: float
    low: float
    high: float
    se: float
    reading: Reading
    scale: float


@dataclass(frozen=True, eq=False)
class Fitted:
    """A fitted model: its column names and statsmodels results (model-based and HAC)."""

    names: tuple[str, ...]
    results: tuple[Any, Any]
    reading: Reading
    post_trend: float

    def _test(self, vector: FloatArray) -> Any:
        """The t test of ``vector`` under the wider of the two standard errors."""
        tests = [result.t_test(vector) for result in self.results]
        return max(tests, key=lambda test: float(np.asarray(test.sd).ravel()[0]))

    def contrast(self, weights: dict[str, float]) -> Estimate:
        """``sum(weight * coefficient)`` over the named columns, with its interval."""
        vector = np.zeros(len(self.names))
        for name, weight in weights.items():
            vector[self.names.index(name)] = weight
        test = self._test(vector)
        low, high = (float(x) for x in np.asarray(test.conf_int(alpha=1 - LEVEL)).ravel())
        return Estimate(
            effect=float(np.asarray(test.effect).ravel()[0]),
            low=low,
            high=high,
            se=float(np.asarray(test.sd).ravel()[0]),
            reading=self.reading,
            scale=float(self.results[0].scale),
        )

    def trend_under_way(self) -> bool:
        """Whether the days before the change show a trend (``g``'s 95% interval excludes 0)."""
        if "trend" not in self.names:
            return False
        test = self._test(np.eye(len(self.names))[self.names.index("trend")])
        return bool(float(np.asarray(test.pvalue).ravel()[0]) < 1 - LEVEL)

    def effect(self, window: str = "post") -> Estimate:
        """The change's effect over ``window`` (with the trend's bend in the trend reading)."""
        weights = {window: 1.0}
        if "bend" in self.names:
            weights["bend"] = self.post_trend
        return self.contrast(weights)


def weekdays(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    """Monday 0 .. Sunday 6 of each day (1970-01-01 was a Thursday)."""
    return np.asarray((days.astype("datetime64[D]").astype(np.int64) + 3) % 7, dtype=np.int64)


def _columns(
    daily: Daily, *, applied_on: date, windows: tuple[Window, ...], reading: Reading
) -> tuple[list[str], list[FloatArray], float]:
    names: list[str] = ["const"]
    columns: list[FloatArray] = [np.ones(daily.size)]
    weekday = weekdays(daily.days)
    present, counts = np.unique(weekday, return_counts=True)
    reference = present[np.argmax(counts)] if present.size else 0
    for day in present:
        if day != reference:
            names.append(f"weekday{day}")
            columns.append((weekday == day).astype(np.float64))
    volume = np.log(np.maximum(daily.volume, 1.0))
    if volume.size and np.ptp(volume) > 0:
        names.append("volume")
        columns.append(volume - volume.mean())
    for window in windows:
        names.append(window.name)
        inside = (daily.days >= np.datetime64(window.first, "D")) & (
            daily.days <= np.datetime64(window.last, "D")
        )
        columns.append(inside.astype(np.float64))
    post_trend = 0.0
    if reading == "trend":
        since = (daily.days - np.datetime64(applied_on, "D")).astype(np.float64)
        damped = np.minimum(since, TREND_HORIZON_DAYS)
        after = since >= 0
        names += ["trend", "bend"]
        columns += [damped, np.where(after, damped, 0.0)]
        post_trend = float(damped[after].mean()) if after.any() else 0.0
    return names, columns, post_trend


def fit(
    daily: Daily, *, applied_on: date, windows: tuple[Window, ...], reading: Reading
) -> Fitted | None:
    """Fit the model (module docstring) to ``daily``; ``None`` when it has too few days.

    Args:
        daily: the series, before and after the change.
        applied_on: the change's day (``t = 0``).
        windows: the post windows, each with its own effect column.
        reading: ``flat`` or ``trend``.
    """
    names, columns, post_trend = _columns(
        daily, applied_on=applied_on, windows=windows, reading=reading
    )
    design = np.column_stack(columns)
    if daily.size < design.shape[1] + 5 or np.linalg.matrix_rank(design) < design.shape[1]:
        return None
    model = sm.WLS(daily.value, design, weights=daily.cases)
    results = (
        model.fit(use_t=True),
        model.fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS}, use_t=True),
    )
    return Fitted(names=tuple(names), results=results, reading=reading, post_trend=post_trend)


def cautious(estimates: list[Estimate]) -> Estimate:
    """The reading least favourable to the change: the highest upper bound."""
    return max(estimates, key=lambda estimate: estimate.high)
