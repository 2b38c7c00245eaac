"""Shared fixtures for the ingest tests: a contract factory and writers of small log files."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from taut.contract.models import Contract
from taut.ingest import EventLog, read_log

Row = dict[str, Any]
HEADER = ("deal_id", "step", "at", "team", "rep", "billing_contact", "scope", "region")

BASE_CONTRACT: dict[str, Any] = {
    "process": "Sales to Operations handoff",
    "source": {"path": "events.csv", "timezone": "America/Chicago"},
    "columns": {
        "case": "deal_id",
        "activity": "step",
        "timestamp": "at",
        "team": "team",
        "person": "rep",
    },
    "conditions": ["region"],
    "areas": [
        {
            "name": "Customer handoff",
            "checks": [
                {
                    "id": "intake-complete",
                    "complete": {"at": "Intake completed", "fields": ["billing_contact", "scope"]},
                    "target": "95%",
                },
                {
                    "id": "ack-within-24h",
                    "within": {
                        "from": "Deal closed",
                        "to": "Operations acknowledged",
                        "limit": "24h",
                    },
                    "target": "90%",
                },
            ],
        }
    ],
}


def _make_contract(
    *,
    timezone: str = "America/Chicago",
    timestamp_format: str | None = None,
    columns: dict[str, Any] | None = None,
    conditions: Sequence[str] = ("region",),
    ack: str = "Operations acknowledged",
    minimal: bool = False,
) -> Contract:
    """The base contract with a few parts changed; ``minimal`` keeps one present check only."""
    data = json.loads(json.dumps(BASE_CONTRACT))
    data["source"]["timezone"] = timezone
    if timestamp_format is not None:
        data["source"]["timestamp_format"] = timestamp_format
    if columns is not None:
        data["columns"] = columns
    data["conditions"] = list(conditions)
    data["areas"][0]["checks"][1]["within"]["to"] = ack
    if minimal:
        present = {"id": "closed", "present": {"step": "Deal closed"}, "target": "90%"}
        data["areas"] = [{"name": "Deals", "checks": [present]}]
    return Contract.model_validate(data)


def _write_csv(path: Path, rows: Sequence[Row], *, header: Sequence[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[row.get(name, "") for name in header] for row in rows])
    return path


def _write_jsonl(path: Path, rows: Sequence[Row]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _write_parquet(path: Path, rows: Sequence[Row], *, schema: pa.Schema | None = None) -> Path:
    if schema is None:
        names = [name for name in HEADER if any(name in row for row in rows)]
        schema = pa.schema([(name, pa.string()) for name in names])
    pq.write_table(pa.Table.from_pylist(list(rows), schema=schema), path)
    return path


def _canonical_rows(log: EventLog) -> list[Row]:
    """The canonical table as sorted plain rows."""
    rows: list[Row] = log.table.to_pyarrow().to_pylist()
    return sorted(rows, key=lambda row: tuple(str(row[key]) for key in sorted(row)))


_SAMPLE: list[Row] = [
    {"deal_id": "D1", "step": "Deal closed", "at": "2025-03-04 16:32:00", "team": "Sales",
     "rep": "alice", "region": "EU"},
    {"deal_id": "D1", "step": "Intake completed", "at": "2025-03-04T17:00:00-06:00",
     "team": "Sales", "rep": "alice", "billing_contact": "ap@acme.test", "scope": "full"},
    {"deal_id": "D1", "step": "Operations acknowledged", "at": "2025-03-05T15:00:00Z",
     "team": "Ops", "rep": "bob"},
    {"deal_id": "D2", "step": "Deal closed", "at": "2025-03-06 09:00:00", "team": "Sales",
     "rep": "carol", "region": "US"},
    {"deal_id": "D2", "step": "Intake completed", "at": "2025-03-06 10:15:30.250",
     "team": "Sales", "rep": "carol", "billing_contact": "", "scope": "pilot"},
]  # fmt: skip


@pytest.fixture
def read(tmp_path: Path) -> Callable[..., EventLog]:
    """Write rows as CSV (or another format) into tmp_path and read them back."""

    return _reader(tmp_path, minimal=False)


@pytest.fixture
def read_minimal(tmp_path: Path) -> Callable[..., EventLog]:
    """Like ``read``, with a contract that needs only case, activity, time and 'Deal closed'."""
    return _reader(tmp_path, minimal=True)


def _reader(tmp_path: Path, *, minimal: bool) -> Callable[..., EventLog]:
    def run(
        rows: Sequence[Row],
        *,
        contract: Contract | None = None,
        name: str = "events.csv",
        header: Sequence[str] = HEADER,
    ) -> EventLog:
        path = tmp_path / name
        if name.endswith(".csv"):
            _write_csv(path, rows, header=header)
        elif name.endswith(".jsonl"):
            _write_jsonl(path, rows)
        else:
            _write_parquet(path, rows)
        return read_log(contract or _make_contract(minimal=minimal), path=path)

    return run


@pytest.fixture
def make_contract() -> Callable[..., Contract]:
    """Build the base contract with a few parts changed (see ``_make_contract``)."""
    return _make_contract


@pytest.fixture
def sample() -> list[Row]:
    """Five events of two cases, times in several forms, attributes on their own rows."""
    return json.loads(json.dumps(_SAMPLE))  # type: ignore[no-any-return]


@pytest.fixture
def rows_of() -> Callable[[EventLog], list[Row]]:
    """The canonical table of a log as sorted plain rows."""
    return _canonical_rows


@pytest.fixture
def write_csv() -> Callable[..., Path]:
    return _write_csv


@pytest.fixture
def write_jsonl() -> Callable[..., Path]:
    return _write_jsonl


@pytest.fixture
def write_parquet() -> Callable[..., Path]:
    return _write_parquet
