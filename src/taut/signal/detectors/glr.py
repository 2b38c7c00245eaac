"""Bernoulli GLR-CUSUM: a rise in a miss rate of unknown size, all sizes watched at once.

A CUSUM tuned to one size is slow for the others: tuned for a doubling it reacts late to
a 20% rise, and tuned for 20% it wastes cases on a doubling. The generalised likelihood
ratio (GLR) drops the size from the assumptions by maximising over it,

    G_t = max_{p1 > p0} max_{s < t} sum_{s < u <= t} log f_{p1}(x_u) / f_{p0}(x_u)
        = max_{p1 > p0} S_t(p1),

the largest of the CUSUMs for every ``p1`` (Siegmund & Venkatraman 1995; Lorden 1971).
FOCuS (Romano, Eckley, Fearnhead & Rigaill 2023) computes ``G_t`` exactly by pruning
change points. This module takes the maximum over a geometric grid of ``K`` odds ratios
instead: ``G_t^K <= G_t``, equal in the limit of a dense grid, and vectorised in numpy
(``K`` cumulative sums, no Python loop over cases). With 8 sizes from 1.1 to 3 the gap
to the exact GLR restricted to that range is a few percent of the statistic (tested
against an exact ``O(n^2)`` computation).

The default range is the benchmark's lesson (``benchmarks/detection_core.py``): under
no change the largest sizes make the largest excursions, so ``largest`` sets the
threshold, while small sizes cost almost nothing. A cap at an odds ratio of 3 keeps the
threshold low, so a doubling is seen about as fast as by the oracle; a bigger jump still
drives the size-3 CUSUM up by about one unit a miss, an alarm within a handful of cases.

Decision rule: alarm at the first ``t`` with ``max_k S_t(p1_k) > h``, where
``odds(p1_k) = rho_k odds(p0)``, ``rho_k`` from ``smallest`` to ``largest``. Assumptions
as for :mod:`taut.signal.detectors.cusum`. The threshold ``h`` is set by simulation
(:mod:`taut.signal.thresholds.calibrate`), since the maximum over sizes raises the false-alarm rate
of any single CUSUM.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from taut.signal.detectors.cusum import RateDetector, signed_ratios
from taut.signal.detectors.detector import (
    Direction,
    StreamKind,
    check_direction,
    geometric_sizes,
)

MAX_SIZES = 64


def check_grid(smallest: float, largest: float, count: int, *, floor: float) -> None:
    """Raise a helpful error unless ``floor < smallest <= largest`` and ``1 <= count <= 64``."""
    if not floor < smallest <= largest:
        raise ValueError(
            f"The sizes need {floor} < smallest <= largest, got smallest={smallest}, "
            f"largest={largest}."
        )
    if not 1 <= count <= MAX_SIZES:
        raise ValueError(f"sizes={count} must be between 1 and {MAX_SIZES}.")
    if count == 1 and smallest != largest:
        raise ValueError("With sizes=1 set smallest == largest (or use a plain CUSUM).")


@dataclass(frozen=True, kw_only=True)
class OddsGrid:
    """The sizes a GLR watches at once: factors above 1 on a geometric grid.

    Args:
        smallest: the smallest factor worth knowing about (above 1).
        largest: the largest factor watched.
        grid: how many factors, spaced geometrically.
        direction: ``"up"`` for a rise, ``"down"`` for a fall (the factors inverted).
    """

    smallest: float = 1.1
    largest: float = 3.0
    grid: int = 8
    direction: Direction = "up"

    def __post_init__(self) -> None:
        check_grid(self.smallest, self.largest, self.grid, floor=1.0)
        check_direction(self.direction)

    def sizes(self) -> tuple[float, ...]:
        """The factors watched, inverted for ``"down"``."""
        grid = geometric_sizes(self.smallest, self.largest, self.grid)
        return signed_ratios(grid, self.direction)


@dataclass(frozen=True, kw_only=True)
class BernoulliGlr(OddsGrid, RateDetector):
    """The largest of several Bernoulli CUSUMs: a GLR test for a rate change of any size.

    Decision rule: alarm at the first ``t`` with ``max_k S_t(rho_k) > h`` (see the module
    docstring); ``since`` comes from the size leading at the alarm, and
    :attr:`~taut.signal.detectors.detector.Detection.size` reports that odds ratio.

    Args:
        smallest: the smallest odds ratio worth knowing about (above 1).
        largest: the largest odds ratio watched.
        grid: how many odds ratios, spaced geometrically.
        direction: ``"up"`` for a rising miss rate, ``"down"`` for a falling one.

    >>> import numpy as np
    >>> from taut.signal.detectors.baseline import RateBaseline
    >>> detector = BernoulliGlr()
    >>> stream = np.r_[np.zeros(100), np.ones(8)]
    >>> found = detector.scan(stream, baseline=RateBaseline(rate=0.05, cases=2000), threshold=5.0)
    >>> (found.alarm, found.since, found.size)
    (104, 100, 3.0)
    """

    name: ClassVar[str] = "bernoulli_glr"
    stream: ClassVar[StreamKind] = "binary"

    @classmethod
    def example(cls) -> BernoulliGlr:
        """A typical configuration (used by the registry's contract tests)."""
        return cls()
