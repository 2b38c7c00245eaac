"""Two million deals are made in well under a minute (the speed benchmark's scale)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from taut.simulate import Condition, Drift, sales_handoff


@pytest.mark.slow
def test_two_million_deals_in_well_under_a_minute() -> None:
    drift = Drift(
        kind="latency",
        onset=date(2025, 7, 7),
        ramp_days=28,
        size=3.0,
        condition=Condition(field="workload", value="high"),
    )
    began = time.perf_counter()
    simulation = sales_handoff(seed=0, weeks=52, deals_per_day=6100.0, drifts=(drift,))
    elapsed = time.perf_counter() - began
    assert 1_900_000 <= simulation.cases <= 2_100_000
    assert 9_000_000 <= len(simulation.events) <= 10_500_000
    assert elapsed < 30.0
