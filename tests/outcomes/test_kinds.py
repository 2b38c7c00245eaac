"""present, complete and order on hand-made logs: exact statuses, values and fields."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from taut.contract.models import Contract
from taut.ingest.log import EventLog

Outcomes = Callable[[Contract, EventLog], pd.DataFrame]
Log = Callable[..., EventLog]
Build = Callable[..., Contract]


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _by_case(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {str(row["case_id"]): dict(row) for _, row in frame.iterrows()}


def test_present_after_a_step(build_log: Log, build_contract: Build, outcomes_of: Outcomes) -> None:
    check = {
        "id": "ack-present",
        "present": {"step": "Operations acknowledged", "after": "Deal closed", "within": "2d"},
        "target": "98%",
    }
    rows = [
        # kept late (after `within`): still kept, value in hours
        {"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01 00:00"},
        {"case_id": "a", "activity": "Operations acknowledged", "ts": "2025-01-04 12:00"},
        # the step only before the anchor: missed at the deadline
        {"case_id": "b", "activity": "Operations acknowledged", "ts": "2025-01-01 00:00"},
        {"case_id": "b", "activity": "Deal closed", "ts": "2025-01-01 06:00"},
        # nothing yet and the deadline is after the data ends: pending
        {"case_id": "c", "activity": "Deal closed", "ts": "2025-01-04 00:00"},
        # no anchor: not applicable
        {"case_id": "d", "activity": "Operations acknowledged", "ts": "2025-01-05 00:00"},
    ]
    got = _by_case(outcomes_of(build_contract(check), build_log(rows)))
    assert sorted(got) == ["a", "b", "c"]
    assert (got["a"]["status"], got["a"]["value"]) == ("kept", 84.0)
    assert got["a"]["decided_time"] == pd.Timestamp("2025-01-04 12:00")
    assert got["b"]["status"] == "missed"
    assert _missing(got["b"]["value"])
    assert got["b"]["decided_time"] == pd.Timestamp("2025-01-03 06:00")
    assert got["c"]["status"] == "pending"
    assert _missing(got["c"]["decided_time"])


def test_present_without_after_is_anchored_at_the_first_event(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    check = {"id": "kickoff", "present": {"step": "Kickoff scheduled"}, "target": "90%"}
    rows = [
        {"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01 00:00"},
        {"case_id": "a", "activity": "Kickoff scheduled", "ts": "2025-01-01 03:00"},
        {"case_id": "b", "activity": "Kickoff scheduled", "ts": "2025-01-01 05:00"},
        {"case_id": "c", "activity": "Deal closed", "ts": "2025-01-01 00:00"},
        {"case_id": "d", "activity": "Deal closed", "ts": "2025-01-20 00:00"},
    ]
    got = _by_case(outcomes_of(build_contract(check), build_log(rows)))
    assert {case: row["status"] for case, row in got.items()} == {
        "a": "kept",
        "b": "kept",
        "c": "missed",
        "d": "pending",
    }
    assert got["a"]["value"] == 3.0
    assert got["b"]["value"] == 0.0
    assert got["c"]["anchor_time"] == pd.Timestamp("2025-01-01 00:00")
    assert got["c"]["decided_time"] == pd.Timestamp("2025-01-08 00:00")


def test_complete_judges_the_first_at_event(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    check = {
        "id": "intake",
        "complete": {
            "at": "Intake completed",
            "fields": ["scope", "billing_contact", "start_date"],
        },
        "target": "95%",
    }
    at = "Intake completed"
    rows = [
        # all filled
        {
            "case_id": "a",
            "activity": at,
            "ts": "2025-01-01",
            "scope": "s",
            "billing_contact": "b",
            "start_date": "d",
        },
        # blanks listed in contract order; a later complete event does not help
        {"case_id": "b", "activity": at, "ts": "2025-01-01", "billing_contact": "b"},
        {
            "case_id": "b",
            "activity": at,
            "ts": "2025-01-02",
            "scope": "s",
            "billing_contact": "b",
            "start_date": "d",
        },
        # two events at the first time: the one with most fields filled is judged
        {"case_id": "c", "activity": at, "ts": "2025-01-01", "scope": "s"},
        {"case_id": "c", "activity": at, "ts": "2025-01-01", "scope": "s", "start_date": "d"},
        # tie on the count: the event filling the earlier-listed field is judged
        {"case_id": "d", "activity": at, "ts": "2025-01-01", "start_date": "d"},
        {"case_id": "d", "activity": at, "ts": "2025-01-01", "billing_contact": "b"},
        # fields on other activities do not count; no `at` -> not applicable
        {"case_id": "e", "activity": "Deal closed", "ts": "2025-01-01", "scope": "s"},
    ]
    got = _by_case(outcomes_of(build_contract(check), build_log(rows)))
    assert sorted(got) == ["a", "b", "c", "d"]
    expected = {
        "a": ("kept", 1.0, []),
        "b": ("missed", 1 / 3, ["scope", "start_date"]),
        "c": ("missed", 2 / 3, ["billing_contact"]),
        "d": ("missed", 1 / 3, ["scope", "start_date"]),
    }
    for case, (status, value, blanks) in expected.items():
        assert got[case]["status"] == status, case
        assert got[case]["value"] == pytest.approx(value), case
        assert list(got[case]["blank_fields"]) == blanks, case  # type: ignore[call-overload]
        assert got[case]["anchor_time"] == pd.Timestamp("2025-01-01"), case
        assert got[case]["decided_time"] == got[case]["anchor_time"], case


def test_order_applies_when_every_step_occurs(
    build_log: Log, build_contract: Build, outcomes_of: Outcomes
) -> None:
    check = {"id": "sequence", "order": ["Acknowledged", "Kickoff", "Delivery"], "target": "98%"}
    rows = [
        {"case_id": "a", "activity": "Acknowledged", "ts": "2025-01-01 01:00"},
        {"case_id": "a", "activity": "Kickoff", "ts": "2025-01-01 02:00"},
        {"case_id": "a", "activity": "Delivery", "ts": "2025-01-01 03:00"},
        # equal timestamps count as in order; a repeat later does not matter
        {"case_id": "b", "activity": "Acknowledged", "ts": "2025-01-01 01:00"},
        {"case_id": "b", "activity": "Kickoff", "ts": "2025-01-01 01:00"},
        {"case_id": "b", "activity": "Delivery", "ts": "2025-01-01 04:00"},
        {"case_id": "b", "activity": "Acknowledged", "ts": "2025-01-01 05:00"},
        # reversed first occurrences: missed
        {"case_id": "c", "activity": "Kickoff", "ts": "2025-01-01 01:00"},
        {"case_id": "c", "activity": "Acknowledged", "ts": "2025-01-01 02:00"},
        {"case_id": "c", "activity": "Delivery", "ts": "2025-01-01 03:00"},
        # a step missing: not applicable
        {"case_id": "d", "activity": "Acknowledged", "ts": "2025-01-01 01:00"},
        {"case_id": "d", "activity": "Kickoff", "ts": "2025-01-01 02:00"},
    ]
    got = _by_case(outcomes_of(build_contract(check), build_log(rows)))
    assert {case: row["status"] for case, row in got.items()} == {
        "a": "kept",
        "b": "kept",
        "c": "missed",
    }
    assert got["c"]["anchor_time"] == pd.Timestamp("2025-01-01 01:00")
    assert got["c"]["decided_time"] == pd.Timestamp("2025-01-01 03:00")
    assert all(_missing(row["value"]) for row in got.values())
    assert all(row["blank_fields"] is None for row in got.values())
