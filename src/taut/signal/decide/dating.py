"""When a change started, and whether it is over: the ``since`` and ``recovering`` of a state.

Once a detector has raised an alarm on a slice (:mod:`taut.signal.decide.watch`), two questions
remain, both answered from the slice's own values:

- :func:`change_start`: the maximum-likelihood start of the change (Hinkley 1970), the
  case the state's ``since`` is the day of;
- :func:`recovered`: whether the cases since the alarm favour the baseline over the drifted
  level, by Wald's sequential probability ratio (1945), which turns ``drifting`` into
  ``recovering``.
"""

from __future__ import annotations

import numpy as np

from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline
from taut.signal.detectors.detector import Detection, FloatArray
from taut.signal.inputs.segments import Mask
from taut.signal.state import Metric

MIN_DRIFT_CASES = 10
RECOVERY_LLR = float(np.log(19.0))
LEVEL_LLR = float(np.log(1000.0))
"""The level test's threshold (:func:`level_llr`), after dividing by the slice's ``phi``: one
test asks the recent weeks to be a thousand times likelier at their own level than at the
baseline's."""
LEVEL_HINT_LLR = float(np.log(20.0))
"""The level test's looser bar: the recent weeks twenty times likelier at their own level.
Enough to keep a materially worse check out of "held steady" (it is ``loosening``,
watched), never enough to raise it."""


def change_start(
    values: FloatArray, *, end: int, baseline: BaselineEstimate, prior_cases: int = 0
) -> int:
    """The maximum-likelihood start of an upward change in ``values[: end + 1]``.

    For each candidate start ``s`` the level after it is estimated from ``values[s : end
    + 1]`` and the level before it from ``values[:s]`` together with ``prior_cases``
    pseudo-cases at the baseline's level (the baseline window's own cases, which the
    monitored stream continues); the start is the ``s`` maximising the profile likelihood
    of the two levels (Bernoulli for rates, a Gaussian mean of known sd for log-latency;
    Hinkley 1970), with the level after no lower than before. With ``prior_cases = 0``
    the level before is the baseline's itself. Letting the cases before the change speak
    for their own level matters when the baseline was estimated a little low: against it,
    the weeks before a real change look raised too, and the start is dated weeks early.
    Vectorised with cumulative sums.

    >>> base = RateBaseline(rate=0.05, cases=1000)
    >>> change_start(np.r_[np.zeros(50), np.tile([1.0, 0.0], 10)], end=69, baseline=base)
    50
    >>> rng = np.random.default_rng(0)
    >>> stream = np.r_[rng.random(400) < 0.20, rng.random(60) < 0.45].astype(float)
    >>> low = RateBaseline(rate=0.16)
    >>> change_start(stream, end=459, baseline=low), change_start(
    ...     stream, end=459, baseline=low, prior_cases=400)
    (182, 364)
    """
    window = values[: end + 1]
    before = np.r_[0.0, np.cumsum(window)][:-1]  # sum of values[:s] for s = 0..n-1
    count = np.arange(window.size, dtype=np.float64)  # s
    after = window.sum() - before
    size = window.size - count
    if isinstance(baseline, RateBaseline):
        p0 = baseline.rate
        hits_before = before + prior_cases * p0
        cases_before = count + prior_cases
        pre = (
            p0
            if prior_cases == 0
            else np.clip(hits_before / np.maximum(cases_before, 1.0), 1e-9, 1 - 1e-9)
        )
        post = np.clip(np.maximum(after / size, pre), 1e-9, 1.0 - 1e-9)
        profile = _bernoulli(hits_before, cases_before, pre) + _bernoulli(after, size, post)
    else:
        m0, sd = baseline.mean, baseline.sd
        sum_before = before + prior_cases * m0
        cases_before = count + prior_cases
        pre = m0 if prior_cases == 0 else sum_before / np.maximum(cases_before, 1.0)
        post = np.maximum(after / size, pre)
        # Gaussian profile up to constants: -(sum (x - mu)^2) / 2 sd^2, expanded per segment
        profile = (
            2.0 * pre * sum_before - cases_before * pre**2 + 2.0 * post * after - size * post**2
        ) / (2.0 * sd**2)
    return int(np.argmax(profile))


def _bernoulli(hits: FloatArray, cases: FloatArray, rate: FloatArray | float) -> FloatArray:
    """The Bernoulli log-likelihood of ``hits`` in ``cases`` at ``rate``, elementwise."""
    result: FloatArray = hits * np.log(rate) + (cases - hits) * np.log(1.0 - rate)
    return result


def bernoulli_llr(hits: float, size: int, p0: float, p1: float) -> float:
    p0, p1 = min(max(p0, 1e-6), 1 - 1e-6), min(max(p1, 1e-6), 1 - 1e-6)
    return float(hits * np.log(p0 / p1) + (size - hits) * np.log((1 - p0) / (1 - p1)))


def recovered(
    metric: Metric,
    values: FloatArray,
    found: Detection,
    *,
    recent: Mask,
    baseline: BaselineEstimate,
) -> bool:
    """Whether the recent cases favour the baseline over the drifted level, and are not worse.

    Wald's sequential probability ratio (1945): the log-likelihood ratio of the recent
    cases after the alarm (the last four weeks), baseline against the drifted level
    estimated from ``since`` to the alarm, exceeds ``log 19`` (5% error each way). That
    level is the one the alarm picked for looking extreme, so after a sudden jump it
    overstates a drift that simply holds; so the recent cases must also not show, on
    their own, that the metric is still worse than the baseline: their generalised
    log-likelihood ratio, their own level against the baseline's, stays below ``log 19``
    (:func:`still_worse`). When the alarm came within ``MIN_DRIFT_CASES`` cases of
    ``since`` (a burst too short to estimate a level from), the slice is recovering when
    the recent cases after the alarm number at least as many and everything since
    ``since`` is not worse than the baseline.
    """
    if found.alarm is None or found.since is None:
        return False
    drifted = values[found.since : found.alarm + 1]
    after = np.zeros(values.size, dtype=bool)
    after[found.alarm + 1 :] = True
    window = values[after & recent]
    if window.size < MIN_DRIFT_CASES:
        return False
    if drifted.size < MIN_DRIFT_CASES:
        return not still_worse(metric, values[found.since :], baseline=baseline)
    if isinstance(baseline, RateBaseline):
        level = float(drifted.mean())
        llr = bernoulli_llr(float(window.sum()), window.size, baseline.rate, level)
    elif metric == "spread":
        level = float(baseline.outside_band(drifted).mean())
        llr = bernoulli_llr(
            float(baseline.outside_band(window).sum()), window.size, baseline.outside, level
        )
    else:
        mean, sd = float(drifted.mean()), float(drifted.std(ddof=1))
        if not sd > 0.0:
            return False
        z0 = (window - baseline.mean) / baseline.sd
        z1 = (window - mean) / sd
        llr = float(np.sum(0.5 * z1**2 - 0.5 * z0**2) + window.size * np.log(sd / baseline.sd))
    return llr > RECOVERY_LLR and not still_worse(metric, window, baseline=baseline)


def still_worse(metric: Metric, window: FloatArray, *, baseline: BaselineEstimate) -> bool:
    """Whether ``window`` alone shows the metric above the baseline (GLR over ``log 19``).

    Rates (and, for spread, the share outside the baseline's central band): the Bernoulli
    log-likelihood of the window at its own share against the baseline's. Log-latency: a
    mean shift of known sd, ``n m^2 / 2`` for the window's mean standardised shift ``m > 0``.

    >>> from taut.signal.detectors.baseline import RateBaseline
    >>> base = RateBaseline(rate=0.1, cases=2000)
    >>> still_worse("missed", np.r_[np.ones(40), np.zeros(160)], baseline=base)
    True
    >>> still_worse("missed", np.r_[np.ones(22), np.zeros(178)], baseline=base)
    False
    """
    if isinstance(baseline, RateBaseline):
        hits, rate = window, baseline.rate
    elif metric == "spread":
        hits, rate = baseline.outside_band(window), baseline.outside
    else:
        shift = float((window - baseline.mean).mean()) / baseline.sd
        return shift > 0.0 and window.size * shift**2 / 2.0 > RECOVERY_LLR
    level = float(hits.mean())
    return level > rate and bernoulli_llr(float(hits.sum()), hits.size, level, rate) > RECOVERY_LLR


def level_llr(metric: Metric, window: FloatArray, *, baseline: BaselineEstimate) -> float:
    """The generalised log-likelihood ratio of ``window``'s own level against the baseline's,
    signed: positive when the window is worse (higher), negative when it is better.

    The statistic of :func:`still_worse`, both ways: a one-off test of the recent weeks
    against the baseline, which a level shift passes however the weeks before it went (a
    CUSUM that raised on an older episode has restarted since, and needs a while to
    build again). Callers divide it by the slice's day-to-day ``phi`` and compare it with
    a threshold (:data:`LEVEL_LLR`).

    >>> base = RateBaseline(rate=0.5, cases=2000)
    >>> round(level_llr("missed", np.r_[np.ones(90), np.zeros(10)], baseline=base), 1)
    36.8
    >>> round(level_llr("missed", np.r_[np.ones(10), np.zeros(90)], baseline=base), 1)
    -36.8
    """
    if window.size == 0:
        return 0.0
    if isinstance(baseline, RateBaseline):
        hits, rate = window, baseline.rate
    elif metric == "spread":
        hits, rate = baseline.outside_band(window), baseline.outside
    else:
        shift = float((window - baseline.mean).mean()) / baseline.sd
        return float(np.sign(shift)) * window.size * shift**2 / 2.0
    level = float(hits.mean())
    glr = bernoulli_llr(float(hits.sum()), hits.size, level, rate)
    return glr if level > rate else -glr
