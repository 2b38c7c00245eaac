"""Conditions, scopes and the table's shape: local time, workload, attributes, no person."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pandas as pd
import pytest
from pydantic import ValidationError

from taut.contract.models import Contract
from taut.errors import InputError
from taut.ingest.log import EventLog
from taut.outcomes import OUTCOME_COLUMNS, evaluate_checks, evaluate_lagging, outcome_columns

Outcomes = Callable[[Contract, EventLog], pd.DataFrame]
Log = Callable[..., EventLog]
Build = Callable[..., Contract]
EVERY_CASE = {"id": "any-step", "present": {"step": "Kickoff"}, "target": "90%"}


def test_hour_weekday_and_day_are_local_across_daylight_saving(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    starts = {
        "a": "2025-03-09 07:30",  # 01:30 CST, before the spring change
        "b": "2025-03-09 08:30",  # 03:30 CDT, after it
        "c": "2025-03-10 04:30",  # 23:30 CDT on Sunday, Monday in UTC
        "d": "2025-11-02 06:30",  # 01:30 CDT, the first 01:30 of the autumn change
        "e": "2025-11-02 07:30",  # 01:30 CST, the second
        "f": "2025-07-04 17:00",  # 12:00 CDT
    }
    rows = [{"case_id": case, "activity": "Kickoff", "ts": ts} for case, ts in starts.items()]
    contract = build_contract(EVERY_CASE, timezone="America/Chicago")
    frame = outcomes_of(contract, build_log(rows, timezone="America/Chicago"))
    got = {row.case_id: (row.hour, row.weekday, str(row.day)) for row in frame.itertuples()}
    assert got == {
        "a": (1, "Sunday", "2025-03-09"),
        "b": (3, "Sunday", "2025-03-09"),
        "c": (23, "Sunday", "2025-03-09"),
        "d": (1, "Sunday", "2025-11-02"),
        "e": (1, "Sunday", "2025-11-02"),
        "f": (12, "Friday", "2025-07-04"),
    }
    assert frame.set_index("case_id").loc["c", "anchor_time"] == pd.Timestamp(starts["c"])


def test_workload_counts_cases_started_per_team_and_day(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    starts = [
        ("a1", "A", "2025-01-01 09:00"),
        ("a2", "A", "2025-01-01 10:00"),
        ("a3", "A", "2025-01-01 11:00"),
        ("a4", "A", "2025-01-02 09:00"),
        ("a5", "A", "2025-01-03 09:00"),
        ("a6", "A", "2025-01-03 10:00"),
        ("b1", "B", "2025-01-01 09:00"),
    ]
    rows = [
        {"case_id": case, "activity": "Kickoff", "ts": ts, "team": team}
        for case, team, ts in starts
    ]
    # a case whose first event has no team takes the first non-empty team (tie -> smallest)
    rows += [
        {"case_id": "b2", "activity": "Deal closed", "ts": "2025-01-03 08:00"},
        {"case_id": "b2", "activity": "Kickoff", "ts": "2025-01-03 09:00", "team": "B"},
        {"case_id": "b2", "activity": "Kickoff", "ts": "2025-01-03 09:00", "team": "A"},
    ]
    within = {
        "id": "kickoff-1d",
        "within": {"from": "Kickoff", "to": "Delivery", "limit": "1d"},
        "target": "90%",
    }
    frame = outcomes_of(build_contract(EVERY_CASE, within), build_log(rows))
    present = frame[frame["check"] == "any-step"].set_index("case_id")
    assert present.loc["b2", "team"] == "A"  # tie at the first time -> smallest value
    assert dict(present["workload"]) == {
        "a1": 3, "a2": 3, "a3": 3, "a4": 1, "a5": 3, "a6": 3, "b1": 1, "b2": 3,
    }  # fmt: skip
    assert present.loc["a1", "workload_pct"] == pytest.approx(1.0)
    assert present.loc["a4", "workload_pct"] == pytest.approx(1 / 3)
    assert present.loc["b1", "workload_pct"] == pytest.approx(1.0)
    assert frame["workload"].dtype == "int64"
    assert frame["hour"].dtype == "int64"


def test_workload_without_teams_and_on_days_without_starts(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    rows = [
        {"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01 09:00"},
        {"case_id": "b", "activity": "Deal closed", "ts": "2025-01-01 10:00"},
        {"case_id": "c", "activity": "Deal closed", "ts": "2025-01-02 09:00"},
        {"case_id": "c", "activity": "Kickoff", "ts": "2025-01-05 09:00"},
    ]
    within = {
        "id": "kick",
        "within": {"from": "Kickoff", "to": "Delivery", "limit": "1d"},
        "target": "90%",
    }
    frame = outcomes_of(build_contract(EVERY_CASE, within), build_log(rows))
    every = frame[frame["check"] == "any-step"].set_index("case_id")
    assert every["team"].isna().all()
    assert dict(every["workload"]) == {"a": 2, "b": 2, "c": 1}
    assert dict(every["workload_pct"]) == {"a": 1.0, "b": 1.0, "c": 0.5}
    late = frame[frame["check"] == "kick"].iloc[0]
    assert (late["workload"], late["workload_pct"]) == (0, 0.0)


def test_where_scope_and_conditions_use_the_first_non_empty_value(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    scoped = dict(EVERY_CASE, where={"priority": ["P1"]})
    rows = [
        {"case_id": "x", "activity": "Deal closed", "ts": "2025-01-01 09:00", "person": "Ann"},
        {
            "case_id": "x",
            "activity": "Kickoff",
            "ts": "2025-01-01 10:00",
            "priority": "P1",
            "region": "EMEA",
            "person": "Ann",
        },
        {
            "case_id": "y",
            "activity": "Kickoff",
            "ts": "2025-01-01 09:00",
            "priority": "P2",
            "region": "APAC",
        },
        {
            "case_id": "y",
            "activity": "Deal closed",
            "ts": "2025-01-01 09:00",
            "priority": "P1",
            "region": "AMER",
        },
        {"case_id": "z", "activity": "Kickoff", "ts": "2025-01-01 09:00", "priority": "P3"},
        {"case_id": "z", "activity": "Deal closed", "ts": "2025-01-01 10:00", "priority": "P1"},
        {"case_id": "w", "activity": "Kickoff", "ts": "2025-01-01 09:00"},
    ]
    contract = build_contract(scoped, conditions=["region", "deal_size"])
    frame = outcomes_of(contract, build_log(rows))
    assert list(frame["case_id"]) == ["x", "y"]
    assert list(frame["region"]) == ["EMEA", "AMER"]
    assert frame["deal_size"].isna().all()
    assert tuple(frame.columns) == (*OUTCOME_COLUMNS, "region", "deal_size")
    assert outcome_columns(contract) == tuple(frame.columns)
    assert "person" not in frame.columns
    assert not frame.astype(str).isin(["Ann"]).any().any()


# ibis 12 reads a pandas option that pandas 3.1 deprecates; the warning is not ours.
@pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated")
def test_inputs_are_not_mutated_and_to_pandas_works(build_log: Log, build_contract: Build) -> None:
    contract = build_contract(EVERY_CASE, conditions=["region"])
    log = build_log([{"case_id": "a", "activity": "Kickoff", "ts": "2025-01-01", "region": "EU"}])
    contract_before, log_before = copy.deepcopy(contract), copy.copy(log)
    schema_before = log.table.schema()
    frame = evaluate_checks(contract, log).to_pandas()
    assert list(frame["status"]) == ["kept"]
    assert list(frame["region"]) == ["EU"]
    assert contract == contract_before
    assert log == log_before
    assert log.table.schema() == schema_before


def test_condition_named_like_a_fixed_column_is_refused(
    build_log: Log, build_contract: Build
) -> None:
    log = build_log([{"case_id": "a", "activity": "Kickoff", "ts": "2025-01-01"}])
    with pytest.raises(ValidationError, match="is 'hour', the name of a column taut adds"):
        build_contract(EVERY_CASE, conditions=["hour"])
    with pytest.raises(InputError, match=r"no column 'regoin'.*Did you mean 'region'"):
        evaluate_checks(build_contract(EVERY_CASE, conditions=["regoin"]), log)


def test_lagging_outcomes_per_case(build_log: Log, build_contract: Build) -> None:
    outcomes = [
        {"id": "complaint", "present": {"step": "Complaint"}},
        {"id": "late-complaint", "present": {"step": "Complaint", "after": "Kickoff"}},
    ]
    rows = [
        {"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01"},
        {"case_id": "a", "activity": "Complaint", "ts": "2025-01-03"},
        {"case_id": "a", "activity": "Kickoff", "ts": "2025-01-04"},
        {"case_id": "b", "activity": "Kickoff", "ts": "2025-01-01"},
    ]
    contract = build_contract(EVERY_CASE, outcomes=outcomes)
    frame = evaluate_lagging(contract, build_log(rows)).to_pyarrow().to_pandas()
    got = {(r.case_id, r.outcome): (r.occurred, r.time) for r in frame.itertuples()}
    assert got[("a", "complaint")] == (True, pd.Timestamp("2025-01-03"))
    assert got[("a", "late-complaint")][0] is False
    assert got[("b", "complaint")][0] is False
    assert len(got) == 4
    empty = evaluate_lagging(build_contract(EVERY_CASE), build_log(rows)).to_pyarrow()
    assert empty.num_rows == 0
    assert empty.column_names == ["case_id", "outcome", "occurred", "time"]


def test_a_where_range_keeps_the_cases_whose_number_is_at_least_and_below(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    scoped = dict(EVERY_CASE, where={"deal_size": {"at_least": 5000, "below": 10000}})
    amounts = {"low": "4999.99", "from": "5000", "mid": "7500.5", "to": "10000", "word": "lots"}
    rows = [
        {"case_id": case, "activity": "Kickoff", "ts": "2025-01-01 09:00", "deal_size": amount}
        for case, amount in amounts.items()
    ]
    rows.append({"case_id": "none", "activity": "Kickoff", "ts": "2025-01-01 09:00"})
    frame = outcomes_of(build_contract(scoped), build_log(rows))
    assert sorted(frame["case_id"]) == ["from", "mid"]
    below = dict(EVERY_CASE, where={"deal_size": {"below": 5000}})
    frame = outcomes_of(build_contract(below), build_log(rows))
    assert sorted(frame["case_id"]) == ["low"]
