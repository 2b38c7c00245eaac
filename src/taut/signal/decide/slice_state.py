"""The state of one watched slice, in named steps: threshold, scan, dating, recovery, rules.

:mod:`taut.signal.decide.watch` prepares each slice and metric of a check as a
:class:`SliceInputs` record (its monitored stream, its baseline values, the detector's
scored input and its share of the false-alarm budget as an ``ARL0``); :func:`watch_slice`
turns it into a :class:`~taut.signal.state.CheckState` in five steps, each a function here:

1. :func:`look_up_threshold`: the threshold for the stream's ``ARL0`` over its ``phi``
   (:mod:`taut.signal.thresholds.lookup`); none is a :class:`~taut.signal.state.NotWatched`;
2. :func:`scan_slice`: the up-detector's statistic over the cases after the baseline, and
   its first alarm;
3. :func:`date_change`: an alarm's ``since`` at the change's most likely start (``dating``);
4. recovery: whether the recent cases favour the baseline again (``dating.recovered``);
5. the rules: :func:`~taut.signal.decide.classify.classify` on the slice's facts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from taut.contract.models import Area, Check
from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration
from taut.signal.decide import dating
from taut.signal.decide.classify import LOOSENING, SliceFacts, above, classify
from taut.signal.decide.dating import change_start, level_llr, recovered
from taut.signal.decide.materiality import Commitment, commitment_of, matters
from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.detectors.detector import Detection, FloatArray, scan_increments
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.clock import local_day
from taut.signal.inputs.segments import Mask, SegmentKey
from taut.signal.inputs.streams import DecidedStream
from taut.signal.model.scoring import Scored
from taut.signal.state import CheckState, Metric, NotWatched, State
from taut.signal.thresholds.lookup import threshold_for
from taut.signal.thresholds.table import NoThreshold

logger = logging.getLogger(__name__)

CURRENT_DAYS = 28
MIN_ARL0 = 2.0
EPISODE_DAYS = 56
"""How long an episode must be back at the baseline's level before the statistic restarts
after it (until then it is shown ``recovered``)."""
MAX_EPISODES = 64


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


@dataclass(frozen=True, kw_only=True)
class SliceInputs:
    """One slice and metric, scored and ready to watch.

    Attributes:
        area: the check's area.
        check: the check.
        segment: the slice (``()`` for the whole check).
        metric: the metric watched.
        stream: the monitored part of the stream (the cases known after the baseline).
        base_values: the stream's values in the baseline window.
        cases: the slice's cases (for the anchor days).
        scored: the detector's input (:mod:`taut.signal.model.scoring`).
        reference: the baseline dating and recovery compare with.
        arl0: the stream's share of the budget as an ``ARL0`` (:mod:`taut.signal.allocation`).
    """

    area: Area
    check: Check
    segment: SegmentKey
    metric: Metric
    stream: DecidedStream
    base_values: FloatArray
    cases: CheckCases
    scored: Scored
    reference: BaselineEstimate
    arl0: float

    def skipped(self, reason: str) -> NotWatched:
        """This slice as not watched, for ``reason``."""
        return not_watched(
            area=self.area,
            check=self.check,
            segment=self.segment,
            metric=self.metric,
            reason=reason,
        )


def not_watched(
    *, area: Area, check: Check, segment: SegmentKey, metric: Metric | None, reason: str
) -> NotWatched:
    """The record of a slice and metric (``None``: all) that cannot be watched, for ``reason``."""
    return NotWatched(
        area=area.name, check=check.id, metric=metric, segment=dict(segment) or None, reason=reason
    )


def look_up_threshold(inputs: SliceInputs) -> float:
    """Step 1: the slice's threshold for its ``ARL0``, over its day-to-day ``phi``.

    Raises:
        NoThreshold: when no threshold gives a false-alarm rate that low.
    """
    scored = inputs.scored
    return threshold_for(
        detector=scored.detector,
        baseline=scored.baseline,
        arl0=max(inputs.arl0 / scored.scale, MIN_ARL0),
    )


def scan_slice(inputs: SliceInputs, *, threshold: float, start: int = 0) -> Detection:
    """Step 2: the up-detector's statistic over the monitored cases from ``start`` on (the
    statistic restarted there at zero), and its first alarm, indexed in the whole stream."""
    detector = inputs.scored.detector
    found = scan_increments(
        inputs.scored.increments[..., start:], threshold=threshold, sizes=detector.sizes()
    )
    if start == 0:
        return found
    return Detection(
        alarm=None if found.alarm is None else found.alarm + start,
        since=None if found.since is None else found.since + start,
        statistic=found.statistic,
        threshold=found.threshold,
        size=found.size,
    )


def date_change(inputs: SliceInputs, found: Detection, *, restart: int = 0) -> Detection:
    """Step 3: the alarm with ``since`` at the maximum-likelihood start of the change.

    The start is sought from ``restart`` on, the case the statistic last restarted at.

    For spread, the start is dated on the share of cases outside the baseline's central
    band (a rate), since the normal scores' own level does not move with the spread.
    """
    if found.alarm is None:
        return found
    values, base_for_start = inputs.scored.values, inputs.reference
    if isinstance(base_for_start, LatencyBaseline) and inputs.metric == "spread":
        values = base_for_start.outside_band(values)
        base_for_start = RateBaseline(rate=base_for_start.outside)
    start = change_start(
        values[restart:],
        end=found.alarm - restart,
        baseline=base_for_start,
        prior_cases=int(inputs.base_values.size),
    )
    return Detection(
        alarm=found.alarm,
        since=start + restart,
        statistic=found.statistic,
        threshold=found.threshold,
        size=found.size,
    )


def recent_cases(stream: DecidedStream, *, settings: WatchSettings) -> Mask:
    """The monitored cases known in the last ``CURRENT_DAYS`` days of data."""
    recent: Mask = stream.known_at > settings.as_of_hours - CURRENT_DAYS * 24.0
    return recent


@dataclass(frozen=True, kw_only=True)
class Episode:
    """One scan of a slice from a restart: what it found and the state it gives.

    Attributes:
        found: the detection (dated when there is an alarm).
        state: the state its facts give (:func:`~taut.signal.decide.classify.classify`).
        window: the values behind the current value shown.
        confidence: the statistic's peak (alarm) or last value over its threshold.
    """

    found: Detection
    state: State
    window: FloatArray
    confidence: float


def _episode(
    inputs: SliceInputs,
    *,
    threshold: float,
    start: int,
    recent: Mask,
    settings: WatchSettings,
) -> Episode:
    """Steps 2-5 from the case ``start`` on: scan, date, recovery, then the rules."""
    metric, stream = inputs.metric, inputs.stream
    found = scan_slice(inputs, threshold=threshold, start=start)
    alarm = found.alarm is not None and found.since is not None
    base = inputs.base_values
    recent_values = stream.values[recent]
    back = False
    window = recent_values
    confidence = found.evidence
    if alarm and found.alarm is not None:
        at = found.alarm
        found = date_change(inputs, found, restart=start)
        back = recovered(
            metric, inputs.scored.values, found, recent=recent, baseline=inputs.reference
        )
        window = stream.values[found.since :]
        confidence = float(found.statistic.max()) / threshold
        after = np.zeros(stream.values.size, dtype=bool)
        after[at + 1 :] = True
        if back:
            recent_values = stream.values[after & recent]
    scaled = level_llr(metric, inputs.scored.values[recent], baseline=inputs.reference)
    level = abs(scaled) / inputs.scored.scale
    facts = SliceFacts(
        alarm=alarm,
        recovered=back,
        evidence=found.evidence,
        current=metric_value(metric, window),
        baseline=metric_value(metric, base),
        material=matters(
            metric,
            commitment=_commitment(inputs, window, settings=settings),
            before=base,
            after=window,
        ),
        recent=metric_value(metric, recent_values),
        recent_material=matters(
            metric,
            commitment=_commitment(inputs, stream.values[recent], settings=settings),
            before=base,
            after=recent_values,
        ),
        recent_clear=level > dating.LEVEL_LLR,
        recent_hint=level > dating.LEVEL_HINT_LLR,
    )
    state = classify(facts)
    if state in ("recovering", "recovered", "improved"):
        window = recent_values
    return Episode(found=found, state=state, window=window, confidence=confidence)


def _commitment(
    inputs: SliceInputs,
    window: FloatArray,
    *,
    settings: WatchSettings,
    days: float | None = None,
) -> Commitment:
    """The check's commitment, at the cases a week of ``window``: over ``days``, else (the
    last values of the monitored stream) from its first case's arrival to the end of data."""
    stream = inputs.stream
    if window.size == 0:
        return commitment_of(inputs.check, cases_per_week=0.0)
    if days is None:
        first = float(stream.known_at[stream.values.size - window.size])
        days = (settings.as_of_hours - first) / 24.0
    return commitment_of(inputs.check, cases_per_week=window.size * 7.0 / max(days, 7.0))


def _back_from(inputs: SliceInputs, *, alarm: int, settings: WatchSettings) -> int | None:
    """The first case of the first ``EPISODE_DAYS`` after an alarm that were back at the
    baseline's level (not materially worse), or ``None`` while there is none.

    Candidate stretches start each week after the alarm and must lie wholly in the data,
    so the answer does not move as later weeks arrive: an episode, once over, stays over.
    """
    stream, metric = inputs.stream, inputs.metric
    known = stream.known_at
    first = float(known[alarm])
    weeks = int((settings.as_of_hours - first) / (7 * 24.0)) - EPISODE_DAYS // 7
    for week in range(1, weeks + 1):
        begin = first + week * 7 * 24.0
        inside = (known > begin) & (known <= begin + EPISODE_DAYS * 24.0)
        values = stream.values[inside]
        if values.size == 0:
            continue
        worse = above(metric_value(metric, values), metric_value(metric, inputs.base_values))
        if not worse or not matters(
            metric,
            commitment=_commitment(inputs, values, settings=settings, days=EPISODE_DAYS),
            before=inputs.base_values,
            after=values,
        ):
            return int(np.flatnonzero(inside)[0])
    return None


def _restart(episode: Episode, inputs: SliceInputs, *, settings: WatchSettings) -> int | None:
    """Where the statistic restarts after an episode that is over, or ``None``: right after
    an alarm that is not a loosening (the values since are not worse, or better), or at
    the first ``EPISODE_DAYS`` back at the baseline's level (:func:`_back_from`)."""
    alarm = episode.found.alarm
    if alarm is None:
        return None
    if episode.state in ("steady", "improved"):
        return alarm + 1
    return _back_from(inputs, alarm=alarm, settings=settings)


def watch_slice(inputs: SliceInputs, *, settings: WatchSettings) -> CheckState | NotWatched:
    """The state of one slice and metric: threshold, scan, dating, recovery, then the rules.

    A CUSUM raises once and stays raised; on a long log, an old episode that is over
    (:func:`_restart`) would then hide a later one (on a helpdesk log, an alarm in 2011 whose
    cases since were better than the baseline left the check "steady" through a collapse
    in 2013). So the statistic restarts at zero after such an episode, and the slice's
    state is that of its last episode.

    Returns:
        Its :class:`~taut.signal.state.CheckState`, or a
        :class:`~taut.signal.state.NotWatched` when it has no threshold.
    """
    metric, stream = inputs.metric, inputs.stream
    try:
        threshold = look_up_threshold(inputs)
    except NoThreshold as error:
        logger.debug("No threshold for %s %s: %s", inputs.check.id, metric, error)
        return inputs.skipped(error.because)
    recent = recent_cases(stream, settings=settings)
    start = 0
    for _ in range(MAX_EPISODES):
        episode = _episode(
            inputs, threshold=threshold, start=start, recent=recent, settings=settings
        )
        restart = _restart(episode, inputs, settings=settings)
        if restart is None or restart <= start:
            break
        start = restart
    found, state, window = episode.found, episode.state, episode.window
    raised: date | None = None
    since: date | None = None
    if state not in ("steady", "improved") and found.since is not None:
        first_day = settings.baseline_end_day + timedelta(days=1)
        since = max(inputs.cases.day[stream.cases[found.since]].item(), first_day)
        if found.alarm is not None:
            raised = local_day(float(stream.known_at[found.alarm]), timezone=settings.timezone)
    if state == "loosening" and found.alarm is None and episode.confidence < LOOSENING:
        since = None  # a level shift of the recent weeks: no start is estimated
    baseline = metric_value(metric, inputs.base_values)
    p90 = None
    if metric == "latency":
        now = float(np.exp(np.quantile(window, 0.9))) if window.size else None
        p90 = (float(np.exp(np.quantile(inputs.base_values, 0.9))), now)
    return CheckState(
        area=inputs.area.name,
        check=inputs.check.id,
        risk=inputs.area.risk,
        metric=metric,
        segment=dict(inputs.segment) or None,
        state=state,
        since=since,
        raised=raised,
        baseline=float(baseline) if baseline is not None else float("nan"),
        current=metric_value(metric, window),
        baseline_cases=int(inputs.base_values.size),
        cases=int(window.size),
        confidence=round(episode.confidence, 3),
        p90=p90,
    )
