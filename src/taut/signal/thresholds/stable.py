"""Stable streams and re-estimated baselines: the world a threshold is calibrated in.

To set a threshold for a false-alarm rate, :mod:`taut.signal.thresholds.calibrate` needs streams
with no change in them, scored the way real ones are: against a baseline estimated from
a finite window. This module draws both, by the kind of baseline:

- :class:`~taut.signal.detectors.baseline.RateBaseline`: cases are independent 0/1 draws at
  ``rate``; a re-estimated baseline is ``(Binomial(cases, rate) + 0.5) / (cases + 1)``,
  exactly what :meth:`RateBaseline.from_binary` gives on such a window.
- :class:`~taut.signal.detectors.baseline.BlankBaseline`: a case misses at ``rate`` and, if it
  does, has two or more blank fields with probability ``multi`` (value 2, else 1); a
  re-estimated baseline draws the misses of the window, then the several-blank ones among
  them, each estimated with half a pseudo-event (:meth:`BlankBaseline.from_counts`).
- :class:`~taut.signal.detectors.baseline.LatencyBaseline`: log-latencies are independent normal
  draws with ``mean`` and ``sd``; a re-estimated baseline is
  :meth:`LatencyBaseline.from_log_latency` of a simulated window, so its mean, sd,
  band and share outside the band all carry their sampling error together.

A baseline with ``cases=None`` is known exactly and is not re-estimated.
"""

from __future__ import annotations

import numpy as np

from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    LatencyBaseline,
    RateBaseline,
    estimate_rate,
)
from taut.signal.detectors.detector import FloatArray


def simulate_stable(
    baseline: BaselineEstimate, *, replicates: int, length: int, rng: np.random.Generator
) -> FloatArray:
    """``replicates`` stable streams of ``length`` cases drawn from ``baseline``: ``(R, L)``.

    >>> simulate_stable(
    ...     RateBaseline(rate=0.5), replicates=2, length=3, rng=np.random.default_rng(0)
    ... ).shape
    (2, 3)
    """
    if isinstance(baseline, BlankBaseline):
        missed = rng.random((replicates, length)) < baseline.rate
        several = missed & (rng.random((replicates, length)) < baseline.multi)
        counts: FloatArray = missed.astype(np.float64) + several
        return counts
    if isinstance(baseline, RateBaseline):
        return (rng.random((replicates, length)) < baseline.rate).astype(np.float64)
    draws: FloatArray = baseline.mean + baseline.sd * rng.standard_normal((replicates, length))
    return draws


def reestimate(baseline: BaselineEstimate, *, rng: np.random.Generator) -> BaselineEstimate:
    """What a window of ``baseline.cases`` stable cases might have estimated instead.

    >>> base = RateBaseline(rate=0.05, cases=2000)
    >>> again = reestimate(base, rng=np.random.default_rng(0))
    >>> (again.cases, 0.03 < again.rate < 0.07)
    (2000, True)
    """
    if baseline.cases is None:
        return baseline
    if isinstance(baseline, BlankBaseline):
        missed = int(rng.binomial(baseline.cases, baseline.rate))
        several = float(rng.binomial(missed, baseline.multi))
        return BlankBaseline(
            rate=estimate_rate(float(missed), baseline.cases),
            cases=baseline.cases,
            multi=estimate_rate(several, missed),
        )
    if isinstance(baseline, RateBaseline):
        events = float(rng.binomial(baseline.cases, baseline.rate))
        return RateBaseline(rate=estimate_rate(events, baseline.cases), cases=baseline.cases)
    window = simulate_stable(baseline, replicates=1, length=baseline.cases, rng=rng)[0]
    return LatencyBaseline.from_log_latency(window, band=baseline.levels)
