"""The simulated critical areas: seeded, their drifts act where and when they say, and each
writes a log its contract template can read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.contract.templates import names, template_contract, template_text
from taut.errors import UsageError
from taut.simulate.areas.drifts import AreaDrift, Where, moved_checks
from taut.simulate.areas.engine import simulate_area
from taut.simulate.areas.process import PROCESSES, RESPONSE, SAFETY

START = date(2025, 1, 6)


def _per_case(events: pd.DataFrame, *, case: str, activity: str, when: str) -> pd.DataFrame:
    """One row per case: the first time of each step (an oracle on the written columns)."""
    return events.groupby([case, activity])[when].min().unstack(activity)


def test_every_template_is_a_valid_contract_with_a_process_or_the_handoff() -> None:
    assert set(PROCESSES) | {"handoff"} == set(names())
    for name in names():
        contract = template_contract(name)
        assert contract.checks, name
        assert "Fill in source.path and columns" in template_text(name)


def test_an_unknown_template_names_the_closest() -> None:
    with pytest.raises(UsageError, match="Did you mean 'revenue'"):
        template_text("revenu")


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_same_seed_same_log_other_seed_other_log(name: str) -> None:
    process = PROCESSES[name]
    one = simulate_area(process, seed=3, start=START, weeks=2, cases_per_day=10.0).events
    again = simulate_area(process, seed=3, start=START, weeks=2, cases_per_day=10.0).events
    pd.testing.assert_frame_equal(one, again)
    other = simulate_area(process, seed=4, start=START, weeks=2, cases_per_day=10.0).events
    assert not one.equals(other)


def test_a_latency_drift_acts_on_its_condition_from_onset_until_its_end() -> None:
    onset, until = START + timedelta(weeks=4), START + timedelta(weeks=8)
    drift = AreaDrift(
        kind="latency",
        step="First response",
        onset=onset,
        size=3.0,
        condition=Where(field="attribute", value="email"),
        until=until,
    )
    sim = simulate_area(
        RESPONSE, seed=1, start=START, weeks=12, cases_per_day=60.0, drifts=(drift,)
    )
    events = sim.events
    steps = _per_case(events, case="request_id", activity="activity", when="timestamp")
    channel = events[events["activity"] == "Request received"].set_index("request_id")["channel"]
    hours = (steps["First response"] - steps["Request received"]).dt.total_seconds() / 3600
    opened = steps["Request received"]
    email = channel.reindex(steps.index) == "email"
    during = (opened >= pd.Timestamp(onset)) & (opened < pd.Timestamp(until))
    after = opened >= pd.Timestamp(until)
    assert hours[during & email].median() == pytest.approx(3 * 1.2, rel=0.15)
    assert hours[during & ~email].median() == pytest.approx(1.2, rel=0.15)
    assert hours[after & email].median() == pytest.approx(1.2, rel=0.15)
    assert sim.truth[0].checks == ("first-response-within-4h",)


def test_skip_blank_and_order_drifts_move_their_shares() -> None:
    onset = START + timedelta(weeks=3)
    drifts = (
        AreaDrift(kind="skip", step="Work closed out", onset=onset, size=0.3),
        AreaDrift(kind="blank", step="Hazard assessment done", onset=onset, size=0.3),
        AreaDrift(kind="order", step="Work started", onset=onset, size=0.3),
    )
    events = simulate_area(
        SAFETY, seed=2, start=START, weeks=6, cases_per_day=60.0, drifts=drifts
    ).events
    steps = _per_case(events, case="permit_id", activity="activity", when="time")
    late = steps["Permit requested"] >= pd.Timestamp(onset)
    done = steps["Permit requested"] < pd.Timestamp(START + timedelta(weeks=5))
    closed = steps["Work closed out"].notna()
    assert 1 - closed[~late].mean() < 0.03
    assert 1 - closed[late & done].mean() == pytest.approx(0.31, abs=0.04)
    before = steps["Work started"] < steps["Permit signed off"]
    assert before[~late].mean() < 0.02
    assert before[late & done].mean() == pytest.approx(0.3, abs=0.04)
    assessed = events[events["activity"] == "Hazard assessment done"]
    blank = (assessed[["isolation_points", "gas_test", "ppe_checked"]] == "").any(axis=1)
    drifted = assessed["time"] >= pd.Timestamp(onset)
    assert blank[~drifted].mean() < 0.05
    assert blank[drifted].mean() == pytest.approx(0.32, abs=0.04)


def test_moved_checks_follow_the_contract() -> None:
    contract = template_contract("escalation")
    assert moved_checks(contract, kind="skip", step="Incident manager engaged") == (
        "manager-engaged",
    )
    assert moved_checks(contract, kind="blank", step="Resolved") == ("review-complete",)
    assert moved_checks(contract, kind="order", step="Resolved") == ()


def test_bad_drifts_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 1"):
        AreaDrift(kind="skip", step="Resolved", onset=START, size=1.5)
    with pytest.raises(ValueError, match="after its onset"):
        AreaDrift(kind="latency", step="Resolved", onset=START, size=2.0, until=START)
    with pytest.raises(ValueError, match="no step"):
        simulate_area(
            SAFETY,
            seed=0,
            start=START,
            weeks=1,
            cases_per_day=5.0,
            drifts=(AreaDrift(kind="skip", step="Resolved", onset=START, size=0.1),),
        )


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_the_written_log_passes_taut_check(tmp_path: Path, name: str) -> None:
    sim = simulate_area(PROCESSES[name], seed=1, start=START, weeks=2, cases_per_day=12.0)
    contract = sim.write(tmp_path)
    result = CliRunner().invoke(app, ["check", str(contract)])
    assert result.exit_code == 0, result.output
    assert contract.read_text(encoding="utf-8") == template_text(name)
    assert np.all(sim.events.groupby(sim.events.columns[4]).size() > 0)
