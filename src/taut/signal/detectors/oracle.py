"""The practical limit: Page's CUSUM told the true before and after distributions.

For a change from a known ``f0`` to a known ``f1`` the CUSUM

    S_t = max(0, S_{t-1} + log f1(x_t) / f0(x_t)),   alarm at the first S_t > h,

has the smallest worst-case expected delay among all detectors with the same false-alarm
rate (Lorden 1971, asymptotically; Moustakides 1986, exactly). No real detector knows
``f0`` and ``f1``, so this one exists for the benchmark: a detector's delay divided by
the oracle's delay, at the same false-alarm rate on the same stream, says how much of the
possible speed it gets. The oracle ignores the baseline it is given (it knows the truth)
and its threshold is calibrated on streams drawn from the true ``f0``, with no estimation.

References: E. S. Page (1954); G. Lorden (1971), Procedures for reacting to a change in
distribution, Annals of Mathematical Statistics 42; G. V. Moustakides (1986), Optimal
stopping times for detecting changes in distributions, Annals of Statistics 14.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.baseline import (
    BaselineEstimate,
    LatencyBaseline,
    RateBaseline,
    binary_values,
)
from taut.signal.detectors.cusum import bernoulli_increments
from taut.signal.detectors.detector import Detection, FloatArray, StreamKind, scan_increments
from taut.signal.detectors.latency import LatencyDetector


@dataclass(frozen=True, kw_only=True)
class OracleRateCusum:
    """Bernoulli CUSUM with the true rates: ``w = x log(p1/p0) + (1-x) log((1-p1)/(1-p0))``.

    Args:
        before: the true rate before the change.
        after: the true rate after it (different from ``before``).

    >>> oracle = OracleRateCusum(before=0.05, after=0.10)
    >>> oracle.scan(np.r_[np.zeros(20), np.ones(5)], baseline=oracle.truth(), threshold=3.0).alarm
    24
    """

    name: ClassVar[str] = "oracle_rate_cusum"
    stream: ClassVar[StreamKind] = "binary"

    before: float
    after: float

    def __post_init__(self) -> None:
        for label, rate in (("before", self.before), ("after", self.after)):
            if not 0.0 < rate < 1.0:
                raise ValueError(f"{label}={rate} must be a rate strictly between 0 and 1.")
        if self.before == self.after:
            raise ValueError("before and after are equal: there is no change to detect.")

    @classmethod
    def example(cls) -> OracleRateCusum:
        """A typical configuration (used by the registry's contract tests)."""
        return cls(before=0.05, after=0.15)

    def truth(self) -> RateBaseline:
        """The true baseline, known exactly."""
        return RateBaseline(rate=self.before, cases=None)

    def sizes(self) -> tuple[float, ...]:
        """The true rate after the change."""
        return (self.after,)

    def increments(
        self,
        values: FloatArray,
        *,
        baseline: BaselineEstimate,  # noqa: ARG002 - the oracle knows the truth
    ) -> FloatArray:
        """Log-likelihood-ratio increments ``(1, n)`` from the true rates."""
        return bernoulli_increments(values, self.before, [self.after])

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:  # noqa: ARG002
        """The truth (the given baseline plays no part)."""
        return self.truth()

    def scan(
        self, values: npt.ArrayLike, *, baseline: BaselineEstimate, threshold: float
    ) -> Detection:
        """Run the oracle CUSUM over a 0/1 stream."""
        stream = binary_values(values)
        return scan_increments(
            self.increments(stream, baseline=baseline), threshold=threshold, sizes=(self.after,)
        )


@dataclass(frozen=True, kw_only=True)
class OracleLatencyCusum(LatencyDetector):
    """Gaussian CUSUM with the true log-latency distributions before and after.

    ``w = log N(x; mu1, sd1) - log N(x; mu0, sd0)``: a mean shift, a change of spread, or both.

    Args:
        before_mean: true mean of log-latency before the change.
        before_sd: true sd before.
        after_mean: true mean after.
        after_sd: true sd after.

    >>> oracle = OracleLatencyCusum(before_mean=0.0, before_sd=1.0, after_mean=2.0, after_sd=1.0)
    >>> stream = np.r_[np.zeros(20), np.full(3, 2.0)]
    >>> oracle.scan(stream, baseline=oracle.truth(), threshold=3.0).alarm
    21
    """

    name: ClassVar[str] = "oracle_latency_cusum"
    stream: ClassVar[StreamKind] = "latency"

    before_mean: float
    before_sd: float
    after_mean: float
    after_sd: float

    def __post_init__(self) -> None:
        if not (self.before_sd > 0.0 and self.after_sd > 0.0):
            raise ValueError(
                f"Standard deviations must be positive, got {self.before_sd}, {self.after_sd}."
            )
        if (self.before_mean, self.before_sd) == (self.after_mean, self.after_sd):
            raise ValueError("before and after are equal: there is no change to detect.")

    @classmethod
    def example(cls) -> OracleLatencyCusum:
        """A typical configuration (used by the registry's contract tests)."""
        return cls(before_mean=0.0, before_sd=1.0, after_mean=1.0, after_sd=1.0)

    def truth(self) -> LatencyBaseline:
        """The true baseline, known exactly (band at the normal 10th/90th percentiles)."""
        half = 1.2815515655446004 * self.before_sd
        return LatencyBaseline(
            mean=self.before_mean,
            sd=self.before_sd,
            low=self.before_mean - half,
            high=self.before_mean + half,
            outside=0.2,
            cases=None,
        )

    def sizes(self) -> tuple[float, ...]:
        """The true shift of the mean, in sds before the change."""
        return ((self.after_mean - self.before_mean) / self.before_sd,)

    def _increments(self, values: FloatArray) -> FloatArray:
        z0 = (values - self.before_mean) / self.before_sd
        z1 = (values - self.after_mean) / self.after_sd
        result: FloatArray = (np.log(self.before_sd / self.after_sd) + (z0**2 - z1**2) / 2)[
            None, ...
        ]
        return result

    def increments(
        self,
        values: FloatArray,
        *,
        baseline: BaselineEstimate,  # noqa: ARG002 - the oracle knows the truth
    ) -> FloatArray:
        """Log-likelihood-ratio increments ``(1, n)`` from the true distributions."""
        return self._increments(values)

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:  # noqa: ARG002
        """The truth (the given baseline plays no part)."""
        return self.truth()
