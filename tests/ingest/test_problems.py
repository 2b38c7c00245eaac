"""Problems are collected, counted and shown with examples; user mistakes never crash."""

# Pytest passes fixtures positionally.
# ruff: noqa: PLR0917

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from taut.contract.models import Contract
from taut.errors import ExitCode, InputError
from taut.ingest import EventLog, read_log

Row = dict[str, Any]
PEOPLE = ("alice", "bob", "carol", "dave")


def _good(count: int) -> list[Row]:
    steps = ("Deal closed", "Intake completed", "Operations acknowledged")
    return [
        {"deal_id": f"D{i // 3}", "step": steps[i % 3], "at": f"2025-03-{1 + i % 28:02d} 10:00",
         "rep": PEOPLE[i % 4]}
        for i in range(count)
    ]  # fmt: skip


def test_rows_set_aside_are_counted_with_examples(read: Callable[..., EventLog]) -> None:
    bad = [
        {"deal_id": "", "step": "Deal closed", "at": "2025-03-04 10:00", "rep": "alice"},
        {"deal_id": "D9", "step": "  ", "at": "2025-03-04 11:00", "rep": "bob"},
        {"deal_id": "D9", "step": "Deal closed", "at": "", "rep": "carol"},
        {"deal_id": "D8", "step": "Deal closed", "at": "31/03/2025 16:32", "rep": "dave"},
        {"deal_id": "D8", "step": "Deal closed", "at": "13/03/2025 09:00", "rep": "dave"},
    ]
    log = read(_good(95) + bad)
    by_code = {problem.code: problem for problem in log.problems}
    assert set(by_code) == {"no-case-id", "no-activity", "no-time", "bad-time"}
    assert [by_code[code].count for code in ("no-case-id", "no-activity", "no-time")] == [1, 1, 1]
    assert by_code["no-case-id"].severity == "warning"
    assert by_code["no-case-id"].examples == ("Deal closed at 2025-03-04 16:00 UTC",)
    assert by_code["no-activity"].examples == ("case D9 at 2025-03-04 17:00 UTC",)
    assert by_code["no-time"].examples == ("case D9, Deal closed",)
    time = by_code["bad-time"]
    assert (time.count, time.severity) == (2, "warning")
    assert time.examples == ("13/03/2025 09:00", "31/03/2025 16:32")
    assert "Column 'at' has 2 of 100 rows (2.0%)" in time.message
    assert "Set timestamp_format: '%d/%m/%Y %H:%M' in taut.yaml (day first" in time.message
    assert log.rows_read == 100
    assert log.table.count().to_pyarrow().as_py() == 95
    assert log.errors == ()


def test_more_than_five_percent_set_aside_is_an_error(read: Callable[..., EventLog]) -> None:
    bad = [{"deal_id": "D9", "step": "Deal closed", "at": f"yesterday {i}"} for i in range(8)]
    log = read(_good(92) + bad)
    (problem,) = log.problems
    assert (problem.code, problem.severity, problem.count) == ("bad-time", "error", 8)
    assert len(problem.examples) == 5
    assert "set timestamp_format in taut.yaml" in problem.message
    assert log.errors == (problem,)


def test_given_format_mismatch_names_the_format(
    read: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract(timestamp_format="%Y-%m-%d %H:%M")
    rows = [*_good(3), {"deal_id": "D9", "step": "Deal closed", "at": "03/31/2025 16:32"}]
    (problem,) = read(rows, contract=contract).problems
    assert "do not match timestamp_format '%Y-%m-%d %H:%M'" in problem.message
    assert "Set timestamp_format: '%m/%d/%Y %H:%M'" in problem.message


def test_activities_missing_from_the_data_suggest_the_closest(
    read: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    contract = make_contract(ack="Operations acknowleged")
    log = read(_good(6), contract=contract)
    (problem,) = log.problems
    assert (problem.code, problem.severity) == ("missing-activity", "error")
    assert "'Operations acknowleged'" in problem.message
    assert "Did you mean 'Operations acknowledged'?" in problem.message


def test_missing_columns_are_all_named(
    read: Callable[..., EventLog], make_contract: Callable[..., Contract]
) -> None:
    header = ("Deal_ID", "step", "time", "team", "rep", "billing_contact", "scop")
    with pytest.raises(InputError) as caught:
        read(_good(3), header=header)
    codes = [problem.code for problem in caught.value.problems]
    assert codes == ["missing-column"] * 4
    text = str(caught.value)
    assert "Column 'deal_id' (columns.case in taut.yaml)" in text
    assert "Did you mean 'Deal_ID'?" in text
    assert "Column 'at' (columns.timestamp in taut.yaml)" in text
    assert "Column 'scope' (a field of a complete check in taut.yaml)" in text
    assert "Did you mean 'scop'?" in text
    assert "Column 'region' (conditions in taut.yaml)" in text
    assert "events.csv" in text
    assert caught.value.exit_code == ExitCode.INPUT


def test_person_column_cannot_be_an_attribute(make_contract: Callable[..., Contract]) -> None:
    # Refused when the contract is built, before any log is read (taut.contract.privacy).
    with pytest.raises(ValueError, match="person column 'rep' is also a condition"):
        make_contract(conditions=("rep",))


def test_no_usable_rows_raises(read: Callable[..., EventLog]) -> None:
    rows = [{"deal_id": "D1", "step": "Deal closed", "at": "soon"}]
    with pytest.raises(InputError) as caught:
        read(rows)
    assert [p.code for p in caught.value.problems] == ["no-usable-rows", "bad-time"]


def test_header_only_file_raises(tmp_path: Path, make_contract: Callable[..., Contract]) -> None:
    path = tmp_path / "events.csv"
    path.write_text("deal_id,step,at,team,rep,billing_contact,scope,region\n", encoding="utf-8")
    with pytest.raises(InputError, match="only a header"):
        read_log(make_contract(), path=path)


@pytest.mark.parametrize(
    ("name", "content", "code", "fix"),
    [
        ("event.csv", None, "missing-file", "Did you mean 'events.csv'?"),
        ("events.xlsx", b"PK", "unknown-extension", "Use one of .csv"),
        ("empty.csv", b"", "empty-file", "Export the events again"),
        ("broken.parquet", b"not parquet at all", "unreadable-file", "valid PARQUET file"),
        ("broken.jsonl", b'{"deal_id": "D1", "st', "unreadable-file", "Cannot read"),
        ("folder.csv", "dir", "not-a-file", "Point source.path"),
    ],
)
def test_bad_files_say_what_to_do(
    tmp_path: Path,
    make_contract: Callable[..., Contract],
    name: str,
    content: bytes | str | None,
    code: str,
    fix: str,
) -> None:
    (tmp_path / "events.csv").write_text("x\n", encoding="utf-8")
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_log(make_contract(), path=path)
    assert [problem.code for problem in caught.value.problems] == [code]
    assert fix in str(caught.value)


def test_ragged_csv_is_an_input_error(
    tmp_path: Path, make_contract: Callable[..., Contract]
) -> None:
    path = tmp_path / "events.csv"
    header = "deal_id,step,at,team,rep,billing_contact,scope,region\n"
    path.write_text(header + 'D1,Deal closed,2025-03-04,a,b,c,d,e,f,g\nD2,"x\n', encoding="utf-8")
    with pytest.raises(InputError, match="has 2 rows whose number of fields differs") as caught:
        read_log(make_contract(), path=path)
    assert "lines 2 (10 fields), 3 (2 fields)" in str(caught.value)
    assert [problem.code for problem in caught.value.problems] == ["ragged-rows"]


def test_no_person_value_in_any_problem(read: Callable[..., EventLog]) -> None:
    bad = [
        {"deal_id": "", "step": "Deal closed", "at": "2025-03-04 10:00", "rep": "alice"},
        {"deal_id": "D9", "step": "", "at": "2025-03-04 11:00", "rep": "bob"},
        {"deal_id": "D9", "step": "Deal closed", "at": "", "rep": "carol"},
        {"deal_id": "D8", "step": "Deal closed", "at": "never", "rep": "dave"},
    ]
    log = read(_good(6) + bad + _good(6))
    texts = [problem.render() for problem in log.problems]
    assert len(texts) == 5
    for text in texts:
        assert not any(person in text for person in PEOPLE), text
