"""While a scan holds its arrays, DuckDB keeps a quarter of its memory limit."""

from __future__ import annotations

import ibis
import pytest

from taut.ingest.connection import MEMORY_LIMIT_VARIABLE, connection, scan_memory


def _limit(backend: ibis.BaseBackend) -> str:
    row = backend.con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


def test_scan_memory_lowers_the_limit_inside_the_block_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "800MB")
    with connection() as backend:
        before = _limit(backend)
        with scan_memory(backend):
            inside = _limit(backend)
        after = _limit(backend)
    assert (before, after) == ("762.9 MiB", "762.9 MiB")  # DuckDB shows 800 MB in MiB
    assert inside == "190.7 MiB"  # a quarter of it


def test_scan_memory_gives_the_limit_back_when_the_block_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "800MB")
    with connection() as backend:
        with pytest.raises(KeyError), scan_memory(backend):
            raise KeyError("any failure inside the scan")
        assert _limit(backend) == "762.9 MiB"


def test_scan_memory_leaves_a_connection_taut_did_not_make() -> None:
    backend = ibis.duckdb.connect(memory_limit="800MB")
    with scan_memory(backend):
        assert _limit(backend) == "762.9 MiB"
