"""Bernoulli CUSUM: Page's test for a rise in a miss rate from ``p0`` to a chosen ``p1``.

Each case is 1 (a miss: a skipped step, a blank field, overdue at the limit) or 0 (kept).
Against a baseline rate ``p0`` and an alternative ``p1`` the log-likelihood ratio of one
case is

    w_t = x_t log(p1 / p0) + (1 - x_t) log((1 - p1) / (1 - p0)),

and the statistic is ``S_t = max(0, S_{t-1} + w_t)``; alarm at the first ``S_t > h``.
The change is dated one case after the last ``S_s = 0`` before the alarm.

For a change from exactly ``p0`` to exactly ``p1`` no detector has a shorter worst-case
delay at the same false-alarm rate (Lorden 1971; Moustakides 1986). Here ``p0`` is the
estimated baseline rate and ``p1`` is set by an odds ratio, ``odds(p1) = odds_ratio *
odds(p0)``, so the tuned size may not be the true one: :mod:`taut.signal.detectors.glr` drops that
assumption. Assumptions: cases are independent given the rate; the stream is in the
order outcomes became known. References: E. S. Page (1954), Continuous inspection
schemes, Biometrika 41; M. R. Reynolds and Z. G. Stoumbos (1999), A CUSUM chart for
monitoring a proportion when inspecting continuously, J. Quality Technology 31.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline, binary_values
from taut.signal.detectors.detector import (
    Detection,
    Direction,
    FloatArray,
    StreamKind,
    check_direction,
    scan_increments,
)


def rate_baseline(baseline: BaselineEstimate, detector: str) -> RateBaseline:
    """``baseline`` as a :class:`RateBaseline`, or a helpful error naming the detector."""
    if not isinstance(baseline, RateBaseline):
        raise TypeError(
            f"{detector} watches a 0/1 stream and needs a RateBaseline, got "
            f"{type(baseline).__name__}. Build one with RateBaseline.from_binary(window)."
        )
    return baseline


def shifted_rates(rate: float, odds_ratios: Sequence[float]) -> tuple[float, ...]:
    """The rates whose odds are each ``odds_ratio`` times the odds of ``rate``.

    >>> shifted_rates(0.5, [3.0])
    (0.75,)
    """
    return tuple(r * rate / (1.0 - rate + r * rate) for r in odds_ratios)


def bernoulli_increments(values: FloatArray, before: float, after: Sequence[float]) -> FloatArray:
    """``x log(p1/p0) + (1-x) log((1-p1)/(1-p0))`` for each ``p1`` in ``after``.

    ``values`` may have any shape ``(..., n)``; the result is ``(K, ..., n)``.

    >>> bernoulli_increments(np.array([1.0, 0.0]), 0.5, [0.75]).round(3).tolist()
    [[0.405, -0.693]]
    """
    rates = np.asarray(after, dtype=np.float64).reshape((-1,) + (1,) * values.ndim)
    hit = np.log(rates / before)
    miss = np.log((1.0 - rates) / (1.0 - before))
    result: FloatArray = np.where(values > 0.5, hit, miss)
    return result


def signed_ratios(ratios: Sequence[float], direction: Direction) -> tuple[float, ...]:
    """Odds ratios above 1 for ``"up"``, their inverses for ``"down"``."""
    return tuple(ratios) if direction == "up" else tuple(1.0 / r for r in ratios)


class RateDetector:
    """What every detector of a rise in a 0/1 miss rate shares; subclasses give ``sizes``.

    For each watched odds ratio ``r`` the alternative rate is ``p1 = odds^-1(r * odds(p0))``
    and the increments are the Bernoulli log-likelihood ratios above; the alarm and the
    dating follow :func:`taut.signal.detectors.detector.scan_increments`.
    """

    name: ClassVar[str]

    def sizes(self) -> tuple[float, ...]:
        """The odds ratios watched (one per CUSUM)."""
        raise NotImplementedError

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments, one row per watched size: ``(K, n)``."""
        rate = rate_baseline(baseline, self.name).rate
        return bernoulli_increments(values, rate, shifted_rates(rate, self.sizes()))

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:
        """The rate and the cases to 2 significant digits."""
        return rate_baseline(baseline, self.name).rounded()

    def scan(
        self, values: npt.ArrayLike, *, baseline: BaselineEstimate, threshold: float
    ) -> Detection:
        """Run the detector over a 0/1 stream (1 = miss); see the class docstring."""
        stream = binary_values(values)
        return scan_increments(
            self.increments(stream, baseline=baseline),
            threshold=threshold,
            sizes=self.sizes(),
        )


@dataclass(frozen=True, kw_only=True)
class BernoulliCusum(RateDetector):
    """Page's CUSUM for a change in a miss rate by a chosen odds ratio.

    Decision rule: alarm at the first ``t`` with ``S_t > h``, ``S_t = max(0, S_{t-1} + w_t)``,
    ``w_t = x_t log(p1/p0) + (1 - x_t) log((1-p1)/(1-p0))``, ``odds(p1) = odds_ratio *
    odds(p0)`` (divided for ``direction="down"``). Optimal when the change is exactly that
    size (Lorden 1971; Moustakides 1986); slower for other sizes.

    Args:
        odds_ratio: the change size to tune for, as an odds ratio above 1 (2.0 takes a
            5% rate to 9.5%).
        direction: ``"up"`` for a rising miss rate, ``"down"`` for a falling one.

    >>> detector = BernoulliCusum(odds_ratio=3.0)
    >>> stream = np.r_[np.zeros(50), np.ones(6)]
    >>> found = detector.scan(stream, baseline=RateBaseline(rate=0.1, cases=500), threshold=4.0)
    >>> (found.alarm, found.since)
    (54, 50)
    """

    name: ClassVar[str] = "bernoulli_cusum"
    stream: ClassVar[StreamKind] = "binary"

    odds_ratio: float = 2.0
    direction: Direction = "up"

    def __post_init__(self) -> None:
        if not self.odds_ratio > 1.0:
            raise ValueError(
                f"odds_ratio={self.odds_ratio} must be above 1; say direction='down' to "
                "watch for a fall instead."
            )
        check_direction(self.direction)

    @classmethod
    def example(cls) -> BernoulliCusum:
        """A typical configuration (used by the registry's contract tests)."""
        return cls(odds_ratio=2.0)

    def sizes(self) -> tuple[float, ...]:
        """The single odds ratio, inverted for ``"down"``."""
        return signed_ratios((self.odds_ratio,), self.direction)
