"""The shape of the simulated volume: weekdays, month ends, holidays, growth, time of day."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from taut.simulate import Simulation, sales_handoff
from taut.simulate.calendar import us_holidays


@pytest.fixture(scope="module")
def year() -> Simulation:
    return sales_handoff(seed=5, start=date(2025, 1, 6), weeks=52, deals_per_day=100.0, growth=0.3)


@pytest.fixture(scope="module")
def daily(year: Simulation) -> pd.DataFrame:
    """Deals closed per local day, with the day's kind."""
    closed = year.events.loc[year.events["step"] == "Deal closed", "at"]
    days = pd.date_range(year.start, year.end, freq="D", inclusive="left")
    counts = closed.dt.normalize().value_counts().reindex(days, fill_value=0)
    frame = pd.DataFrame({"deals": counts.to_numpy()}, index=days)
    frame["weekend"] = days.day_of_week >= 5
    holidays = pd.DatetimeIndex([pd.Timestamp(day) for day in us_holidays(2025)])
    frame["holiday"] = days.isin(holidays)
    business = days[~frame["weekend"].to_numpy() & ~frame["holiday"].to_numpy()]
    months = pd.Series(business.to_period("M"), index=business)
    last_three = months.groupby(months).tail(3).index
    frame["month_end"] = days.isin(last_three)
    return frame


def test_weekdays_carry_the_volume(daily: pd.DataFrame) -> None:
    weekday = daily.loc[~daily["weekend"] & ~daily["holiday"], "deals"].mean()
    weekend = daily.loc[daily["weekend"], "deals"].mean()
    assert weekend > 0
    assert weekday > 10 * weekend


def test_month_ends_peak(daily: pd.DataFrame) -> None:
    ordinary = daily[~daily["weekend"] & ~daily["holiday"]]
    ratio = ordinary.loc[ordinary["month_end"], "deals"].mean() / (
        ordinary.loc[~ordinary["month_end"], "deals"].mean()
    )
    assert 1.5 < ratio < 2.1


def test_holidays_are_near_empty(daily: pd.DataFrame) -> None:
    ordinary = daily.loc[~daily["weekend"] & ~daily["holiday"], "deals"].mean()
    holidays = daily.loc[daily["holiday"], "deals"]
    assert len(holidays) >= 8  # MLK day .. Christmas 2025 fall inside the year
    assert holidays.max() < 0.1 * ordinary
    assert pd.Timestamp("2025-07-04") in holidays.index
    assert pd.Timestamp("2025-11-28") in holidays.index  # the day after Thanksgiving


def test_volume_grows_linearly_by_the_growth_share(daily: pd.DataFrame) -> None:
    ordinary = daily[~daily["weekend"] & ~daily["holiday"] & ~daily["month_end"]]
    elapsed = (ordinary.index - daily.index[0]).days / (len(daily) - 1)
    slope, intercept = np.polyfit(elapsed, ordinary["deals"].to_numpy(dtype=float), 1)
    assert slope / intercept == pytest.approx(0.3, abs=0.06)


def test_no_growth_keeps_volume_flat() -> None:
    flat = sales_handoff(seed=5, weeks=52, deals_per_day=100.0, growth=0.0)
    closed = flat.events.loc[flat.events["step"] == "Deal closed", "at"]
    halves = (closed < pd.Timestamp(flat.start) + pd.Timedelta(weeks=26)).value_counts()
    assert halves[True] / halves[False] == pytest.approx(1.0, abs=0.05)


def test_deals_close_in_business_hours_with_a_late_tail(baseline_cases: pd.DataFrame) -> None:
    closed = baseline_cases["closed"]
    weekday = closed[closed.dt.day_of_week < 5]
    late = (weekday.dt.hour >= 16).mean()
    assert late == pytest.approx(0.18, abs=0.02)
    assert weekday.dt.hour.min() >= 8
    assert weekday.dt.hour.max() <= 21


def test_no_event_falls_in_the_night(baseline: Simulation) -> None:
    # Keeps clear of the hour a daylight-saving change skips or repeats.
    assert baseline.events["at"].dt.hour.min() >= 5


def test_scale_knob_sets_the_number_of_cases() -> None:
    small = sales_handoff(seed=2, weeks=10, deals_per_day=20.0, growth=0.0)
    large = sales_handoff(seed=2, weeks=10, deals_per_day=200.0, growth=0.0)
    assert large.cases / small.cases == pytest.approx(10.0, rel=0.08)
    expected = 200.0 * 5.45 * 10  # the docstring's rule of thumb
    assert large.cases == pytest.approx(expected, rel=0.1)
