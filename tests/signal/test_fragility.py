"""Fragility: headroom, weekly trend and the projected break day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from taut.signal.decide.fragility import assess_fragility, rank_areas
from taut.signal.report import ScanReport

AS_OF = date(2025, 6, 1)


def declining(
    start: float, step: float, weeks: int = 8, per_week: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """Per week (oldest first) ``per_week`` cases whose kept share falls by ``step`` a week."""
    days, kept = [], []
    for week in range(weeks):
        age = (weeks - 1 - week) * 7 + 3
        share = start - step * week
        hits = round(share * per_week)
        days += [AS_OF - timedelta(days=age)] * per_week
        kept += [1.0] * hits + [0.0] * (per_week - hits)
    return np.array(days, dtype="datetime64[D]"), np.array(kept)


def test_declining_series_projects_a_break_day() -> None:
    days, kept = declining(0.99, 0.005)
    found = assess_fragility(
        area="A", check="c", risk="high", target=0.90, known_days=days, kept=kept, as_of=AS_OF
    )
    assert found.trend is not None
    assert abs(found.trend + 0.005) < 1e-3
    assert found.headroom is not None
    assert abs(found.headroom - 0.0625) < 0.01
    assert found.breaks is not None
    weeks = (found.breaks - AS_OF).days / 7
    assert 10 <= weeks <= 15


def test_steady_series_has_no_break_and_below_target_scores_above_one() -> None:
    days, kept = declining(0.97, 0.0)
    steady = assess_fragility(
        area="A", check="c", risk="low", target=0.90, known_days=days, kept=kept, as_of=AS_OF
    )
    assert steady.breaks is None
    assert steady.score < 0.5
    below = assess_fragility(
        area="B", check="d", risk="low", target=0.99, known_days=days, kept=kept, as_of=AS_OF
    )
    assert below.score > 1.0
    assert below.headroom is not None
    assert below.headroom < 0
    ranked = rank_areas([steady, below])
    assert [area for area, _, _ in ranked] == ["B", "A"]


def test_risk_weighs_in_the_area_ranking() -> None:
    days, kept = declining(0.99, 0.005)
    high = assess_fragility(
        area="H", check="h", risk="high", target=0.95, known_days=days, kept=kept, as_of=AS_OF
    )
    low = assess_fragility(
        area="L", check="l", risk="low", target=0.95, known_days=days, kept=kept, as_of=AS_OF
    )
    assert [area for area, _, _ in rank_areas([low, high])] == ["H", "L"]


def share_of(kept_share: float, *, cases: int = 400, age: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """``cases`` decided ``age`` days before AS_OF, ``kept_share`` of them kept."""
    hits = round(kept_share * cases)
    days = np.array([AS_OF - timedelta(days=age)] * cases, dtype="datetime64[D]")
    return days, np.r_[np.ones(hits), np.zeros(cases - hits)]


def test_the_score_grows_with_the_shortfall_below_target() -> None:
    two_short = assess_fragility(
        area="A",
        check="a",
        risk="high",
        target=0.95,
        as_of=AS_OF,
        known_days=share_of(0.93)[0],
        kept=share_of(0.93)[1],
    )
    deep = assess_fragility(
        area="B",
        check="b",
        risk="high",
        target=0.95,
        as_of=AS_OF,
        known_days=share_of(0.7125)[0],
        kept=share_of(0.7125)[1],
    )
    assert 1.0 < two_short.score < deep.score
    assert [area for area, _, _ in rank_areas([two_short, deep])] == ["B", "A"]


def test_a_drifting_high_risk_check_ranks_above_a_steady_one_meeting_its_target() -> None:
    days, kept = share_of(0.97)
    steady = assess_fragility(
        area="S", check="s", risk="high", target=0.97, known_days=days, kept=kept, as_of=AS_OF
    )
    days, kept = share_of(0.99)
    drifting = assess_fragility(
        area="D",
        check="d",
        risk="high",
        target=0.90,
        known_days=days,
        kept=kept,
        as_of=AS_OF,
        state="drifting",
    )
    assert steady.headroom == 0.0
    assert [area for area, _, _ in rank_areas([steady, drifting])] == ["D", "S"]


def test_a_check_at_full_kept_is_never_the_weakest_of_an_area_with_a_drifting_check() -> None:
    days, kept = share_of(1.0)
    perfect = assess_fragility(
        area="A",
        check="perfect",
        risk="high",
        target=1.0,
        known_days=days,
        kept=kept,
        as_of=AS_OF,
    )
    days, kept = share_of(0.99)
    drifting = assess_fragility(
        area="A",
        check="drifting",
        risk="high",
        target=0.80,
        known_days=days,
        kept=kept,
        as_of=AS_OF,
        state="drifting",
    )
    for order in ([perfect, drifting], [drifting, perfect]):
        [(_, _, weakest)] = rank_areas(order)
        assert weakest.check == "drifting"


def test_loosening_weighs_less_than_drifting_and_more_than_steady() -> None:
    days, kept = share_of(0.99)
    scores = [
        assess_fragility(
            area="A",
            check="c",
            risk="low",
            target=0.9,
            known_days=days,
            kept=kept,
            as_of=AS_OF,
            state=state,
        ).score
        for state in ("steady", "loosening", "drifting")
    ]
    assert scores == sorted(scores)
    assert len(set(scores)) == 3


def test_a_share_that_reads_as_its_target_is_not_below_it() -> None:
    # 1899 of 2000 kept is 94.95%, shown as "95.0%" (and 1898 is 94.90%, shown "94.9%").
    days = np.array([AS_OF - timedelta(days=3)] * 2000, dtype="datetime64[D]")
    at = assess_fragility(
        area="A",
        check="c",
        risk="low",
        target=0.95,
        known_days=days,
        kept=np.r_[np.ones(1899), np.zeros(101)],
        as_of=AS_OF,
    )
    assert f"{at.current:.1%}" == "95.0%"
    assert at.headroom is not None
    assert at.headroom >= 0
    below = assess_fragility(
        area="A",
        check="c",
        risk="low",
        target=0.95,
        known_days=days,
        kept=np.r_[np.ones(1898), np.zeros(102)],
        as_of=AS_OF,
    )
    assert below.headroom is not None
    assert below.headroom < 0


def test_a_check_with_few_recent_cases_shows_a_share_of_its_latest_cases() -> None:
    old = [AS_OF - timedelta(days=60)] * 30
    recent = [AS_OF - timedelta(days=2)] * 3
    days = np.array(old + recent, dtype="datetime64[D]")
    kept = np.r_[np.zeros(30), np.ones(3)]
    found = assess_fragility(
        area="A", check="c", risk="low", target=0.9, known_days=days, kept=kept, as_of=AS_OF
    )
    assert found.current is not None
    assert found.cases == 33
    assert found.recent_from == AS_OF - timedelta(days=60)
    assert abs(found.current - 3 / 33) < 1e-9
    many = np.array([AS_OF - timedelta(days=2)] * 25 + old, dtype="datetime64[D]")
    within = assess_fragility(
        area="A",
        check="c",
        risk="low",
        target=0.9,
        known_days=many,
        kept=np.r_[np.ones(25), np.zeros(30)],
        as_of=AS_OF,
    )
    assert within.cases == 25
    assert within.current == 1.0


@pytest.mark.slow
def test_a_scan_gives_each_check_its_most_severe_state_and_ranks_drifting_first(
    drift_report: ScanReport,
) -> None:
    drifting = {
        s.check for s in (*drift_report.signals, *drift_report.watching) if s.state == "drifting"
    }
    assert drifting, "the drift log has a drifting check"
    for item in drift_report.checks:
        assert (item.state == "drifting") == (item.check in drifting)
        if item.check in drifting:
            assert item.score > 1.0
    for area in drift_report.fragility:
        mates = [c for c in drift_report.checks if c.area == area.area]
        if any(c.check in drifting for c in mates):
            assert area.weakest.check in drifting or (
                area.weakest.headroom is not None and area.weakest.headroom < 0
            )
