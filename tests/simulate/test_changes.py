"""Changes to the work injected into the simulated handoff (taut.simulate.changes)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from taut.simulate import Condition, Drift, InjectedChange, sales_handoff
from taut.simulate.process import INTAKE, INTAKE_FIELDS

START = date(2025, 1, 6)
ONSET = START + timedelta(weeks=4)
APPLIED = START + timedelta(weeks=8)
BLANK = Drift(kind="blank", onset=ONSET, size=0.4)


def simulate(*changes: InjectedChange) -> pd.DataFrame:
    sim = sales_handoff(
        seed=5, weeks=14, deals_per_day=30.0, drifts=(BLANK,), changes=tuple(changes)
    )
    return sim.events


def incomplete(events: pd.DataFrame, span: tuple[date, date], *, team: str | None = None) -> float:
    """The share of intakes of deals closed in ``span`` (both days in) with a blank field."""
    first, last = span
    closed = events[events["step"] == "Deal closed"].set_index("deal_id")
    intakes = events[events["step"] == INTAKE].set_index("deal_id")
    day = closed["at"].reindex(intakes.index).dt.date
    keep = (day >= first) & (day <= last)
    if team is not None:
        keep &= closed["team"].reindex(intakes.index) == team
    blank = intakes[list(INTAKE_FIELDS)].isna().any(axis=1)
    return float(blank[keep].mean())


def change(**given: object) -> InjectedChange:
    fields: dict[str, object] = {
        "check": "intake-complete",
        "applied_on": APPLIED,
        "improvement": 1.0,
    }
    fields.update(given)
    return InjectedChange(**fields)  # type: ignore[arg-type]


def test_a_change_that_does_nothing_leaves_every_event_as_it_was() -> None:
    pd.testing.assert_frame_equal(simulate(change(improvement=0.0)), simulate())


def test_a_change_undoes_the_drift_from_its_day_and_leaves_the_days_before_alone() -> None:
    plain, changed = simulate(), simulate(change())
    before = (ONSET, APPLIED - timedelta(days=1))
    after = (APPLIED, START + timedelta(weeks=14))
    assert incomplete(changed, before) == incomplete(plain, before)
    assert incomplete(plain, after) > 0.3
    # Back to the baseline: each of three fields blank 1% of the time, about 3%.
    assert incomplete(changed, after) < 0.06


def test_half_an_improvement_wins_back_about_half_the_loosening() -> None:
    after = (APPLIED, START + timedelta(weeks=14))
    plain = incomplete(simulate(), after)
    half = incomplete(simulate(change(improvement=0.5)), after)
    base = incomplete(simulate(change()), after)
    assert half == pytest.approx((plain + base) / 2, abs=0.04)


def test_a_change_on_one_team_moves_that_team_only() -> None:
    plain, changed = simulate(), simulate(change(condition=Condition(field="team", value="West")))
    after = (APPLIED, START + timedelta(weeks=14))
    assert incomplete(changed, after, team="West") < 0.08
    for team in ("North", "South", "East"):
        assert incomplete(changed, after, team=team) == incomplete(plain, after, team=team)


def test_a_relapse_brings_the_drift_back_on_its_day() -> None:
    relapse = APPLIED + timedelta(weeks=3)
    plain, changed = simulate(), simulate(change(relapse_on=relapse))
    worked = (APPLIED, relapse - timedelta(days=1))
    after = (relapse, START + timedelta(weeks=14))
    assert incomplete(changed, worked) < 0.08
    assert incomplete(changed, after) == incomplete(plain, after)


def test_the_truth_names_the_change_and_the_drifts_it_acts_on() -> None:
    sim = sales_handoff(
        seed=5,
        weeks=14,
        deals_per_day=30.0,
        drifts=(BLANK, Drift(kind="latency", onset=ONSET, size=3.0)),
        changes=(change(improvement=0.7, onset_days=7, change="Mandatory intake fields"),),
    )
    (truth,) = sim.changes
    assert (truth.check, truth.improvement, truth.drifts) == ("intake-complete", 0.7, 1)
    assert truth.full_on == APPLIED + timedelta(days=7)
    closed = sim.events[sim.events["step"] == "Deal closed"]["at"].dt.date
    assert truth.cases == int(np.sum(closed >= APPLIED))
    assert truth.change == "Mandatory intake fields"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"check": "intake-complet"}, "Did you mean 'intake-complete'"),
        ({"improvement": 1.5}, "from 0 .no effect. to 1"),
        ({"relapse_on": APPLIED}, "must come after its applied_on"),
        ({"onset_days": -1}, "0 or more"),
    ],
)
def test_a_bad_change_is_a_clear_error(given: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        change(**given)


def test_a_change_outside_the_period_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="outside the simulated period"):
        sales_handoff(seed=0, weeks=2, changes=(change(),))
