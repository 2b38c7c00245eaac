"""Encoding, delimiter and JSON layout, decided from the file's first line and the contract;
epoch units; and the contract's messages for a source it cannot read.

Contract messages are compared with ``tests/golden/hostile/ingest-messages/contract_*.txt``
(regenerate with ``TAUT_UPDATE_GOLDEN=1`` and read the diff).
"""

# Canonical times are naive, so expected values are naive datetimes; pytest passes fixtures
# positionally.
# ruff: noqa: DTZ001, PLR0917

from __future__ import annotations

import codecs
import gzip
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from taut.contract import parse_contract
from taut.contract.models import Contract, Source
from taut.errors import ContractError, InputError
from taut.ingest import EventLog, read_log
from taut.ingest.dialect import csv_dialect, header_delimiter, json_layout
from tests.golden import assert_golden

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "ingest-messages"
Row = dict[str, Any]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("deal_id;step;at", ";"),
        ("deal_id\tstep\tat", "\t"),
        ("deal_id|step|at", "|"),
        ('"deal; id",step,at', ","),  # a delimiter inside quotes does not count
        ("a,b;c", ","),  # a tie goes to the earlier candidate
        ("deal_id", ","),
    ],
)
def test_the_delimiter_comes_from_the_header_line(line: str, expected: str) -> None:
    assert header_delimiter(line) == expected


def test_a_ragged_data_row_does_not_change_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("a;b;c\n1,2,3,4,5,6,7\n1;2;3\n", encoding="utf-8")
    assert csv_dialect(path, source=None).delimiter == ";"


def test_the_contract_overrides_detection_and_utf16_is_told_by_its_mark(tmp_path: Path) -> None:
    path = tmp_path / "e.tsv"
    path.write_bytes("a;b\n1;2\n".encode("utf-16"))
    detected = csv_dialect(path, source=None)
    assert (detected.encoding, detected.delimiter) == ("utf-16", ";")
    given = csv_dialect(path, source=Source(path="e.tsv", delimiter="|", encoding="latin-1"))
    assert (given.encoding, given.delimiter, given.delimiter_set) == ("latin-1", "|", True)
    (tmp_path / "one.tsv").write_text("a\n1\n", encoding="utf-8")
    assert csv_dialect(tmp_path / "one.tsv", source=None).delimiter == "\t"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}\n{"a": 2}\n', "newline_delimited"),
        ('  [{"a": 1},\n {"a": 2}]', "array"),
        ('{\n  "a": 1\n}\n{\n  "a": 2\n}\n', "unstructured"),
    ],
)
def test_the_json_layout_comes_from_the_first_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    assert json_layout(path) == expected


@pytest.mark.parametrize("name", ["events.json", "events.jsonl"])
def test_json_arrays_and_pretty_objects_read_like_json_lines(
    tmp_path: Path,
    sample: list[Row],
    make_contract: Callable[..., Contract],
    write_jsonl: Callable[..., Path],
    rows_of: Callable[[EventLog], list[Row]],
    name: str,
) -> None:
    contract = make_contract()
    lines = rows_of(read_log(contract, path=write_jsonl(tmp_path / "lines.jsonl", sample)))
    array, pretty = tmp_path / name, tmp_path / f"pretty-{name}"
    array.write_text(json.dumps(sample, indent=2), encoding="utf-8")
    pretty.write_text("\n".join(json.dumps(row, indent=2) for row in sample), encoding="utf-8")
    assert rows_of(read_log(contract, path=array)) == lines
    assert rows_of(read_log(contract, path=pretty)) == lines


def test_a_bom_and_a_semicolon_read_like_the_plain_csv(
    tmp_path: Path,
    sample: list[Row],
    make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
    rows_of: Callable[[EventLog], list[Row]],
) -> None:
    contract = make_contract()
    plain = write_csv(tmp_path / "plain.csv", sample)
    text = plain.read_text(encoding="utf-8")
    semicolon = tmp_path / "semicolon.csv"
    semicolon.write_bytes(codecs.BOM_UTF8 + text.replace(",", ";").encode("utf-8"))
    assert rows_of(read_log(contract, path=semicolon)) == rows_of(read_log(contract, path=plain))


def test_a_european_spreadsheet_export_reads_without_errors(
    tmp_path: Path, make_contract: Callable[..., Contract]
) -> None:
    """Semicolons, a byte-order mark, CRLF line ends, day-first times, decimal commas and a
    quoted value holding a semicolon, as a spreadsheet set to a European locale saves."""
    columns = {"case": "deal_id", "activity": "step", "timestamp": "at"}
    contract = make_contract(
        minimal=True,
        columns=columns,
        conditions=("amount", "note"),
        timestamp_format="%d-%m-%Y %H:%M",
    )
    lines = [
        "deal_id;step;at;amount;note",
        'D1;Deal closed;31-12-2025 14:30;1.234,56;"Rotterdam; haven"',
        "D2;Deal closed;02-01-2026 09:05;5000,00;",
    ]
    path = tmp_path / "export.csv"
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    log = read_log(contract, path=path)
    assert not log.problems
    rows = sorted(log.table.to_pyarrow().to_pylist(), key=lambda row: row["case_id"])
    assert [(r["ts"], r["amount"], r["note"]) for r in rows] == [
        (datetime(2025, 12, 31, 20, 30), "1.234,56", "Rotterdam; haven"),
        (datetime(2026, 1, 2, 15, 5), "5000,00", None),
    ]


def _times(log: EventLog) -> dict[str, datetime]:
    return {row["case_id"]: row["ts"] for row in log.table.to_pyarrow().to_pylist()}


MOMENT = datetime(2025, 3, 4, 22, 32, 15, 250000)  # 1741127535.25 s since 1970 UTC


@pytest.mark.parametrize(
    ("value", "timestamp_format"),
    [
        ("1741127535.25", None),
        ("1741127535250", None),
        ("1741127535250000", None),
        ("1741127535250", "epoch_ms"),
        ("1741127535250000", "epoch_us"),
        ("1741127535.25", "epoch_s"),
    ],
)
def test_epoch_numbers_in_text_by_magnitude_or_unit(
    tmp_path: Path,
    make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
    value: str,
    timestamp_format: str | None,
) -> None:
    contract = make_contract(minimal=True, timezone="UTC", timestamp_format=timestamp_format)
    rows = [{"deal_id": "C1", "step": "Deal closed", "at": value}]
    log = read_log(contract, path=write_csv(tmp_path / "e.csv", rows))
    assert _times(log) == {"C1": MOMENT}


def test_epoch_numbers_in_a_parquet_integer_column(
    tmp_path: Path, make_contract: Callable[..., Contract], write_parquet: Callable[..., Path]
) -> None:
    types: dict[str, pa.DataType] = {"deal_id": pa.string(), "step": pa.string()}
    schema = pa.schema({**types, "at": pa.int64()})
    rows = [
        {"deal_id": "C1", "step": "Deal closed", "at": 1741127535250},
        {"deal_id": "C2", "step": "Deal closed", "at": 1741127535250000},
        {"deal_id": "C3", "step": "Deal closed", "at": 1741127535250000000},
    ]
    path = write_parquet(tmp_path / "e.parquet", rows, schema=schema)
    columns = {"case": "deal_id", "activity": "step", "timestamp": "at"}
    contract = make_contract(minimal=True, columns=columns, conditions=())
    log = read_log(contract, path=path)
    assert _times(log) == {"C1": MOMENT, "C2": MOMENT}
    (problem,) = log.problems  # nanoseconds: a bad time shown as its number, never strptime
    assert (problem.code, problem.examples) == ("bad-time", ("1741127535250000000",))
    assert "no strptime format can read them" in problem.message
    assert "'%" not in problem.message
    unit = make_contract(minimal=True, columns=columns, conditions=(), timestamp_format="epoch_ms")
    assert set(_times(read_log(unit, path=path))) == {"C1"}  # 10^15 ms is past 5138


def test_a_declared_encoding_reads_latin1_bytes(
    tmp_path: Path, sample: list[Row], make_contract: Callable[..., Contract]
) -> None:
    accented = [{**row, "scope": "complète"} for row in sample]
    path = tmp_path / "e.csv"
    lines = ["deal_id,step,at,team,rep,billing_contact,scope,region"]
    lines += [",".join(str(row.get(name, "")) for name in lines[0].split(",")) for row in accented]
    path.write_bytes("\n".join(lines).encode("latin-1"))
    with pytest.raises(InputError, match=r"set source: \{encoding: latin-1\}"):
        read_log(make_contract(), path=path)
    base = make_contract()
    contract = base.model_copy(
        update={"source": base.source.model_copy(update={"encoding": "latin-1"})}
    )
    log = read_log(contract, path=path)
    scopes = {row["scope"] for row in log.table.to_pyarrow().to_pylist()}
    assert scopes == {"complète"}


CONTRACT = """\
process: P
source: {{path: events.csv, {key}: {value}}}
columns: {{case: c, activity: a, timestamp: t}}
areas: [{{name: A, checks: [{{id: x, present: {{step: s}}, target: 90%}}]}}]
"""


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [("encoding", "latin1", "latin-1"), ("encoding", "ISO-8859-1", "latin-1"),
     ("encoding", "UTF8", "utf-8"), ("delimiter", "tab", "\t"), ("delimiter", '";"', ";")],
)  # fmt: skip
def test_source_keys_accept_common_spellings(key: str, value: str, expected: str) -> None:
    source = parse_contract(CONTRACT.format(key=key, value=value)).contract.source
    assert getattr(source, key) == expected


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("contract_unknown_encoding", "encoding", "cp1252"),
        ("contract_misspelt_encoding", "encoding", "latn-1"),
        ("contract_unknown_delimiter", "delimiter", '":"'),
        ("contract_misspelt_epoch_unit", "timestamp_format", "epoch_msec"),
        ("contract_encoding_of_parquet", "encoding", "latin-1"),
        ("contract_delimiter_of_xes", "delimiter", '";"'),
        ("contract_delimiter_of_format_xes", "delimiter", '";"'),
        ("contract_lifecycle_of_two_transitions", "lifecycle", '"start+complete"'),
    ],
)
def test_source_keys_refuse_what_cannot_be_read(name: str, key: str, value: str) -> None:
    text = CONTRACT.format(key=key, value=value)
    if name.endswith("_of_parquet"):
        text = text.replace("events.csv", "events.parquet")
    if name.endswith("_of_xes"):
        text = text.replace("events.csv", "events.xes.gz")
    if name.endswith("_of_format_xes"):
        text = text.replace("events.csv", "events.csv, format: xes")
    with pytest.raises(ContractError) as caught:
        parse_contract(text)
    message = str(caught.value) + "\n"
    path = GOLDEN / f"{name}.txt"
    assert_golden(path, message)


@pytest.mark.parametrize("name", ["e.csv.gz", "e.jsonl.gz"])
def test_a_compressed_file_cut_short_is_an_input_error(
    tmp_path: Path, make_contract: Callable[..., Contract], name: str
) -> None:
    path = tmp_path / name
    text = "deal_id,step,at\n" + "D1,Deal closed,2025-03-04 10:00\n" * 5000
    if name.endswith(".jsonl.gz"):
        text = '{"deal_id": "D1", "step": "Deal closed", "at": "2025-03-04"}\n' * 5000
    path.write_bytes(gzip.compress(text.encode())[:300])
    with pytest.raises(InputError, match="ended before the end-of-stream marker"):
        read_log(make_contract(minimal=True), path=path)


def test_epoch_milliseconds_as_json_numbers(
    tmp_path: Path, make_contract: Callable[..., Contract], write_jsonl: Callable[..., Path]
) -> None:
    rows = [
        {"deal_id": "C1", "step": "Deal closed", "at": 1741127535250},
        {"deal_id": "C2", "step": "Deal closed", "at": 1741127535.25},
    ]
    columns = {"case": "deal_id", "activity": "step", "timestamp": "at"}
    contract = make_contract(minimal=True, timezone="UTC", columns=columns, conditions=())
    log = read_log(contract, path=write_jsonl(tmp_path / "e.jsonl", rows))
    assert _times(log) == {"C1": MOMENT, "C2": MOMENT}
