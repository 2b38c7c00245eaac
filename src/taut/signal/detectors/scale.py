"""Widening spread as a change of scale: a GLR-CUSUM on the variance of standardised scores.

"Some complete it in an hour, others take a week" can leave the median where it was while
both tails grow. The watched values are standardised log-latencies (in a scan, the normal
scores of risk-adjusted residuals, :mod:`taut.signal.model.scoring`), ``u_t = (x_t - mu) /
sigma``, standard normal before the change. Widening by a factor ``r`` makes them
``N(0, r^2)``, and the log-likelihood ratio of one case is

    w_t(r) = -log r + (u_t^2 / 2) (1 - 1 / r^2).

The statistic is the largest CUSUM over a geometric grid of ratios (a GLR restricted to
the grid, Siegmund & Venkatraman 1995): alarm at the first ``t`` with
``max_k S_t(r_k) > h``. Values are clipped at ``c`` sds (4 by default) so that one extreme
latency cannot raise an alarm alone.

Why not count cases outside a band (:class:`~taut.signal.detectors.spread.SpreadBand`)? The count
keeps only whether a case left the band, not how far. At ``r = 1.5`` the scale statistic
gains 0.22 nats a case (the normal Kullback-Leibler divergence ``(r^2 - 1 - log r^2) / 2``)
and the band count 0.10, so the scale GLR needs about half the cases.

A shift of the whole distribution also raises ``u_t^2``, so this detector fires on
stretching latency too; read it with :mod:`taut.signal.detectors.latency` (the scan reports a spread
alarm only when the interquartile ratio itself grew).

Assumptions: standardised values independent and close to normal before the change (the
normal scores are, by construction, up to ties: ties shrink the variance a little and err
towards fewer alarms); the threshold is calibrated by simulating that model with the mean
and sd re-estimated from a baseline window of the same size. References: Page (1954);
Siegmund & Venkatraman (1995); on CUSUMs for a normal variance, Hawkins & Olwell (1998),
Cumulative Sum Charts and Charting for Quality Improvement, chapter 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from taut.signal.detectors.baseline import BaselineEstimate
from taut.signal.detectors.detector import (
    Direction,
    FloatArray,
    LinearIncrements,
    StreamKind,
    check_direction,
    geometric_sizes,
)
from taut.signal.detectors.glr import check_grid
from taut.signal.detectors.latency import LatencyDetector, latency_baseline


@dataclass(frozen=True, kw_only=True)
class ScaleGlr(LatencyDetector):
    """The largest of several normal-variance CUSUMs on standardised log-latency.

    Decision rule: alarm at the first ``t`` with ``max_k S_t(r_k) > h`` where
    ``S_t(r) = max(0, S_{t-1}(r) - log r + (u_t^2 / 2)(1 - 1 / r^2))`` (module docstring).
    :attr:`~taut.signal.detectors.detector.Detection.size` reports the leading ratio of sds.

    Args:
        smallest: the smallest widening worth knowing, a ratio of sds (above 1).
        largest: the largest ratio watched.
        grid: how many ratios, spaced geometrically.
        clip: standardised values are clipped to ``[-clip, clip]``.
        direction: ``"up"`` for widening, ``"down"`` for narrowing (ratios ``1 / r``).

    >>> from taut.signal.detectors.baseline import LatencyBaseline
    >>> base = LatencyBaseline(mean=0.0, sd=1.0, low=-1.3, high=1.3, outside=0.2, cases=500)
    >>> wide = np.tile([2.0, -2.0, 0.0], 10)
    >>> found = ScaleGlr().scan(np.r_[np.zeros(40), wide], baseline=base, threshold=5.0)
    >>> found.alarm, found.since
    (53, 40)
    """

    name: ClassVar[str] = "scale_glr"
    stream: ClassVar[StreamKind] = "latency"

    smallest: float = 1.1
    largest: float = 3.0
    grid: int = 8
    clip: float = 4.0
    direction: Direction = "up"

    def __post_init__(self) -> None:
        check_grid(self.smallest, self.largest, self.grid, floor=1.0)
        if not self.clip > 0:
            raise ValueError(f"clip={self.clip} must be positive.")
        check_direction(self.direction)

    @classmethod
    def example(cls) -> ScaleGlr:
        """A typical configuration (used by the registry's contract tests)."""
        return cls()

    def sizes(self) -> tuple[float, ...]:
        """The ratios of sds watched (below 1 for ``"down"``)."""
        grid = geometric_sizes(self.smallest, self.largest, self.grid)
        return grid if self.direction == "up" else tuple(1.0 / r for r in grid)

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments ``(K, n)``."""
        base = latency_baseline(baseline, self.name)
        clipped = np.clip((values - base.mean) / base.sd, -self.clip, self.clip)
        ratios = np.array(self.sizes())
        shape = (-1,) + (1,) * clipped.ndim
        half_square = (clipped**2 / 2.0)[None, ...]
        gain = (1.0 - 1.0 / ratios**2).reshape(shape)
        result: FloatArray = -np.log(ratios).reshape(shape) + gain * half_square
        return result

    def linear_increments(
        self, values: FloatArray, *, baseline: BaselineEstimate
    ) -> LinearIncrements:
        """:meth:`increments` of one stream ``(n,)``, linear in the clipped value's half square."""
        base = latency_baseline(baseline, self.name)
        clipped = np.clip((values - base.mean) / base.sd, -self.clip, self.clip)
        ratios = np.array(self.sizes())
        return LinearIncrements(
            stream=clipped**2 / 2.0, slope=1.0 - 1.0 / ratios**2, intercept=-np.log(ratios)
        )
