"""Zone conversion by offset table agrees with DuckDB's ``timezone()`` (ICU) minute by minute."""

from __future__ import annotations

from datetime import UTC, datetime

import ibis
import numpy as np
import pyarrow as pa
import pytest

from taut.ingest.zones import (
    database_instant_to_wall_clock,
    database_wall_clock_to_instant,
    utc_to_wall_clock,
    wall_clock_to_utc,
)


@pytest.mark.parametrize(
    "zone", ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
def test_offset_table_agrees_with_database(zone: str) -> None:
    # Every 11 minutes over 2023-2026: every DST change, both directions, gaps and repeats.
    minutes = np.arange("2023-01-01", "2026-12-31", np.timedelta64(11, "m"), dtype="datetime64[us]")
    times = ibis.memtable(pa.table({"t": pa.array(minutes)}))
    t = times["t"]
    expected_utc = database_instant_to_wall_clock("UTC", database_wall_clock_to_instant(zone, t))
    expected_local = database_instant_to_wall_clock(zone, t.cast("timestamp('UTC')"))
    until = datetime(2026, 12, 31, tzinfo=UTC).replace(tzinfo=None)
    row = (
        times.aggregate(
            rows=times.count(),
            utc_differs=(wall_clock_to_utc(t, timezone=zone) != expected_utc).sum(),
            local_differs=(
                utc_to_wall_clock(t, timezone=zone, until=until) != expected_local
            ).sum(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    assert row["rows"] > 190_000
    assert row["utc_differs"] == 0
    assert row["local_differs"] == 0
