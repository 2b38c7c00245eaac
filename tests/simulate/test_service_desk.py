"""The service-desk simulator: seeded, its drifts and wobble are what they say."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.simulate import DeskDrift, service_desk
from taut.simulate.service_desk import START


def _triage_hours(events: pd.DataFrame) -> pd.DataFrame:
    opened = events[events["event"] == "Ticket opened"].set_index("ticket")
    triaged = events[events["event"] == "Triage done"].set_index("ticket")["when"]
    frame = opened.assign(hours=(triaged - opened["when"]).dt.total_seconds() / 3600.0)
    return frame.dropna(subset=["hours"])


def test_same_seed_same_log_other_seed_other_log() -> None:
    one = service_desk(seed=4, weeks=3, tickets_per_day=12.0).events
    pd.testing.assert_frame_equal(one, service_desk(seed=4, weeks=3, tickets_per_day=12.0).events)
    assert not one.equals(service_desk(seed=5, weeks=3, tickets_per_day=12.0).events)


def test_slow_triage_is_confined_to_its_group_and_onset() -> None:
    onset = START + timedelta(weeks=4)
    desk = service_desk(
        seed=1, weeks=8, drifts=(DeskDrift(onset=onset, slow_triage=3.0, group="Network"),)
    )
    frame = _triage_hours(desk.events)
    after = frame["when"] >= pd.Timestamp(onset)
    network = frame["resolver_group"] == "Network"
    assert frame[after & network]["hours"].median() == pytest.approx(4.5, rel=0.15)
    assert frame[~after & network]["hours"].median() == pytest.approx(1.5, rel=0.15)
    assert frame[after & ~network]["hours"].median() == pytest.approx(1.5, rel=0.1)
    assert desk.drifts[0].checks == ("triage-within-4h",)


def test_wobble_makes_days_differ_more_than_chance() -> None:
    def daily_spread(wobble: float) -> float:
        frame = _triage_hours(service_desk(seed=2, weeks=12, wobble=wobble).events)
        by_day = frame.groupby(frame["when"].dt.date)["hours"].apply(lambda h: np.log(h).mean())
        return float(by_day.std())

    assert daily_spread(0.3) > 2.0 * daily_spread(0.0)


def test_bad_parameters_are_named() -> None:
    with pytest.raises(ValueError, match="not one of Network"):
        DeskDrift(onset=START, group="Netwrok")
    with pytest.raises(ValueError, match="must be positive"):
        DeskDrift(onset=START, blank_codes=0.0)
    with pytest.raises(ValueError, match="wobble >= 0"):
        service_desk(seed=0, wobble=-1.0)


@pytest.mark.parametrize("dates_only", [False, True])
def test_the_written_log_passes_taut_check(tmp_path: Path, dates_only: bool) -> None:
    contract = service_desk(seed=3, weeks=2, tickets_per_day=8.0).write(
        tmp_path, dates_only=dates_only
    )
    result = CliRunner().invoke(app, ["check", str(contract)])
    assert result.exit_code == 0, result.output
    assert "4 checks" in result.output
