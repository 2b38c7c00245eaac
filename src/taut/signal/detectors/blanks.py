"""Blank-field GLR: a form that is left more blank, counted field by field.

"Intake forms reach Operations half blank": a ``complete`` check with several fields can
loosen in two ways, more forms with a blank field and more blank fields on each such
form. The 0/1 miss stream sees only the first. This detector reads the blank fields per
case, capped at two (``x = 0``, ``1`` or ``2`` for "two or more"), against a baseline
:class:`~taut.signal.detectors.baseline.BlankBaseline`: the miss rate ``p`` and, among misses, the
share ``s`` with two or more blank fields, so ``f0(0) = 1 - p``, ``f0(1) = p (1 - s)``,
``f0(2) = p s``.

The alternative of size ``rho`` tilts the baseline by ``rho`` per blank field,
``f_rho(x) = f0(x) rho^x / Z(rho)`` with ``Z(rho) = 1 - p + p ((1 - s) rho + s rho^2)``,
so one case adds

    w_t(rho) = x_t log(rho) - log Z_t(rho)

to the evidence. This is the one-parameter exponential family through the baseline
(no assumption about how blanks cluster on a form: ``s`` is read off the baseline); with
``s = 0`` it is exactly the Bernoulli CUSUM with odds ratio ``rho``
(:mod:`taut.signal.detectors.cusum`), so a drift that adds single blanks is seen as fast as by
:class:`~taut.signal.detectors.glr.BernoulliGlr` (about 3% slower in information per case when
``s`` is small), while a drift that leaves forms half blank moves the evidence by
``2 log rho`` a form instead of ``log rho``: on the simulated handoff (three fields, each
blank 1% of the time; the drift leaves a random non-empty subset blank on 5% more
intakes) the information per case is twice the 0/1 stream's.

Decision rule: alarm at the first ``t`` with ``max_k S_t(rho_k) > h``, ``S_t(rho) = max(0,
S_{t-1}(rho) + w_t(rho))``, ``rho_k`` on a geometric grid from ``smallest`` to ``largest``
(a GLR restricted to the grid, as in :mod:`taut.signal.detectors.glr`). The threshold is set by
simulation with ``p`` and ``s`` re-estimated from a baseline window of the same size
(:mod:`taut.signal.thresholds.calibrate`). Assumptions: cases are independent given ``p_t`` and
``s``; the stream is in anchor order. References: E. S. Page (1954), Continuous
inspection schemes, Biometrika 41; D. Siegmund and E. S. Venkatraman (1995), Using the
generalized likelihood ratio statistic for sequential detection of a change-point, Annals
of Statistics 23.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.baseline import BaselineEstimate, BlankBaseline, count_values
from taut.signal.detectors.detector import (
    Detection,
    FloatArray,
    StreamKind,
    scan_increments,
)
from taut.signal.detectors.glr import OddsGrid


def blank_increments(
    values: FloatArray, expected: FloatArray | float, multi: float, ratios: Sequence[float]
) -> FloatArray:
    """``x log(rho) - log Z(rho)`` for each ``rho`` (module docstring): ``(K, ..., n)``.

    ``expected`` is the baseline miss rate, one for all cases or one per case (risk
    adjusted); ``multi`` the share of misses with two or more blank fields.

    >>> blank_increments(np.array([0.0, 1.0, 2.0]), 0.5, 0.0, [3.0]).round(3).tolist()
    [[-0.693, 0.405, 1.504]]
    """
    rho = np.asarray(ratios, dtype=np.float64).reshape((-1,) + (1,) * values.ndim)
    p0 = np.asarray(expected, dtype=np.float64)
    normaliser = np.log(1.0 - p0 + p0 * ((1.0 - multi) * rho + multi * rho**2))
    result: FloatArray = values * np.log(rho) - normaliser
    return result


def blank_baseline(baseline: BaselineEstimate, detector: str) -> BlankBaseline:
    """``baseline`` as a :class:`BlankBaseline`, or a helpful error naming the detector."""
    if not isinstance(baseline, BlankBaseline):
        raise TypeError(
            f"{detector} watches blank fields per case and needs a BlankBaseline, got "
            f"{type(baseline).__name__}. Build one with BlankBaseline.from_counts(window)."
        )
    return baseline


@dataclass(frozen=True, kw_only=True)
class BlankGlr(OddsGrid):
    """The largest of several blank-field CUSUMs (module docstring).

    Args:
        smallest: the smallest factor per blank field worth knowing about (above 1).
        largest: the largest factor watched.
        grid: how many factors, spaced geometrically.
        direction: ``"up"`` for more blank fields, ``"down"`` for fewer.

    >>> detector = BlankGlr()
    >>> stream = np.r_[np.zeros(100), np.full(4, 2.0)]
    >>> base = BlankBaseline(rate=0.05, cases=2000, multi=0.1)
    >>> found = detector.scan(stream, baseline=base, threshold=5.0)
    >>> (found.alarm, found.since, found.size)
    (102, 100, 3.0)
    """

    name: ClassVar[str] = "blank_glr"
    stream: ClassVar[StreamKind] = "count"

    @classmethod
    def example(cls) -> BlankGlr:
        """A typical configuration (used by the registry's contract tests)."""
        return cls()

    def increments(self, values: FloatArray, *, baseline: BaselineEstimate) -> FloatArray:
        """Log-likelihood-ratio increments, one row per watched size: ``(K, ..., n)``."""
        base = blank_baseline(baseline, self.name)
        return blank_increments(values, base.rate, base.multi, self.sizes())

    def canonical(self, baseline: BaselineEstimate) -> BaselineEstimate:
        """The rate, the share of several blanks and the cases to 2 significant digits."""
        return blank_baseline(baseline, self.name).rounded()

    def scan(
        self, values: npt.ArrayLike, *, baseline: BaselineEstimate, threshold: float
    ) -> Detection:
        """Run the detector over blank fields per case (0, 1, or 2 for two or more)."""
        stream = count_values(values)
        return scan_increments(
            self.increments(stream, baseline=baseline), threshold=threshold, sizes=self.sizes()
        )
