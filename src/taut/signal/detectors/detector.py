"""The detector protocol: a frozen configuration that turns a stream into a :class:`Detection`.

Every detector in :mod:`taut.signal` is a CUSUM (Page 1954) over one or more candidate
change sizes ``k = 1..K``. A detector only says how one case moves the evidence for each
size, the log-likelihood ratio ``w[k, t] = log f_k(x_t) / f_0(x_t)``; everything else is
shared here, and :mod:`taut.signal.thresholds.calibrate` simulates stable streams of the detector's
kind (:mod:`taut.signal.thresholds.stable`) to set its threshold:

- Page's recursion for each size, ``S[k, t] = max(0, S[k, t-1] + w[k, t])``, ``S[k, 0] = 0``,
  computed without a Python loop as ``W[k, t] - min(0, min_{s<=t} W[k, s])`` where ``W`` is
  the running sum of ``w`` (:func:`cusum_paths`);
- the statistic ``S_t = max_k S[k, t]`` (with ``K = 1`` it is the plain CUSUM; with a grid
  of sizes it is the generalised likelihood ratio restricted to that grid);
- the alarm, the first ``t`` with ``S_t > h``;
- ``since``, the estimated start of the change: one after the last time the leading size's
  CUSUM was zero before the alarm (the maximum-likelihood change point for that size).

Indices are positions in the stream (0-based). A detector never mutates its input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Literal, Protocol, cast, runtime_checkable

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.baseline import BaselineEstimate

FloatArray = npt.NDArray[np.float64]
StreamKind = Literal["binary", "count", "latency"]
Direction = Literal["up", "down"]
DIRECTIONS: tuple[Direction, ...] = ("up", "down")
WHOLE_FLOOR_VALUES = 4_000_000
"""Paths of up to this many values (32 MB) take their running minima in one call
(:func:`cusum_paths`); longer ones one size at a time through one buffer."""


@dataclass(frozen=True, eq=False)
class Detection:
    """What one scan of one stream found.

    Attributes:
        alarm: index of the first case at which the statistic exceeded the threshold, or
            ``None`` when it never did.
        since: estimated index at which the change started (for the size leading at the
            alarm, or at the end of the stream when there is no alarm); ``None`` when the
            statistic is zero at the end and there was no alarm.
        statistic: the statistic after each case (read-only), same length as the stream.
        threshold: the threshold ``h`` the statistic was compared with.
        size: the candidate change size leading at the alarm (or at the end); its unit is
            the detector's (odds ratio for rates, shift in baseline sds for latency).
    """

    alarm: int | None
    since: int | None
    statistic: FloatArray
    threshold: float
    size: float | None

    @property
    def evidence(self) -> float:
        """The last statistic as a share of the threshold (1.0 or more means an alarm level)."""
        if self.statistic.size == 0:
            return 0.0
        return float(self.statistic[-1]) / self.threshold


@runtime_checkable
class Detector(Protocol):
    """A frozen, validated configuration of one detection method.

    Attributes:
        name: the registry name.
        stream: what the values must be: ``"binary"`` (1 = miss, 0 = kept),
            ``"count"`` (blank fields per case: 0, 1, or 2 for two or more) or
            ``"latency"`` (log-latency).
    """

    name: ClassVar[str]
    stream: ClassVar[StreamKind]

    def __hash__(self) -> int:
        """Detectors are frozen, so hashable: calibrations are cached on them."""
        ...

    def sizes(self) -> tuple[float, ...]:
        """The candidate change sizes, in the detector's unit."""
        ...

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments ``(K, ..., n)`` for streams ``(..., n)``."""
        ...

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:
        """The rounded, standardised baseline the calibration simulates (the cache key).

        Stable streams are drawn from it and, when it has ``cases``, each simulated
        baseline window of that many cases is re-estimated (:mod:`taut.signal.thresholds.stable`).
        """
        ...

    def scan(
        self, values: npt.ArrayLike, *, baseline: BaselineEstimate, threshold: float
    ) -> Detection:
        """Run the detector over a stream and report the first alarm."""
        ...


def _floored(walk: FloatArray) -> FloatArray:
    """Page's CUSUM paths from their running sums ``W``, in place: ``W - min(0, min W)``."""
    if walk.ndim < 2:
        floor = np.minimum.accumulate(walk, axis=-1)
        np.minimum(floor, 0.0, out=floor)
        result: FloatArray = np.subtract(walk, floor, out=walk)
        return result
    if walk.size <= WHOLE_FLOOR_VALUES:
        # A short stream's floors in one call: the same numbers, a tenth of the calls.
        floors = np.minimum.accumulate(walk, axis=-1)
        np.minimum(floors, 0.0, out=floors)
        whole: FloatArray = np.subtract(walk, floors, out=walk)
        return whole
    # One size at a time through one buffer: the running minimum of a whole (K, ..., n)
    # walk would double the memory of a long stream's paths, for the same numbers.
    floor = np.empty(walk.shape[1:], dtype=walk.dtype)
    for row in walk:
        np.minimum.accumulate(row, axis=-1, out=floor)
        np.minimum(floor, 0.0, out=floor)
        np.subtract(row, floor, out=row)
    return walk


def cusum_paths(increments: FloatArray) -> FloatArray:
    """Page's CUSUM along the last axis, vectorised.

    ``S_t = max(0, S_{t-1} + w_t)`` with ``S_0 = 0`` equals ``W_t - min(0, min_{s<=t} W_s)``
    with ``W`` the running sum of ``w``.

    >>> cusum_paths(np.array([1.0, -2.0, 0.5, 1.0])).tolist()
    [1.0, 0.0, 0.5, 1.5]
    """
    return _floored(np.cumsum(increments, axis=-1))


@dataclass(frozen=True, eq=False)
class LinearIncrements:
    """Increments of one stream linear in it: ``w[k, t] = slope[k] * x[t] + intercept[k]``.

    The Gaussian shift and scale detectors' increments have this form (in the standardised
    value and in its half square). Their running sums are then
    ``W[k, t] = slope[k] X[t] + intercept[k] (t + 1)`` with ``X`` the one running sum of
    ``x``: one sequential pass instead of ``K`` (:meth:`paths`). The numbers are Page's
    recursion's up to rounding (a few units in the 13th digit on a 20,000-case stream);
    a path's zeros, from which a change is dated, are exact in both.

    Attributes:
        stream: ``x``, one value per case.
        slope: ``(K,)``, one per size.
        intercept: ``(K,)``, one per size.
    """

    stream: FloatArray
    slope: FloatArray
    intercept: FloatArray

    def scaled(self, divisor: float) -> LinearIncrements:
        """Every increment divided by ``divisor`` (a slice's ``phi``)."""
        return LinearIncrements(
            stream=self.stream, slope=self.slope / divisor, intercept=self.intercept / divisor
        )

    def paths(self, *, start: int = 0) -> FloatArray:
        """The ``(K, n - start)`` CUSUM paths restarted at zero before case ``start``.

        >>> steps = LinearIncrements(stream=np.array([1.0, -2.0, 0.5, 1.0]),
        ...     slope=np.array([1.0]), intercept=np.array([0.0]))
        >>> steps.paths().tolist(), steps.paths(start=2).tolist()
        ([[1.0, 0.0, 0.5, 1.5]], [[0.5, 1.5]])
        """
        running = np.cumsum(self.stream[start:])
        counts = np.arange(1.0, running.size + 1.0)
        walk = self.slope[:, None] * running
        walk += self.intercept[:, None] * counts
        return _floored(walk)


Increments = FloatArray | LinearIncrements
"""A slice's increments: ``(K, n)`` values, or their linear form (:class:`LinearIncrements`)."""


def increment_paths(increments: Increments, *, start: int = 0) -> FloatArray:
    """The CUSUM paths of ``increments`` from case ``start`` on (restarted at zero there)."""
    if isinstance(increments, LinearIncrements):
        return increments.paths(start=start)
    return cusum_paths(increments[..., start:])


def scan_increments(
    increments: FloatArray, *, threshold: float, sizes: Sequence[float]
) -> Detection:
    """Turn increments ``(K, n)`` into a :class:`Detection` (see the module docstring)."""
    return scan_paths(cusum_paths(increments), threshold=threshold, sizes=sizes)


def scan_paths(paths: FloatArray, *, threshold: float, sizes: Sequence[float]) -> Detection:
    """Turn CUSUM paths ``(K, n)`` into a :class:`Detection` (see the module docstring)."""
    if not threshold > 0.0:
        raise ValueError(f"A threshold must be positive, got {threshold}.")
    n = paths.shape[-1]
    statistic = paths.max(axis=0) if n else np.zeros(0)
    statistic.setflags(write=False)
    above = np.flatnonzero(statistic > threshold)
    alarm = int(above[0]) if above.size else None
    at = alarm if alarm is not None else n - 1
    if n == 0 or statistic[at] <= 0.0:
        return Detection(
            alarm=alarm, since=None, statistic=statistic, threshold=threshold, size=None
        )
    leader = int(np.argmax(paths[:, at]))
    zeros = np.flatnonzero(paths[leader, : at + 1] == 0.0)
    since = int(zeros[-1]) + 1 if zeros.size else 0
    return Detection(
        alarm=alarm,
        since=since,
        statistic=statistic,
        threshold=threshold,
        size=float(sizes[leader]),
    )


@runtime_checkable
class LinearDetector(Protocol):
    """A detector whose increments are linear in one transform of the stream
    (:class:`LinearIncrements`): its scans need one running sum, not one per size."""

    def linear_increments(
        self, values: FloatArray, *, baseline: BaselineEstimate
    ) -> LinearIncrements:
        """The increments of :meth:`Detector.increments`, in their linear form."""
        ...


@cache
def _linear_kind(kind: type) -> bool:
    return issubclass(kind, LinearDetector)


def as_linear(detector: Detector) -> LinearDetector | None:
    """``detector`` when its increments have a linear form, else ``None`` (the protocol's
    check, a walk over its members, made once per detector class)."""
    return cast("LinearDetector", detector) if _linear_kind(type(detector)) else None


def check_direction(direction: str) -> None:
    """Raise a helpful error unless ``direction`` is ``"up"`` or ``"down"``."""
    if direction not in DIRECTIONS:
        raise ValueError(
            f"direction={direction!r} is not one of {list(DIRECTIONS)}: 'up' watches for "
            "a rise (loosening), 'down' for a fall (recovering)."
        )


@cache
def geometric_sizes(smallest: float, largest: float, count: int) -> tuple[float, ...]:
    """``count`` sizes spaced evenly on a log scale from ``smallest`` to ``largest``.

    Cached: every scan of every slice asks a detector for its sizes, and the grid is a
    pure function of three numbers.

    >>> geometric_sizes(1.5, 6.0, 3)
    (1.5, 3.0, 6.0)
    """
    if count == 1:
        return (float(smallest),)
    return tuple(float(v) for v in np.geomspace(smallest, largest, count))
