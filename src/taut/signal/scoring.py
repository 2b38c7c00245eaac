"""Score one watched slice: the detector's input and baseline, risk-adjusted.

:mod:`taut.signal.watch` hands each slice (a metric of the whole check or of a segment)
here and gets a :class:`Scored` record back: the values the detector watches, the
log-likelihood-ratio increments it accumulates, and the baseline its threshold is
calibrated for (:mod:`taut.signal.thresholds`). The expected value of every case comes
from the whole check's baseline model (:mod:`taut.signal.adjust`):

- ``missed``: the 0/1 stream against per-case ``p0_i`` (risk-adjusted Bernoulli GLR,
  increments ``w[k, i] = x_i log(p1_ki / p0_i) + (1 - x_i) log((1 - p1_ki) / (1 - p0_i))``,
  ``odds(p1_ki) = rho_k odds(p0_i)``); the threshold is calibrated for a constant rate
  equal to the mean ``p0_i`` in the baseline, estimated from the segment's baseline cases;
- ``latency`` and ``spread``: the normal scores ``u_i`` of the risk-adjusted residuals,
  watched against a standard normal baseline (``mean 0, sd 1``, band ``+-1.2816``, 20%
  outside) estimated from the segment's baseline cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.signal.adjust import LatencyModel, RateModel, normal_scores, segment_offset
from taut.signal.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.casebook import LabelArray
from taut.signal.cusum import signed_ratios
from taut.signal.detector import Detector, FloatArray

Mask = npt.NDArray[np.bool_]

BAND = 1.2815515655446004  # the 90th percentile of a standard normal


@dataclass(frozen=True, eq=False)
class Scored:
    """What the detector of one slice sees.

    Attributes:
        values: the monitored values as the detector reads them (0/1, or normal scores).
        increments: ``(K, n)`` log-likelihood-ratio increments of the monitored values.
        baseline: the baseline the threshold is calibrated for (and the detector's
            reference for dating and recovery).
    """

    values: FloatArray
    increments: FloatArray
    baseline: BaselineEstimate


def standard_latency(cases: int) -> LatencyBaseline:
    """The standard normal baseline of normal scores from ``cases`` baseline cases."""
    return LatencyBaseline(mean=0.0, sd=1.0, low=-BAND, high=BAND, outside=0.2, cases=cases)


def adjusted_rate_increments(
    values: FloatArray, expected: FloatArray, ratios: tuple[float, ...]
) -> FloatArray:
    """Risk-adjusted Bernoulli increments ``(K, n)`` (module docstring).

    >>> adjusted_rate_increments(np.array([1.0, 0.0]), np.array([0.5, 0.5]), (3.0,)).round(3)
    array([[ 0.405, -0.693]])
    """
    rho = np.asarray(ratios, dtype=np.float64)[:, None]
    p0 = expected[None, :]
    p1 = rho * p0 / (1.0 - p0 + rho * p0)
    hit = np.log(p1 / p0)
    miss = np.log((1.0 - p1) / (1.0 - p0))
    result: FloatArray = np.where(values[None, :] > 0.5, hit, miss)
    return result


def score_rate(
    *,
    model: RateModel,
    covariates: FloatArray,
    values: FloatArray,
    early: Mask,
    segment: bool,
    ratios: tuple[float, ...],
) -> tuple[Scored, FloatArray]:
    """Score a 0/1 slice; also returns the monitored cases' expected rates ``p0_i``."""
    logits = model.logits(covariates)
    offset = segment_offset(logits[early], values[early]) if segment else 0.0
    expected = model.expected(covariates, offset)
    later = ~early
    base_rate = float(np.clip(expected[early].mean(), 1e-4, 0.999))
    baseline = RateBaseline(rate=base_rate, cases=int(np.count_nonzero(early)))
    monitored = values[later]
    increments = adjusted_rate_increments(monitored, expected[later], signed_ratios(ratios, "up"))
    return Scored(values=monitored, increments=increments, baseline=baseline), expected[later]


def score_latency(
    *,
    model: LatencyModel,
    covariates: FloatArray,
    values: FloatArray,
    early: Mask,
    cells: LabelArray,
    wider: tuple[FloatArray, LabelArray] | None,
    detector: Detector,
) -> Scored:
    """Score a log-latency slice by normal scores of its residuals, by cell (weekday)."""
    residuals = values - model.expected(covariates)
    if wider is not None:
        shift = float(np.median(residuals[early]) - np.median(wider[0]))
        wider = (wider[0] + shift, wider[1])
    scores = normal_scores(
        residuals, baseline=residuals[early], cells=cells, baseline_cells=cells[early], wider=wider
    )
    baseline = standard_latency(int(np.count_nonzero(early)))
    monitored = scores[~early]
    return Scored(
        values=monitored,
        increments=detector.increments(monitored, baseline=baseline),
        baseline=baseline,
    )
