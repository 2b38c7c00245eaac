"""Consequences, spread, handoffs and candidate conditions on small hand-built tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import ibis
import numpy as np
import pandas as pd
import pytest

from taut.ingest.log import EventLog
from taut.ingest.people import people_per_team
from taut.insight.conditions import candidate_conditions
from taut.insight.consequences import measure_consequences
from taut.insight.handoff import handoff_labels
from taut.insight.slip import SlipCases, slip_cases, slip_indicator
from taut.insight.spread import measure_spread, people_on_cases
from taut.signal.decide.cap import Signal

START = datetime(2025, 1, 6, 9)  # noqa: DTZ001 - the log's times are naive UTC
BASELINE_UNTIL = date(2025, 2, 28)


def _signal(metric: str = "missed") -> Signal:
    return Signal(
        area="a",
        check="c",
        risk="high",
        state="drifting",
        since=date(2025, 3, 10),
        raised=date(2025, 3, 20),
        segment=None,
        metric=metric,  # type: ignore[arg-type]
        baseline=0.1,
        current=0.3,
        cases=100,
        baseline_cases=100,
        direction="up",
        confidence=2.0,
    )


def _frame(n: int = 200) -> pd.DataFrame:
    """``n`` cases a day apart from START; odd cases missed, team by case number mod 4."""
    anchors = [START + timedelta(days=i // 2) for i in range(n)]
    return pd.DataFrame(
        {
            "case_id": [f"k{i:03d}" for i in range(n)],
            "check": "c",
            "status": ["missed" if i % 2 else "kept" for i in range(n)],
            "value": [float(i % 30) for i in range(n)],
            "anchor_time": anchors,
            "day": pd.to_datetime([a.date() for a in anchors]),
            "team": [["North", "South", "East", "West"][i % 4] for i in range(n)],
            "workload_pct": [0.8 if i % 3 == 0 else 0.4 for i in range(n)],
            "hour": [17 if i % 5 == 0 else 10 for i in range(n)],
            "weekday": [a.strftime("%A") for a in anchors],
            "region": ["EMEA" if i % 2 else "APAC" for i in range(n)],
        }
    )


def test_relative_risk_matches_the_counts() -> None:
    frame = _frame()
    cases = slip_cases(
        frame, signal=_signal(), baseline_until=BASELINE_UNTIL, as_of=date(2025, 4, 6)
    )
    ids = frame["case_id"].tolist()
    occurred = [(i % 2 == 1 and i % 5 == 0) or i % 20 == 2 for i in range(len(ids))]
    lagging = pd.DataFrame(
        {
            "case_id": ids,
            "outcome": "complaint",
            "occurred": occurred,
            "time": [
                frame["anchor_time"][i] + timedelta(days=3) if hit else pd.NaT
                for i, hit in enumerate(occurred)
            ],
        }
    )
    (found,) = measure_consequences(
        cases, lagging=lagging, signal=_signal(), baseline_until=BASELINE_UNTIL
    )
    delays = np.full(len(ids), 3.0)
    last = frame["anchor_time"].max() - pd.Timedelta(days=float(np.quantile(delays, 0.9)))
    followed = (frame["anchor_time"] <= last).to_numpy()
    hit = np.array(occurred)
    missed = followed & (frame["status"] == "missed").to_numpy()
    kept = followed & (frame["status"] == "kept").to_numpy()
    a, n1 = int((hit & missed).sum()), int(missed.sum())
    c, n0 = int((hit & kept).sum()), int(kept.sum())
    assert (found.missed_with, found.missed_cases, found.kept_with, found.kept_cases) == (
        a,
        n1,
        c,
        n0,
    )
    assert found.relative_risk == pytest.approx((a / n1) / (c / n0))


def test_latency_slip_is_above_the_baseline_90th_percentile() -> None:
    frame = pd.DataFrame(
        {
            "status": ["kept"] * 4 + ["kept", "missed", "pending"],
            "value": [1.0, 2.0, 3.0, 4.0, 3.5, None, None],
        }
    )
    before = np.array([True] * 4 + [False] * 3)
    slip = slip_indicator(frame, metric="latency", before=before)
    limit = np.quantile([1.0, 2.0, 3.0, 4.0], 0.9)
    assert limit == pytest.approx(3.7)
    assert slip[:6].tolist() == [0.0, 0.0, 0.0, 1.0, 0.0, 1.0]
    assert np.isnan(slip[6])


def test_candidate_conditions_follow_the_rules() -> None:
    frame = _frame(40)
    found = candidate_conditions(
        frame, attributes=("region",), people={"North": 5, "South": 4, "East": 9, "West": 5}
    )
    named = {(c.field, c.value) for c in found}
    assert ("team", "South") not in named  # four people: never a condition
    assert {("team", "North"), ("team", "East"), ("region", "EMEA")} <= named
    workload = next(c for c in found if c.field == "workload")
    assert workload.inside.tolist() == (frame["workload_pct"] >= 0.75).tolist()
    late = next(c for c in found if c.field == "hour")
    assert late.inside.tolist() == (frame["hour"] >= 16).tolist()


def _log(events: pd.DataFrame) -> EventLog:
    return EventLog(
        table=ibis.memtable(events),
        attributes=(),
        timezone="UTC",
        data_end=events["ts"].max().to_pydatetime(),
        problems=(),
        source="memory",
    )


def _events(frame: pd.DataFrame) -> pd.DataFrame:
    """Per case: a sales event by one of five people of its team, then an Ops event."""
    rows = []
    for i, (case, anchor, team) in enumerate(
        zip(frame["case_id"], frame["anchor_time"], frame["team"], strict=True)
    ):
        rows.append((case, "Deal closed", anchor, team, f"{team[:2]}-{i % 5}"))
        rows.append((case, "Acked", anchor + timedelta(hours=2), "Ops", f"op-{i % 6}"))
    events = pd.DataFrame(rows, columns=["case_id", "activity", "ts", "team", "person"])
    events["local_ts"] = events["ts"]
    return events


def test_spread_counts_people_and_teams_without_naming_them() -> None:
    frame = _frame(400)
    frame.loc[frame["team"] != "West", "status"] = "kept"
    before = frame["day"] <= pd.Timestamp(BASELINE_UNTIL)
    frame.loc[before & (np.arange(400) % 10 == 0), "status"] = "missed"
    cases = slip_cases(
        frame, signal=_signal(), baseline_until=BASELINE_UNTIL, as_of=date(2025, 8, 1)
    )
    events = _events(frame)
    spread = measure_spread(cases, log=_log(events))
    assert spread is not None
    # oracle: plain pandas over the same rule
    p0 = float(np.nanmean(cases.slip[cases.before]))
    during = frame[cases.during].assign(slip=cases.slip[cases.during])
    linked = events.merge(during[["case_id", "slip"]], on="case_id")

    def showing(key: str) -> tuple[int, int]:
        per = linked.drop_duplicates(["case_id", key]).groupby(key)["slip"].agg(["sum", "count"])
        per = per[per["count"] >= 10]
        bound = p0 + 2 * np.sqrt(p0 * (1 - p0) / per["count"])
        return len(per), int((per["sum"] / per["count"] > bound).sum())

    assert (spread.teams, spread.teams_showing) == showing("team") == (5, 1)
    assert (spread.people, spread.people_showing) == showing("person")
    assert spread.people == 26
    without = measure_spread(cases, log=None)
    assert without is not None
    assert (without.people, without.teams, without.teams_showing) == (None, 4, 1)


def test_spread_counts_the_teams_too_thin_to_judge() -> None:
    frame = _frame(400)

    def cases_of(rows: pd.DataFrame) -> SlipCases:
        return slip_cases(
            rows, signal=_signal(), baseline_until=BASELINE_UNTIL, as_of=date(2025, 8, 1)
        )

    rare = np.flatnonzero(cases_of(frame).during)[:6]
    frame.loc[rare, "team"] = "Rare"  # six cases in the drift: too few to judge (10)
    cases = cases_of(frame)
    events = _events(frame)
    spread = measure_spread(cases, log=_log(events))
    assert spread is not None
    during = frame.loc[cases.during, "case_id"]
    on_cases = events[events["case_id"].isin(during)].drop_duplicates(["case_id", "team"])
    per_team = on_cases["team"].value_counts()
    assert per_team["Rare"] == 6
    assert (spread.teams_seen, spread.teams) == (len(per_team), int((per_team >= 10).sum()))
    assert spread.teams_seen == spread.teams + 1
    without = measure_spread(cases, log=None)
    assert without is not None
    assert (without.teams_seen, without.teams) == (5, 4)


def _drift_cases(frame: pd.DataFrame) -> SlipCases:
    return slip_cases(
        frame, signal=_signal(), baseline_until=BASELINE_UNTIL, as_of=date(2025, 8, 1)
    )


def _sales_events(frame: pd.DataFrame, *, people: int = 5) -> pd.DataFrame:
    """Per case one event, by one of ``people`` people of its team (``No-0``, ``No-1``, ...)."""
    events = pd.DataFrame(
        {
            "case_id": frame["case_id"],
            "activity": "Deal closed",
            "ts": frame["anchor_time"],
            "team": frame["team"],
            "person": [f"{t[:2]}-{i % people}" for i, t in enumerate(frame["team"])],
        }
    )
    events["local_ts"] = events["ts"]
    return events


def test_spread_never_counts_fewer_than_five_people_showing_it() -> None:
    # Two of the 20 people (both in North) miss every case of theirs in the drift: "Two of
    # 20 people and one of four teams show it", beside "concentrated in team North", would
    # point at two people of North.
    frame = _frame(800)
    frame["status"] = "kept"
    cases = _drift_cases(frame)
    events = _sales_events(frame)
    two = events["person"].isin(["No-0", "No-1"]).to_numpy() & cases.during
    frame.loc[two, "status"] = "missed"
    spread = measure_spread(_drift_cases(frame), log=_log(events), people={})
    assert spread is not None
    assert (spread.teams, spread.teams_showing) == (4, 1)
    assert (spread.people, spread.people_showing) == (None, None)
    # the same slip by five people of North and five of South is counted
    frame.loc[cases.during & frame["team"].isin(["North", "South"]).to_numpy(), "status"] = "missed"
    spread = measure_spread(_drift_cases(frame), log=_log(events), people={})
    assert spread is not None
    assert (spread.people, spread.people_showing, spread.teams_showing) == (20, 10, 2)


def test_a_team_of_few_people_on_the_drift_is_not_counted() -> None:
    # East's cases in the drift are all worked by two people: whether East "shows it" is
    # whether those two do.
    frame = _frame(800)
    frame["status"] = "kept"
    cases = _drift_cases(frame)
    events = _sales_events(frame)
    east = (events["team"] == "East").to_numpy()
    events.loc[east & cases.during, "person"] = [
        f"Ea-{i % 2}" for i in range(int((east & cases.during).sum()))
    ]
    frame.loc[east & cases.during, "status"] = "missed"
    kept = measure_spread(_drift_cases(frame), log=_log(events), people={"East": 5})
    assert kept is not None
    assert (kept.teams_seen, kept.teams, kept.teams_showing) == (3, 3, 0)
    shown = measure_spread(_drift_cases(frame), log=_log(events), people=None)
    assert shown is not None  # no small-team rule (no person column, or small teams shown)
    assert (shown.teams_seen, shown.teams, shown.teams_showing) == (4, 4, 1)


def test_a_team_worked_by_few_people_in_a_window_is_never_a_condition() -> None:
    # East has five people over the log, but two worked all its cases in the drift:
    # "concentrated in team East" would be about those two.
    frame = _frame(800)
    cases = _drift_cases(frame)
    events = _sales_events(frame)
    east = (events["team"] == "East").to_numpy() & cases.during
    events.loc[east, "person"] = [f"Ea-{i % 2}" for i in range(int(east.sum()))]
    crowds = people_on_cases(cases, log=_log(events))
    assert crowds == {"North": 5, "South": 5, "East": 2, "West": 5}
    teams = [c.value for c in candidate_conditions(frame, attributes=(), people=crowds)]
    assert "East" not in teams
    assert {"North", "South", "West"} <= set(teams)
    handoff = pd.Series(["East to North", "North to South"] * 400, dtype=object)
    found = candidate_conditions(frame, attributes=(), people=crowds, handoff=handoff)
    assert [c.value for c in found if c.field == "handoff"] == ["North to South"]


def test_handoffs_name_teams_of_five_or_more_people() -> None:
    frame = _frame(60)
    log = _log(_events(frame))
    labels = handoff_labels(log, people=people_per_team(log))
    assert set(labels.unique()) == {"North to Ops", "South to Ops", "East to Ops", "West to Ops"}
    assert labels["k000"] == "North to Ops"
    assert len(labels) == 60


def test_an_empty_window_has_no_spread() -> None:
    frame = _frame(20)
    cases = SlipCases(
        check="c",
        frame=frame,
        slip=np.zeros(20),
        before=np.zeros(20, dtype=bool),
        during=np.ones(20, dtype=bool),
    )
    assert measure_spread(cases, log=None) is None


def _rise_frame(jump: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two cases a day from 1 Jan; outcomes three days later, 1 in 10 before 21 March and
    ``jump`` of the cases from then on."""
    days = pd.date_range("2025-01-01", "2025-05-31", freq="D").repeat(2)
    n = len(days)
    rng = np.random.default_rng(7)
    rate = np.where(days >= pd.Timestamp("2025-03-21"), jump, 0.1)
    hit = rng.random(n) < rate
    frame = pd.DataFrame(
        {
            "case_id": [f"r{i:04d}" for i in range(n)],
            "check": "c",
            "status": np.where(hit, "missed", "kept"),
            "value": 1.0,
            "anchor_time": days + pd.Timedelta(hours=9),
            "day": days,
        }
    )
    lagging = pd.DataFrame(
        {
            "case_id": frame["case_id"],
            "outcome": "complaint",
            "occurred": hit,
            "time": pd.Series(days + pd.Timedelta(days=3, hours=10)).where(hit),
        }
    )
    return frame, lagging


def test_the_outcome_rise_is_dated_and_the_lead_measured() -> None:
    frame, lagging = _rise_frame(0.6)
    signal = _signal()  # raised 20 March
    cases = slip_cases(frame, signal=signal, baseline_until=BASELINE_UNTIL, as_of=date(2025, 5, 31))
    (found,) = measure_consequences(
        cases, lagging=lagging, signal=signal, baseline_until=BASELINE_UNTIL
    )
    assert found.lead_days is not None
    # oracle: the rule of the module docstring, day by day and case by case
    start = frame["day"].dt.date.to_numpy()
    ended = lagging["time"].dt.date.to_numpy()
    base = start <= BASELINE_UNTIL
    occurred = lagging["occurred"].to_numpy(dtype=bool)
    lam = occurred[base].mean()
    delays = np.array(
        [(e - s).days for s, e in zip(start[base & occurred], ended[base & occurred], strict=True)]
    )
    rise = None
    day = BASELINE_UNTIL + timedelta(days=1)
    while rise is None and day <= date(2025, 6, 30):
        seen = sum(
            1
            for s, e, o in zip(start, ended, occurred, strict=True)
            if o and s > BASELINE_UNTIL and e <= day
        )
        expected = lam * sum(
            float((delays <= (day - s).days).mean()) for s in start if BASELINE_UNTIL < s <= day
        )
        if seen > expected + 3 * np.sqrt(expected) + 3:
            rise = day
        day += timedelta(days=1)
    assert rise is not None
    assert found.lead_days == (rise - date(2025, 3, 20)).days
    assert found.lead_days > 0


def test_an_outcome_that_does_not_rise_has_no_lead() -> None:
    frame, lagging = _rise_frame(0.1)
    signal = _signal()
    cases = slip_cases(frame, signal=signal, baseline_until=BASELINE_UNTIL, as_of=date(2025, 5, 31))
    (found,) = measure_consequences(
        cases, lagging=lagging, signal=signal, baseline_until=BASELINE_UNTIL
    )
    assert found.lead_days is None
