"""Delays and false alarms of one detector on one seed, and their summary over seeds.

Every detector, taut's and each peer's, is reduced to the days it raised an alarm, per
check it watched. Against the truth of the seed (:class:`detection_scenarios.SeedRun`):

- an alarm on a check the drift does not move, or before the onset on one it moves, is a
  **false alarm**; its exposure is the monitored time of each watched check (from the
  day after the baseline window to the last day of data; for a moved check, to the day
  before the onset), in check-years of 365.25 days;
- the first alarm on or after the onset on a moved check is the **detection**; its delay
  is the days from onset to that alarm's day (a scan run daily would have raised it that
  day, so a same-day alarm is 0 days), and in cases, the settled cases of the counting
  stream anchored from the onset on and known by the end of that day.

A missed drift has an infinite delay, so medians and 90th percentiles over seeds count
misses as the slowest (``inverted_cdf`` percentiles, so an infinite value is never
interpolated).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from detection_scenarios import SeedRun, Stream

YEAR_DAYS = 365.25


@dataclass(frozen=True)
class SeedScore:
    """One detector on one seed.

    Attributes:
        detected: the day of the detection, ``None`` when missed (or without drift).
        delay_days: days from onset to it (``inf`` when missed, ``nan`` without drift).
        delay_cases: cases from onset to it (same conventions).
        false_alarms: alarms counted as false.
        exposure_years: check-years those false alarms were counted over.
    """

    detected: int | None
    delay_days: float
    delay_cases: float
    false_alarms: int
    exposure_years: float


def score_alarms(
    alarms: Mapping[str, Sequence[int]],
    *,
    run: SeedRun,
    affected: Sequence[str],
    watched: Sequence[str],
    counting: Stream | None,
) -> SeedScore:
    """Score alarm days per check against the seed's truth (module docstring).

    Args:
        alarms: check id -> the days alarms were raised on it (any order).
        run: the seed (its onset and monitored days).
        affected: the checks the drift moves.
        watched: the checks the detector watched (taut: all; a peer: the affected ones).
        counting: the stream whose cases measure the delay in cases.
    """
    span = run.last_day - run.first_day + 1
    false_alarms, exposure = 0, 0
    detected: int | None = None
    for check in watched:
        days = list(alarms.get(check, ()))
        if run.onset is None or check not in affected:
            false_alarms += len(days)
            exposure += span
            continue
        false_alarms += sum(1 for day in days if day < run.onset)
        exposure += max(run.onset - run.first_day, 0)
        later = [day for day in days if day >= run.onset]
        if later and (detected is None or min(later) < detected):
            detected = min(later)
    if run.onset is None:
        delay_days = delay_cases = math.nan
    elif detected is None:
        delay_days = delay_cases = math.inf
    else:
        delay_days = float(detected - run.onset)
        delay_cases = math.nan if counting is None else cases_between(counting, run.onset, detected)
    return SeedScore(
        detected=detected,
        delay_days=delay_days,
        delay_cases=delay_cases,
        false_alarms=false_alarms,
        exposure_years=exposure / YEAR_DAYS,
    )


def cases_between(stream: Stream, onset: int, day: int) -> float:
    """Settled cases anchored on or after ``onset`` and known by the end of ``day``.

    >>> import numpy as np
    >>> s = Stream(baseline=np.zeros(0), baseline_day=np.zeros(0, dtype=int), values=np.zeros(4),
    ...     known_day=np.array([5, 6, 8, 9]), anchor_day=np.array([4, 5, 6, 7]))
    >>> cases_between(s, 5, 8)
    2.0
    """
    mask = (stream.anchor_day >= onset) & (stream.known_day <= day)
    return float(np.count_nonzero(mask))


@dataclass(frozen=True)
class Summary:
    """A detector over the seeds of one scenario.

    Attributes:
        seeds: how many seeds.
        detected: share of seeds with a detection (``nan`` without drift).
        median_days, p90_days, median_cases, p90_cases: delays (``inf`` when too many
            missed; ``nan`` without drift).
        false_per_year: false alarms per check-year of exposure.
        false_alarms: their count.
        exposure_years: the check-years behind it.
    """

    seeds: int
    detected: float
    median_days: float
    p90_days: float
    median_cases: float
    p90_cases: float
    false_per_year: float
    false_alarms: int
    exposure_years: float


def quantile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile, ``inverted_cdf`` (an infinite value is never interpolated).

    >>> quantile([1.0, 2.0, float("inf")], 0.5), quantile([1.0, 2.0, float("inf")], 0.9)
    (2.0, inf)
    """
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0 or np.isnan(data).all():
        return math.nan
    return float(np.quantile(data[~np.isnan(data)], share, method="inverted_cdf"))


def summarise(scores: Sequence[SeedScore], *, drift: bool) -> Summary:
    """Summarise one detector's scores over the seeds of a scenario.

    >>> hit = SeedScore(detected=3, delay_days=3.0, delay_cases=90.0, false_alarms=0,
    ...     exposure_years=0.5)
    >>> miss = SeedScore(detected=None, delay_days=math.inf, delay_cases=math.inf,
    ...     false_alarms=1, exposure_years=0.5)
    >>> s = summarise([hit, hit, miss], drift=True)
    >>> (round(s.detected, 2), s.median_days, s.p90_days, s.false_per_year)
    (0.67, 3.0, inf, 0.6666666666666666)
    """
    days = [score.delay_days for score in scores]
    cases = [score.delay_cases for score in scores]
    false_alarms = sum(score.false_alarms for score in scores)
    exposure = sum(score.exposure_years for score in scores)
    detected = (
        sum(score.detected is not None for score in scores) / len(scores)
        if drift and scores
        else math.nan
    )
    return Summary(
        seeds=len(scores),
        detected=detected,
        median_days=quantile(days, 0.5) if drift else math.nan,
        p90_days=quantile(days, 0.9) if drift else math.nan,
        median_cases=quantile(cases, 0.5) if drift else math.nan,
        p90_cases=quantile(cases, 0.9) if drift else math.nan,
        false_per_year=false_alarms / exposure if exposure > 0 else math.nan,
        false_alarms=false_alarms,
        exposure_years=exposure,
    )
