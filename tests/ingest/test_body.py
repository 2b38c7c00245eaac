"""Placeholder times far outside a log's body are set aside; a real long log is never trimmed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from taut.contract.models import Contract
from taut.ingest import EventLog, read_log

Row = dict[str, object]
PLACEHOLDERS = ("1900-01-01 00:00:00", "0", "9999-12-31 23:59:59", "10000-01-01")


def _daily(first: date, days: int, *, step: int = 1) -> list[Row]:
    """One closed deal every ``step`` days from ``first``, at 10:00 local time."""
    return [
        {
            "deal_id": f"D{i}",
            "step": "Deal closed",
            "at": f"{first + timedelta(days=i * step):%Y-%m-%d} 10:00:00",
        }
        for i in range(days)
    ]


@pytest.mark.parametrize("duplicates", ["drop", "keep"])
def test_placeholders_are_set_aside_counted_and_shown(
    tmp_path: Path,
    write_csv: Callable[..., Path],
    make_contract: Callable[..., Contract],
    duplicates: str,
) -> None:
    body = _daily(date(2025, 1, 6), 120)
    placeholders: list[Row] = [
        {"deal_id": f"P{i}", "step": "Deal closed", "at": text}
        for i, text in enumerate(PLACEHOLDERS)
    ]
    placeholders.append(dict(placeholders[0]))  # an exact repeat: two raw rows, one distinct
    path = write_csv(tmp_path / "events.csv", [*placeholders, *body])
    log = read_log(make_contract(minimal=True), path=path, duplicates=duplicates)  # type: ignore[arg-type]
    (problem,) = [p for p in log.problems if p.code == "outside-body"]
    assert problem.severity == "warning"
    assert problem.count == len(placeholders)
    assert "2025-01-06 to 2025-05-05" in problem.message
    assert problem.examples == (
        "1900-01-01 00:00",
        "1969-12-31 18:00",
        "9999-12-31 23:59",
        "10000-01-01 00:00",
    )
    assert log.data_start == datetime(2025, 1, 6, 16, 0)  # noqa: DTZ001 - naive UTC, as ts
    assert log.data_end == datetime(2025, 5, 5, 15, 0)  # noqa: DTZ001 - naive UTC, as ts
    cases = set(log.table.case_id.to_pyarrow().to_pylist())
    assert cases == {f"D{i}" for i in range(120)}


@pytest.mark.parametrize(
    "shape",
    [
        (date(2019, 1, 1), 6 * 365, 1),  # six years, every day
        (date(2012, 6, 1), 14, 300),  # ten years, one event every 300 days
        (date(1700, 3, 1), 40, 30),  # an old archive, still one stretch
    ],
)
def test_a_real_long_log_is_never_trimmed(
    tmp_path: Path,
    write_csv: Callable[..., Path],
    make_contract: Callable[..., Contract],
    shape: tuple[date, int, int],
) -> None:
    first, days, step = shape
    rows = _daily(first, days, step=step)
    log = read_log(make_contract(minimal=True), path=write_csv(tmp_path / "events.csv", rows))
    assert not [p for p in log.problems if p.code == "outside-body"]
    assert log.table.count().to_pyarrow().as_py() == days
    assert log.data_start is not None
    assert log.data_start.date() == first
    assert log.data_end.date() == first + timedelta(days=(days - 1) * step)


def test_the_larger_stretch_is_the_body_and_a_large_rest_is_an_error(
    read_minimal: Callable[..., EventLog],
) -> None:
    early = _daily(date(2019, 1, 1), 30)
    late = [{**row, "deal_id": f"L{row['deal_id']}"} for row in _daily(date(2023, 1, 1), 70)]
    log = read_minimal([*early, *late])
    (problem,) = [p for p in log.problems if p.code == "outside-body"]
    assert problem.count == len(early)
    assert problem.severity == "error"
    assert "2023-01-01 to 2023-03-11" in problem.message


def test_rows_without_case_or_activity_at_year_10000_are_described(
    read_minimal: Callable[..., EventLog],
) -> None:
    rows = [
        *_daily(date(2025, 1, 6), 30),
        {"deal_id": "", "step": "Deal closed", "at": "10000-01-01"},
        {"deal_id": "D77", "step": "", "at": "9999-12-31 23:59:59"},
    ]
    log = read_minimal(rows)
    codes = {problem.code: problem for problem in log.problems}
    assert codes["no-case-id"].examples == ("Deal closed",)
    assert codes["no-activity"].examples == ("case D77",)
    assert "outside-body" not in codes


def test_native_placeholder_timestamps_in_parquet_are_set_aside(
    tmp_path: Path, make_contract: Callable[..., Contract]
) -> None:
    rows: list[Row] = [
        {**row, "at": datetime.fromisoformat(str(row["at"]))}
        for row in _daily(date(2025, 1, 6), 30)
    ]
    rows.append({"deal_id": "P1", "step": "Deal closed", "at": datetime(1900, 1, 1)})  # noqa: DTZ001
    names = ("deal_id", "step", "team", "rep", "billing_contact", "scope", "region")
    fields: list[tuple[str, pa.DataType]] = [(name, pa.string()) for name in names]
    schema = pa.schema([*fields, ("at", pa.timestamp("us"))])
    path = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    log = read_log(make_contract(minimal=True), path=path)
    (problem,) = [p for p in log.problems if p.code == "outside-body"]
    assert problem.examples == ("1900-01-01 00:00",)
    assert log.data_start is not None
    assert log.data_start.date() == date(2025, 1, 6)
