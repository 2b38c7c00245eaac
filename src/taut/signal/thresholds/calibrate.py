"""Thresholds for a target false-alarm rate, by simulation, with the baseline's own error.

The target is an in-control average run length ``ARL0``: on a stable stream, restarting
after each alarm, one false alarm per ``ARL0`` cases. A baseline estimated from a finite
window is off by chance, and that matters: a baseline rate estimated a little low makes a
stable stream look like a rise, and the detector alarms again and again (Jones, Champ &
Rigdon 2004, The run length distribution of the CUSUM with estimated parameters, J.
Quality Technology 36). What a user meets is the false-alarm rate averaged over that
estimation error, so that is what is calibrated:

    rate(h) = E_{estimate} [ 1 / ARL(h | estimate) ] = 1 / ARL0.

:func:`false_alarm_rates` estimates ``rate(h)`` for a grid of thresholds at once:

1. draw ``J`` baselines as a window of ``baseline.cases`` stable cases would have
   estimated them (a parametric bootstrap, :func:`taut.signal.thresholds.stable.reestimate`);
2. for each, score ``R / J`` stable streams of ``L`` cases against it and record, for
   every ``h``, each stream's first passage ``T(h)`` (the first ``S_t > h``);
3. per baseline, ``1 / ARL(h)`` is estimated by alarms over exposure,
   ``#{T(h) < L} / sum(min(T(h) + 1, L))`` (the maximum-likelihood rate for geometric run
   lengths censored at ``L``; before a change a CUSUM's run length is close to geometric,
   Page 1954); average over the ``J`` baselines.

:func:`calibrate_threshold` returns the ``h`` where that curve crosses ``1 / ARL0``: the
smallest ``h`` of a 0.02-wide grid whose rate is at most ``1 / ARL0`` (the safe side of a
step, :func:`crossing`). For 0/1 and blank-field streams the curve is simulated from one
event to the next (:mod:`taut.signal.thresholds.events`), the same quantity much faster.
The same code serves every detector, a single CUSUM or the maximum over a grid of sizes,
because it only uses the detector's increments. Markov-chain ARLs (Brook & Evans 1972)
are exact for a single CUSUM with known ``p0`` but cover neither the maximum over sizes
nor the estimation error.

How a check's yearly budget becomes each stream's ``ARL0`` (the scan calibration and the
weighted Bonferroni split over a check's streams) is :mod:`taut.signal.allocation`.
"""

from __future__ import annotations

import functools
import logging
import math

import numpy as np

from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline, round_significant
from taut.signal.detectors.detector import Detector, FloatArray, cusum_paths
from taut.signal.thresholds.events import event_steps, event_time_rates
from taut.signal.thresholds.stable import reestimate, simulate_stable

logger = logging.getLogger(__name__)

MAX_HORIZON = 2000
MIN_REPLICATES = 2000
MAX_REPLICATES = 20000
TARGET_ALARMS = 400
ESTIMATION_DRAWS = 100
CHUNK_ELEMENTS = 4_000_000
THRESHOLDS: FloatArray = np.round(np.arange(0.02, 80.0, 0.02), 2)


def calibrate_threshold(
    *,
    detector: Detector,
    baseline: BaselineEstimate,
    arl0: float,
    seed: int = 0,
    horizon: int | None = None,
    replicates: int | None = None,
) -> float:
    """The threshold ``h`` giving one false alarm per ``arl0`` cases (module docstring).

    Results are cached on the detector, its canonical baseline (standardised, with rates
    and cases to 2 significant digits; :meth:`~taut.signal.detectors.detector.Detector.canonical`),
    ``arl0`` to 3 digits, the horizon, the replicates and the seed; the simulation uses
    the rounded values, so a cached and a fresh answer are identical.

    Args:
        detector: any registered detector.
        baseline: the baseline the detector will scan against.
        arl0: the target in-control average run length, in cases
            (:func:`taut.signal.allocation.stream_arl0`).
        seed: seeds the simulation.
        horizon: stream length ``L``; by default ``min(arl0, 2000)``.
        replicates: streams simulated; by default enough for about 400 false alarms at
            the answer (2,000 to 20,000).

    Returns:
        The threshold, to pass to ``detector.scan(..., threshold=h)``.

    Raises:
        ValueError: when ``arl0`` is not above 1 or lies beyond the threshold grid.

    >>> from taut.signal.detectors.baseline import RateBaseline
    >>> from taut.signal.detectors.cusum import BernoulliCusum
    >>> h = calibrate_threshold(
    ...     detector=BernoulliCusum(), baseline=RateBaseline(rate=0.05, cases=2000), arl0=1000
    ... )
    >>> 2.0 < h < 5.0
    True
    """
    if not arl0 > 1:
        raise ValueError(f"arl0={arl0} must be more than one case.")
    target = round_significant(float(arl0), 3)
    length = horizon if horizon is not None else int(min(math.ceil(target), MAX_HORIZON))
    if replicates is None:
        wanted = math.ceil(TARGET_ALARMS * target / length)
        replicates = int(min(max(wanted, MIN_REPLICATES), MAX_REPLICATES))
    return _calibrated(
        detector=detector,
        baseline=detector.canonical(baseline),
        arl0=target,
        horizon=length,
        replicates=replicates,
        seed=seed,
    )


@functools.lru_cache(maxsize=4096)
def _calibrated(
    *,
    detector: Detector,
    baseline: BaselineEstimate,
    arl0: float,
    horizon: int,
    replicates: int,
    seed: int,
) -> float:
    rates = false_alarm_rates(
        detector=detector,
        baseline=baseline,
        thresholds=THRESHOLDS,
        horizon=horizon,
        replicates=replicates,
        seed=seed,
    )
    threshold = crossing(THRESHOLDS, rates, 1.0 / arl0)
    logger.debug(
        "Calibrated %s: h=%.4f for ARL0=%s (%d streams of %d cases)",
        detector.name,
        threshold,
        arl0,
        replicates,
        horizon,
    )
    return threshold


def crossing(thresholds: FloatArray, rates: FloatArray, target: float) -> float:
    """The smallest threshold of the grid whose false-alarm rate is at most ``target``.

    The safe side of the crossing: a CUSUM on a discrete stream (a rare miss moves it by
    one fixed jump) has a false-alarm curve made of steps, and any threshold inside a
    step alarms as often as the top of the step. Interpolating across one (as taut did
    before) gave a threshold ten times too low at a miss rate of ``1e-4``; the grid is
    fine (0.02), so taking the grid point costs at most that much on smooth curves.

    >>> crossing(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.01, 0.001]), 0.005)
    3.0
    """
    below = np.flatnonzero(rates <= target)
    if below.size == 0:
        raise ValueError(
            f"No threshold up to {thresholds[-1]:g} is that rare (rate {target:g} a case); "
            "lower arl0 or raise the smallest change size."
        )
    return float(thresholds[int(below[0])])


def false_alarm_rates(
    *,
    detector: Detector,
    baseline: BaselineEstimate,
    thresholds: FloatArray,
    horizon: int,
    replicates: int,
    seed: int,
) -> FloatArray:
    """False alarms per case at each threshold, averaged over the baseline's estimation error.

    ``baseline`` is taken as the truth (use the detector's canonical one); see steps 1-3 in
    the module docstring. Use a seed other than the calibration's to check a threshold.
    """
    rng = np.random.default_rng(seed)
    draws = 1 if baseline.cases is None else min(ESTIMATION_DRAWS, replicates)
    per_draw = math.ceil(replicates / draws)
    if isinstance(baseline, RateBaseline):
        estimates = [reestimate(baseline, rng=rng) for _ in range(draws)]
        steps = event_steps(detector, baseline, estimates)
        if steps is not None:
            return event_time_rates(
                steps=steps,
                baseline=baseline,
                thresholds=thresholds,
                horizon=horizon,
                per_draw=per_draw,
                rng=rng,
            )
        rng = np.random.default_rng(seed)
    chunk = max(1, CHUNK_ELEMENTS // (len(detector.sizes()) * horizon))
    total = np.zeros(thresholds.size)
    for _ in range(draws):
        estimate = reestimate(baseline, rng=rng)
        alarms = np.zeros(thresholds.size)
        exposure = np.zeros(thresholds.size)
        for start in range(0, per_draw, chunk):
            values = simulate_stable(
                baseline, replicates=min(chunk, per_draw - start), length=horizon, rng=rng
            )
            paths = cusum_paths(detector.increments(values, baseline=estimate)).max(axis=0)
            for record in np.maximum.accumulate(paths, axis=1):
                first = np.searchsorted(record, thresholds, side="right")
                alarms += first < horizon
                exposure += np.minimum(first + 1, horizon)
        total += alarms / exposure
    result: FloatArray = total / draws
    return result


def false_alarm_rate(
    *,
    detector: Detector,
    baseline: BaselineEstimate,
    threshold: float,
    horizon: int,
    replicates: int,
    seed: int,
) -> float:
    """The measured false alarms per case at one threshold (see :func:`false_alarm_rates`).

    Use a seed other than the calibration's to check a threshold on fresh streams.
    """
    rates = false_alarm_rates(
        detector=detector,
        baseline=detector.canonical(baseline),
        thresholds=np.array([threshold]),
        horizon=horizon,
        replicates=replicates,
        seed=seed,
    )
    return float(rates[0])
