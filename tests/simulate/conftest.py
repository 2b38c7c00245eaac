"""Shared fixtures for the simulator's tests: independent pandas views of a simulated log.

Every metric here is computed from ``Simulation.events`` alone, the way a reader of the
written file would, so the tests check the simulator against an oracle it does not share.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from taut.simulate import Simulation, sales_handoff

PerCase = Callable[[pd.DataFrame], pd.DataFrame]
FIELDS = ["billing_contact", "scope", "start_date"]
STEP_COLUMNS = {
    "Deal closed": "closed",
    "Intake completed": "intake",
    "Operations acknowledged": "ack",
    "Kickoff scheduled": "kickoff",
    "Delivery started": "delivery",
    "Customer complaint": "complaint",
}


def per_case_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per deal: first time of each step, attributes, intake completeness, workload."""
    first = events.groupby(["deal_id", "step"], observed=True)["at"].min().unstack("step")
    first.columns = [STEP_COLUMNS[str(step)] for step in first.columns]
    frame = pd.DataFrame(index=first.index.astype(str))
    for column in STEP_COLUMNS.values():
        frame[column] = first[column].to_numpy() if column in first else pd.NaT
    closed = events[events["step"] == "Deal closed"].set_index("deal_id")
    closed.index = closed.index.astype(str)
    for column in ("team", "region", "deal_size", "priority"):
        frame[column] = closed[column].astype(str)
    ops = events[events["team"].isin(["Ops Central", "Ops Field"])].drop_duplicates("deal_id")
    frame["ops_team"] = ops.set_index(ops["deal_id"].astype(str))["team"].astype(str)
    intake = events[events["step"] == "Intake completed"].drop_duplicates("deal_id")
    complete = intake[FIELDS].notna().all(axis=1)
    complete.index = intake["deal_id"].astype(str)
    frame["complete"] = complete.reindex(frame.index)
    frame["ack_hours"] = (frame["ack"] - frame["closed"]).dt.total_seconds() / 3600
    frame["delivery_hours"] = (frame["delivery"] - frame["kickoff"]).dt.total_seconds() / 3600
    frame["high_workload"] = high_workload(frame)
    return frame


def high_workload(cases: pd.DataFrame) -> pd.Series:
    """Whether each deal closed on a top-quartile day of its team (SQL CUME_DIST >= 0.75)."""
    day = cases["closed"].dt.normalize()
    counts = cases.groupby([cases["team"], day]).size()
    high = counts.groupby(level=0).rank(method="max", pct=True).ge(0.75)
    keys = pd.MultiIndex.from_arrays([cases["team"], day])
    return pd.Series(high.reindex(keys).to_numpy(), index=cases.index)


@pytest.fixture(scope="session")
def per_case() -> PerCase:
    """The :func:`per_case_table` view, as a fixture."""
    return per_case_table


@pytest.fixture(scope="session")
def baseline() -> Simulation:
    """Half a year without drifts, large enough for rates to within about a percent."""
    return sales_handoff(seed=11, deals_per_day=100.0)


@pytest.fixture(scope="session")
def baseline_cases(baseline: Simulation) -> pd.DataFrame:
    """:func:`per_case_table` of the baseline."""
    return per_case_table(baseline.events)
