"""Fragility: how much room a check has above its target, and how fast it is using it up.

For each check, from its decided cases by the day their outcome became known:

- ``current`` is the kept share over the last ``CURRENT_WEEKS`` (4) weeks to ``as_of``;
  when fewer than ``MIN_CURRENT_CASES`` (20) cases became known in those weeks, over the
  latest ``MIN_CURRENT_CASES`` decided cases instead (``recent_from`` is then the day the
  earliest of them became known), so a check with decided cases always shows a share with
  cases behind it, never "n/a";
- ``headroom = shown(current) - target`` (negative: already below target), where
  ``shown`` rounds the share to the tenth of a point a brief prints (``94.96%`` is shown,
  and judged, as ``95.0%``): a share never reads "95.0% kept, below its 95% commitment";
- ``trend`` is the slope of the weekly kept share over the last ``TREND_WEEKS`` (8) full
  weeks, by weighted least squares (weights: the week's cases), in share per week;
- when the trend is down and there is headroom, the check is projected to cross its
  target in ``weeks = headroom / -trend`` weeks: ``breaks`` is that day, if within a year.

The fragility score has two parts, the shortfall and the movement:

- **shortfall**: at or above target, the larger of ``exp(-headroom / 0.05)`` (less than
  five points of headroom is fragile whatever the trend) and ``4 / (4 + weeks)`` (a break
  projected in four weeks scores 0.5), so at most 1; below target ``1 + shortfall / 0.05``,
  growing without a cap (2 points short scores 1.4, 23.7 points short 5.74), so a deep
  shortfall ranks above a shallow one;
- **movement**: the check's most severe watched state (whole or a segment, any metric,
  :mod:`taut.signal.decide.watch`) adds ``MOVEMENT[state]``: 1 for ``drifting``, 0.5 for
  ``loosening``, 0 otherwise. A drifting check therefore scores above 1, above every
  check that meets its target (a check at 100% kept included), and a drifting high-risk
  check (weighted above 3) ranks above any steady one that meets its target.

An area's fragility is its most fragile check's score weighted by its risk
(:data:`~taut.contract.models.RISK_WEIGHT`: high 3, medium 2, low 1); areas are ranked by
it, so a fragile high-risk area comes first.
Assumptions: the recent weekly shares move roughly linearly; the projection is a
plain-language aid, not a forecast with an interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from taut.contract.models import RISK_WEIGHT, Area, Check
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.clock import last_data_day, local_days
from taut.signal.inputs.streams import metric_streams
from taut.signal.state import State

CURRENT_WEEKS = 4
MIN_CURRENT_CASES = 20
TREND_WEEKS = 8
MIN_WEEK_CASES = 5
HEADROOM_SCALE = 0.05
HORIZON_WEEKS = 52
SHOWN_DECIMALS = 3
"""A share is shown to a tenth of a point (``95.0%``): three decimals of the share."""
MOVEMENT: dict[str, float] = {"drifting": 1.0, "loosening": 0.5}
"""What a check's most severe watched state adds to its score; any other state adds 0."""


@dataclass(frozen=True, kw_only=True)
class Fragility:
    """How close one check is to breaking its target.

    Attributes:
        area: the check's area.
        check: the check's id.
        risk: the area's risk.
        target: the check's target share kept.
        current: the kept share over the last four weeks, or over the latest 20 decided
            cases when fewer became known in them (``None`` without decided cases).
        cases: decided cases behind ``current``.
        recent_from: the day the earliest of those cases became known (``None`` without).
        headroom: ``current`` as shown (to a tenth of a point) minus ``target``
            (``None`` without cases).
        trend: weekly change of the kept share over the last eight weeks (``None`` with
            fewer than three weeks of data).
        breaks: the day the target is projected to be crossed at this pace, or ``None``.
        state: the check's most severe watched state (``steady`` when none).
        score: 0 (safe) .. 1 (at target), above 1 below target or drifting; see the
            module docstring.
    """

    area: str
    check: str
    risk: str
    target: float
    current: float | None
    cases: int
    headroom: float | None
    trend: float | None
    breaks: date | None
    score: float
    recent_from: date | None = None
    state: State = "steady"

    @property
    def weighted(self) -> float:
        """The score weighted by the area's risk."""
        return self.score * RISK_WEIGHT[self.risk]


def weekly_trend(
    known_days: npt.NDArray[np.datetime64], kept: npt.NDArray[np.float64], *, as_of: date
) -> float | None:
    """Slope of the weekly kept share over the last eight weeks (share per week).

    Weeks end on ``as_of``; weeks with fewer than five cases are left out; ``None`` with
    fewer than three weeks left.

    >>> days = np.array(["2025-03-03"] * 10 + ["2025-03-10"] * 10 + ["2025-03-17"] * 10,
    ...                 dtype="datetime64[D]")
    >>> kept = np.r_[np.ones(10), np.ones(9), 0.0, np.ones(8), 0.0, 0.0]
    >>> round(weekly_trend(days, kept, as_of=date(2025, 3, 20)), 3)
    -0.1
    """
    end = np.datetime64(as_of, "D")
    age = (end - known_days).astype(np.int64)
    week = age // 7
    inside = (age >= 0) & (week < TREND_WEEKS)
    counts = np.bincount(week[inside], minlength=TREND_WEEKS).astype(np.float64)
    sums = np.bincount(week[inside], weights=kept[inside], minlength=TREND_WEEKS)
    usable = counts >= MIN_WEEK_CASES
    if np.count_nonzero(usable) < 3:
        return None
    x = -np.arange(TREND_WEEKS, dtype=np.float64)[usable]
    y = sums[usable] / counts[usable]
    w = counts[usable]
    mean_x, mean_y = np.average(x, weights=w), np.average(y, weights=w)
    spread = float(np.sum(w * (x - mean_x) ** 2))
    if spread == 0.0:
        return None
    return float(np.sum(w * (x - mean_x) * (y - mean_y)) / spread)


def assess_fragility(
    *,
    area: str,
    check: str,
    risk: str,
    target: float,
    known_days: npt.NDArray[np.datetime64],
    kept: npt.NDArray[np.float64],
    as_of: date,
    state: State = "steady",
) -> Fragility:
    """Headroom, trend, projected break day and score of one check (module docstring).

    Args:
        area: the check's area.
        check: the check's id.
        risk: the area's risk.
        target: the target share kept (0..1).
        known_days: the local day each decided case's outcome became known.
        kept: 1.0 kept, 0.0 missed, per decided case.
        as_of: the last day of data.
        state: the check's most severe watched state.
    """
    end = np.datetime64(as_of, "D")
    recent = _recent(known_days, end=end)
    cases = int(np.count_nonzero(recent))
    current = float(kept[recent].mean()) if cases else None
    recent_from: date | None = known_days[recent].min().item() if cases else None
    headroom = None if current is None else round(round(current, SHOWN_DECIMALS) - target, 6)
    trend = weekly_trend(known_days, kept, as_of=as_of)
    breaks: date | None = None
    score = 0.0
    if headroom is not None:
        if headroom < 0.0:
            score = 1.0 - headroom / HEADROOM_SCALE
        else:
            score = math.exp(-headroom / HEADROOM_SCALE)
            if trend is not None and trend < 0.0:
                weeks = headroom / -trend
                score = max(score, 4.0 / (4.0 + weeks))
                if weeks <= HORIZON_WEEKS:
                    breaks = as_of + timedelta(days=round(weeks * 7))
    score += MOVEMENT.get(state, 0.0)
    return Fragility(
        area=area,
        check=check,
        risk=risk,
        target=target,
        current=current,
        cases=cases,
        headroom=headroom,
        trend=trend,
        breaks=breaks,
        score=round(score, 4),
        recent_from=recent_from,
        state=state,
    )


def _recent(known_days: npt.NDArray[np.datetime64], *, end: np.datetime64) -> npt.NDArray[np.bool_]:
    """The cases behind ``current``: known in the last four weeks, else the latest 20.

    >>> days = np.array(["2025-01-01"] * 30 + ["2025-03-30"] * 5, dtype="datetime64[D]")
    >>> int(_recent(days, end=np.datetime64("2025-03-31")).sum())
    35
    """
    age = (end - known_days).astype(np.int64)
    known = age >= 0
    recent = known & (age < CURRENT_WEEKS * 7)
    if np.count_nonzero(recent) >= MIN_CURRENT_CASES or not known.any():
        return recent
    latest = np.sort(known_days[known])[-MIN_CURRENT_CASES:]
    chosen: npt.NDArray[np.bool_] = known & (known_days >= latest[0])
    return chosen


def rank_areas(fragilities: list[Fragility]) -> list[tuple[str, float, Fragility]]:
    """Areas by their most fragile check's risk-weighted score, most fragile first.

    Returns:
        ``(area, weighted score, its most fragile check)`` per area.
    """
    worst: dict[str, Fragility] = {}
    for item in fragilities:
        if item.area not in worst or item.weighted > worst[item.area].weighted:
            worst[item.area] = item
    ranked = sorted(worst.values(), key=lambda item: (-item.weighted, item.area))
    return [(item.area, round(item.weighted, 4), item) for item in ranked]


def check_fragility(
    cases: CheckCases,
    *,
    area: Area,
    check: Check,
    as_of_hours: float,
    timezone: str,
    state: State = "steady",
) -> Fragility:
    """The fragility of one check, on its whole stream of decided cases.

    ``state`` is the check's most severe watched state (module docstring, movement).
    """
    stream = metric_streams(cases, check=check, as_of_hours=as_of_hours)["missed"]
    return assess_fragility(
        area=area.name,
        check=check.id,
        risk=area.risk,
        target=check.target,
        known_days=local_days(stream.known_at, timezone=timezone),
        kept=1.0 - stream.values,
        as_of=last_data_day(as_of_hours, timezone=timezone),
        state=state,
    )
