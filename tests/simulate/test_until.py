"""A handoff drift stops on its ``until`` day (a change took its cause away), and a kickoff
latency drift multiplies the days between the acknowledgement and the kickoff."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from taut.simulate import Drift, sales_handoff
from taut.simulate.process import ACKNOWLEDGED, KICKOFF
from tests.simulate.conftest import PerCase

START = date(2025, 1, 6)
ONSET = START + timedelta(weeks=4)
UNTIL = START + timedelta(weeks=8)


def test_a_skip_drift_acts_from_onset_until_its_end(per_case: PerCase) -> None:
    drift = Drift(kind="skip", step=ACKNOWLEDGED, onset=ONSET, size=0.3, until=UNTIL)
    sim = sales_handoff(seed=5, start=START, weeks=12, deals_per_day=80.0, drifts=(drift,))
    cases = per_case(sim.events)
    closed = cases["closed"]
    missing = cases["ack"].isna()
    during = (closed >= pd.Timestamp(ONSET)) & (closed < pd.Timestamp(UNTIL))
    assert missing[closed < pd.Timestamp(ONSET)].mean() < 0.02
    assert missing[during].mean() == pytest.approx(0.01 + 0.3 * 0.99, abs=0.03)
    assert missing[closed >= pd.Timestamp(UNTIL)].mean() < 0.02
    assert sim.truth[0].until == UNTIL
    assert "until 2025-03-03" in sim.truth[0].describe()
    exposed = int(during.sum())
    assert sim.truth[0].cases == pytest.approx(exposed, rel=0.01)


def test_a_kickoff_latency_drift_multiplies_its_days(per_case: PerCase) -> None:
    drift = Drift(kind="latency", step=KICKOFF, onset=ONSET, size=3.0)
    plain = per_case(sales_handoff(seed=6, start=START, weeks=8, deals_per_day=60.0).events)
    drifted = per_case(
        sales_handoff(seed=6, start=START, weeks=8, deals_per_day=60.0, drifts=(drift,)).events
    )
    # whole days from the acknowledgement's day to the kickoff's (1 to 3, then 3 to 9,
    # each moved past a weekend)
    days = (drifted["kickoff"].dt.normalize() - drifted["ack"].dt.normalize()).dt.days
    before = days[drifted["closed"] < pd.Timestamp(ONSET)]
    after = days[drifted["closed"] >= pd.Timestamp(ONSET) + pd.Timedelta(days=1)]
    assert 2.0 <= before.mean() <= 3.0  # 2 days on average, plus weekends
    assert 3 * 2.0 - 0.5 <= after.mean() <= 3 * 2.0 + 1.0
    early = plain["closed"] < pd.Timestamp(ONSET)
    pd.testing.assert_series_equal(
        plain.loc[early, "kickoff"], drifted.loc[early, "kickoff"], check_names=False
    )


def test_until_must_follow_the_onset() -> None:
    with pytest.raises(ValueError, match="after its onset"):
        Drift(kind="blank", onset=ONSET, size=0.2, until=ONSET)
