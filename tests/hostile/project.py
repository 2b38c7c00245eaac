"""A small valid taut project (contract and event log) for the hostile-input tests to mutate.

The log has 60 deals over nine weeks with a baseline of five, so every command gets past
reading: ``check`` passes, ``outcomes`` writes rows and ``scan`` raises a signal (the
acknowledgement slips on the late deals), which makes each renderer print names and values
taken from the data. The contract is the one of ``tests/contract/example.yaml`` trimmed to
what the log holds.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

LogFormat = Literal["csv", "jsonl", "parquet"]
LOG_FORMATS: tuple[LogFormat, ...] = ("csv", "jsonl", "parquet")

HEADER: tuple[str, ...] = ("deal_id", "step", "at", "team", "rep", "region", "billing", "scope")
STEPS: tuple[str, ...] = ("Deal closed", "Intake completed", "Operations acknowledged")
TIME_FORMAT = "%Y-%m-%d %H:%M"

Cell = str | bytes | None
"""A log cell: text, raw bytes (written as they are, whatever the encoding) or missing."""


@dataclass(frozen=True)
class Row:
    """One row of a log: its cells in order, possibly fewer or more than the header."""

    cells: tuple[Cell, ...]


def base_contract() -> dict[str, Any]:
    """A fresh copy of the valid contract as YAML data (safe to mutate)."""
    return {
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
        "baseline": {"until": "2025-02-09"},
        "areas": [
            {
                "name": "Customer handoff",
                "risk": "high",
                "checks": [
                    {
                        "id": "intake-complete",
                        "complete": {"at": "Intake completed", "fields": ["billing", "scope"]},
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
                    {
                        "id": "ack-present",
                        "present": {
                            "step": "Operations acknowledged",
                            "after": "Deal closed",
                            "within": "7d",
                        },
                        "target": "98%",
                    },
                    {
                        "id": "intake-before-ack",
                        "order": ["Intake completed", "Operations acknowledged"],
                        "target": "98%",
                    },
                ],
            }
        ],
    }


def base_rows() -> list[Row]:
    """The valid log's rows: three events for each of 60 deals, one deal a day."""
    start = datetime(2025, 1, 6, 9, 0)  # noqa: DTZ001 - local times, as a log holds them
    teams = ("North", "South", "East")
    rows: list[Row] = []
    for deal in range(60):
        closed = start + timedelta(days=deal, hours=deal % 7)
        team, rep, region = teams[deal % 3], f"P{deal % 7}", "EU" if deal % 2 else "US"
        late = 30 if deal > 40 and deal % 2 else 5
        events = (
            (STEPS[0], closed, team, rep, region, "", ""),
            (
                STEPS[1],
                closed + timedelta(hours=1),
                team,
                rep,
                "",
                "Jo" if deal % 5 else "",
                "Full",
            ),
            (STEPS[2], closed + timedelta(hours=late), "Ops", "P9", "", "", ""),
        )
        for step, moment, *rest in events:
            rows.append(Row((f"D{deal}", step, moment.strftime(TIME_FORMAT), *rest)))
    return rows


def _text(cell: Cell) -> str | None:
    """Raw bytes as text that writes back as the same bytes (surrogate escapes)."""
    if isinstance(cell, bytes):
        return cell.decode("utf-8", errors="surrogateescape")
    return cell


def write_log(
    folder: Path, *, rows: Sequence[Row], fmt: LogFormat, header: Sequence[str] = HEADER
) -> Path:
    """Write ``rows`` under ``header`` as ``events.<fmt>`` in ``folder``; return its path.

    CSV keeps ragged rows ragged; JSON Lines leaves out the keys a short row lacks and adds
    ``extra_<n>`` keys for a long row's surplus cells; Parquet, being rectangular, fills a
    short row with nulls and drops a long row's surplus. Raw bytes go into CSV and JSON
    Lines as they are; Parquet stores them as Latin-1 text.
    """
    path = folder / f"events.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([_text(cell) or "" for cell in row.cells] for row in rows)
    elif fmt == "jsonl":
        lines = []
        for row in rows:
            names = [*header, *(f"extra_{n}" for n in range(len(row.cells) - len(header)))]
            record = {name: _text(cell) for name, cell in zip(names, row.cells, strict=False)}
            lines.append(json.dumps(record, ensure_ascii=False))
        path.write_text(
            "".join(f"{line}\n" for line in lines), encoding="utf-8", errors="surrogateescape"
        )
    else:
        columns: list[list[str | None]] = [[] for _ in header]
        for row in rows:
            for index, column in enumerate(columns):
                cell = row.cells[index] if index < len(row.cells) else None
                column.append(cell.decode("latin-1") if isinstance(cell, bytes) else cell)
        arrays = [pa.array(column, type=pa.string()) for column in columns]
        pq.write_table(pa.Table.from_arrays(arrays, names=list(header)), path)
    return path


def write_contract(folder: Path, data: Any, *, log: Path | None = None) -> Path:
    """Write contract data as ``taut.yaml`` in ``folder``, pointing it at ``log`` if given.

    Data that is not a mapping with a ``source`` mapping is written as it is.
    """
    if log is not None and isinstance(data, dict) and isinstance(data.get("source"), dict):
        data["source"]["path"] = log.name
    return write_contract_text(folder, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def write_contract_text(folder: Path, text: str) -> Path:
    """Write YAML text as ``taut.yaml`` in ``folder`` (as UTF-8, lone surrogates as bytes)."""
    path = folder / "taut.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    return path
