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

from taut.signal.decide import dating
from taut.signal.decide.classify import LOOSENING, SliceFacts, above, classify
from taut.signal.decide.dating import change_start, level_llr, recovered
from taut.signal.decide.fragility import MIN_CURRENT_CASES
from taut.signal.decide.materiality import (
    Commitment,
    Side,
    commitment_of,
    matters,
    side_of,
    sides_matter,
)
from taut.signal.decide.slice_inputs import (
    CURRENT_DAYS,
    SliceInputs,
    WatchSettings,
    metric_value,
)
from taut.signal.detectors.baseline import LatencyBaseline, RateBaseline
from taut.signal.detectors.detector import Detection, FloatArray, increment_paths, scan_paths
from taut.signal.inputs.clock import local_day
from taut.signal.inputs.segments import Mask
from taut.signal.inputs.streams import DecidedStream
from taut.signal.model.quantiles import quantile
from taut.signal.state import CheckState, Metric, NotWatched, State
from taut.signal.thresholds.lookup import threshold_for
from taut.signal.thresholds.table import NoThreshold

logger = logging.getLogger(__name__)

MIN_ARL0 = 2.0
EPISODE_DAYS = 56
"""How long an episode is back at the baseline's level before the statistic restarts."""
MAX_EPISODES = 64


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
    found = scan_paths(
        increment_paths(inputs.scored.increments, start=start),
        threshold=threshold,
        sizes=detector.sizes(),
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
    """The cases known in the last ``CURRENT_DAYS`` days, or the latest ``MIN_CURRENT_CASES``
    when fewer: the recent level fragility shows (:mod:`taut.signal.decide.fragility`)."""
    recent: Mask = stream.known_at > settings.as_of_hours - CURRENT_DAYS * 24.0
    if int(np.count_nonzero(recent)) >= MIN_CURRENT_CASES:
        return recent
    # ``known_at`` is non-decreasing (a stream's running maximum): the latest cases are
    # its last ones, as a stable sort of it would give, without the sort.
    recent[-MIN_CURRENT_CASES:] = True
    return recent


@dataclass(frozen=True, kw_only=True)
class Episode:
    """One scan of a slice from a restart: what it found and the state it gives.

    Attributes:
        found: the detection (dated when there is an alarm).
        state: the state its facts give (:func:`~taut.signal.decide.classify.classify`).
        window: the values behind the current value shown.
        current: the metric of ``window`` (:func:`~taut.signal.decide.slice_inputs.metric_value`).
        confidence: the statistic's peak (alarm) or last value over its threshold.
        drifted: the metric from the change's start to the alarm; ``None`` without alarm.
    """

    found: Detection
    state: State
    window: FloatArray
    current: float | None
    confidence: float
    drifted: float | None = None


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
    recent_values = stream.values[recent]
    back = False
    window = recent_values
    confidence = found.evidence
    drifted = None
    if alarm and found.alarm is not None:
        at = found.alarm
        found = date_change(inputs, found, restart=start)
        drifted = metric_value(metric, stream.values[found.since : at + 1])
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
    limit = inputs.base_side_limit
    window_side = side_of(metric, window, limit_hours=limit)
    recent_side = (  # without an alarm the window is the recent values: read them once
        window_side
        if window is recent_values
        else side_of(metric, recent_values, limit_hours=limit)
    )
    recent_all = stream.values[recent] if back else recent_values
    facts = SliceFacts(
        alarm=alarm,
        recovered=back,
        evidence=found.evidence,
        current=_value(metric, window, side=window_side),
        baseline=inputs.baseline_value,
        material=sides_matter(
            metric,
            commitment=_commitment(inputs, window, settings=settings),
            before=inputs.base_side,
            after=window_side,
        ),
        recent=_value(metric, recent_values, side=recent_side),
        recent_material=sides_matter(
            metric,
            commitment=_commitment(inputs, recent_all, settings=settings),
            before=inputs.base_side,
            after=recent_side,
        ),
        recent_clear=level > dating.LEVEL_LLR,
        recent_hint=level > dating.LEVEL_HINT_LLR,
    )
    state = classify(facts)
    current = facts.current
    if state in ("recovering", "recovered", "improved"):
        window = recent_values
        current = facts.recent
    return Episode(
        found=found,
        state=state,
        window=window,
        current=current,
        confidence=confidence,
        drifted=drifted,
    )


def _value(metric: Metric, values: FloatArray, *, side: Side) -> float | None:
    """:func:`~taut.signal.decide.slice_inputs.metric_value` of ``values``, whose
    :class:`~taut.signal.decide.materiality.Side` is ``side``: the share missed and the
    median are its level (the same numbers, read once); the spread's p75/p25 is not."""
    if values.size == 0:
        return None
    if metric == "spread":
        return metric_value(metric, values)
    return side.level


def _commitment(
    inputs: SliceInputs,
    window: FloatArray,
    *,
    settings: WatchSettings,
    days: float | None = None,
) -> Commitment:
    """The commitment at ``window``'s cases a week: over ``days``, else since its first case."""
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

    Stretches start each week after the alarm and lie wholly in the data: once over, over.
    """
    stream, metric = inputs.stream, inputs.metric
    known = stream.known_at
    first = float(known[alarm])
    weeks = int((settings.as_of_hours - first) / (7 * 24.0)) - EPISODE_DAYS // 7
    for week in range(1, weeks + 1):
        begin = first + week * 7 * 24.0
        # known_at is non-decreasing: the stretch's cases are one run, found by bisection
        low, high = np.searchsorted(known, [begin, begin + EPISODE_DAYS * 24.0], side="right")
        values = stream.values[low:high]
        if values.size == 0:
            continue
        worse = above(metric_value(metric, values), inputs.baseline_value)
        if not worse or not matters(
            metric,
            commitment=_commitment(inputs, values, settings=settings, days=EPISODE_DAYS),
            before=inputs.base_side,
            after=values,
        ):
            return int(low)
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

    A CUSUM raises once and stays raised, so an old episode that is over (:func:`_restart`)
    would hide a later one: the statistic restarts after it; the state is the last one's.

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
    baseline = inputs.baseline_value
    p90 = None
    if metric == "latency":
        now = float(np.exp(quantile(window, 0.9))) if window.size else None
        p90 = (float(np.exp(quantile(inputs.base_values, 0.9))), now)
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
        current=episode.current,
        baseline_cases=int(inputs.base_values.size),
        cases=int(window.size),
        confidence=round(episode.confidence, 3),
        p90=p90,
        drifted=episode.drifted if state in ("recovering", "recovered", "improved") else None,
    )
