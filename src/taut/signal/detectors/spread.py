"""Widening spread: more cases outside the baseline's central band, whatever the median does.

A scan watches spread with :class:`~taut.signal.detectors.scale.ScaleGlr`, which uses how far each
case lies, not only whether it left the band, and needs about half the cases; this
distribution-free count stays in the registry as an alternative and a reference.

"Some complete it in an hour, others take a week" can leave the median where it was while
the tails grow. Each case becomes a 0/1 event, outside the baseline band or not,

    y_t = 1[x_t < low or x_t > high],

with ``low`` and ``high`` the baseline's 10th and 90th percentiles of log-latency, so
``P(y_t = 1) = q0`` (about 0.2) before the change whatever the latency distribution is.
Widening by a factor ``r`` on a normal scale takes ``q0`` from 0.2 to
``2 Phi(-1.28 / r)`` (0.39 at ``r = 1.5``). The detector is the Bernoulli GLR-CUSUM of
:mod:`taut.signal.detectors.glr` on ``y`` with ``p0 = q0``: alarm at the first ``t`` with
``max_k S_t(rho_k) > h``.

A shift of the whole distribution also pushes cases out of the band, so this detector
fires on stretching latency too; read it with :mod:`taut.signal.detectors.latency` (a level alarm
with the median moved is a shift, a spread alarm with the median held is widening).

Assumptions: cases independent; the band's true coverage differs from the baseline's
in-sample share by estimation error of the order of a binomial proportion from the same
number of cases, which the calibration includes by re-estimating ``q0`` per replicate.
Distribution-free otherwise (no normality needed). Ties at the band's edges count as
inside. Reference: the Bernoulli CUSUM on an exceedance indicator, Reynolds & Stoumbos
(1999); GLR over sizes as in Siegmund & Venkatraman (1995).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline
from taut.signal.detectors.detector import Direction, FloatArray, StreamKind
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import (
    LatencyDetector,
    latency_baseline,
)


@dataclass(frozen=True, kw_only=True)
class SpreadBand(LatencyDetector):
    """A GLR-CUSUM on the share of log-latencies outside the baseline's central band.

    Decision rule: alarm at the first ``t`` with ``max_k S_t(rho_k) > h`` on
    ``y_t = 1[x_t outside (low, high)]`` with baseline share ``q0`` (module docstring).

    Args:
        smallest: the smallest odds ratio of the outside share worth knowing (above 1).
        largest: the largest odds ratio watched.
        grid: how many odds ratios, spaced geometrically.
        direction: ``"up"`` for widening, ``"down"`` for narrowing.

    >>> import numpy as np
    >>> from taut.signal.detectors.baseline import LatencyBaseline
    >>> base = LatencyBaseline(mean=0.0, sd=1.0, low=-1.3, high=1.3, outside=0.2, cases=500)
    >>> wide = np.tile([2.0, -2.0, 0.0], 10)
    >>> SpreadBand().scan(np.r_[np.zeros(40), wide], baseline=base, threshold=5.0).alarm
    49
    """

    name: ClassVar[str] = "spread_band"
    stream: ClassVar[StreamKind] = "latency"

    smallest: float = 1.1
    largest: float = 4.0
    grid: int = 8
    direction: Direction = "up"

    def __post_init__(self) -> None:
        self._rates()  # validates the grid and the direction

    def _rates(self) -> BernoulliGlr:
        return BernoulliGlr(
            smallest=self.smallest, largest=self.largest, grid=self.grid, direction=self.direction
        )

    @classmethod
    def example(cls) -> SpreadBand:
        """A typical configuration (used by the registry's contract tests)."""
        return cls()

    def sizes(self) -> tuple[float, ...]:
        """The odds ratios of the outside share watched."""
        return self._rates().sizes()

    def outside(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """The 0/1 stream: 1 where a value lies strictly outside the baseline band."""
        return latency_baseline(baseline, self.name).outside_band(values)

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments ``(K, n)`` of the outside-band indicator."""
        base = latency_baseline(baseline, self.name)
        rates = RateBaseline(rate=base.outside, cases=base.cases)
        return self._rates().increments(self.outside(values, baseline=base), baseline=rates)
