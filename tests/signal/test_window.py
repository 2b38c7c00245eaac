"""The baseline window's rule (taut.signal.inputs.window): log length and volume -> window."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from taut.contract.models import Baseline
from taut.signal.inputs.window import BaselineWindow, choose_window, thin_reason

FIRST = date(2020, 1, 6)


def daily(*, days: int, per_day: int) -> np.ndarray:
    """``per_day`` cases anchored on each of ``days`` days from FIRST."""
    span = np.arange(days, dtype="timedelta64[D]") + np.datetime64(FIRST, "D")
    return np.repeat(span, per_day)


def window(*, days: int, per_day: int, baseline: Baseline | None = None) -> BaselineWindow:
    return choose_window(
        baseline=baseline or Baseline(),
        first=FIRST,
        as_of=FIRST + timedelta(days=days - 1),
        days=daily(days=days, per_day=per_day),
    )


# (log length in days, cases a day) -> (first day, last day of the baseline, rule)
TABLE = [
    # 30 weeks, the benchmark's shape: the first 8 weeks, as always
    pytest.param(210, 20, FIRST, FIRST + timedelta(days=55), "first weeks", id="30w"),
    # 34 weeks is the longest log judged against its first 8 weeks
    pytest.param(238, 20, FIRST, FIRST + timedelta(days=55), "first weeks", id="34w"),
    # a day longer: the last 26 weeks watched, the 8 weeks before them the baseline
    # (20 a day fill 1,000 cases in 50 days, under the 8-week floor)
    pytest.param(
        239,
        20,
        FIRST + timedelta(days=238 - 182 - 55),
        FIRST + timedelta(days=238 - 182),
        "recent",
        id="34w+1d",
    ),
    # four years, busy: 8 weeks before the last 26
    pytest.param(
        1456,
        20,
        FIRST + timedelta(days=1455 - 182 - 55),
        FIRST + timedelta(days=1455 - 182),
        "recent",
        id="4y-busy",
    ),
    # four years, 3 a day: reach back 334 days to hold 1,000 cases (1,002 then)
    pytest.param(
        1456,
        3,
        FIRST + timedelta(days=1455 - 182 - 333),
        FIRST + timedelta(days=1455 - 182),
        "recent",
        id="4y-3-a-day",
    ),
    # four years, 1 a day: 1,000 cases would need 1,000 days; a year at most
    pytest.param(
        1456,
        1,
        FIRST + timedelta(days=1455 - 182 - 363),
        FIRST + timedelta(days=1455 - 182),
        "recent",
        id="4y-quiet",
    ),
    # 40 weeks, 1 a day: the window reaches back to the first day of data, no further
    pytest.param(280, 1, FIRST, FIRST + timedelta(days=279 - 182), "recent", id="40w-quiet"),
]


@pytest.mark.parametrize(("days", "per_day", "start", "until", "rule"), TABLE)
def test_default_window_follows_the_logs_length_and_volume(
    days: int, per_day: int, start: date, until: date, rule: str
) -> None:
    chosen = window(days=days, per_day=per_day)
    assert (chosen.start, chosen.until, chosen.rule) == (start, until, rule)


@pytest.mark.parametrize(("days", "per_day"), [(239, 20), (1456, 20), (1456, 3), (1456, 1)])
def test_recent_window_watches_26_weeks_and_spans_8_to_52_weeks(days: int, per_day: int) -> None:
    chosen = window(days=days, per_day=per_day)
    as_of = FIRST + timedelta(days=days - 1)
    assert (as_of - chosen.until).days == 26 * 7
    assert 8 * 7 <= (chosen.until - chosen.start).days + 1 <= 52 * 7


def test_written_until_wins_over_everything() -> None:
    baseline = Baseline.model_validate({"until": "2020-03-01", "weeks": 20})
    chosen = window(days=1456, per_day=20, baseline=baseline)
    assert (chosen.start, chosen.until, chosen.rule) == (FIRST, date(2020, 3, 1), "until")


def test_written_weeks_keep_the_first_weeks_even_on_a_long_log() -> None:
    chosen = window(days=1456, per_day=20, baseline=Baseline.model_validate({"weeks": 12}))
    assert (chosen.start, chosen.until, chosen.rule) == (
        FIRST,
        FIRST + timedelta(days=83),
        "weeks",
    )


def test_written_weeks_of_eight_are_kept_as_written() -> None:
    # weeks: 8 written is the old default rule, kept: no recent window on a long log
    chosen = window(days=1456, per_day=20, baseline=Baseline.model_validate({"weeks": 8}))
    assert chosen.rule == "weeks"
    assert chosen.until == FIRST + timedelta(days=55)


@pytest.mark.parametrize(
    ("metric", "cases", "misses", "thin"),
    [
        ("missed", 1, 0, True),
        ("missed", 199, 50, True),
        ("missed", 200, 5, False),
        ("missed", 5_000, 4, True),
        ("missed", 5_000, 0, True),
        ("latency", 150, None, True),
        ("latency", 5_000, None, False),
        ("spread", 200, 0, False),  # misses are read only for the share missed
    ],
)
def test_thin_reason(metric: str, cases: int, misses: int | None, thin: bool) -> None:
    assert (thin_reason(metric=metric, cases=cases, misses=misses) is not None) is thin


def test_thin_reason_counts_its_words() -> None:
    assert (
        thin_reason(metric="missed", cases=1, misses=0) == "its baseline holds only 1 decided case"
    )
    assert thin_reason(metric="missed", cases=160, misses=0) == (
        "its baseline holds only 160 decided cases, and no miss among them"
    )
    assert thin_reason(metric="missed", cases=160, misses=2) == (
        "its baseline holds only 160 decided cases"
    )
    reason = thin_reason(metric="missed", cases=1_200, misses=1)
    assert reason is not None
    assert reason.startswith("its baseline holds 1 miss in 1,200 decided cases")
