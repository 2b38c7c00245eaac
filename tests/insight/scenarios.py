"""Simulated logs with a drift confined to one condition, explained end to end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from taut.api import explain
from taut.insight import Insight
from taut.simulate import Condition, Drift, sales_handoff

ONSET = date(2025, 3, 17)
WEEKS = 16
DEALS_PER_DAY = 20.0
SKIP_SIZE = 0.3

CONDITIONS: dict[str, Condition | None] = {
    "workload": Condition(field="workload", value="high"),
    "hour": Condition(field="hour", value="late"),
    "team": Condition(field="team", value="West"),
    "weekday": Condition(field="weekday", value="Tuesday"),
    "even": None,
}
EXPECTED: dict[str, tuple[str, str]] = {
    "workload": ("workload", "high-workload days"),
    "hour": ("hour", "16:00 or later"),
    "team": ("team", "West"),
    "weekday": ("weekday", "Tuesday"),
}
"""The first condition an insight must name, per scenario: ``(field, value)``."""


@dataclass(frozen=True)
class Explained:
    """One simulated scenario: its insights, their JSON and the people in its log."""

    insights: tuple[Insight, ...]
    people: frozenset[str]


def explain_scenario(
    folder: Path, *, condition: Condition | None, seed: int, weeks: int = WEEKS
) -> Explained:
    """Simulate a skip of the acknowledgement confined to ``condition`` and explain it."""
    drift = Drift(kind="skip", onset=ONSET, size=SKIP_SIZE, condition=condition)
    sim = sales_handoff(seed=seed, weeks=weeks, deals_per_day=DEALS_PER_DAY, drifts=(drift,))
    insights = explain(sim.write(folder, fmt="csv")).insights
    people = frozenset(str(v) for v in sim.events["rep"].dropna().unique())
    return Explained(insights=insights, people=people)
