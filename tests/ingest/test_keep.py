"""``read_log(duplicates="keep")`` finds what the default path finds, repeats aside."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from taut.contract.models import Contract
from taut.ingest import EventLog, read_log
from taut.ingest.canonical import output_columns

Row = dict[str, Any]

_GOOD: list[Row] = [
    {"deal_id": f"D{i // 3}", "step": step, "at": f"2025-03-{1 + i % 28:02d} 10:00",
     "team": "Sales", "rep": "alice", "region": "EU" if i % 2 else ""}
    for i, step in enumerate(
        ["Deal closed", "Intake completed", "Operations acknowledged"] * 31
    )
]  # fmt: skip
_BAD: list[Row] = [
    {"deal_id": "", "step": "Deal closed", "at": "2025-03-04 10:00"},
    {"deal_id": "D9", "step": " ", "at": "2025-03-04 11:00"},
    {"deal_id": "D9", "step": "Deal closed", "at": ""},
    {"deal_id": "D8", "step": "Deal closed", "at": "31/03/2025 16:32"},
]


def _read(
    tmp_path: Path,
    write_csv: Callable[..., Path],
    rows: list[Row],
    contract: Contract,
    **options: Any,
) -> EventLog:
    path = write_csv(tmp_path / "events.csv", rows)
    return read_log(contract, path=path, **options)


def _multiset(log: EventLog) -> Counter[tuple[str, ...]]:
    rows = log.table.to_pyarrow().to_pylist()
    return Counter(tuple(str(row[name]) for name in sorted(row)) for row in rows)


def test_keep_finds_the_same_problems_and_keeps_repeats(
    tmp_path: Path, write_csv: Callable[..., Path], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract()
    rows = [*_GOOD, _GOOD[0], *_BAD]
    dropped = _read(tmp_path, write_csv, rows, contract)
    kept = _read(tmp_path, write_csv, rows, contract, duplicates="keep")
    codes = {problem.code for problem in dropped.problems}
    assert codes == {"no-case-id", "no-activity", "no-time", "bad-time", "duplicate-rows"}
    assert kept.problems == tuple(p for p in dropped.problems if p.code != "duplicate-rows")
    assert (kept.rows_read, kept.duplicates_dropped, kept.data_end) == (
        98,
        0,
        dropped.data_end,
    )
    assert kept.table.columns == dropped.table.columns
    assert _multiset(kept) == _multiset(dropped) + _multiset_of_first(dropped, _GOOD[0])


def _multiset_of_first(log: EventLog, row: Row) -> Counter[tuple[str, ...]]:
    table = log.table
    same = table.filter(
        (table.case_id == row["deal_id"]) & (table.activity == row["step"])
    ).to_pyarrow()
    return Counter(tuple(str(value[name]) for name in sorted(value)) for value in same.to_pylist())


def test_keep_on_a_clean_log_matches_the_default(
    tmp_path: Path, write_csv: Callable[..., Path], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract()
    dropped = _read(tmp_path, write_csv, _GOOD, contract)
    kept = _read(tmp_path, write_csv, _GOOD, contract, duplicates="keep")
    assert kept.problems == dropped.problems
    assert _multiset(kept) == _multiset(dropped)
    assert sum(_multiset(kept).values()) == len(_GOOD)


def test_without_people_the_person_column_is_null(
    tmp_path: Path, write_csv: Callable[..., Path], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract()
    log = _read(tmp_path, write_csv, [*_GOOD, *_BAD], contract, duplicates="keep", people=False)
    assert log.table.columns == output_columns(contract)
    people = log.table.person.to_pyarrow().to_pylist()
    assert people == [None] * len(_GOOD)
    with_people = _read(tmp_path, write_csv, _GOOD, contract, duplicates="keep")
    assert set(with_people.table.person.to_pyarrow().to_pylist()) == {"alice"}
