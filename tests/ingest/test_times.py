"""Times with or without offsets, given formats, epoch seconds, and daylight saving days."""

# Canonical times are naive (UTC and local wall clock), so naive datetimes are the expected values.
# ruff: noqa: DTZ001

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from taut.contract.models import Contract
from taut.ingest import EventLog, read_log

Row = dict[str, Any]


def _times(log: EventLog) -> dict[str, tuple[datetime, datetime]]:
    rows = log.table.to_pyarrow().to_pylist()
    return {row["case_id"]: (row["ts"], row["local_ts"]) for row in rows}


def _codes(log: EventLog) -> list[str]:
    return [problem.code for problem in log.problems]


def _one_per_case(texts: list[str]) -> list[Row]:
    return [{"deal_id": f"C{i}", "step": "Deal closed", "at": text} for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "utc", "local"),
    [
        ("2025-03-04 16:32:00", datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32)),
        ("2025-03-04T16:32", datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32)),
        ("2025-03-04T16:32:00-06:00", datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32)),
        ("2025-03-04 16:32:00 +01:00", datetime(2025, 3, 4, 15, 32), datetime(2025, 3, 4, 9, 32)),
        ("2025-03-04T16:32:00+0530", datetime(2025, 3, 4, 11, 2), datetime(2025, 3, 4, 5, 2)),
        ("2025-03-04T16:32:00Z", datetime(2025, 3, 4, 16, 32), datetime(2025, 3, 4, 10, 32)),
        (
            "2025-03-04T16:32:00.125Z",
            datetime(2025, 3, 4, 16, 32, 0, 125000),
            datetime(2025, 3, 4, 10, 32, 0, 125000),
        ),
        ("2025-03-04", datetime(2025, 3, 4, 6, 0), datetime(2025, 3, 4, 0, 0)),
        ("1741105920", datetime(2025, 3, 4, 16, 32), datetime(2025, 3, 4, 10, 32)),
        (
            "1741105920.5",
            datetime(2025, 3, 4, 16, 32, 0, 500000),
            datetime(2025, 3, 4, 10, 32, 0, 500000),
        ),
        ("  2025-03-04 16:32:00  ", datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32)),
    ],
)  # fmt: skip
def test_text_times(
    read_minimal: Callable[..., EventLog], text: str, utc: datetime, local: datetime
) -> None:
    log = read_minimal(_one_per_case([text]))
    assert _times(log) == {"C0": (utc, local)}
    assert _codes(log) == []


# America/Chicago: 2025-03-09 02:00 CST -> 03:00 CDT; 2025-11-02 02:00 CDT -> 01:00 CST.
DST_CASES = [
    ("2025-03-09 01:59:00", datetime(2025, 3, 9, 7, 59), datetime(2025, 3, 9, 1, 59)),
    ("2025-03-09 03:00:00", datetime(2025, 3, 9, 8, 0), datetime(2025, 3, 9, 3, 0)),
    # 02:30 never happened; read with the offset before the change (CST), shown as 03:30 CDT.
    ("2025-03-09 02:30:00", datetime(2025, 3, 9, 8, 30), datetime(2025, 3, 9, 3, 30)),
    ("2025-11-02 00:30:00", datetime(2025, 11, 2, 5, 30), datetime(2025, 11, 2, 0, 30)),
    # 01:30 happened twice; read as standard time (the later instant), as PostgreSQL does.
    ("2025-11-02 01:30:00", datetime(2025, 11, 2, 7, 30), datetime(2025, 11, 2, 1, 30)),
    ("2025-11-02T01:30:00-05:00", datetime(2025, 11, 2, 6, 30), datetime(2025, 11, 2, 1, 30)),
    ("2025-11-02 02:30:00", datetime(2025, 11, 2, 8, 30), datetime(2025, 11, 2, 2, 30)),
    ("2025-07-01 12:00:00", datetime(2025, 7, 1, 17, 0), datetime(2025, 7, 1, 12, 0)),
]


def test_daylight_saving_days_in_chicago(read_minimal: Callable[..., EventLog]) -> None:
    log = read_minimal(_one_per_case([text for text, _, _ in DST_CASES]))
    expected = {f"C{i}": (utc, local) for i, (_, utc, local) in enumerate(DST_CASES)}
    assert _times(log) == expected


def test_local_time_agrees_with_zoneinfo(read_minimal: Callable[..., EventLog]) -> None:
    zone = ZoneInfo("America/Chicago")
    start = datetime(2025, 3, 8, 18, 0, tzinfo=UTC)
    instants = [start + timedelta(minutes=37 * k) for k in range(40)]
    instants += [
        datetime(2025, 11, 1, 23, 0, tzinfo=UTC) + timedelta(minutes=41 * k) for k in range(40)
    ]
    texts = [moment.isoformat() for moment in instants]
    got = _times(read_minimal(_one_per_case(texts)))
    for i, moment in enumerate(instants):
        expected_local = moment.astimezone(zone).replace(tzinfo=None)
        assert got[f"C{i}"] == (moment.replace(tzinfo=None), expected_local), texts[i]


def test_numbers_that_cannot_be_times_are_set_aside(read_minimal: Callable[..., EventLog]) -> None:
    # 10^20 is past every epoch band; 123456789012345678 is 10^17 or more (nanoseconds).
    texts = ["99999999999999999999", "123456789012345678", "1e9", "nan", "1741105920"]
    log = read_minimal(_one_per_case(texts))
    assert list(_times(log)) == ["C4"]
    (problem,) = log.problems
    assert (problem.code, problem.count) == ("bad-time", 4)


def test_given_format_is_used(
    read_minimal: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract(minimal=True, timestamp_format="%d/%m/%Y %H:%M")
    log = read_minimal(_one_per_case(["04/03/2025 16:32", "31/02/2025 10:00"]), contract=contract)
    assert _times(log) == {"C0": (datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32))}
    assert _codes(log) == ["bad-time"]
    assert log.problems[0].examples == ("31/02/2025 10:00",)


def test_given_format_with_offset(
    read_minimal: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract(minimal=True, timestamp_format="%d.%m.%Y %H:%M %z")
    log = read_minimal(_one_per_case(["04.03.2025 16:32 +0100"]), contract=contract)
    assert _times(log) == {"C0": (datetime(2025, 3, 4, 15, 32), datetime(2025, 3, 4, 9, 32))}


def test_utc_contract_keeps_wall_clock(
    read_minimal: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    log = read_minimal(
        _one_per_case(["2025-03-09 02:30:00"]), contract=make_contract(minimal=True, timezone="UTC")
    )
    assert _times(log) == {"C0": (datetime(2025, 3, 9, 2, 30), datetime(2025, 3, 9, 2, 30))}


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([datetime(2025, 3, 4, 16, 32)], pa.timestamp("us")),
        ([datetime(2025, 3, 4, 22, 32, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
        (
            [datetime(2025, 3, 4, 23, 32, tzinfo=timezone(timedelta(hours=1)))],
            pa.timestamp("ms", tz="Europe/Paris"),
        ),
        ([1741127520], pa.int64()),
        ([1741127520.0], pa.float64()),
        (["2025-03-04T16:32:00-06:00"], pa.string()),
    ],
)
def test_native_parquet_times(
    tmp_path: Path,
    make_contract: Callable[..., Contract],
    write_parquet: Callable[..., Path],
    values: list[Any],
    kind: pa.DataType,
) -> None:
    fields: list[tuple[str, pa.DataType]] = [("deal_id", pa.string()), ("step", pa.string())]
    fields.append(("at", kind))
    schema = pa.schema(fields)
    rows = [{"deal_id": "C0", "step": "Deal closed", "at": value} for value in values]
    path = write_parquet(tmp_path / "e.parquet", rows, schema=schema)
    contract = make_contract(
        columns={"case": "deal_id", "activity": "step", "timestamp": "at"},
        conditions=(),
        minimal=True,
    )
    log = read_log(contract, path=path)
    assert _times(log) == {"C0": (datetime(2025, 3, 4, 22, 32), datetime(2025, 3, 4, 16, 32))}


def test_parquet_dates_are_local_midnight(
    tmp_path: Path, make_contract: Callable[..., Contract], write_parquet: Callable[..., Path]
) -> None:
    names = ("deal_id", "step", "at")
    schema = pa.schema(
        [pa.field(name, pa.date32() if name == "at" else pa.string()) for name in names]
    )
    rows = [{"deal_id": "C0", "step": "Deal closed", "at": date(2025, 7, 1)}]
    contract = make_contract(
        columns={"case": "deal_id", "activity": "step", "timestamp": "at"},
        conditions=(),
        minimal=True,
    )
    log = read_log(contract, path=write_parquet(tmp_path / "e.parquet", rows, schema=schema))
    assert _times(log) == {"C0": (datetime(2025, 7, 1, 5, 0), datetime(2025, 7, 1, 0, 0))}
