"""Fragility: headroom, weekly trend and the projected break day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from taut.signal.decide.fragility import assess_fragility, rank_areas

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


def test_steady_series_has_no_break_and_below_target_scores_one() -> None:
    days, kept = declining(0.97, 0.0)
    steady = assess_fragility(
        area="A", check="c", risk="low", target=0.90, known_days=days, kept=kept, as_of=AS_OF
    )
    assert steady.breaks is None
    assert steady.score < 0.5
    below = assess_fragility(
        area="B", check="d", risk="low", target=0.99, known_days=days, kept=kept, as_of=AS_OF
    )
    assert below.score == 1.0
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
