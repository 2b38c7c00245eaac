"""The same events read from CSV, Parquet and JSON Lines give the same canonical table."""

# Canonical times are naive, so expected values are naive datetimes;
# pytest passes fixtures positionally.
# ruff: noqa: DTZ001, PLR0917

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pytest

from taut.contract.models import Contract
from taut.ingest import CANONICAL_COLUMNS, EventLog, read_log

Row = dict[str, Any]


def test_csv_rows_become_canonical_events(
    read: Callable[..., EventLog], sample: list[Row], rows_of: Callable[[EventLog], list[Row]]
) -> None:
    log = read(sample)
    assert log.table.columns == (*CANONICAL_COLUMNS, "billing_contact", "scope", "region")
    assert log.attributes == ("billing_contact", "scope", "region")
    assert log.timezone == "America/Chicago"
    assert log.rows_read == 5
    assert log.problems == ()
    rows = rows_of(log)
    first = next(r for r in rows if r["case_id"] == "D1" and r["activity"] == "Deal closed")
    assert first["ts"] == datetime(2025, 3, 4, 22, 32)
    assert first["local_ts"] == datetime(2025, 3, 4, 16, 32)
    assert first["team"] == "Sales"
    assert first["region"] == "EU"
    assert log.data_end == datetime(2025, 3, 6, 16, 15, 30, 250000)


@pytest.mark.parametrize("name", ["events.parquet", "events.jsonl"])
def test_parquet_and_jsonl_match_csv(
    read: Callable[..., EventLog],
    sample: list[Row],
    rows_of: Callable[[EventLog], list[Row]],
    name: str,
) -> None:
    assert rows_of(read(sample, name=name)) == rows_of(read(sample))


def test_tsv_gzip_and_ndjson_are_read(
    tmp_path: Path,
    sample: list[Row],
    make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
    write_jsonl: Callable[..., Path],
    rows_of: Callable[[EventLog], list[Row]],
) -> None:
    contract = make_contract()
    plain = rows_of(read_log(contract, path=write_csv(tmp_path / "a.csv", sample)))
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    tsv = tmp_path / "a.tsv"
    tsv.write_text(text.replace(",", "\t"), encoding="utf-8")
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    ndjson = write_jsonl(tmp_path / "a.ndjson", sample)
    for path in (tsv, packed, ndjson):
        assert rows_of(read_log(contract, path=path)) == plain, path


def test_given_connection_is_used(
    tmp_path: Path, sample: list[Row], make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
) -> None:  # fmt: skip
    con = ibis.duckdb.connect()
    log = read_log(make_contract(), path=write_csv(tmp_path / "e.csv", sample), con=con)
    assert con.to_pyarrow(log.table.count()).as_py() == 5
    with pytest.raises(duckdb.CatalogException):
        ibis.duckdb.connect().to_pyarrow(log.table.count())
