"""The simulator's parameters are validated early, and its truth names checks, not people."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest

from taut.simulate import Condition, Drift, sales_handoff

ONSET = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "skp"}, r"Drift kind 'skp' is not one of .* Did you mean 'skip'\?"),
        ({"kind": "blank", "step": "Kickoff scheduled"}, r"step 'Kickoff scheduled' is not"),
        ({"step": "Operations acknowleged"}, r"Did you mean 'Operations acknowledged'\?"),
        ({"size": 1.5}, r"extra share of deals; give a number above 0 and at most 1"),
        ({"size": 0.0}, r"extra share"),
        ({"kind": "latency", "size": -2.0}, r"is a multiplier; give a number above 0"),
        ({"size": float("nan")}, r"must be a finite number"),
        ({"ramp_days": -1}, r"must be 0 \(sudden\) or more"),
        ({"ramp_days": 2.5}, r"whole number of days"),
        ({"onset": datetime(2025, 3, 3, 9)}, r"must be a date"),  # noqa: DTZ001
    ],
)
def test_drift_arguments_are_validated(arguments: dict[str, Any], message: str) -> None:
    base: dict[str, Any] = {"kind": "skip", "onset": ONSET, "size": 0.2}
    with pytest.raises(ValueError, match=message):
        Drift(**(base | arguments))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wrkload", "high", r"Condition field 'wrkload' .* Did you mean 'workload'\?"),
        ("workload", "busy", r"Condition workload 'busy' is not one of 'high'"),
        ("team", "Wset", r"Did you mean 'West'\?"),
        ("weekday", "monday", r"Did you mean 'Monday'\?"),
        ("region", "Mars", r"is not one of 'Americas', 'EMEA', 'APAC'"),
    ],
)
def test_condition_arguments_are_validated(field: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Condition(field=field, value=value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"weeks": 0}, r"weeks 0 must be a whole number from 1 to 520"),
        ({"deals_per_day": 0.0}, r"deals_per_day 0.0 must be a number above 0"),
        ({"growth": -1.0}, r"growth -1.0 must be a number above -1"),
        ({"seed": -3}, r"seed -3 must be a whole number"),
        ({"start": "2025-01-06"}, r"start '2025-01-06' must be a date"),
        (
            {"drifts": (Drift(kind="skip", onset=date(2026, 1, 5), size=0.1),)},
            r"onset 2026-01-05 is outside the simulated period 2025-01-06 to 2025-07-06",
        ),
        ({"drifts": Drift(kind="skip", onset=ONSET, size=0.1)}, r"wrap a single drift"),
        ({"drifts": ("skip",)}, r"drifts must hold Drift records; got str"),
    ],
)
def test_simulation_arguments_are_validated(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sales_handoff(**arguments)


def test_drift_defaults_and_ramp_end() -> None:
    drift = Drift(kind="spread", onset=ONSET, size=2.0, ramp_days=28)
    assert drift.step == "Operations acknowledged"
    assert drift.ramp_end == date(2025, 3, 31)
    assert Drift(kind="order", onset=ONSET, size=0.1).step == "Kickoff scheduled"
    assert Drift(kind="blank", onset=ONSET, size=0.1).step == "Intake completed"


@pytest.mark.parametrize(
    ("kind", "step", "checks"),
    [
        ("skip", "Operations acknowledged", ("ack-within-24h", "ack-present")),
        ("skip", "Kickoff scheduled", ()),
        ("skip", "Delivery started", ("delivery-within-5d",)),
        ("blank", "Intake completed", ("intake-complete",)),
        ("latency", "Operations acknowledged", ("ack-within-24h",)),
        ("latency", "Delivery started", ("delivery-within-5d",)),
        ("spread", "Operations acknowledged", ("ack-within-24h",)),
        ("order", "Kickoff scheduled", ("ack-before-kickoff",)),
    ],
)
def test_truth_names_the_checks_each_drift_moves(
    kind: str, step: str, checks: tuple[str, ...]
) -> None:
    size = 2.0 if kind in {"latency", "spread"} else 0.2
    drift = Drift(kind=kind, step=step, onset=ONSET, ramp_days=14, size=size)  # type: ignore[arg-type]
    truth = sales_handoff(seed=1, weeks=12, deals_per_day=10.0, drifts=(drift,)).truth
    assert len(truth) == 1
    assert truth[0].checks == checks
    assert (truth[0].kind, truth[0].step, truth[0].size) == (kind, step, size)
    assert (truth[0].onset, truth[0].ramp_end) == (ONSET, date(2025, 3, 17))


def test_truth_holds_no_person() -> None:
    drifts = (
        Drift(kind="skip", onset=ONSET, size=0.2, condition=Condition(field="team", value="West")),
        Drift(kind="latency", onset=ONSET, size=3.0),
    )
    simulation = sales_handoff(seed=1, weeks=12, deals_per_day=10.0, drifts=drifts)
    people = re.compile(r"(rep|ops)-\d\d")
    assert not people.search(repr(simulation.truth))
    assert not any(people.search(truth.describe()) for truth in simulation.truth)
    assert people.search(" ".join(simulation.events["rep"].dropna().astype(str).head(5)))


def test_adding_a_drift_changes_nothing_before_its_onset() -> None:
    plain = sales_handoff(seed=9, weeks=12, deals_per_day=20.0)
    drift = Drift(kind="order", onset=date(2025, 2, 24), size=0.5)
    drifted = sales_handoff(seed=9, weeks=12, deals_per_day=20.0, drifts=(drift,))
    before = plain.events["at"] < "2025-02-24"
    early_ids = set(plain.events.loc[before & (plain.events["step"] == "Deal closed"), "deal_id"])
    same = plain.events["deal_id"].isin(early_ids)
    same_drifted = drifted.events["deal_id"].isin(early_ids)
    pd.testing.assert_frame_equal(
        plain.events[same].reset_index(drop=True),
        drifted.events[same_drifted].reset_index(drop=True),
    )
    assert not plain.events.equals(drifted.events)
