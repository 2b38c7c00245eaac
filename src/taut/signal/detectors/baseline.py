"""What "normal" looked like: baseline estimates a detector compares the stream against.

A baseline is estimated from a finite window of cases (``cases`` of them), so it carries
estimation error. Detectors and :func:`taut.signal.thresholds.calibrate.calibrate_threshold` use
``cases`` to include that error in the false-alarm calibration; ``cases=None`` means the
value is known exactly (the oracle in the benchmark, or a value fixed by hand).

Two kinds exist, one per kind of stream:

- :class:`RateBaseline` for 0/1 streams (a miss, a blank field, overdue at the limit);
- :class:`LatencyBaseline` for log-latency streams (mean, sd and a central band).

Rates are estimated with half a pseudo-event, ``(events + 0.5) / (cases + 1)``, so a
baseline with no misses still gives a finite log-likelihood ratio; the calibration
re-estimates with the same rule, so the shrinkage is accounted for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.errors import InsufficientDataError

MIN_LATENCY_CASES = 10


def round_significant(value: float, digits: int) -> float:
    """Round ``value`` to ``digits`` significant digits (0 stays 0).

    >>> round_significant(0.051234, 3)
    0.0512
    >>> round_significant(1987.0, 2)
    2000.0
    """
    if value == 0.0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


@dataclass(frozen=True)
class RateBaseline:
    """The baseline share of 1s in a 0/1 stream.

    Attributes:
        rate: the baseline probability of a 1 (a miss), strictly between 0 and 1.
        cases: how many cases the rate was estimated from; ``None`` when known exactly.

    >>> RateBaseline.from_binary(np.array([0, 0, 1, 0]))
    RateBaseline(rate=0.3, cases=4)
    """

    rate: float
    cases: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.rate < 1.0:
            raise ValueError(f"A baseline rate must be strictly between 0 and 1, got {self.rate}.")
        if self.cases is not None and self.cases < 1:
            raise ValueError(f"A baseline needs at least one case, got cases={self.cases}.")

    @classmethod
    def from_binary(cls, values: npt.ArrayLike) -> RateBaseline:
        """Estimate the rate from a window of 0/1 values, with half a pseudo-event.

        Raises:
            InsufficientDataError: when the window holds no case.
            ValueError: when a value is not 0 or 1.
        """
        array = binary_values(values)
        if array.size == 0:
            raise InsufficientDataError(
                "The baseline window holds no decided case, so there is no rate to compare "
                "against. Widen baseline.until in taut.yaml or wait for more cases."
            )
        return cls(rate=estimate_rate(float(array.sum()), array.size), cases=int(array.size))

    def rounded(self) -> RateBaseline:
        """The same baseline with the rate and the cases to 2 significant digits.

        Rounding a rate to 2 digits moves it by at most 5% of itself, well inside the
        estimation error of any baseline worth scanning against (10% at 5% from 2,000 cases).
        """
        cases = None if self.cases is None else int(round_significant(self.cases, 2))
        return RateBaseline(rate=round_significant(self.rate, 2), cases=cases)


@dataclass(frozen=True)
class LatencyBaseline:
    """The baseline distribution of log-latency: mean, sd and a central band.

    Attributes:
        mean: the baseline mean of log-latency.
        sd: the baseline standard deviation of log-latency (> 0).
        low: the lower edge of the central band (by default the 10th percentile).
        high: the upper edge of the central band (by default the 90th percentile).
        outside: the baseline share of values strictly outside ``(low, high)``.
        cases: how many cases the estimate came from; ``None`` when known exactly.
        levels: the quantile levels of ``low`` and ``high``.

    >>> base = LatencyBaseline.from_log_latency(np.log(np.arange(1.0, 101.0)))
    >>> (base.cases, round(base.outside, 2))
    (100, 0.2)
    """

    mean: float
    sd: float
    low: float
    high: float
    outside: float
    cases: int | None = None
    levels: tuple[float, float] = (0.1, 0.9)

    def __post_init__(self) -> None:
        if not 0.0 < self.levels[0] < self.levels[1] < 1.0:
            raise ValueError(f"Band levels must satisfy 0 < low < high < 1, got {self.levels}.")
        if not self.sd > 0.0:
            raise ValueError(f"A baseline sd must be positive, got {self.sd}.")
        if not self.low < self.high:
            raise ValueError(f"A band needs low < high, got low={self.low}, high={self.high}.")
        if not 0.0 < self.outside < 1.0:
            raise ValueError(f"The share outside the band must be in (0, 1), got {self.outside}.")

    def outside_band(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """1.0 where a value lies strictly outside ``(low, high)``, else 0.0.

        >>> LatencyBaseline(mean=0.0, sd=1.0, low=-1.0, high=1.0, outside=0.2).outside_band(
        ...     np.array([-2.0, 0.0, 1.0, 3.0])).tolist()
        [1.0, 0.0, 0.0, 1.0]
        """
        outside: npt.NDArray[np.float64] = ((values < self.low) | (values > self.high)).astype(
            np.float64
        )
        return outside

    @classmethod
    def from_log_latency(
        cls, values: npt.ArrayLike, *, band: tuple[float, float] = (0.1, 0.9)
    ) -> LatencyBaseline:
        """Estimate mean, sd (ddof=1) and the central band from log-latencies.

        Raises:
            InsufficientDataError: with fewer than 10 values, or when they are all equal.
        """
        array = np.array(values, dtype=np.float64)
        if array.ndim != 1 or array.size < MIN_LATENCY_CASES or not np.isfinite(array).all():
            raise InsufficientDataError(
                f"The baseline window holds {array.size} finite latencies; at least "
                f"{MIN_LATENCY_CASES} are needed to say what a normal latency is. Widen "
                "baseline.until in taut.yaml or wait for more cases."
            )
        low, high = (float(q) for q in np.quantile(array, band))
        sd = float(array.std(ddof=1))
        if sd == 0.0 or low == high:
            raise InsufficientDataError(
                f"All {array.size} baseline latencies are (nearly) equal, so no spread can be "
                "estimated. Record times at a finer resolution or widen the baseline."
            )
        outside = float(np.count_nonzero((array < low) | (array > high)))
        return cls(
            mean=float(array.mean()),
            sd=sd,
            low=low,
            high=high,
            outside=estimate_rate(outside, array.size),
            cases=int(array.size),
            levels=band,
        )


@dataclass(frozen=True)
class BlankBaseline(RateBaseline):
    """The baseline of blank fields on a form: how often a case misses, and how badly.

    A ``complete`` check with two or more fields is missed by one blank field or by
    several; its stream holds the blank fields per case, capped at two (0, 1, or "two or
    more"). The baseline is the miss rate (a :class:`RateBaseline`, so anything that
    reads a rate reads this one) and, among the missed cases, the share with two or more
    blank fields.

    Attributes:
        rate: the baseline probability of a miss (one or more blank fields).
        cases: how many cases it was estimated from; ``None`` when known exactly.
        multi: among missed cases, the share with two or more blank fields, in [0, 1).

    >>> BlankBaseline.from_counts(np.array([0, 0, 1, 2, 0, 0, 0, 0, 0]))
    BlankBaseline(rate=0.25, cases=9, multi=0.5)
    """

    multi: float = 0.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.multi < 1.0:
            raise ValueError(
                f"The share of misses with several blanks must be in [0, 1), got {self.multi}."
            )

    @classmethod
    def from_counts(cls, values: npt.ArrayLike) -> BlankBaseline:
        """Estimate from blank fields per case (capped at two), each share with half an event.

        Raises:
            InsufficientDataError: when the window holds no case.
            ValueError: when a value is not 0, 1 or 2.
        """
        array = count_values(values)
        if array.size == 0:
            raise InsufficientDataError(
                "The baseline window holds no decided case, so there is no rate to compare "
                "against. Widen baseline.until in taut.yaml or wait for more cases."
            )
        missed = float(np.count_nonzero(array > 0))
        return cls(
            rate=estimate_rate(missed, array.size),
            cases=int(array.size),
            multi=several_blanks(array),
        )

    def rounded(self) -> BlankBaseline:
        """The same baseline with the rate, the share and the cases to 2 significant digits."""
        rate = super().rounded()
        return BlankBaseline(
            rate=rate.rate, cases=rate.cases, multi=round_significant(self.multi, 2)
        )


BaselineEstimate = RateBaseline | LatencyBaseline


def estimate_rate(events: float, cases: int) -> float:
    """Rate with half a pseudo-event: ``(events + 0.5) / (cases + 1)``.

    >>> estimate_rate(0, 99)
    0.005
    """
    return (events + 0.5) / (cases + 1)


def binary_values(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """A fresh float copy of a 1-D 0/1 stream, checked.

    Raises:
        ValueError: when the stream is not 1-D or holds a value other than 0 or 1.
    """
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"A stream must be 1-D, got shape {array.shape}.")
    bad = array[(array != 0.0) & (array != 1.0)]
    if bad.size:
        raise ValueError(
            f"A 0/1 stream holds {bad.size} values that are not 0 or 1 (first: {float(bad[0])}). "
            "Feed 1 for a miss and 0 for a kept case; leave pending cases out."
        )
    return array


def several_blanks(counts: npt.NDArray[np.float64]) -> float:
    """Among the missed cases of ``counts``, the share with two or more blank fields.

    Estimated with half a pseudo-event (:func:`estimate_rate`).

    >>> several_blanks(np.array([0.0, 1.0, 2.0, 1.0, 0.0]))
    0.375
    """
    missed = int(np.count_nonzero(counts > 0))
    return estimate_rate(float(np.count_nonzero(counts > 1)), missed)


def count_values(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """A fresh float copy of a 1-D stream of blank fields per case (0, 1 or 2), checked.

    Raises:
        ValueError: when the stream is not 1-D or holds a value other than 0, 1 or 2.
    """
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"A stream must be 1-D, got shape {array.shape}.")
    bad = array[(array != 0.0) & (array != 1.0) & (array != 2.0)]
    if bad.size:
        raise ValueError(
            f"A stream of blank fields holds {bad.size} values that are not 0, 1 or 2 (first: "
            f"{float(bad[0])}). Feed the blank fields per case, two or more as 2."
        )
    return array
