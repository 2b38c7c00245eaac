"""within: the first `to` at or after the first `from`, within the limit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from taut.contract.models import Contract
from taut.ingest.log import EventLog

WITHIN = {
    "id": "ack-24h",
    "within": {"from": "Deal closed", "to": "Operations acknowledged", "limit": "24h"},
    "target": "90%",
}
Outcomes = Callable[[Contract, EventLog], pd.DataFrame]


def _row(frame: pd.DataFrame, case: str) -> pd.Series:
    return frame[frame["case_id"] == case].iloc[0]


def test_within_statuses_values_and_decided_times(
    build_log: Callable[..., EventLog],
    build_contract: Callable[..., Contract],
    outcomes_of: Outcomes,
) -> None:
    rows = [
        # kept after 5 h; a `to` before the anchor is ignored
        {"case_id": "a", "activity": "Operations acknowledged", "ts": "2025-01-01 08:00"},
        {"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01 09:00"},
        {"case_id": "a", "activity": "Operations acknowledged", "ts": "2025-01-01 14:00"},
        # repeated from and to: the first of each counts (anchor 09:00, to 10:30)
        {"case_id": "b", "activity": "Deal closed", "ts": "2025-01-01 09:00"},
        {"case_id": "b", "activity": "Deal closed", "ts": "2025-01-01 12:00"},
        {"case_id": "b", "activity": "Operations acknowledged", "ts": "2025-01-01 10:30"},
        {"case_id": "b", "activity": "Operations acknowledged", "ts": "2025-01-01 11:00"},
        # tie: `to` at the anchor counts, 0 h
        {"case_id": "c", "activity": "Deal closed", "ts": "2025-01-02 09:00"},
        {"case_id": "c", "activity": "Operations acknowledged", "ts": "2025-01-02 09:00"},
        # exactly at the limit: kept
        {"case_id": "d", "activity": "Deal closed", "ts": "2025-01-02 09:00"},
        {"case_id": "d", "activity": "Operations acknowledged", "ts": "2025-01-03 09:00"},
        # late: missed, decided at the late step
        {"case_id": "e", "activity": "Deal closed", "ts": "2025-01-02 09:00"},
        {"case_id": "e", "activity": "Operations acknowledged", "ts": "2025-01-03 09:00:01"},
        # none, deadline passed: missed at the deadline
        {"case_id": "f", "activity": "Deal closed", "ts": "2025-01-03 10:00"},
        # only a `to` before the anchor: missed at the deadline, no value
        {"case_id": "g", "activity": "Operations acknowledged", "ts": "2025-01-03 09:00"},
        {"case_id": "g", "activity": "Deal closed", "ts": "2025-01-03 11:00"},
        # no anchor: not applicable
        {"case_id": "h", "activity": "Operations acknowledged", "ts": "2025-01-04 09:00"},
        # none yet, deadline after the end of the data: pending
        {"case_id": "i", "activity": "Deal closed", "ts": "2025-01-04 08:00"},
        # deadline exactly at the end of the data: missed
        {"case_id": "j", "activity": "Deal closed", "ts": "2025-01-03 12:00"},
        {"case_id": "z", "activity": "Kickoff scheduled", "ts": "2025-01-04 12:00"},
    ]
    frame = outcomes_of(build_contract(WITHIN), build_log(rows))
    assert list(frame["case_id"]) == ["a", "b", "c", "d", "e", "f", "g", "i", "j"]
    expected = {
        "a": ("kept", 5.0, "2025-01-01 09:00", "2025-01-01 14:00"),
        "b": ("kept", 1.5, "2025-01-01 09:00", "2025-01-01 10:30"),
        "c": ("kept", 0.0, "2025-01-02 09:00", "2025-01-02 09:00"),
        "d": ("kept", 24.0, "2025-01-02 09:00", "2025-01-03 09:00"),
        "e": ("missed", 24 + 1 / 3600, "2025-01-02 09:00", "2025-01-03 09:00:01"),
        "f": ("missed", None, "2025-01-03 10:00", "2025-01-04 10:00"),
        "g": ("missed", None, "2025-01-03 11:00", "2025-01-04 11:00"),
        "i": ("pending", None, "2025-01-04 08:00", None),
        "j": ("missed", None, "2025-01-03 12:00", "2025-01-04 12:00"),
    }
    for case, (status, value, anchor, decided) in expected.items():
        row = _row(frame, case)
        assert row["status"] == status, case
        if value is None:
            assert pd.isna(row["value"]), case
        else:
            assert row["value"] == pytest.approx(value, abs=1e-9), case
        assert row["anchor_time"] == pd.Timestamp(anchor), case
        if decided is None:
            assert pd.isna(row["decided_time"]), case
        else:
            assert row["decided_time"] == pd.Timestamp(decided), case
        assert row["blank_fields"] is None
        assert row["kind"] == "within"
        assert row["area"] == "Customer handoff"


def test_pending_flips_to_missed_when_the_data_reaches_the_deadline(
    build_log: Callable[..., EventLog],
    build_contract: Callable[..., Contract],
    outcomes_of: Outcomes,
) -> None:
    rows = [{"case_id": "a", "activity": "Deal closed", "ts": "2025-01-01 09:00"}]
    early = build_log([*rows, {"case_id": "b", "activity": "x", "ts": "2025-01-02 08:59"}])
    late = build_log([*rows, {"case_id": "b", "activity": "x", "ts": "2025-01-02 09:00"}])
    assert early.data_end == pd.Timestamp("2025-01-02 08:59")
    assert list(outcomes_of(build_contract(WITHIN), early)["status"]) == ["pending"]
    assert list(outcomes_of(build_contract(WITHIN), late)["status"]) == ["missed"]
