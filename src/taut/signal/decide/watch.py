"""Watch one check: its streams, baselines, thresholds and detectors, as a whole and by segment.

For every watched slice of a check (the whole check and each segment with enough data,
:mod:`taut.signal.inputs.segments`) and every metric of its kind, :func:`watch_check`:

1. builds the stream of settled cases in anchor order (:mod:`taut.signal.inputs.streams`):
   ``missed`` is "overdue at the limit" for ``within`` checks (0/1 settled at
   ``anchor + limit``) and the missed 0/1 for the other kinds (settled at ``anchor +
   within`` for ``present``, at the anchor for ``complete`` and ``order``); ``within``
   checks add ``latency`` and ``spread`` on the capped log-latency (cap: four times the
   limit). Pending cases are left out;
2. fits the whole check's risk model on the cases anchored in the baseline window
   (:mod:`taut.signal.model.adjust`) and scores each slice against it
   (:mod:`taut.signal.model.scoring`),
   with the slice's own residual distribution and its own miss-rate offset, pooled with
   the whole check's by empirical Bayes (:mod:`taut.signal.model.pooling`): a segment's ten
   baseline misses say little alone, and its threshold is calibrated on the effective
   baseline cases the pooled rate is worth;
3. sets each stream's threshold from one false-alarm budget shared by all the check's
   slices and metrics, read from :mod:`taut.signal.thresholds.lookup`. ``B`` is the nominal
   budget that realises the check's budget in a whole scan
   (:class:`~taut.signal.thresholds.calibrate.ScanCalibration`; by default one false signal per
   check-year). It is split by weighted Bonferroni: the whole check's ``M`` metric streams
   share ``WHOLE_SHARE`` of it (half, when there are segments) and the ``G`` segments' ``G *
   M`` streams share the rest evenly, so ``ARL0_s = M * n_s / (WHOLE_SHARE * B)`` for a whole
   stream and ``G * M * n_s / ((1 - WHOLE_SHARE) * B)`` for a segment's
   (:func:`~taut.signal.thresholds.calibrate.stream_arl0`, ``n_s`` the stream's cases a year). Most
   loosening is spread over a check, and the whole stream sees it first; the weight keeps
   that stream's threshold from growing with the number of segments, at a small cost
   (``log 2`` nats of threshold) to a drift confined to one segment;
4. scans the cases after the baseline window with the metric's up-detector
   (:class:`~taut.signal.detectors.glr.BernoulliGlr`, or
   :class:`~taut.signal.detectors.blanks.BlankGlr` on
   the blank fields per case of a ``complete`` check with several fields;
   :class:`~taut.signal.detectors.latency.LatencyGlr`,
   :class:`~taut.signal.detectors.scale.ScaleGlr`) and
   turns the result into a
   :class:`~taut.signal.state.CheckState` (rules in :mod:`taut.signal.state`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from taut.contract.models import Area, Check, WithinRule
from taut.signal.decide.dating import change_start, recovered
from taut.signal.detectors.baseline import (
    MIN_LATENCY_CASES,
    BaselineEstimate,
    LatencyBaseline,
    RateBaseline,
)
from taut.signal.detectors.detector import (
    Detection,
    Detector,
    Direction,
    FloatArray,
    scan_increments,
)
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.inputs.casebook import CheckCases, LabelArray
from taut.signal.inputs.segments import Mask, SegmentKey
from taut.signal.inputs.streams import DecidedStream
from taut.signal.model.adjust import design
from taut.signal.model.dispersion import inflation
from taut.signal.model.pooling import PooledRate, pool_segments
from taut.signal.model.scoring import (
    CheckModels,
    Scored,
    SlicePart,
    rate_evidence,
    score_latency,
    score_rate,
)
from taut.signal.state import LOOSENING, CheckState, Metric, State
from taut.signal.thresholds.calibrate import SCAN_CALIBRATION, ScanCalibration, stream_arl0
from taut.signal.thresholds.lookup import threshold_for

logger = logging.getLogger(__name__)

WHOLE_SHARE = 0.5
CURRENT_DAYS = 28
MIN_EXPECTED_EVENTS = 5.0
EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - naive UTC, as the event table's ts


@dataclass(frozen=True, kw_only=True)
class WatchSettings:
    """How one check is watched.

    Attributes:
        as_of_hours: the end of the data, hours since the epoch (UTC).
        timezone: the contract's time zone (for ``since`` and ``raised`` days).
        in_baseline: which of the check's cases are anchored in the baseline window.
        baseline_end_hours: the end of the baseline window (hours since the epoch, UTC);
            the monitored stream is every case known after it, whatever its anchor, so
            the stream of arrivals carries on without a gap that only fast cases fill.
        false_alarms_per_year: the check's yearly false-alarm budget over all its streams.
        calibration: maps that budget to the nominal one split over the streams.
    """

    as_of_hours: float
    timezone: str
    in_baseline: Mask
    baseline_end_hours: float
    baseline_end_day: date
    false_alarms_per_year: float = 1.0
    calibration: ScanCalibration = SCAN_CALIBRATION


def detector_for(metric: Metric, direction: Direction = "up") -> Detector:
    """The detector that watches ``metric``.

    >>> detector_for("latency").name
    'latency_glr'
    """
    if metric == "missed":
        return BernoulliGlr(direction=direction)
    if metric == "latency":
        return LatencyGlr(direction=direction)
    return ScaleGlr(direction=direction)


def metric_value(metric: Metric, values: FloatArray) -> float | None:
    """The metric of a stream's values: share missed, median hours, or p75/p25.

    >>> metric_value("missed", np.array([0.0, 1.0, 0.0, 0.0]))
    0.25
    """
    if values.size == 0:
        return None
    if metric == "missed":
        return float(values.mean())
    if metric == "latency":
        return float(np.exp(np.median(values)))
    low, high = np.quantile(values, [0.25, 0.75])
    return float(np.exp(high - low))


def local_day(hours: float, *, timezone: str) -> date:
    """The local day of an instant given in hours since the epoch (UTC).

    >>> local_day(24.0 * 20_000 + 3.0, timezone="America/Chicago")
    datetime.date(2024, 10, 3)
    """
    instant = (EPOCH + timedelta(hours=float(hours))).replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True, kw_only=True)
class _Slice:
    area: Area
    check: Check
    segment: SegmentKey
    metric: Metric


def _state(
    where: _Slice,
    stream: DecidedStream,
    base_values: FloatArray,
    cases: CheckCases,
    *,
    scored: Scored,
    reference: BaselineEstimate,
    arl0: float,
    settings: WatchSettings,
) -> CheckState | None:
    metric = where.metric
    detector = scored.detector
    try:
        threshold = threshold_for(
            detector=detector, baseline=scored.baseline, arl0=max(arl0 / scored.scale, 2.0)
        )
    except ValueError as error:
        logger.debug("No threshold for %s %s: %s", where.check.id, metric, error)
        return None
    found = scan_increments(scored.increments, threshold=threshold, sizes=detector.sizes())
    baseline = metric_value(metric, base_values)
    recent = stream.known_at > settings.as_of_hours - CURRENT_DAYS * 24.0
    state: State = "steady"
    since: date | None = None
    raised: date | None = None
    window = stream.values[recent]
    confidence = found.evidence
    if found.alarm is not None and found.since is not None:
        values, base_for_start = scored.values, reference
        if isinstance(reference, LatencyBaseline) and metric == "spread":
            values = reference.outside_band(values)
            base_for_start = RateBaseline(rate=reference.outside)
        start = change_start(
            values, end=found.alarm, baseline=base_for_start, prior_cases=int(base_values.size)
        )
        found = Detection(
            alarm=found.alarm,
            since=start,
            statistic=found.statistic,
            threshold=found.threshold,
            size=found.size,
        )
        back = recovered(metric, scored.values, found, recent=recent, baseline=reference)
        state = "recovering" if back else "drifting"
        window = stream.values[found.since :]
        confidence = float(found.statistic.max()) / threshold
        raised = local_day(float(stream.known_at[found.alarm]), timezone=settings.timezone)
    current = metric_value(metric, window)
    worse = current is not None and baseline is not None and current > baseline
    if state == "steady" and found.since is not None and found.evidence >= LOOSENING:
        state = "loosening" if worse else "steady"
    if state == "drifting" and not worse:
        # e.g. a spread alarm raised by a shift of the whole distribution (the latency
        # metric reports it) or by faster cases: not a loosening of this metric.
        state, raised = "steady", None
    if state != "steady" and found.since is not None:
        first_day = settings.baseline_end_day + timedelta(days=1)
        since = max(cases.day[stream.cases[found.since]].item(), first_day)
    p90 = None
    if metric == "latency":
        now = float(np.exp(np.quantile(window, 0.9))) if window.size else None
        p90 = (float(np.exp(np.quantile(base_values, 0.9))), now)
    return CheckState(
        area=where.area.name,
        check=where.check.id,
        risk=where.area.risk,
        metric=metric,
        segment=dict(where.segment) or None,
        state=state,
        since=since,
        raised=raised,
        baseline=float(baseline) if baseline is not None else float("nan"),
        current=current,
        baseline_cases=int(base_values.size),
        cases=int(window.size),
        confidence=round(confidence, 3),
        p90=p90,
    )


def _scored(
    metric: Metric,
    stream: DecidedStream,
    *,
    early: Mask,
    covariates: FloatArray,
    cells: LabelArray,
    models: CheckModels,
    segment: bool,
    pooled: PooledRate | None,
    days: npt.NDArray[np.datetime64],
    memo: dict[str, FloatArray] | None = None,
) -> tuple[Scored, BaselineEstimate] | None:
    """The slice's detector input and its reference baseline for dating and recovery.

    ``days`` are the anchor days of the slice's baseline cases in this stream, for its
    share of the intra-day correlation (:func:`~taut.signal.model.dispersion.inflation`);
    ``memo`` keeps the slice's normal scores from its latency to its spread metric.
    """
    rates, latency = models.rates, models.latency
    scale = inflation(models.day_rho.get(metric, 0.0), days=days)
    if metric == "missed":
        if rates is None:
            return None
        blanks = None
        if stream.counts is not None and models.multi is not None:
            blanks = (stream.counts, models.multi)
        scored, expected = score_rate(
            model=rates,
            covariates=covariates,
            values=stream.values,
            early=early,
            offset=pooled.offset if pooled else 0.0,
            cases=pooled.cases if pooled else int(np.count_nonzero(early)),
            blanks=blanks,
            scale=scale,
        )
        return scored, RateBaseline(rate=float(np.clip(expected.mean(), 1e-4, 0.999)))
    if latency is None or np.count_nonzero(early) < MIN_LATENCY_CASES:
        return None
    scored = score_latency(
        model=latency,
        covariates=covariates,
        values=stream.values,
        early=early,
        cells=cells,
        wider=models.residuals if segment else None,
        detector=detector_for(metric),
        scale=scale,
        memo=memo,
    )
    return scored, scored.baseline


def watch_check(
    cases: CheckCases,
    *,
    area: Area,
    check: Check,
    segments: list[tuple[SegmentKey, Mask]],
    settings: WatchSettings,
) -> list[CheckState]:
    """Every watched slice and metric of one check, with its state (module docstring).

    Args:
        cases: the check's cases.
        area: its area (name and risk).
        check: the check.
        segments: the slices to watch (:func:`~taut.signal.inputs.segments.watched_segments`).
        settings: the end of the data, the time zone, the baseline window and the budget.
    """
    groups = sum(1 for segment, _ in segments if segment)
    whole_share = WHOLE_SHARE if groups else 1.0
    first = float(np.nanmin(cases.anchor)) if cases.size else settings.as_of_hours
    years = max(settings.as_of_hours - first, CURRENT_DAYS * 24.0) / (24.0 * 365.25)
    states: list[CheckState] = []
    covariates = design(cases)
    whole = SlicePart.of(
        cases,
        segment=(),
        mask=np.ones(cases.size, dtype=bool),
        check=check,
        as_of_hours=settings.as_of_hours,
    )
    models = CheckModels.fit(whole, covariates=covariates, in_baseline=settings.in_baseline)
    timed = isinstance(check.rule, WithinRule) and models.latency is not None
    metrics: tuple[Metric, ...] = ("missed", "latency", "spread") if timed else ("missed",)
    nominal = settings.calibration.nominal(
        settings.false_alarms_per_year, cases_per_year=max(cases.size / years, 1.0)
    )
    evidence = rate_evidence(
        cases,
        segments=segments,
        check=check,
        as_of_hours=settings.as_of_hours,
        models=models,
        covariates=covariates,
        in_baseline=settings.in_baseline,
    )
    whole_rate = evidence.pop((), None)
    pooled = pool_segments(
        evidence, whole_information=whole_rate.information if whole_rate else 0.0
    )
    for segment, mask in segments:
        # One slice at a time: a segment's copy of the cases lives only while it is watched.
        piece = (
            SlicePart.of(
                cases, segment=segment, mask=mask, check=check, as_of_hours=settings.as_of_hours
            )
            if segment
            else whole
        )
        part, streams = piece.cases, piece.streams
        rows = np.flatnonzero(mask)
        in_baseline = settings.in_baseline[rows]
        memo: dict[str, FloatArray] = {}
        for metric in metrics:
            stream = streams["latency" if metric == "spread" else metric]
            early = in_baseline[stream.cases]
            later = ~early
            if not early.any() or not later.any():
                continue
            if segment and metric == "missed":
                own = evidence.get(segment)
                if own is None or own.expected < MIN_EXPECTED_EVENTS:
                    continue  # too few misses expected in the baseline to estimate its rate
            share = (1.0 - whole_share) if segment else whole_share
            arl0 = stream_arl0(
                cases_per_year=max(stream.values.size / years, 2.0),
                streams=(groups if segment else 1) * len(metrics),
                false_alarms_per_year=share * nominal,
            )
            inputs = _scored(
                metric,
                stream,
                early=early,
                covariates=covariates[rows[stream.cases]],
                cells=part.labels["weekday"][stream.cases],
                models=models,
                segment=bool(segment),
                pooled=pooled.get(segment),
                days=part.day[stream.cases[early]],
                memo=memo,
            )
            if inputs is None:
                continue
            monitored = stream.part(later)
            where = _Slice(area=area, check=check, segment=segment, metric=metric)
            found = _state(
                where,
                monitored,
                stream.values[early],
                part,
                scored=inputs[0],
                reference=inputs[1],
                arl0=arl0,
                settings=settings,
            )
            if found is not None:
                states.append(found)
    return states
