"""Days that are alike: correlation between cases of one day, and what it does to evidence.

Every detector adds one log-likelihood ratio per case, as if cases were independent. Real
work has days: a short-staffed Monday slows every ticket of that Monday, a rushed day
leaves many forms blank. Cases of one day are then alike, a day of 45 cases carries less
information than 45 independent cases, and a CUSUM calibrated for independent cases reads
an ordinary bad day as evidence of change. On a simulated service desk whose days vary
with a log-sd of 0.3 in triage time (:mod:`taut.simulate.service_desk`), the scan raised
about six false signals per check-year against its budget of one.

The remedy is a quasi-likelihood scale (McCullagh & Nelder 1989, ch. 9; as for
overdispersed count charts). With an intra-day correlation ``rho`` between the cases of a
day, the variance of a day's sum of ``n`` residuals is ``phi = 1 + (n - 1) rho`` times
the independent one. Dividing each increment by ``phi`` keeps the ratio of the evidence's
drift to its variance per day what it is for independent cases, and that ratio sets a
CUSUM's false-alarm rate (Wald's identity, to a Gaussian approximation), so the thresholds
calibrated for independent cases (:mod:`taut.signal.thresholds.lookup`) hold again. The cost is
honest: evidence of a change accrues ``phi`` times more slowly, because such data say less.

Estimation, on the whole check's baseline window (more days than any segment): for
residuals ``r_i`` of known null variance ``v_i`` (a miss against its risk-adjusted rate,
``x - p`` with ``p (1 - p)``; a normal score ``u`` with 1; its square ``u^2 - 1`` with 2),
grouped by the anchor's local day ``d``,

    rho = (sum_d R_d^2 - sum_d V_d) / sum_d (n_d - 1) V_d,   R_d = sum_{i in d} r_i,
                                                            V_d = sum_{i in d} v_i,

a moment estimator (for the spread, at least the square of the time taken's: squares of
jointly normal scores correlate as the square of their correlation). It is used only
when the dispersion ``sum_d R_d^2 / sum_d V_d``
exceeds ``1 + GATE * sqrt(2 / D)`` over ``D`` days (about a one-sided 2.5% test of no
correlation), so a process whose days do not differ keeps its full sensitivity. Each
slice then scales by its own ``phi``, with ``n`` its mean baseline cases per day: a team
with a fifth of the cases of a day is less affected than the whole check.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray

GATE = 2.0
MIN_DAYS = 14


def day_correlation(
    residuals: FloatArray, *, variances: FloatArray | float, days: npt.NDArray[np.generic]
) -> float:
    """The intra-day correlation of ``residuals`` (module docstring); 0 when not clear.

    Args:
        residuals: one per case, mean zero under the baseline model.
        variances: their null variances (one per case, or one for all).
        days: the day of each case (any comparable labels).

    Days sharing a factor of variance 0.25 beside case noise of variance 1 have
    ``rho = 0.25 / 1.25 = 0.2``:

    >>> rng = np.random.default_rng(0)
    >>> days = np.repeat(np.arange(300), 40)
    >>> alike = rng.normal(0.0, 0.5, 300)[days] + rng.normal(0.0, 1.0, days.size)
    >>> round(day_correlation(alike / np.sqrt(1.25), variances=1.0, days=days), 2)
    0.21
    >>> day_correlation(rng.normal(0.0, 1.0, days.size), variances=1.0, days=days)
    0.0
    """
    _, inverse = np.unique(days, return_inverse=True)
    count = int(inverse.max()) + 1 if inverse.size else 0
    if count < MIN_DAYS:
        return 0.0
    weights = np.broadcast_to(np.asarray(variances, dtype=np.float64), residuals.shape)
    sums = np.bincount(inverse, weights=residuals, minlength=count)
    variance = np.bincount(inverse, weights=weights, minlength=count)
    sizes = np.bincount(inverse, minlength=count)
    total = float(variance.sum())
    pairs = float((variance * (sizes - 1)).sum())
    if total <= 0.0 or pairs <= 0.0:
        return 0.0
    spread = float((sums**2).sum())
    if spread / total <= 1.0 + GATE * math.sqrt(2.0 / count):
        return 0.0
    return float(min(max((spread - total) / pairs, 0.0), 1.0))


def inflation(rho: float, *, days: npt.NDArray[np.generic]) -> float:
    """``phi = 1 + (n - 1) rho`` for a slice whose baseline cases fall on ``days``.

    ``n`` is the slice's mean cases per day with at least one case.

    >>> inflation(0.05, days=np.repeat(np.arange(10), 21))
    2.0
    >>> inflation(0.0, days=np.arange(5))
    1.0
    """
    if rho <= 0.0 or days.size == 0:
        return 1.0
    per_day = days.size / np.unique(days).size
    return float(1.0 + max(per_day - 1.0, 0.0) * rho)
