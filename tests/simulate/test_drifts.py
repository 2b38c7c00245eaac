"""Each drift kind moves its metric after onset and leaves everything before it untouched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from taut.simulate import Condition, Drift, Simulation, sales_handoff

SEED, DEALS = 21, 60.0
ONSET = date(2025, 4, 7)
Metric = Callable[[pd.DataFrame], float]
PerCase = Callable[[pd.DataFrame], pd.DataFrame]


def _run(*drifts: Drift) -> Simulation:
    return sales_handoff(seed=SEED, deals_per_day=DEALS, drifts=drifts)


@pytest.fixture(scope="module")
def plain(per_case: PerCase) -> pd.DataFrame:
    return per_case(_run().events)


def _window(cases: pd.DataFrame, *, after: bool, settle_days: int = 21) -> pd.DataFrame:
    onset = pd.Timestamp(ONSET)
    last = cases["closed"].max() - pd.Timedelta(days=settle_days)
    chosen = cases["closed"] >= onset if after else cases["closed"] < onset
    window: pd.DataFrame = cases[chosen & (cases["closed"] <= last)]
    return window


def _ack_present(cases: pd.DataFrame) -> float:
    return float(cases["ack"].notna().mean())


def _delivery_present(cases: pd.DataFrame) -> float:
    return float(cases.loc[cases["kickoff"].notna(), "delivery"].notna().mean())


def _complete(cases: pd.DataFrame) -> float:
    return float(cases["complete"].dropna().astype(bool).mean())


def _ack_median(cases: pd.DataFrame) -> float:
    return float(cases["ack_hours"].median())


def _delivery_in_5d(cases: pd.DataFrame) -> float:
    return float((cases["delivery_hours"].dropna() <= 120).mean())


def _ack_log_iqr(cases: pd.DataFrame) -> float:
    logs = np.log(cases["ack_hours"].dropna().clip(lower=1 / 60))
    return float(logs.quantile(0.75) - logs.quantile(0.25))


def _in_order(cases: pd.DataFrame) -> float:
    both = cases.dropna(subset=["ack", "kickoff"])
    return float((both["ack"] <= both["kickoff"]).mean())


# kind, step, size, metric, change after onset as (lowest, highest) of after - before
# (ratio after / before for latency and spread).
Move = tuple[str, str | None, float, Metric, tuple[float, float]]
MOVES: list[Move] = [
    ("skip", None, 0.2, _ack_present, (-0.25, -0.15)),
    ("skip", "Delivery started", 0.2, _delivery_present, (-0.25, -0.15)),
    ("blank", None, 0.2, _complete, (-0.25, -0.15)),
    ("latency", None, 3.0, _ack_median, (2.3, 3.6)),
    ("latency", "Delivery started", 2.5, _delivery_in_5d, (-0.6, -0.25)),
    ("spread", None, 2.0, _ack_log_iqr, (1.35, 2.2)),  # night hours compress the tails
    ("order", None, 0.2, _in_order, (-0.25, -0.15)),
]
RATIO_KINDS = {"latency:Operations acknowledged", "spread:Operations acknowledged"}


@pytest.mark.parametrize("move", MOVES, ids=[f"{move[0]}-{move[1] or 'default'}" for move in MOVES])
def test_drift_moves_its_metric_after_onset_only(
    plain: pd.DataFrame, per_case: PerCase, move: Move
) -> None:
    kind, step, size, metric, change = move
    drift = Drift(kind=kind, step=step, onset=ONSET, size=size)  # type: ignore[arg-type]
    cases = per_case(_run(drift).events)
    before = _window(cases, after=False)
    pd.testing.assert_frame_equal(before, _window(plain, after=False))
    after, untouched = metric(_window(cases, after=True)), metric(_window(plain, after=True))
    moved = after / untouched if f"{kind}:{drift.at_step}" in RATIO_KINDS else after - untouched
    assert change[0] <= moved <= change[1]


def test_spread_holds_the_median(plain: pd.DataFrame, per_case: PerCase) -> None:
    cases = per_case(_run(Drift(kind="spread", onset=ONSET, size=2.0)).events)
    ratio = _ack_median(_window(cases, after=True)) / _ack_median(_window(plain, after=True))
    assert 0.85 <= ratio <= 1.2


def test_gradual_drift_ramps_up(plain: pd.DataFrame, per_case: PerCase) -> None:
    drift = Drift(kind="latency", onset=ONSET, ramp_days=56, size=3.0)
    cases = per_case(_run(drift).events)

    def median_between(frame: pd.DataFrame, first: int, last: int) -> float:
        start = pd.Timestamp(ONSET + timedelta(days=first))
        end = pd.Timestamp(ONSET + timedelta(days=last))
        return _ack_median(frame[(frame["closed"] >= start) & (frame["closed"] < end)])

    ratios = [
        median_between(cases, first, last) / median_between(plain, first, last)
        for first, last in ((0, 14), (21, 35), (56, 84))
    ]
    assert 1.0 <= ratios[0] < ratios[1] < ratios[2]
    assert ratios[0] < 0.75 * ratios[2]
    assert ratios[2] > 2.3


CONDITIONS = [
    Condition(field="workload", value="high"),
    Condition(field="hour", value="late"),
    Condition(field="team", value="West"),
    Condition(field="team", value="Ops Field"),
    Condition(field="weekday", value="Monday"),
    Condition(field="region", value="EMEA"),
    Condition(field="deal_size", value="large"),
]


def _inside(cases: pd.DataFrame, condition: Condition) -> pd.Series:
    """The condition computed independently from the events."""
    if condition.field == "workload":
        return cases["high_workload"].astype(bool)
    closed = pd.DatetimeIndex(cases["closed"])
    if condition.field == "hour":
        return pd.Series(closed.hour >= 16, index=cases.index)
    if condition.field == "weekday":
        return pd.Series(closed.day_name() == condition.value, index=cases.index)
    if condition.field == "team" and condition.value.startswith("Ops"):
        return cases["ops_team"] == condition.value
    return cases[condition.field] == condition.value


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: f"{c.field}-{c.value}")
def test_condition_confines_the_drift(
    plain: pd.DataFrame, per_case: PerCase, condition: Condition
) -> None:
    simulation = _run(Drift(kind="skip", onset=ONSET, size=0.3, condition=condition))
    cases = per_case(simulation.events)
    # Conditions are read from the run without drift: a skipped step cannot hide them there.
    inside = _inside(plain, condition) & (plain["closed"] >= pd.Timestamp(ONSET))
    changed = cases["ack"].notna() != plain["ack"].notna()
    assert changed.any()
    assert not (changed & ~inside).any()
    pd.testing.assert_frame_equal(cases[~inside], plain[~inside])
    settled = cases["closed"] <= cases["closed"].max() - pd.Timedelta(days=21)
    drop = _ack_present(plain[inside & settled]) - _ack_present(cases[inside & settled])
    assert 0.2 <= drop <= 0.4
    assert simulation.truth[0].cases == int(inside.sum())


def test_high_workload_days_are_the_top_quartile(baseline_cases: pd.DataFrame) -> None:
    high = baseline_cases["high_workload"].astype(bool)
    days = baseline_cases.assign(day=baseline_cases["closed"].dt.normalize())
    per_day = days.groupby(["team", "day"]).size()
    busy = days[high].groupby(["team", "day"]).size()
    share_of_days = len(busy) / len(per_day)
    assert 0.2 <= share_of_days <= 0.3
    assert per_day[busy.index].mean() > 1.3 * per_day.mean()
