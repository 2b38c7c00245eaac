"""False-alarm curves of 0/1 and blank-field streams, simulated from one event to the next.

A stable stream of a near-perfect check is mostly zeros: at a miss rate of ``1e-4`` a
million cases hold a hundred misses. Simulating it case by case
(:func:`taut.signal.thresholds.calibrate.false_alarm_rates`) spends nearly all its time on
cases where nothing happens, and a stream short enough to afford (2,000 cases) is shorter
than the memory of the statistic: after one miss a CUSUM watching a rise of a rate ``p``
takes about ``1 / p`` cases to forget it, so short streams that each start at zero never
see two misses close enough to alarm, and the measured false-alarm rate comes out
several times too low.

For detectors whose increments depend only on the case's value (0, 1, or 2 for several
blank fields) and fall between events (``w_k(0) <= 0`` for every size ``k``, true of
every detector watching a rise), a CUSUM between two events is known in closed form,

    S_k <- max(0, S_k + g * w_k(0))        after g quiet cases,
    S_k <- max(0, S_k + w_k(v))            at an event of value v,

and ``max_k S_k`` can only cross a threshold at an event. So a stream is drawn as its
gaps between events (geometric with the true rate) and the events' values, and the
recursion runs once per event, for all streams and sizes at once. The cost is set by
the number of events, not of cases, so streams can be long enough (``horizon`` cases,
tens of events each) to hold the statistic's memory many times over. The
result is the same random quantity the case-by-case simulation estimates (a test checks
the two agree), with the same estimator: alarms over exposure per re-estimated baseline,
averaged over baselines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from taut.signal.detectors.baseline import BaselineEstimate, BlankBaseline, RateBaseline
from taut.signal.detectors.detector import Detector, FloatArray

MARGIN_SD = 6.0


def event_steps(
    detector: Detector, baseline: RateBaseline, estimates: Sequence[BaselineEstimate]
) -> FloatArray | None:
    """Increments by value for each estimate, ``(K, draws, values)``; ``None`` if unusable.

    ``None`` when a quiet case can raise the statistic (a detector watching a fall), where
    the crossing need not happen at an event.
    """
    values = np.array([0.0, 1.0, 2.0] if isinstance(baseline, BlankBaseline) else [0.0, 1.0])
    steps = np.stack([detector.increments(values, baseline=e) for e in estimates], axis=1)
    if steps.ndim != 3 or np.any(steps[..., 0] > 0.0):
        return None
    result: FloatArray = steps
    return result


def event_time_rates(
    *,
    steps: FloatArray,
    baseline: RateBaseline,
    thresholds: FloatArray,
    horizon: int,
    per_draw: int,
    rng: np.random.Generator,
) -> FloatArray:
    """False alarms per case at each threshold, from :func:`event_steps` (module docstring).

    Args:
        steps: increments ``(K, draws, values)`` from :func:`event_steps`.
        baseline: the true baseline the stable streams are drawn from.
        thresholds: the thresholds to measure, increasing.
        horizon: cases in each stream.
        per_draw: streams scored against each re-estimated baseline.
        rng: the random generator.

    Returns:
        The false-alarm rate at each threshold, averaged over the re-estimated baselines.
    """
    sizes, draws, _ = steps.shape
    streams = draws * per_draw
    mean = horizon * baseline.rate
    most = math.ceil(mean + MARGIN_SD * math.sqrt(mean) + 10.0)
    positions = np.cumsum(rng.geometric(baseline.rate, size=(streams, most)), axis=1)
    several = np.zeros((streams, most), dtype=bool)
    if isinstance(baseline, BlankBaseline):
        several = rng.random((streams, most)) < baseline.multi
    lengths = np.minimum(horizon, positions[:, -1])
    draw = np.repeat(np.arange(draws), per_draw)
    quiet_step = steps[:, draw, 0]
    one_step = steps[:, draw, 1]
    two_step = steps[:, draw, -1]
    statistic = np.zeros((sizes, streams))
    record = np.empty((streams, most))
    previous = np.zeros(streams)
    for event in range(most):
        here = positions[:, event]
        statistic += (here - previous - 1.0) * quiet_step
        np.maximum(statistic, 0.0, out=statistic)
        statistic += np.where(several[:, event], two_step, one_step)
        np.maximum(statistic, 0.0, out=statistic)
        record[:, event] = statistic.max(axis=0)
        previous = here
    inside = positions <= lengths[:, None]
    record[~inside] = 0.0
    np.maximum.accumulate(record, axis=1, out=record)
    counts = inside.sum(axis=1)
    alarms = np.zeros((draws, thresholds.size))
    exposure = np.zeros((draws, thresholds.size))
    for stream in range(streams):
        first = np.searchsorted(record[stream], thresholds, side="right")
        alarmed = first < counts[stream]
        at = positions[stream, np.minimum(first, most - 1)]
        alarms[draw[stream]] += alarmed
        exposure[draw[stream]] += np.where(alarmed, at, lengths[stream])
    result: FloatArray = (alarms / exposure).mean(axis=0)
    return result
