"""A segment's baseline miss rate, pooled with the whole check's (empirical Bayes).

A segment's baseline window holds few misses: a team of 300 cases at 3.5% has about ten.
Its own rate is rough, and a threshold that keeps false alarms on budget despite that
roughness (:mod:`taut.signal.thresholds.lookup` calibrates with the estimation error included)
is more than twice the one for a known rate: at one false alarm in 60,000 cases, 18 nats
instead of 7, so a drift confined to one team is seen weeks after the oracle sees it.
Most segments do not differ from the whole check once its risk model has adjusted for
weekday, day part and workload, so their own roughness is mostly noise, which the whole
check's far larger baseline can remove.

Model (a normal random-effects model on the log-odds scale, as in meta-analysis): a
segment ``g`` of dimension ``d`` misses at ``logit p_i = logit p0_i + c_g`` with
``p0_i`` the whole check's risk model and ``c_g ~ N(0, tau_d^2)``. Then:

1. **Own estimate** (Peto's one-step estimate, Yusuf, Peto, Lewis, Collins & Sleight 1985):
   ``c_g = (O_g - E_g) / V_g`` with ``O_g`` its baseline misses, ``E_g = sum p0_i``,
   ``V_g = sum p0_i (1 - p0_i)``; its variance is ``1 / V_g``.
2. **Between-segment variance** of each dimension (DerSimonian & Laird 1986):
   ``tau_d^2 = max(TAU_FLOOR^2, (Q - (k - 1)) / (W - W_2 / W))`` with
   ``Q = sum V_g (c_g - c_bar)^2``, ``W = sum V_g``, ``W_2 = sum V_g^2`` over the ``k``
   watched segments. The floor is the heterogeneity a dimension's segments cannot
   rule out: teams that differ by less than about 20% in odds look alike in a baseline of
   ten misses each, so it is assumed, not taken as zero.
3. **Pooled offset and its uncertainty**: ``c*_g = c_g V_g / (V_g + 1 / tau_d^2)``, with
   variance ``P_g = 1 / (V_g + 1 / tau_d^2) + 1 / V_whole`` (the second term: the whole
   check's own estimate, counted in full, which errs safe).
4. **Effective cases** for the threshold: the baseline a plain estimate would need for
   the same uncertainty, ``n*_g = n_g / (V_g P_g)`` (a binomial estimate from ``n``
   cases at rate ``p`` has log-odds variance ``1 / (n p (1 - p))``, and ``V_g`` is
   ``n_g p (1 - p)``). The threshold is then calibrated on ``n*_g`` cases: the error the
   pooled estimate actually carries, averaged over segments of the dimension.

Assumption: segments' offsets behave like draws from one normal distribution a dimension.
A single segment far from the rest raises ``Q`` and so ``tau_d``, which lets every
segment of that dimension keep more of its own estimate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.segments import SegmentKey

TAU_FLOOR = 0.2


@dataclass(frozen=True, kw_only=True)
class OwnRate:
    """A segment's own baseline evidence against the whole check's risk model.

    Attributes:
        cases: its baseline cases ``n_g``.
        observed: its baseline misses ``O_g``.
        expected: the misses the whole check's model expected of them, ``E_g``.
        information: ``V_g = sum p0_i (1 - p0_i)``.
    """

    cases: int
    observed: float
    expected: float
    information: float

    @classmethod
    def of(cls, expected_rates: FloatArray, missed: FloatArray) -> OwnRate:
        """The evidence of baseline cases with expected rates ``p0_i`` and 0/1 ``missed``.

        >>> own = OwnRate.of(np.full(100, 0.1), (np.arange(100) < 20).astype(float))
        >>> own.observed, round(own.expected, 6), round(own.information, 6)
        (20.0, 10.0, 9.0)
        """
        return cls(
            cases=int(expected_rates.size),
            observed=float(missed.sum()),
            expected=float(expected_rates.sum()),
            information=float((expected_rates * (1.0 - expected_rates)).sum()),
        )

    @property
    def offset(self) -> float:
        """Peto's one-step log-odds offset ``(O - E) / V`` (0 without information)."""
        if self.information <= 0.0:
            return 0.0
        return (self.observed - self.expected) / self.information


@dataclass(frozen=True, kw_only=True)
class PooledRate:
    """A segment's pooled baseline (module docstring, steps 3 and 4).

    Attributes:
        offset: the pooled log-odds offset ``c*_g`` added to the whole check's model.
        cases: the effective baseline cases ``n*_g`` its threshold is calibrated on.
        tau: the dimension's between-segment standard deviation ``tau_d``.
    """

    offset: float
    cases: int
    tau: float


def between_variance(evidence: list[OwnRate], *, floor: float = TAU_FLOOR) -> float:
    """DerSimonian and Laird's ``tau^2`` of one dimension's segments, at least ``floor^2``.

    >>> same = [OwnRate(cases=300, observed=10.0, expected=10.0, information=9.6)] * 4
    >>> between_variance(same)
    0.04000000000000001
    >>> apart = [OwnRate(cases=300, observed=o, expected=10.0, information=9.6)
    ...          for o in (3.0, 10.0, 17.0, 30.0)]
    >>> round(between_variance(apart), 3)
    1.335
    """
    informed = [own for own in evidence if own.information > 0.0]
    minimum = floor * floor
    if len(informed) < 2:
        return minimum
    weights = np.array([own.information for own in informed])
    offsets = np.array([own.offset for own in informed])
    centre = float((weights * offsets).sum() / weights.sum())
    q = float((weights * (offsets - centre) ** 2).sum())
    spread = float(weights.sum() - (weights**2).sum() / weights.sum())
    if spread <= 0.0:
        return minimum
    return max(minimum, (q - (len(informed) - 1)) / spread)


def pool_segments(
    evidence: Mapping[SegmentKey, OwnRate], *, whole_information: float
) -> dict[SegmentKey, PooledRate]:
    """Every segment's pooled baseline (module docstring), dimension by dimension.

    Args:
        evidence: each watched segment's own baseline evidence (:meth:`OwnRate.of`).
        whole_information: ``V_whole``, the whole check's baseline ``sum p0_i (1 - p0_i)``.

    >>> own = OwnRate(cases=300, observed=14.0, expected=10.0, information=9.6)
    >>> pooled = pool_segments({(("team", "West"),): own}, whole_information=48.0)
    >>> found = pooled[(("team", "West"),)]
    >>> round(found.offset, 3), found.cases, found.tau
    (0.116, 628, 0.2)
    """
    dimensions: dict[str, list[SegmentKey]] = {}
    for segment in evidence:
        dimensions.setdefault(segment[0][0], []).append(segment)
    whole_variance = 1.0 / whole_information if whole_information > 0.0 else math.inf
    pooled: dict[SegmentKey, PooledRate] = {}
    for segments in dimensions.values():
        tau2 = between_variance([evidence[segment] for segment in segments])
        for segment in segments:
            own = evidence[segment]
            if own.information <= 0.0:
                continue
            precision = own.information + 1.0 / tau2
            variance = 1.0 / precision + whole_variance
            pooled[segment] = PooledRate(
                offset=own.offset * own.information / precision,
                cases=max(1, round(own.cases / (own.information * variance))),
                tau=math.sqrt(tau2),
            )
    return pooled
