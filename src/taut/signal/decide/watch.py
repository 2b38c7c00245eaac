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
   slices and metrics (:mod:`taut.signal.allocation`: the scan calibration, then a
   weighted Bonferroni split between the whole check's streams and its segments'), read
   from :mod:`taut.signal.thresholds.lookup`;
4. scans the cases after the baseline window with the metric's up-detector, the one the
   registry chooses (:func:`~taut.signal.detectors.registry.watcher`), and turns the
   result into a :class:`~taut.signal.state.CheckState` in named steps
   (:func:`~taut.signal.decide.slice_state.watch_slice`):
   threshold lookup, scanning, dating (:func:`~taut.signal.decide.dating.change_start`),
   recovery (:func:`~taut.signal.decide.dating.recovered`), then the state rules
   (:func:`~taut.signal.decide.classify.classify`).

A slice or metric that cannot be watched (no baseline cases, no cases after the baseline
window yet, too few misses expected in a segment's baseline, times too coarse to watch, no
threshold for its false-alarm rate) is not dropped: it comes back as a
:class:`~taut.signal.state.NotWatched` record with its reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.contract.models import Area, Check, WithinRule
from taut.signal.allocation import BudgetSplit
from taut.signal.decide.slice_inputs import (
    CURRENT_DAYS,
    SliceInputs,
    WatchSettings,
    not_watched,
)
from taut.signal.decide.slice_state import watch_slice
from taut.signal.detectors.baseline import MIN_LATENCY_CASES, BaselineEstimate, RateBaseline
from taut.signal.detectors.detector import FloatArray
from taut.signal.detectors.registry import watcher
from taut.signal.inputs.casebook import CheckCases, LabelArray, distinct_labels
from taut.signal.inputs.dimensions import DAY_PART
from taut.signal.inputs.resolution import DAY_PART_REASON, TIMED_REASONS
from taut.signal.inputs.segments import Mask, SegmentKey, SegmentPolicy
from taut.signal.inputs.streams import DecidedStream
from taut.signal.model.adjust import design
from taut.signal.model.conditions import Conditions
from taut.signal.model.dispersion import inflation
from taut.signal.model.pooling import OwnRate, PooledRate, pool_segments
from taut.signal.model.scoring import (
    CheckModels,
    Scored,
    SlicePart,
    rate_evidence,
    score_latency,
    score_rate,
)
from taut.signal.state import METRICS, CheckState, Metric, NotWatched

logger = logging.getLogger(__name__)

MIN_EXPECTED_EVENTS = 5.0
KEEP_SLICE_CASES = 4_000_000
"""Segments' cases (summed over a check's segments) up to which each segment's slice is
built once and kept from its rate evidence to its watch (about 72 bytes a case, so under
300 MB); a larger check builds each twice rather than hold every copy at once."""


@dataclass(frozen=True, kw_only=True)
class Watched:
    """What watching one check gave: a state per watched slice and metric, and the rest.

    Attributes:
        states: the state of every slice and metric that was watched.
        not_watched: every slice and metric that could not be, each with its reason.
    """

    states: tuple[CheckState, ...]
    not_watched: tuple[NotWatched, ...]


def _scored(
    metric: Metric,
    stream: DecidedStream,
    *,
    early: Mask,
    conditions: Conditions,
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
            conditions=conditions,
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
        conditions=conditions,
        values=stream.values,
        early=early,
        cells=cells,
        wider=models.residuals if segment else None,
        detector=watcher(metric, stream="latency"),
        scale=scale,
        memo=memo,
    )
    return scored, scored.baseline


def _untimed_reason(whole: SlicePart, *, in_baseline: Mask) -> str:
    """Why a ``within`` check's time taken and spread are not watched (no latency model)."""
    timed = whole.streams.get("latency")
    count = 0 if timed is None else int(np.count_nonzero(in_baseline[timed.cases]))
    if count < MIN_LATENCY_CASES:
        return (
            f"only {count} cases with a time taken in the baseline window; the time taken "
            f"needs {MIN_LATENCY_CASES}. Set a later baseline.until in taut.yaml"
        )
    return (
        "its times in the baseline window are too coarse or tied to watch as times "
        "(recorded to the day, or most at the very same minute); only the share overdue is "
        "watched"
    )


def _unwatchable(
    metric: Metric, *, early: Mask, segment: SegmentKey, own: OwnRate | None
) -> str | None:
    """Why a slice's metric stream cannot be watched at all, or ``None`` when it can."""
    if not early.any():
        return "no settled case in the baseline window to compare with"
    if early.all():
        return "no case settled after the baseline window yet"
    if segment and metric == "missed" and (own is None or own.expected < MIN_EXPECTED_EVENTS):
        expected = 0.0 if own is None else own.expected
        return (
            f"about {expected:.1f} misses expected in its baseline window, fewer than the "
            f"{MIN_EXPECTED_EVENTS:g} needed to estimate its own miss rate; the whole check's "
            "share missed is watched. A longer baseline (baseline.weeks in taut.yaml) gives "
            "it more"
        )
    if metric != "missed" and np.count_nonzero(early) < MIN_LATENCY_CASES:
        return (
            f"only {int(np.count_nonzero(early))} timed cases in its baseline window; the "
            f"time taken needs {MIN_LATENCY_CASES}"
        )
    return None


def unwatched_segments(
    cases: CheckCases,
    *,
    area: Area,
    check: Check,
    in_baseline: Mask,
    watched: list[tuple[SegmentKey, Mask]],
    policy: SegmentPolicy,
    people: dict[str, int] | None = None,
) -> list[NotWatched]:
    """The segments :func:`~taut.signal.inputs.segments.watched_segments` left out, and why.

    Every value of every label dimension that is not watched on its own: too few decided
    cases in the baseline window (a value first seen after it has none), or a team of
    fewer than ``policy.min_people`` people. A value that holds every case of the check
    is the whole check, watched as such, and is not listed. A check whose times are
    recorded to the day has no day-part segment at all: a record for each of its two
    labels says so. Each is one record with
    ``metric=None``: no metric of it is watched on its own (its cases still count in the
    whole check).
    """
    chosen = {segment for segment, _ in watched}
    decided = in_baseline & ~np.isnan(cases.missed)
    found: list[NotWatched] = []
    if cases.day_only and DAY_PART.cut is not None:
        found.extend(
            not_watched(
                area=area,
                check=check,
                segment=((DAY_PART.name, label),),
                metric=None,
                reason=DAY_PART_REASON,
            )
            for label in (DAY_PART.cut.outside, DAY_PART.cut.inside)
        )
    for dimension, labels in cases.labels.items():
        values = sorted({str(value) for value in distinct_labels(labels) if value is not None})
        for value in values:
            segment: SegmentKey = ((dimension, value),)
            if segment in chosen:
                continue
            mask = np.asarray(labels == value, dtype=bool)
            if np.count_nonzero(mask) == cases.size:
                continue
            base_cases = np.count_nonzero(mask & decided)
            if base_cases < policy.min_baseline_cases:
                reason = (
                    f"only {int(base_cases)} decided cases in the baseline window; a segment is "
                    f"watched on its own from {policy.min_baseline_cases} (a longer baseline, "
                    "baseline.weeks in taut.yaml, gives it more). Its cases count in the whole "
                    "check"
                )
            elif dimension == "team" and people is not None:
                reason = (
                    f"fewer than {policy.min_people} people worked on this team, so it is not "
                    "watched on its own: no statement about a team may be about one person. "
                    "Its cases count in the whole check"
                )
            else:  # pragma: no cover - watched_segments has no other rule
                reason = "not chosen as a segment to watch on its own"
            found.append(
                not_watched(area=area, check=check, segment=segment, metric=None, reason=reason)
            )
    return found


def _slice_part(
    cases: CheckCases,
    *,
    segment: SegmentKey,
    mask: Mask,
    whole: SlicePart,
    kept: dict[SegmentKey, SlicePart] | None,
    check: Check,
    as_of_hours: float,
    rows: npt.NDArray[np.intp],
) -> SlicePart:
    """A slice to watch: the whole check, a small check's segment kept by its rate evidence,
    or a segment built now without its labels (the weekday cells are read from the
    check's own, by row)."""
    if not segment:
        return whole
    piece = kept.pop(segment, None) if kept is not None else None
    if piece is not None:
        return piece
    return SlicePart.of(
        cases,
        segment=segment,
        mask=mask,
        check=check,
        as_of_hours=as_of_hours,
        labels=False,
        rows=rows,
    )


def watch_check(
    cases: CheckCases,
    *,
    area: Area,
    check: Check,
    segments: list[tuple[SegmentKey, Mask]],
    settings: WatchSettings,
) -> Watched:
    """Every watched slice and metric of one check, with its state (module docstring).

    Args:
        cases: the check's cases.
        area: its area (name and risk).
        check: the check.
        segments: the slices to watch (:func:`~taut.signal.inputs.segments.watched_segments`).
        settings: the end of the data, the time zone, the baseline window and the budget.
    """
    groups = sum(1 for segment, _ in segments if segment)
    first = float(np.nanmin(cases.anchor)) if cases.size else settings.as_of_hours
    years = max(settings.as_of_hours - first, CURRENT_DAYS * 24.0) / (24.0 * 365.25)
    states: list[CheckState] = []
    skipped: list[NotWatched] = []
    conditions = Conditions.of(design(cases))
    whole = SlicePart.of(
        cases,
        segment=(),
        mask=np.ones(cases.size, dtype=bool),
        check=check,
        as_of_hours=settings.as_of_hours,
    )
    models = CheckModels.fit(whole, conditions=conditions, in_baseline=settings.in_baseline)
    timed = isinstance(check.rule, WithinRule) and models.latency is not None
    timed = timed and not cases.day_only
    metrics: tuple[Metric, ...] = METRICS if timed else ("missed",)
    if isinstance(check.rule, WithinRule) and not timed:
        reason = _untimed_reason(whole, in_baseline=settings.in_baseline)
        skipped.extend(
            not_watched(
                area=area,
                check=check,
                segment=(),
                metric=metric,
                reason=TIMED_REASONS[metric] if cases.day_only else reason,
            )
            for metric in METRICS[1:]
        )
    budget = BudgetSplit.of(
        false_alarms_per_year=settings.false_alarms_per_year,
        calibration=settings.calibration,
        cases=cases.size,
        years=years,
        segments=groups,
        metrics=len(metrics),
    )
    in_segments = sum(int(np.count_nonzero(mask)) for segment, mask in segments if segment)
    kept: dict[SegmentKey, SlicePart] | None = {} if in_segments <= KEEP_SLICE_CASES else None
    # Each slice's row numbers, found once: its rate evidence, its cases and its cells read them.
    at_rows = {segment: np.flatnonzero(mask) for segment, mask in segments}
    evidence = rate_evidence(
        cases,
        segments=segments,
        check=check,
        as_of_hours=settings.as_of_hours,
        models=models,
        conditions=conditions,
        in_baseline=settings.in_baseline,
        keep=kept,
        rows=at_rows,
    )
    whole_rate = evidence.pop((), None)
    pooled = pool_segments(
        evidence, whole_information=whole_rate.information if whole_rate else 0.0
    )
    weekdays = cases.labels["weekday"]
    for segment, mask in segments:
        # One slice at a time: a segment's copy of the cases lives only while it is watched.
        piece = _slice_part(
            cases,
            segment=segment,
            mask=mask,
            whole=whole,
            kept=kept,
            check=check,
            as_of_hours=settings.as_of_hours,
            rows=at_rows[segment],
        )
        part, streams = piece.cases, piece.streams
        rows = at_rows[segment]
        in_baseline = settings.in_baseline[rows]
        memo: dict[str, FloatArray] = {}
        # A stream's rows, conditions and weekdays, read once for the metrics sharing it.
        gathered: dict[str, tuple[Conditions, LabelArray]] = {}
        for metric in metrics:
            name = "latency" if metric == "spread" else metric
            stream = streams[name]
            early = in_baseline[stream.cases]
            unwatchable = _unwatchable(
                metric, early=early, segment=segment, own=evidence.get(segment)
            )
            if unwatchable is not None:
                skipped.append(
                    not_watched(
                        area=area, check=check, segment=segment, metric=metric, reason=unwatchable
                    )
                )
                continue
            if name not in gathered:
                at = rows[stream.cases]
                gathered[name] = (conditions.take(at), weekdays[at])
            scored = _scored(
                metric,
                stream,
                early=early,
                conditions=gathered[name][0],
                cells=gathered[name][1],
                models=models,
                segment=bool(segment),
                pooled=pooled.get(segment),
                days=part.day[stream.cases[early]],
                memo=memo,
            )
            if scored is None:  # no baseline model of the whole check for this metric
                reason = "the whole check has no baseline model for it"
                skipped.append(
                    not_watched(
                        area=area, check=check, segment=segment, metric=metric, reason=reason
                    )
                )
                continue
            inputs = SliceInputs(
                area=area,
                check=check,
                segment=segment,
                metric=metric,
                stream=stream.part(~early),
                base_values=stream.values[early],
                cases=part,
                scored=scored[0],
                reference=scored[1],
                arl0=budget.arl0(stream_cases=stream.values.size, segment=bool(segment)),
            )
            found = watch_slice(inputs, settings=settings)
            if isinstance(found, NotWatched):
                skipped.append(found)
            else:
                states.append(found)
    return Watched(states=tuple(states), not_watched=tuple(skipped))
