"""Counting words, articles and before/after pairs (:mod:`taut.words`, :mod:`taut.insight.wording`).

The pairs are property-tested: for any two different values the two rendered strings differ
and keep the values' order, so a change is never rounded away.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from taut.brief.charts.fragility import words_of
from taut.brief.monday.areas import area_sentence
from taut.brief.wording import fragility_line, signal_line, what
from taut.insight.wording import duration_pair, one_in_pair
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.words import (
    NUMBERS,
    article,
    counted,
    hours_pair,
    in_weeks,
    plural,
    shares,
    showing,
    showing_verb,
    where,
)

SHARES = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
HOURS = st.floats(min_value=0.001, max_value=50_000.0, allow_nan=False)


def _number(text: str) -> float:
    return float(re.sub(r"[^0-9.]", "", text.split(maxsplit=1)[0]))


@given(SHARES, SHARES)
def test_two_shares_read_differently_when_they_differ(before: float, after: float) -> None:
    first, second = shares(before, after)
    if abs(before - after) >= 1e-8:
        assert first != second
        assert (_number(first) < _number(second)) == (before < after)
    elif before == after:
        assert first == second


def _hours(text: str) -> float:
    """A time as words write it (``7.2 h`` or ``30 min``), read back in hours."""
    return _number(text) / (60 if text.endswith(" min") else 1)


@given(HOURS, HOURS)
def test_two_times_in_hours_read_differently_when_they_differ(before: float, after: float) -> None:
    first, second = hours_pair(before, after)
    if abs(before - after) >= 1e-6:
        assert first != second
        assert (_hours(first) < _hours(second)) == (before < after)


def _stands_for(phrase: str) -> float:
    """The share an insight phrase stands for, read back from its words."""
    if phrase == "none":
        return 0.0
    if phrase == "all":
        return 1.0
    if phrase == "nearly all":  # 95% to just short of all
        return 0.975
    found = re.fullmatch(r"(?:about|fewer than|more than) ([\d,]+) in ([\d,]+)", phrase)
    assert found, phrase
    count, scale = (float(g.replace(",", "")) for g in found.groups())
    if phrase.startswith("more"):
        return (count + 0.5) / scale
    return (0.5 if phrase.startswith("fewer") else count) / scale


@given(SHARES, SHARES)
def test_one_in_pairs_never_read_alike_or_reverse(before: float, after: float) -> None:
    first, second = one_in_pair(before, after)
    if abs(before - after) >= 1e-5:
        assert first != second
        assert (_stands_for(first) < _stands_for(second)) == (before < after)


def test_the_rates_of_issue_11_read_differently() -> None:
    assert one_in_pair(0.404, 0.524) == ("about 40 in 100", "about 52 in 100")
    assert shares(0.018, 0.022) == ("1.8%", "2.2%")
    assert hours_pair(0.07, 0.09) == ("4 min", "5 min")  # under an hour: minutes
    first, second = duration_pair(0.05, 0.055)
    assert first != second
    assert "about" not in first


_UNITS = {"minutes": 1 / 60, "hours": 1.0, "days": 24.0, "weeks": 168.0}


@given(HOURS, HOURS)
def test_durations_never_read_alike(before: float, after: float) -> None:
    first, second = duration_pair(before, after)
    if abs(before - after) >= 1e-3 * max(before, after):
        assert first != second
        if not first.startswith("about"):
            unit = _UNITS[first.split()[-1]]
            assert (_number(first) * unit < _number(second) * unit) == (before < after)


def test_counting_words_agree_with_their_count() -> None:
    assert counted(1, "case", digits=True) == "1 case"
    assert counted(1, "check", digits=True) == "1 check"
    assert counted(2, "check") == "two checks"
    assert counted(0, "condition") == "no conditions"
    assert plural(5, "person") == "people"
    assert showing(2, 2, "team") == "both teams"
    assert showing(1, 1, "team") == "the only team"
    assert showing(0, 1, "team") == "no team"
    assert showing(1, 3, "team") == "one of three teams"
    assert [showing_verb(c, t) for c, t in ((1, 1), (0, 2), (2, 2), (3, 5))] == [
        "shows",
        "shows",
        "show",
        "show",
    ]


def test_articles_follow_the_sound() -> None:
    assert [article(w) for w in ("upgrade", "complaint", "escalation", "unit", "hour")] == [
        "an upgrade",
        "a complaint",
        "an escalation",
        "a unit",
        "an hour",
    ]


def _latency(baseline: float, current: float) -> Signal:
    return Signal(
        area="a",
        check="offer-sent",
        risk="high",
        state="drifting",
        since=None,
        raised=None,
        segment=None,
        metric="latency",
        baseline=baseline,
        current=current,
        cases=1,
        baseline_cases=1,
        direction="up",
        confidence=1.0,
    )


def test_a_signal_line_never_shows_a_change_that_reads_alike() -> None:
    assert what(_latency(0.052, 0.058)) == "median time 3.1 min -> 3.5 min"
    assert what(_latency(78.5, 78.7)) == "median time 78.5 h -> 78.7 h (less than 1% longer)"
    assert what(_latency(2521.0, 2545.0)).endswith("(less than 1% longer)")
    assert what(_latency(2400.0, 2480.0)).endswith("(about 3% longer)")
    assert what(_latency(3.0, 3.0)) == "median time 3.0 h, unchanged"
    line = signal_line(replace(_latency(1.0, 2.0), cases=1, baseline_cases=1))
    assert "over 1 case (baseline 1 case)" in line


def test_a_time_just_under_an_hour_is_never_sixty_minutes() -> None:
    assert hours_pair(0.9999, 1.0) == ("59.99 min", "1.000 h")
    assert hours_pair(0.5, 0.9999) == ("30 min", "1.0 h")


def _span_days(words: str) -> tuple[float, float]:
    """The days a span's words can stand for: ``two days`` exactly two, ``about n weeks``
    within half a week of ``n`` weeks, ``less than a day`` under one."""
    if words == "less than a day":
        return (0.0, 0.999)
    count, unit = words.removeprefix("about ").split()[:2]
    number = NUMBERS.index(count) if count in NUMBERS else int(count)
    if unit.startswith("day"):
        return (number, number)
    return (7 * number - 3.5, 7 * number + 3.5)


@given(st.integers(min_value=0, max_value=800))
def test_a_span_in_words_agrees_with_its_days(days: int) -> None:
    """The review's "below its 90% commitment in about one week (around 2011-09-27)" two
    days ahead (receipt as of 2011-09-25): every bucket of in_weeks holds its days."""
    low, high = _span_days(in_weeks(days))
    assert low <= days <= high, in_weeks(days)


def test_a_projection_two_days_ahead_says_two_days() -> None:
    item = Fragility(
        area="Confirmation of receipt",
        check="confirmation-sent",
        risk="high",
        target=0.9,
        current=0.904,
        cases=150,
        headroom=0.004,
        trend=-0.01,
        breaks=date(2011, 9, 27),
        score=1.0,
    )
    line = fragility_line(item, as_of=date(2011, 9, 25))
    assert "below its 90% commitment in two days (around 2011-09-27)" in line
    assert "falls below its 90% commitment in two days (around 27 September 2011)." in (
        area_sentence(item, as_of=date(2011, 9, 25))
    )


def test_a_share_kept_right_at_its_commitment_never_reads_zero_points_above() -> None:
    """The roadtraffic corpus scan as of 2005-12-31: "50.0% kept ..., 0.0 points above its
    50% commitment, holding"; a room that rounds to none is "right at" it, in every face."""
    item = Fragility(
        area="Resolution",
        check="resolved-within-30d",
        risk="medium",
        target=0.8,
        current=0.8004,
        cases=200,
        headroom=0.0004,
        trend=0.0,
        breaks=None,
        score=1.0,
    )
    as_of = date(2013, 10, 13)
    assert fragility_line(item, as_of=as_of).endswith(", right at its 80% commitment, holding")
    assert area_sentence(item, as_of=as_of).endswith(", right at its 80% commitment, holding.")
    assert words_of(item)[1] == "right at it, holding"
    roomy = replace(item, current=0.85, headroom=0.05)
    assert fragility_line(roomy, as_of=as_of).endswith(
        "5.0 points above its 80% commitment, holding"
    )


def test_a_spread_line_reads_in_two_digits() -> None:
    # receipt as of 2011-07-31, the Monday brief: "Spread of times (p75/p25) 11520.0x since
    # 27 June 2011, against 2715.9x in the baseline"
    spread = replace(_latency(2715.9, 11520.0), metric="spread")
    assert what(spread) == "spread (p75/p25) 2,700x -> 11,000x"
    assert what(replace(spread, baseline=2.13, current=3.47)) == "spread (p75/p25) 2.1x -> 3.4x"


def test_a_segment_whose_value_marks_nothing_recorded_is_said_so() -> None:
    """The receipt log writes EMPTY where no group was recorded: a brief listed
    "team EMPTY" among the segments not watched on their own."""
    assert where({"team": "EMPTY"}) == "team not recorded"
    assert where({"case:channel": " null "}) == "case:channel not recorded"
    assert where({"team": "Group 1"}) == "team Group 1"
    assert where({"weekday": "Monday", "team": "n/a"}) == "weekday Monday, team not recorded"
