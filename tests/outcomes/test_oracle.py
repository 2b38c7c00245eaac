"""Oracle: the outcomes table equals a plain pandas computation of the same semantics.

The pandas code below is written from the check semantics in the brief, not from taut's
implementation: per case, first times by activity; first non-empty attributes by time with
ties to the smallest value; the first `to` at or after the anchor; the first `at` event with
the most (then earliest-listed) fields filled; local time with pandas' time zone support; and
workload as cases started per team and local day with its cumulative share of the team's days.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from taut.contract.models import Contract
from taut.ingest.log import EventLog

TZ = "America/Chicago"
ACTIVITIES = ["Deal closed", "Intake completed", "Operations acknowledged", "Kickoff", "Delivery"]
FIELDS = ["billing_contact", "scope", "start_date"]


def simulated_rows(*, cases: int, seed: int) -> list[dict[str, object]]:
    """Events with repeats, out-of-order steps, blanks, tied times and several teams."""
    rng = np.random.default_rng(seed)
    base = pd.Timestamp("2025-03-01")
    rows: list[dict[str, object]] = []
    for case in range(cases):
        start = base + pd.Timedelta(hours=int(rng.integers(0, 24 * 260)))
        for _ in range(int(rng.integers(1, 8))):

            def pick(values: list[str | None]) -> str | None:
                return values[int(rng.integers(0, len(values)))]

            rows.append(
                {
                    "case_id": f"c{case}",
                    "activity": pick([*ACTIVITIES, "Deal closed", "Operations acknowledged"]),
                    "ts": start + pd.Timedelta(minutes=30 * int(rng.integers(-20, 200))),
                    "team": pick(["A", "B", "C", None]),
                    "person": pick(["p1", "p2"]),
                    "region": pick(["EU", "US", None, None]),
                    "deal_size": pick(["small", "large", None, None, None]),
                    "priority": pick(["P1", "P2", "P3", None, None]),
                    **{field: pick(["x", None]) for field in FIELDS},
                }
            )
    return rows


def _first_value(events: pd.DataFrame, column: str) -> pd.Series:
    filled = events[events[column].notna()]
    at_first = filled[filled["ts"] == filled.groupby("case_id")["ts"].transform("min")]
    return at_first.groupby("case_id")[column].min()


def _first(events: pd.DataFrame, activity: str) -> pd.Series:
    return events[events["activity"] == activity].groupby("case_id")["ts"].min()


def _reach(events: pd.DataFrame, anchor: pd.Series, activity: str) -> pd.Series:
    targets = events[events["activity"] == activity].join(anchor.rename("anchor"), on="case_id")
    return targets[targets["ts"] >= targets["anchor"]].groupby("case_id")["ts"].min()


def _hours(start: pd.Series, end: pd.Series) -> pd.Series:
    return (end - start).dt.total_seconds() / 3600


def _timed(
    frame: pd.DataFrame, anchor: pd.Series, reached: pd.Series, span: timedelta, end: pd.Timestamp
) -> pd.DataFrame:
    reached = reached.reindex(anchor.index)
    frame["anchor_time"] = anchor
    frame["value"] = _hours(anchor, reached)
    deadline = anchor + span
    frame["decided_time"] = reached.where(reached.notna(), deadline.where(deadline <= end))
    return frame


def oracle(events: pd.DataFrame, data_end: pd.Timestamp) -> pd.DataFrame:
    cases = pd.DataFrame(index=pd.Index(sorted(events["case_id"].unique()), name="case_id"))
    for column in ("team", "region", "deal_size", "priority"):
        cases[column] = _first_value(events, column)
    cases["start"] = events.groupby("case_id")["ts"].min()
    parts = []

    deal = _first(events, "Deal closed")
    ack = _reach(events, deal, "Operations acknowledged")
    within = _timed(pd.DataFrame(index=deal.index), deal, ack, timedelta(hours=24), data_end)
    within["status"] = np.where(
        ack.reindex(deal.index) <= deal + timedelta(hours=24),
        "kept",
        np.where(ack.reindex(deal.index).isna() & (deal + timedelta(hours=24) > data_end),
                 "pending", "missed"),
    )  # fmt: skip
    parts.append(within.assign(check="ack-24h"))

    present = _timed(pd.DataFrame(index=deal.index), deal, ack, timedelta(days=3), data_end)
    present["status"] = np.where(
        ack.reindex(deal.index).notna(),
        "kept",
        np.where(deal + timedelta(days=3) > data_end, "pending", "missed"),
    )
    parts.append(present.assign(check="ack-present"))

    start = cases["start"]
    kick = _reach(events, start, "Kickoff")
    kickoff = _timed(pd.DataFrame(index=start.index), start, kick, timedelta(days=5), data_end)
    kickoff["status"] = np.where(
        kick.reindex(start.index).notna(),
        "kept",
        np.where(start + timedelta(days=5) > data_end, "pending", "missed"),
    )
    parts.append(kickoff.assign(check="kickoff"))

    intake = events[events["activity"] == "Intake completed"].copy()
    intake = intake[intake["ts"] == intake.groupby("case_id")["ts"].transform("min")]
    flags = intake[FIELDS].notna()
    intake["filled"] = flags.sum(axis=1)
    intake[[f"f{i}" for i in range(3)]] = flags.to_numpy()
    judged = intake.sort_values(["case_id", "filled", "f0", "f1", "f2"], ascending=False)
    judged = judged.groupby("case_id").head(1).set_index("case_id")
    complete = pd.DataFrame(index=judged.index)
    complete["anchor_time"] = complete["decided_time"] = judged["ts"]
    complete["value"] = judged["filled"] / 3
    complete["status"] = np.where(judged["filled"] == 3, "kept", "missed")
    complete["blank_fields"] = [
        tuple(name for name in FIELDS if pd.isna(row[name])) for _, row in judged.iterrows()
    ]
    parts.append(complete.assign(check="intake"))

    steps = pd.concat(
        [_first(events, s) for s in ("Operations acknowledged", "Kickoff", "Delivery")], axis=1
    ).dropna()
    steps = steps[cases["priority"].reindex(steps.index).isin(["P1", "P2"])]
    order = pd.DataFrame(index=steps.index)
    order["anchor_time"] = steps.min(axis=1)
    order["decided_time"] = steps.max(axis=1)
    in_order = (steps.iloc[:, 0] <= steps.iloc[:, 1]) & (steps.iloc[:, 1] <= steps.iloc[:, 2])
    order["status"] = np.where(in_order, "kept", "missed")
    order["value"] = np.nan
    parts.append(order.assign(check="sequence"))

    rows = pd.concat(parts).rename_axis("case_id").reset_index()
    rows = rows.join(cases[["team", "region", "deal_size"]], on="case_id")
    local = rows["anchor_time"].dt.tz_localize("UTC").dt.tz_convert(TZ)
    rows["hour"] = local.dt.hour
    rows["weekday"] = local.dt.day_name()
    rows["day"] = local.dt.date
    started = pd.DataFrame(
        {
            "team": cases["team"].fillna(""),
            "day": cases["start"].dt.tz_localize("UTC").dt.tz_convert(TZ).dt.date,
        }
    )
    counts = started.groupby(["team", "day"]).size().rename("workload").reset_index()
    counts["workload_pct"] = counts.groupby("team")["workload"].rank(method="max", pct=True)
    rows["team_key"] = rows["team"].fillna("")
    rows = rows.merge(counts, left_on=["team_key", "day"], right_on=["team", "day"], how="left")
    rows = rows.rename(columns={"team_x": "team"})
    rows["workload"] = rows["workload"].fillna(0)
    rows["workload_pct"] = rows["workload_pct"].fillna(0.0)
    return rows.sort_values(["check", "case_id"]).reset_index(drop=True)


def _comparable(frame: pd.DataFrame, column: str) -> list[object]:
    def one(value: object) -> object:
        if isinstance(value, list | tuple | np.ndarray):
            return tuple(value)
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, float):
            return round(value, 9)
        if isinstance(value, pd.Timestamp) and column == "day":
            return value.date()
        return value

    return [one(value) for value in frame[column]]


def test_outcomes_match_an_independent_pandas_computation(
    frame_of: Callable[..., pd.DataFrame],
    log_of: Callable[..., EventLog],
    build_contract: Callable[..., Contract],
    outcomes_of: Callable[[Contract, EventLog], pd.DataFrame],
    handoff_checks: tuple[dict[str, Any], ...],
) -> None:
    frame = frame_of(simulated_rows(cases=2500, seed=7), timezone=TZ)
    log = log_of(frame, timezone=TZ)
    contract = build_contract(*handoff_checks, conditions=["region", "deal_size"], timezone=TZ)
    got = outcomes_of(contract, log)
    expected = oracle(frame.drop_duplicates(), pd.Timestamp(log.data_end))
    assert len(got) == len(expected) > 5000
    assert set(got["status"]) == {"kept", "missed", "pending"}
    columns = ["case_id", "check", "status", "anchor_time", "decided_time", "value", "team"]
    columns += ["region", "deal_size", "hour", "weekday", "day", "workload", "workload_pct"]
    for column in columns:
        assert _comparable(got, column) == _comparable(expected, column), column
    complete = got["check"] == "intake"
    assert _comparable(got[complete], "blank_fields") == _comparable(
        expected[expected["check"] == "intake"], "blank_fields"
    )
    assert got.loc[~complete, "blank_fields"].isna().all()
