"""Score one watched slice: the detector's input and baseline, risk-adjusted.

:mod:`taut.signal.decide.watch` hands each slice (a metric of the whole check or of a segment)
here and gets a :class:`Scored` record back: the values the detector watches, the
log-likelihood-ratio increments it accumulates, and the baseline its threshold is
calibrated for (:mod:`taut.signal.thresholds.lookup`). The expected value of every case comes
from the whole check's baseline model (:mod:`taut.signal.model.adjust`):

- ``missed``: the 0/1 stream against per-case ``p0_i`` (risk-adjusted Bernoulli GLR,
  increments ``w[k, i] = x_i log(p1_ki / p0_i) + (1 - x_i) log((1 - p1_ki) / (1 - p0_i))``,
  ``odds(p1_ki) = rho_k odds(p0_i)``); the threshold is calibrated for a constant rate
  equal to the mean ``p0_i`` in the baseline, estimated with the error of the slice's
  baseline (a segment's pooled with the whole check's, :mod:`taut.signal.model.pooling`). For a
  ``complete`` check with several fields the detector reads the blank fields per case
  instead (:class:`~taut.signal.detectors.blanks.BlankGlr`, the same ``p0_i`` and the whole check's
  baseline share ``s`` of misses with two or more blanks: ``w[k, i] = c_i log rho_k -
  log(1 - p0_i + p0_i ((1 - s) rho_k + s rho_k^2))``), so a form left half blank weighs
  more than a form with one blank field;
- ``latency`` and ``spread``: the normal scores ``u_i`` of the risk-adjusted residuals,
  watched against a standard normal baseline (``mean 0, sd 1``, band ``+-1.2816``, 20%
  outside) estimated from the segment's baseline cases.

When the cases of one day are alike (:mod:`taut.signal.model.dispersion`), the slice is read as
an independent stream of ``1 / phi`` as many cases, ``phi = 1 + (n - 1) rho`` with ``rho``
the whole check's intra-day correlation of that metric in the baseline and ``n`` the
slice's baseline cases per day: every increment is divided by ``phi``, the baseline's
cases (its estimation error) too, and :mod:`taut.signal.decide.watch` divides the stream's
``ARL0`` by it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from taut.contract.models import Check
from taut.signal.detectors.baseline import (
    MIN_LATENCY_CASES,
    BaselineEstimate,
    BlankBaseline,
    LatencyBaseline,
    RateBaseline,
    several_blanks,
)
from taut.signal.detectors.blanks import blank_increments
from taut.signal.detectors.detector import (
    Detector,
    FloatArray,
    Increments,
    as_linear,
)
from taut.signal.detectors.registry import watcher
from taut.signal.inputs.casebook import CheckCases, LabelArray
from taut.signal.inputs.segments import SegmentKey
from taut.signal.inputs.streams import DecidedStream, metric_streams, missed_stream
from taut.signal.model.adjust import (
    LatencyModel,
    RateModel,
    SortedCells,
    normal_scores,
)
from taut.signal.model.conditions import Conditions, level_increments
from taut.signal.model.dispersion import day_correlation
from taut.signal.model.pooling import OwnRate
from taut.signal.model.quantiles import median
from taut.signal.state import Metric

Mask = npt.NDArray[np.bool_]

BAND = 1.2815515655446004  # the 90th percentile of a standard normal
MIN_DISTINCT_TIMES = 20
MAX_TIED_SHARE = 0.25
logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Scored:
    """What the detector of one slice sees.

    Attributes:
        values: the monitored values as the detector reads them (0/1, or normal scores).
        increments: ``(K, n)`` log-likelihood-ratio increments of the monitored values, or
            their linear form when the detector has one (one running sum serves every
            size: :class:`~taut.signal.detectors.detector.LinearIncrements`).
        baseline: the baseline the threshold is calibrated for (and the detector's
            reference for dating and recovery).
        detector: the detector whose increments these are (its threshold and sizes).
        scale: the slice's ``phi`` (module docstring); 1 when its days are not alike.
    """

    values: FloatArray
    increments: Increments
    baseline: BaselineEstimate
    detector: Detector
    scale: float = 1.0


def standard_latency(cases: int) -> LatencyBaseline:
    """The standard normal baseline of normal scores from ``cases`` baseline cases."""
    return LatencyBaseline(mean=0.0, sd=1.0, low=-BAND, high=BAND, outside=0.2, cases=cases)


def adjusted_rate_increments(
    values: FloatArray, expected: FloatArray, ratios: tuple[float, ...]
) -> FloatArray:
    """Risk-adjusted Bernoulli increments ``(K, n)`` (module docstring).

    >>> adjusted_rate_increments(np.array([1.0, 0.0]), np.array([0.5, 0.5]), (3.0,)).round(3)
    array([[ 0.405, -0.693]])
    """
    rho = np.asarray(ratios, dtype=np.float64)[:, None]
    p0 = expected[None, :]
    p1 = rho * p0 / (1.0 - p0 + rho * p0)
    hit = np.log(p1 / p0)
    miss = np.log((1.0 - p1) / (1.0 - p0))
    result: FloatArray = np.where(values[None, :] > 0.5, hit, miss)
    return result


def score_rate(
    *,
    model: RateModel,
    conditions: Conditions,
    values: FloatArray,
    early: Mask,
    offset: float,
    cases: int,
    blanks: tuple[FloatArray, float] | None = None,
    scale: float = 1.0,
) -> tuple[Scored, FloatArray]:
    """Score a 0/1 slice; also returns the monitored cases' expected rates ``p0_i``.

    ``offset`` is the slice's log-odds offset from the whole check's model (0 for the
    whole check; a segment's pooled one, :mod:`taut.signal.model.pooling`) and ``cases`` the
    baseline cases its threshold is calibrated on (effective ones for a segment).
    ``blanks`` holds, for a ``complete`` check with several fields, the slice's blank
    fields per case and the whole check's baseline share of misses with several blanks:
    the slice is then watched by :class:`~taut.signal.detectors.blanks.BlankGlr` (module docstring).
    ``scale`` is the slice's ``phi`` (:mod:`taut.signal.model.dispersion`); increments are
    divided by it.
    """
    levels = model.expected(conditions.rows, offset)
    expected = np.take(levels, conditions.codes)
    later = ~early
    base_rate = float(np.clip(expected[early].mean(), 1e-4, 0.999))
    monitored = values[later]
    cases = max(1, round(cases / scale))
    detector = watcher("missed", stream="binary" if blanks is None else "count")
    if blanks is None:
        increments = level_increments(
            monitored,
            codes=conditions.codes[later],
            levels=levels,
            increments=lambda x, p: adjusted_rate_increments(x, p, detector.sizes()) / scale,
        )
        baseline: RateBaseline = RateBaseline(rate=base_rate, cases=cases)
    else:
        counts, multi = blanks
        increments = level_increments(
            counts[later],
            codes=conditions.codes[later],
            levels=levels,
            increments=lambda x, p: blank_increments(x, p, multi, detector.sizes()) / scale,
        )
        baseline = BlankBaseline(rate=base_rate, cases=cases, multi=multi)
    scored = Scored(
        values=monitored,
        increments=increments,
        baseline=baseline,
        detector=detector,
        scale=scale,
    )
    return scored, expected[later]


def score_latency(
    *,
    model: LatencyModel,
    conditions: Conditions,
    values: FloatArray,
    early: Mask,
    cells: LabelArray,
    wider: tuple[FloatArray, LabelArray] | SortedCells | None,
    detector: Detector,
    scale: float = 1.0,
    memo: dict[str, FloatArray] | None = None,
) -> Scored:
    """Score a log-latency slice by normal scores of its residuals, by cell (weekday).

    ``scale`` is the slice's ``phi`` (:mod:`taut.signal.model.dispersion`). ``memo``, one
    dict per slice, keeps the monitored cases' normal scores between the slice's latency
    and spread metrics, which read the same ones (only the detector and ``phi`` differ).
    """
    later = ~early
    monitored = None if memo is None else memo.get("scores")
    if monitored is None:
        residuals = values - conditions.expected(model.expected)
        if wider is not None:
            if isinstance(wider, tuple):
                wider = SortedCells(residuals=wider[0], labels=wider[1])
            # The whole check's median and sorted cells are found once, for every slice.
            wider = wider.shifted(median(residuals[early]) - wider.middle)
        # Only the monitored cases are scored: a score depends on its residual and its
        # reference alone, and the baseline cases' own scores are never read.
        monitored = normal_scores(
            residuals[later],
            baseline=residuals[early],
            cells=cells[later],
            baseline_cells=cells[early],
            wider=wider,
        )
        if memo is not None:
            memo["scores"] = monitored
    baseline = standard_latency(max(1, round(int(np.count_nonzero(early)) / scale)))
    increments: Increments
    linear_detector = as_linear(detector)
    if linear_detector is not None:
        linear = linear_detector.linear_increments(monitored, baseline=baseline)
        increments = linear.scaled(scale) if scale != 1.0 else linear
    else:
        increments = detector.increments(monitored, baseline=baseline)
        if scale != 1.0:
            increments /= scale  # in place: the increments of a long stream are large
    return Scored(
        values=monitored,
        increments=increments,
        baseline=baseline,
        detector=detector,
        scale=scale,
    )


def too_coarse(log_latency: FloatArray) -> bool:
    """Whether baseline times are too tied to watch the time taken and its spread.

    Times recorded to the day (every latency a multiple of 24 hours), or a step that
    usually happens at the very same minute, leave a few values holding most cases; the
    median, the spread and the normal scores of such a stream do not move smoothly, so
    the latency and spread detectors would read ties as change. The rule: below the
    largest value (the cap, where cases still open at four times the limit sit), fewer
    than ``MIN_DISTINCT_TIMES`` distinct values, or one value holding more than
    ``MAX_TIED_SHARE`` of the cases. Such a check is watched on its overdue stream only.

    >>> too_coarse(np.log(np.r_[np.full(90, 1 / 60), np.full(10, 24.0)]))
    True
    >>> too_coarse(np.log(np.random.default_rng(0).lognormal(2.0, 1.0, 200)))
    False
    """
    below = log_latency[log_latency < log_latency.max()]
    if below.size == 0:
        return True
    _, counts = np.unique(below, return_counts=True)
    return bool(counts.size < MIN_DISTINCT_TIMES or counts.max() > MAX_TIED_SHARE * below.size)


@dataclass(frozen=True, eq=False)
class CheckModels:
    """The whole check's baseline models (:mod:`taut.signal.model.adjust`) and latency residuals.

    Attributes:
        rates: the risk model of its miss rate (``None`` without baseline cases).
        latency: the risk model of its log-latency (``None`` without enough timed cases).
        residuals: the baseline's log-latency residuals and their weekdays (a segment's
            thin weekday cells borrow from them).
        multi: for a ``complete`` check with several fields, the baseline share of misses
            with two or more blank fields (:func:`~taut.signal.detectors.baseline.several_blanks`);
            ``None`` otherwise.
        day_rho: per metric, the intra-day correlation of its baseline residuals
            (:func:`~taut.signal.model.dispersion.day_correlation`); missing means 0.
    """

    rates: RateModel | None
    latency: LatencyModel | None
    residuals: SortedCells | None
    multi: float | None = None
    day_rho: dict[Metric, float] = field(default_factory=dict)

    @classmethod
    def fit(cls, whole: SlicePart, *, conditions: Conditions, in_baseline: Mask) -> CheckModels:
        """Fit on the whole check's cases anchored in the baseline window (``in_baseline``)."""
        cases, streams = whole.cases, whole.streams
        missed = streams["missed"]
        early = in_baseline[missed.cases]
        rates = None
        rho: dict[Metric, float] = {}
        if early.any():
            rows = missed.cases[early]
            design = conditions.take(rows).design()
            rates = RateModel.fit(design, missed.values[early])
            p0 = rates.expected(design)
            rho["missed"] = day_correlation(
                missed.values[early] - p0, variances=p0 * (1.0 - p0), days=cases.day[rows]
            )
        if "latency" not in streams:
            multi = None if missed.counts is None else several_blanks(missed.counts[early])
            return cls(rates=rates, latency=None, residuals=None, multi=multi, day_rho=rho)
        timed = streams["latency"]
        rows = timed.cases[in_baseline[timed.cases]]
        if rows.size < MIN_LATENCY_CASES:
            return cls(rates=rates, latency=None, residuals=None, day_rho=rho)
        values = timed.values[in_baseline[timed.cases]]
        if too_coarse(values):
            logger.info(
                "%s: baseline times are too coarse or tied to watch as times (%d values); "
                "only the overdue stream is watched",
                cases.check,
                values.size,
            )
            return cls(rates=rates, latency=None, residuals=None, day_rho=rho)
        design = conditions.take(rows).design()
        latency = LatencyModel.fit(design, values)
        residuals = values - latency.expected(design)
        weekdays = cases.labels["weekday"][rows]
        scores = normal_scores(
            residuals, baseline=residuals, cells=weekdays, baseline_cells=weekdays
        )
        rho["latency"] = day_correlation(scores, variances=1.0, days=cases.day[rows])
        # Squares of jointly normal scores correlate as the square of their correlation;
        # the squares' own moment estimate is heavy-tailed and often fails the gate.
        rho["spread"] = max(
            day_correlation(scores**2 - 1.0, variances=2.0, days=cases.day[rows]),
            rho["latency"] ** 2,
        )
        wider = SortedCells(residuals=residuals, labels=weekdays)
        return cls(rates=rates, latency=latency, residuals=wider, day_rho=rho)


@dataclass(frozen=True, eq=False)
class SlicePart:
    """One watched slice of a check: its segment, mask, cases and metric streams."""

    segment: SegmentKey
    mask: Mask
    cases: CheckCases
    streams: dict[Metric, DecidedStream]

    @classmethod
    def of(
        cls,
        cases: CheckCases,
        *,
        segment: SegmentKey,
        mask: Mask,
        check: Check,
        as_of_hours: float,
        labels: bool = True,
        rows: npt.NDArray[np.intp] | None = None,
    ) -> SlicePart:
        """The slice of ``cases`` under ``mask``, with its streams as of ``as_of_hours``.

        ``labels=False`` leaves the segment labels out of the slice's cases
        (:meth:`~taut.signal.inputs.casebook.CheckCases.subset`); ``rows``, when given,
        are the mask's row numbers.
        """
        part = cases.subset(mask, labels=labels, rows=rows)
        streams = metric_streams(part, check=check, as_of_hours=as_of_hours)
        return cls(segment=segment, mask=mask, cases=part, streams=streams)


def rate_evidence(
    cases: CheckCases,
    *,
    segments: list[tuple[SegmentKey, Mask]],
    check: Check,
    as_of_hours: float,
    models: CheckModels,
    conditions: Conditions,
    in_baseline: Mask,
    keep: dict[SegmentKey, SlicePart] | None = None,
    rows: dict[SegmentKey, npt.NDArray[np.intp]] | None = None,
) -> dict[SegmentKey, OwnRate]:
    """Each slice's baseline misses against the whole check's risk model (``()``: whole).

    Slices are read one at a time, their ``missed`` stream alone, so a check with many
    segments never holds every segment's copy of its cases at once. Unless ``keep`` is
    given: then each segment's whole :class:`SlicePart` (without labels) is built and
    kept there, for the caller to watch without building it again (a small check's).
    ``rows``, when given, holds each segment's ``np.flatnonzero(mask)`` (found once by the
    caller, which reads them again).
    """
    if models.rates is None:
        return {}
    evidence: dict[SegmentKey, OwnRate] = {}
    for segment, mask in segments:
        at = rows[segment] if rows is not None else np.flatnonzero(mask)
        if keep is not None and segment:
            piece = SlicePart.of(
                cases,
                segment=segment,
                mask=mask,
                check=check,
                as_of_hours=as_of_hours,
                labels=False,
                rows=at,
            )
            keep[segment] = piece
            stream = piece.streams["missed"]
        else:
            stream = missed_stream(
                cases.subset(mask, labels=False, rows=at), check=check, as_of_hours=as_of_hours
            )
        taken = at[stream.cases]
        early = in_baseline[taken]
        evidence[segment] = OwnRate.of(
            conditions.take(taken[early]).expected(models.rates.expected), stream.values[early]
        )
    return evidence
