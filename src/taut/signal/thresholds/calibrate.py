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

:func:`calibrate_threshold` returns the ``h`` where that curve crosses ``1 / ARL0``
(log-linear interpolation on a 0.02-wide grid). The same code serves every detector, a
single CUSUM or the maximum over a grid of sizes, because it only uses the detector's
increments. Markov-chain ARLs (Brook & Evans 1972) are exact for a single CUSUM with known
``p0`` but cover neither the maximum over sizes nor the estimation error.

Many streams share one budget: a check watched as a whole and in ``S - 1`` segments, or
with several detectors, is ``S`` streams; :func:`stream_arl0` gives each ``S`` times its
own yearly cases as ``ARL0`` so the expected false alarms across all of them add up to at
most the budget (Bonferroni). A scan does not realise that bound: it stays under it on
quiet checks and exceeds it on busy ones, so the budget a user sets is first mapped to the
nominal one the split uses (:class:`ScanCalibration`).
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass

import numpy as np

from taut.signal.detectors.baseline import BaselineEstimate, round_significant
from taut.signal.detectors.detector import Detector, FloatArray, cusum_paths
from taut.signal.thresholds.stable import reestimate, simulate_stable

logger = logging.getLogger(__name__)

MAX_HORIZON = 2000
MIN_REPLICATES = 2000
MAX_REPLICATES = 20000
TARGET_ALARMS = 400
ESTIMATION_DRAWS = 100
CHUNK_ELEMENTS = 4_000_000
THRESHOLDS: FloatArray = np.round(np.arange(0.02, 80.0, 0.02), 2)


@dataclass(frozen=True, kw_only=True)
class ScanCalibration:
    """How the realised false signals of a whole scan follow the nominal Bonferroni budget.

    The even split of :func:`stream_arl0` would hold a check to ``nominal`` false alarms
    a year if its streams were independent and exactly as the thresholds assume. A scan
    departs from that both ways. Its streams overlap (every case is in the whole check and
    in one segment of each dimension). A slice also raises once and stays raised, while a
    threshold is calibrated for alarms that restart (:func:`false_alarm_rates`). Both make
    the split conservative. Real streams are not exactly stable either: on stable
    simulated logs the monthly mean of a step's standardised latency wanders by 0.05-0.09
    sd between months, several standard errors at 2,000 cases a month, and the more
    cases a check has, the more of that wobble its detectors can see. Measured on stable
    simulated logs (``benchmarks/scan_calibration.py``: weekdays, month ends, holidays,
    +30% growth, three volumes), the false signals a check raises a year are close to

        realised = scale(cases) * nominal ** power(cases),

    with ``scale`` (the realised rate at a nominal budget of one) and ``power`` (how fast
    it grows with the nominal budget) fitted at each measured volume. Between the measured
    volumes both are interpolated linearly in ``log cases`` (``log scale`` for the scale);
    beyond them the scale is extrapolated along the nearest segment and the power held at
    the nearest volume's. :meth:`nominal` inverts that for the check's own yearly cases. It
    is an empirical correction of the Bonferroni split, fitted by Poisson regression.

    Attributes:
        curves: ``(cases a year, scale, power)`` at each measured volume, by increasing
            cases.
    """

    curves: tuple[tuple[float, float, float], ...]

    def __post_init__(self) -> None:
        cases = [c for c, _, _ in self.curves]
        if not (
            self.curves
            and all(c > 0 and v > 0 and w > 0 for c, v, w in self.curves)
            and cases == sorted(set(cases))
        ):
            raise ValueError(
                f"curves={self.curves} must be non-empty, with positive cases, scale and "
                "power, by strictly increasing cases."
            )

    def at(self, cases_per_year: float) -> tuple[float, float]:
        """``(scale, power)`` for a check with ``cases_per_year`` (class docstring).

        >>> curve = ScanCalibration(curves=((1e3, 0.5, 1.0), (1e4, 2.0, 0.5)))
        >>> [round(v, 6) for v in curve.at(1e5)]
        [8.0, 0.5]
        """
        if len(self.curves) == 1:
            return self.curves[0][1], self.curves[0][2]
        x = np.log([c for c, _, _ in self.curves])
        y = np.log([v for _, v, _ in self.curves])
        powers = np.array([w for _, _, w in self.curves])
        at = math.log(cases_per_year)
        i = int(np.clip(np.searchsorted(x, at) - 1, 0, x.size - 2))
        slope = (y[i + 1] - y[i]) / (x[i + 1] - x[i])
        scale = math.exp(y[i] + slope * (at - x[i]))
        return float(scale), float(np.interp(at, x, powers))

    def nominal(self, false_alarms_per_year: float, *, cases_per_year: float) -> float:
        """The nominal (Bonferroni) budget that realises ``false_alarms_per_year``.

        >>> ScanCalibration(curves=((1e4, 0.25, 2.0),)).nominal(1.0, cases_per_year=5000)
        2.0
        """
        if not (false_alarms_per_year > 0 and cases_per_year > 0):
            raise ValueError(
                f"false_alarms_per_year={false_alarms_per_year} and cases_per_year="
                f"{cases_per_year} must be positive."
            )
        scale, power = self.at(cases_per_year)
        return float((false_alarms_per_year / scale) ** (1.0 / power))


RAW_SPLIT = ScanCalibration(curves=((1.0, 1.0, 1.0),))
"""The plain Bonferroni split (nominal budget = the budget), for measuring a scan."""
SCAN_CALIBRATION = ScanCalibration(
    curves=((4249.0, 0.705, 0.886), (8482.0, 0.812, 0.6), (25381.0, 1.849, 0.612))
)
"""The shipped calibration; measured by ``benchmarks/scan_calibration.py``."""


def stream_arl0(
    *, cases_per_year: float, streams: int = 1, false_alarms_per_year: float = 1.0
) -> float:
    """The ``ARL0`` in cases for one of ``streams`` streams sharing a yearly budget.

    Stream ``s`` with ``n_s`` cases a year raises ``n_s / ARL0_s`` false alarms a year;
    with ``ARL0_s = streams * n_s / budget`` the total over all streams is the budget.

    Args:
        cases_per_year: this stream's cases in a year.
        streams: how many streams share the budget (segments times detectors).
        false_alarms_per_year: the budget, for all the streams together.

    >>> stream_arl0(cases_per_year=500, streams=8)
    4000.0
    """
    if cases_per_year <= 0 or streams < 1 or false_alarms_per_year <= 0:
        raise ValueError(
            f"Need cases_per_year > 0, streams >= 1 and false_alarms_per_year > 0, got "
            f"{cases_per_year}, {streams}, {false_alarms_per_year}."
        )
    return streams * cases_per_year / false_alarms_per_year


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
        arl0: the target in-control average run length, in cases (see :func:`stream_arl0`).
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
    """Where the non-increasing ``rates`` curve falls to ``target``, log-linearly interpolated.

    >>> crossing(np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.01, 0.001]), 0.001)
    3.0
    """
    below = np.flatnonzero(rates <= target)
    if below.size == 0:
        raise ValueError(
            f"No threshold up to {thresholds[-1]:g} is that rare (rate {target:g} a case); "
            "lower arl0 or raise the smallest change size."
        )
    i = int(below[0])
    if i == 0:
        return float(thresholds[0])
    high_rate, low_rate = float(rates[i - 1]), float(rates[i])
    if low_rate <= 0.0:
        share = (high_rate - target) / high_rate
    else:
        share = math.log(high_rate / target) / math.log(high_rate / low_rate)
    return float(thresholds[i - 1] + share * (thresholds[i] - thresholds[i - 1]))


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
