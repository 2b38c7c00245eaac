"""Cleaning: trimming, blank values, attributes on their own rows, duplicates, row order."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from taut.contract.models import Contract
from taut.ingest import EventLog

Row = dict[str, Any]


def test_ids_and_activities_are_trimmed_and_blanks_are_null(
    read: Callable[..., EventLog], rows_of: Callable[[EventLog], list[Row]]
) -> None:
    rows = [
        {"deal_id": "  D1 ", "step": " Deal closed\t", "at": "2025-03-04 16:32:00",
         "team": "   ", "rep": "", "region": " EU "},
    ]  # fmt: skip
    (event,) = rows_of(read(rows))
    assert event["case_id"] == "D1"
    assert event["activity"] == "Deal closed"
    assert event["team"] is None
    assert event["person"] is None
    assert event["region"] == "EU"
    assert event["billing_contact"] is None


def test_attributes_only_on_their_carrying_row(
    read: Callable[..., EventLog], sample: list[Row], rows_of: Callable[[EventLog], list[Row]]
) -> None:
    rows = [row for row in rows_of(read(sample)) if row["case_id"] == "D1"]
    by_step = {row["activity"]: row for row in rows}
    assert by_step["Intake completed"]["billing_contact"] == "ap@acme.test"
    assert by_step["Intake completed"]["scope"] == "full"
    assert by_step["Deal closed"]["scope"] is None
    assert by_step["Operations acknowledged"]["billing_contact"] is None
    assert by_step["Deal closed"]["region"] == "EU"
    d2_intake = next(r for r in rows_of(read(sample)) if r["case_id"] == "D2" and r["scope"])
    assert d2_intake["billing_contact"] is None


def test_unmapped_team_and_person_are_null(
    read: Callable[..., EventLog],
    sample: list[Row],
    make_contract: Callable[..., Contract],
    rows_of: Callable[[EventLog], list[Row]],
) -> None:
    contract = make_contract(columns={"case": "deal_id", "activity": "step", "timestamp": "at"})
    rows = rows_of(read(sample, contract=contract))
    assert len(rows) == 5
    assert {row["team"] for row in rows} == {None}
    assert {row["person"] for row in rows} == {None}


def test_exact_duplicates_are_dropped_and_counted(
    read: Callable[..., EventLog], sample: list[Row], rows_of: Callable[[EventLog], list[Row]]
) -> None:
    log = read([*sample, sample[0], sample[1], sample[1]])
    assert rows_of(log) == rows_of(read(sample))
    assert log.rows_read == 8
    assert log.duplicates_dropped == 3
    (problem,) = log.problems
    assert (problem.code, problem.severity, problem.count) == ("duplicate-rows", "info", 3)
    assert problem.message.startswith("3 rows repeated another row exactly")


def test_rows_differing_in_one_field_are_both_kept(
    read: Callable[..., EventLog], sample: list[Row]
) -> None:
    changed = {**sample[1], "scope": "partial"}
    log = read([*sample, changed])
    assert log.table.count().to_pyarrow().as_py() == 6
    assert log.duplicates_dropped == 0


def test_row_order_does_not_matter(
    read: Callable[..., EventLog], sample: list[Row], rows_of: Callable[[EventLog], list[Row]]
) -> None:
    shuffled = list(sample)
    random.Random(7).shuffle(shuffled)
    assert shuffled != sample
    assert rows_of(read(shuffled)) == rows_of(read(sample))
