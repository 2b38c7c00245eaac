"""How many deals close on each day, and at what time of day.

The expected number of deals on day ``d`` is::

    rate(d) = deals_per_day * (1 + growth * d / (D - 1)) * weekday(d) * month_end(d) * holiday(d)

with ``weekday`` near 1 on Monday to Friday and near 0 at weekends, ``month_end`` = 1.8 on
the last three business days of a month (the quarter's push to close), ``holiday`` = 0.02
on US federal holidays (moved to the nearest weekday when they fall on a weekend) and
``D`` the number of simulated days. Each sales team's count is Poisson around its share of
``rate(d)``, scaled by a gamma-distributed day factor (mean 1, CV about 0.2) so that busy
days are busier than Poisson noise alone would make them.

Deals close in business hours (centred on early afternoon) with a late-day tail: about 18%
of weekday deals are closed at or after 16:00 local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

WEEKDAY_SHARE: tuple[float, ...] = (0.95, 1.0, 1.0, 1.0, 1.05, 0.06, 0.03)  # Monday .. Sunday
MONTH_END_DAYS = 3
MONTH_END_LIFT = 1.8
HOLIDAY_SHARE = 0.02
DAY_FACTOR_SHAPE = 25.0  # gamma shape of the team-day factor: CV = 1 / sqrt(shape)
LATE_SHARE = 0.18
LATE_FROM_MINUTE = 16 * 60

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-based; -1 = last) ``weekday`` (0 = Monday) of a month."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    """A fixed-date holiday on a Saturday is observed on Friday, on a Sunday on Monday."""
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + timedelta(days=shift)


def us_holidays(year: int) -> tuple[date, ...]:
    """US federal holidays of ``year`` (as observed) and the day after Thanksgiving.

    >>> [day.isoformat() for day in us_holidays(2025)][:3]
    ['2025-01-01', '2025-01-20', '2025-02-17']
    """
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    days = [
        _observed(date(year, 1, 1)),
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Presidents' Day
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _observed(date(year, 6, 19)),
        _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        thanksgiving,
        thanksgiving + timedelta(days=1),
        _observed(date(year, 12, 25)),
    ]
    return tuple(sorted(days))


@dataclass(frozen=True)
class Calendar:
    """The simulated days and the expected number of deals on each.

    Attributes:
        start: the first simulated day.
        days: every simulated day (``datetime64[D]``), ``weeks * 7`` of them.
        weekday: 0 (Monday) .. 6 (Sunday) for each day.
        holiday: whether the day is a holiday.
        month_end: whether the day is one of the last business days of its month.
        rate: the expected number of deals closed that day, over all sales teams.
    """

    start: date
    days: NDArray[np.datetime64]
    weekday: Ints
    holiday: Flags
    month_end: Flags
    rate: Floats

    @property
    def size(self) -> int:
        """The number of simulated days."""
        return int(self.days.size)


def build_calendar(*, start: date, weeks: int, deals_per_day: float, growth: float) -> Calendar:
    """Lay out ``weeks`` weeks from ``start`` with the expected deals on each day.

    >>> calendar = build_calendar(start=date(2025, 1, 6), weeks=4, deals_per_day=10.0, growth=0.0)
    >>> calendar.size, bool(calendar.holiday[14]), round(float(calendar.rate[1]), 1)
    (28, True, 10.0)
    """
    first = np.datetime64(start, "D")
    days = first + np.arange(weeks * 7, dtype=np.int64).astype("timedelta64[D]")
    weekday = ((days.astype(np.int64) + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday
    years = range(start.year - 1, start.year + weeks // 52 + 2)
    holiday_days = np.array([day for year in years for day in us_holidays(year)], "datetime64[D]")
    holiday = np.isin(days, holiday_days)
    month_end = np.isin(days, _month_end_days(days, holiday_days))
    elapsed = np.arange(days.size, dtype=np.float64) / max(days.size - 1, 1)
    rate = (
        deals_per_day
        * (1.0 + growth * elapsed)
        * np.asarray(WEEKDAY_SHARE)[weekday]
        * np.where(month_end, MONTH_END_LIFT, 1.0)
        * np.where(holiday, HOLIDAY_SHARE, 1.0)
    )
    return Calendar(
        start=start, days=days, weekday=weekday, holiday=holiday, month_end=month_end, rate=rate
    )


def _month_end_days(
    days: NDArray[np.datetime64],
    holidays: NDArray[np.datetime64],
) -> NDArray[np.datetime64]:
    """The last ``MONTH_END_DAYS`` business days of every month the days touch."""
    months = np.unique(days.astype("datetime64[M]"))
    last_days = (months + 1).astype("datetime64[D]") - 1
    ends = [
        np.busday_offset(last_days, -back, roll="backward", holidays=holidays)
        for back in range(MONTH_END_DAYS)
    ]
    return np.concatenate(ends)


def draw_team_counts(
    rng: np.random.Generator, *, calendar: Calendar, team_weights: tuple[float, ...]
) -> NDArray[np.int64]:
    """Draw the number of deals each sales team closes on each day (days x teams)."""
    shares = np.asarray(team_weights, dtype=np.float64)
    expected = calendar.rate[:, None] * (shares / shares.sum())[None, :]
    factor = rng.gamma(DAY_FACTOR_SHAPE, 1.0 / DAY_FACTOR_SHAPE, size=expected.shape)
    counts: NDArray[np.int64] = rng.poisson(expected * factor).astype(np.int64)
    return counts


def draw_close_minutes(rng: np.random.Generator, *, weekend: Flags) -> Ints:
    """Draw the minute of the day (local time) each deal is closed at.

    Weekdays: 82% around early afternoon (normal, mean 12:30, sd 2 h, kept within
    08:00-15:59), 18% in a late tail from 16:00 (exponential, mean 70 min, until 21:30).
    Weekends: uniform between 10:00 and 16:00.
    """
    size = weekend.size
    main = np.clip(rng.normal(12.5 * 60, 120.0, size), 8 * 60, LATE_FROM_MINUTE - 1)
    tail = np.clip(LATE_FROM_MINUTE + rng.exponential(70.0, size), None, 21.5 * 60)
    weekday_minute = np.where(rng.random(size) < LATE_SHARE, tail, main)
    weekend_minute = rng.uniform(10 * 60, 16 * 60, size)
    return np.floor(np.where(weekend, weekend_minute, weekday_minute)).astype(np.int64)
