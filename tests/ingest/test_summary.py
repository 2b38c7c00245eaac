"""The log summary counts what was read and kept; people are only counted."""

# Canonical times are naive, so expected values are naive datetimes.
# ruff: noqa: DTZ001

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any

from taut.ingest import EventLog, summarize_log

Row = dict[str, Any]


def test_summary_counts(read: Callable[..., EventLog], sample: list[Row]) -> None:
    junk = {"deal_id": "", "step": "Deal closed", "at": "2025-03-04 10:00", "rep": "zed"}
    summary = summarize_log(read([*sample, sample[0], junk]))
    assert summary.rows_read == 7
    assert summary.rows_kept == summary.events == 5
    assert summary.duplicates_dropped == 1
    assert summary.rows_set_aside == 1
    assert summary.cases == 2
    assert summary.activities == (
        ("Deal closed", 2),
        ("Intake completed", 2),
        ("Operations acknowledged", 1),
    )
    assert summary.first_time == datetime(2025, 3, 4, 22, 32)
    assert summary.last_time == datetime(2025, 3, 6, 16, 15, 30, 250000)
    assert (summary.teams, summary.people) == (2, 3)
    assert summary.attributes == ("billing_contact", "scope", "region")
    assert summary.timezone == "America/Chicago"


def test_summary_holds_no_person_value(read: Callable[..., EventLog], sample: list[Row]) -> None:
    summary = summarize_log(read(sample))
    text = repr(summary) + "".join(str(getattr(summary, f.name)) for f in fields(summary))
    for person in ("alice", "bob", "carol"):
        assert person not in text
