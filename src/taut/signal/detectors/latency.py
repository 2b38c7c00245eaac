"""Stretching latency: a GLR-CUSUM for a rise in the mean of log-latency.

Latencies are right-skewed; their logarithm is roughly normal, and "a day becomes three"
is a shift of ``log 3`` in it. Against a baseline mean ``mu`` and sd ``sigma`` each case
is standardised, ``u_t = clip((x_t - mu) / sigma, -c, c)``, and for a shift of ``delta``
baseline sds the normal log-likelihood ratio of one case is

    w_t(delta) = delta u_t - delta^2 / 2.

The statistic is the largest CUSUM over a geometric grid of shifts (a GLR restricted to
the grid, Siegmund & Venkatraman 1995): alarm at the first ``t`` with
``max_k S_t(delta_k) > h``. Clipping at ``c`` sds (4 by default) keeps a single extreme
latency from raising an alarm alone; under normality it changes almost nothing.

Assumptions: log-latencies independent and normal with a constant sd before the change;
the threshold is calibrated by simulating that model with the mean and sd re-estimated
from a baseline window of the same size (the standardised stream is pivotal, so the
threshold depends only on the number of baseline cases). Heavier tails than normal raise
the false-alarm rate; the clip bounds it. Censoring: a latency is known only when the next
step happens; feed capped latencies in the order they became known
(:mod:`taut.signal.inputs.streams`). References: E. S. Page (1954); D. Siegmund and
E. S. Venkatraman (1995), Using the generalized likelihood ratio statistic for sequential
detection of a change-point, Annals of Statistics 23.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, round_significant
from taut.signal.detectors.detector import (
    Detection,
    Direction,
    FloatArray,
    LinearIncrements,
    StreamKind,
    check_direction,
    geometric_sizes,
    scan_increments,
)
from taut.signal.detectors.glr import check_grid


def latency_baseline(baseline: BaselineEstimate, detector: str) -> LatencyBaseline:
    """``baseline`` as a :class:`LatencyBaseline`, or a helpful error naming the detector."""
    if not isinstance(baseline, LatencyBaseline):
        raise TypeError(
            f"{detector} watches log-latencies and needs a LatencyBaseline, got "
            f"{type(baseline).__name__}. Build one with LatencyBaseline.from_log_latency(window)."
        )
    return baseline


def latency_values(values: npt.ArrayLike) -> FloatArray:
    """A fresh float copy of a 1-D stream of finite log-latencies, checked."""
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"A stream must be 1-D, got shape {array.shape}.")
    if not np.isfinite(array).all():
        raise ValueError(
            f"A log-latency stream holds {np.count_nonzero(~np.isfinite(array))} values that "
            "are not finite. Cap latencies that never ended (taut.signal.inputs.streams) instead."
        )
    return array


def canonical_latency(baseline: LatencyBaseline) -> LatencyBaseline:
    """Standardised to mean 0 and sd 1; band, share and cases to 2 significant digits."""
    return LatencyBaseline(
        mean=0.0,
        sd=1.0,
        low=round_significant((baseline.low - baseline.mean) / baseline.sd, 2),
        high=round_significant((baseline.high - baseline.mean) / baseline.sd, 2),
        outside=round_significant(baseline.outside, 2),
        cases=None if baseline.cases is None else int(round_significant(baseline.cases, 2)),
        levels=baseline.levels,
    )


class LatencyDetector:
    """What every detector fed log-latencies shares: the scan over its increments.

    Subclasses give ``name``, ``sizes`` and ``increments``; the alarm and the dating follow
    :func:`taut.signal.detectors.detector.scan_increments`, and the threshold depends only on the
    standardised baseline (:meth:`canonical`).
    """

    name: ClassVar[str]

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:
        """The baseline standardised: the threshold does not depend on the latencies' scale."""
        return canonical_latency(latency_baseline(baseline, self.name))

    def sizes(self) -> tuple[float, ...]:
        """The changes watched (one CUSUM each)."""
        raise NotImplementedError

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments ``(K, n)``."""
        raise NotImplementedError

    def scan(
        self, values: npt.ArrayLike, *, baseline: BaselineEstimate, threshold: float
    ) -> Detection:
        """Run the detector over a stream of log-latencies; see the class docstring."""
        stream = latency_values(values)
        return scan_increments(
            self.increments(stream, baseline=baseline),
            threshold=threshold,
            sizes=self.sizes(),
        )


@dataclass(frozen=True, kw_only=True)
class LatencyGlr(LatencyDetector):
    """The largest of several Gaussian CUSUMs on standardised log-latency.

    Decision rule: alarm at the first ``t`` with ``max_k S_t(delta_k) > h`` where
    ``S_t(delta) = max(0, S_{t-1}(delta) + delta u_t - delta^2/2)`` (module docstring).
    :attr:`~taut.signal.detectors.detector.Detection.size` reports the leading shift in baseline
    sds.

    Args:
        smallest: the smallest shift worth knowing, in baseline sds of log-latency.
        largest: the largest shift watched.
        grid: how many shifts, spaced geometrically.
        clip: standardised values are clipped to ``[-clip, clip]``.
        direction: ``"up"`` for stretching latency, ``"down"`` for shrinking.

    >>> base = LatencyBaseline(mean=0.0, sd=1.0, low=-1.3, high=1.3, outside=0.2, cases=500)
    >>> stream = np.r_[np.zeros(30), np.full(5, 2.0)]
    >>> found = LatencyGlr().scan(stream, baseline=base, threshold=6.0)
    >>> (found.alarm, found.since, round(found.size, 1))
    (33, 30, 1.5)
    """

    name: ClassVar[str] = "latency_glr"
    stream: ClassVar[StreamKind] = "latency"

    smallest: float = 0.1
    largest: float = 1.5
    grid: int = 8
    clip: float = 4.0
    direction: Direction = "up"

    def __post_init__(self) -> None:
        check_grid(self.smallest, self.largest, self.grid, floor=0.0)
        if not self.clip > self.largest:
            raise ValueError(f"clip={self.clip} must exceed the largest shift {self.largest}.")
        check_direction(self.direction)

    @classmethod
    def example(cls) -> LatencyGlr:
        """A typical configuration (used by the registry's contract tests)."""
        return cls()

    def sizes(self) -> tuple[float, ...]:
        """The shifts watched, in baseline sds (negative for ``"down"``)."""
        grid = geometric_sizes(self.smallest, self.largest, self.grid)
        return grid if self.direction == "up" else tuple(-d for d in grid)

    def _increments(self, standardised: FloatArray) -> FloatArray:
        clipped = np.clip(standardised, -self.clip, self.clip)
        shifts = np.array(self.sizes())
        shape = (-1,) + (1,) * clipped.ndim
        result: FloatArray = shifts.reshape(shape) * clipped - (shifts**2 / 2).reshape(shape)
        return result

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments ``(K, n)``."""
        base = latency_baseline(baseline, self.name)
        return self._increments((values - base.mean) / base.sd)

    def linear_increments(
        self, values: FloatArray, *, baseline: BaselineEstimate
    ) -> LinearIncrements:
        """:meth:`increments` of one stream ``(n,)``, linear in the clipped standard value."""
        base = latency_baseline(baseline, self.name)
        shifts = np.array(self.sizes())
        return LinearIncrements(
            stream=np.clip((values - base.mean) / base.sd, -self.clip, self.clip),
            slope=shifts,
            intercept=-(shifts**2 / 2),
        )
