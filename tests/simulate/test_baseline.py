"""Without drifts the handoff behaves as documented: rates near their targets, teams handing
over, attributes on the rows that carry them, and realistic unfinished deals at the end."""

from __future__ import annotations

import pandas as pd
import pytest

from taut.simulate import Simulation, sales_handoff
from taut.simulate.people import COORDINATORS, OPS_TEAMS, REPS, SALES_TEAMS

FIELDS = ["billing_contact", "scope", "start_date"]


@pytest.fixture(scope="module")
def settled(baseline: Simulation, baseline_cases: pd.DataFrame) -> pd.DataFrame:
    """Deals closed at least 60 days before the end: every step had time to happen."""
    cutoff = pd.Timestamp(baseline.end) - pd.Timedelta(days=60)
    return baseline_cases[baseline_cases["closed"] < cutoff]


def test_same_seed_gives_identical_events() -> None:
    first = sales_handoff(seed=3, weeks=6, deals_per_day=30.0)
    again = sales_handoff(seed=3, weeks=6, deals_per_day=30.0)
    pd.testing.assert_frame_equal(first.events, again.events)


def test_different_seeds_differ() -> None:
    first = sales_handoff(seed=3, weeks=6, deals_per_day=30.0)
    other = sales_handoff(seed=4, weeks=6, deals_per_day=30.0)
    assert len(first.events) != len(other.events) or not first.events.equals(other.events)
    assert first.events["at"].iloc[:50].tolist() != other.events["at"].iloc[:50].tolist()


def test_intake_is_about_97_percent_complete(settled: pd.DataFrame) -> None:
    assert settled["intake"].notna().mean() == pytest.approx(0.995, abs=0.003)
    assert settled["complete"].dropna().mean() == pytest.approx(0.97, abs=0.006)


def test_acknowledgement_present_and_mostly_within_a_day(settled: pd.DataFrame) -> None:
    assert settled["ack"].notna().mean() == pytest.approx(0.99, abs=0.003)
    hours = settled["ack_hours"].dropna()
    assert (hours <= 24).mean() == pytest.approx(0.94, abs=0.012)
    assert 6.0 <= hours.median() <= 8.5
    assert (hours >= 0).all()


def test_acknowledgement_comes_before_kickoff(settled: pd.DataFrame) -> None:
    both = settled.dropna(subset=["ack", "kickoff"])
    assert (both["ack"] <= both["kickoff"]).mean() == pytest.approx(0.99, abs=0.004)
    days = (both["kickoff"] - both["ack"]).dt.total_seconds() / 86400
    assert 1.0 <= days[both["ack"] <= both["kickoff"]].median() <= 3.0  # weekends push some


def test_delivery_starts_within_days_of_kickoff(settled: pd.DataFrame) -> None:
    days = settled["delivery_hours"].dropna() / 24
    assert (days <= 5).mean() > 0.9
    assert (days > 0).all()


def test_complaints_lag_and_follow_slips(settled: pd.DataFrame) -> None:
    complained = settled["complaint"].notna()
    assert complained.mean() == pytest.approx(0.03, abs=0.008)
    assert (settled.loc[complained, "complaint"] > settled.loc[complained, "closed"]).all()
    slipped = settled["ack"].isna() | (settled["ack_hours"] > 24)
    ratio = complained[slipped].mean() / complained[~slipped].mean()
    assert 1.8 < ratio < 3.5


def test_the_latest_deals_are_still_unfinished(
    baseline: Simulation, baseline_cases: pd.DataFrame
) -> None:
    end = pd.Timestamp(baseline.end)
    assert baseline.events["at"].max() < end
    last_days = baseline_cases[baseline_cases["closed"] >= end - pd.Timedelta(days=4)]
    assert len(last_days) > 50
    assert last_days["delivery"].isna().mean() > 0.9
    assert last_days["ack"].notna().mean() > 0.5  # some steps did happen


def test_sales_hands_over_to_operations(baseline: Simulation) -> None:
    events = baseline.events
    teams = {
        step: set(events.loc[events["step"] == step, "team"].dropna().astype(str))
        for step in events["step"].cat.categories
    }
    assert teams["Deal closed"] == set(SALES_TEAMS)
    assert teams["Intake completed"] == set(SALES_TEAMS)
    for step in ("Operations acknowledged", "Kickoff scheduled", "Delivery started"):
        assert teams[step] == set(OPS_TEAMS)
    assert teams["Customer complaint"] == {"Customer Care"}
    people = set(events["rep"].dropna().astype(str))
    assert {person for person in people if person.startswith("rep-")} == set(REPS)
    assert {person for person in people if person.startswith("ops-")} == set(COORDINATORS)
    assert len(REPS) == 20


def test_attributes_sit_only_on_the_rows_that_carry_them(baseline: Simulation) -> None:
    events = baseline.events
    on_closed = events["step"] == "Deal closed"
    on_intake = events["step"] == "Intake completed"
    for column in ("region", "deal_size", "priority"):
        assert events.loc[on_closed, column].notna().all()
        assert events.loc[~on_closed, column].isna().all()
    for column in FIELDS:
        assert events.loc[on_intake, column].notna().mean() > 0.98
        assert events.loc[~on_intake, column].isna().all()
    assert list(events.columns) == [
        "deal_id",
        "step",
        "at",
        "team",
        "rep",
        "region",
        "deal_size",
        "priority",
        *FIELDS,
    ]


def test_events_are_sorted_by_time_and_ids_grow_with_closing(baseline: Simulation) -> None:
    events = baseline.events
    assert events["at"].is_monotonic_increasing
    closed = events[events["step"] == "Deal closed"]
    assert closed["deal_id"].astype(str).is_monotonic_increasing
