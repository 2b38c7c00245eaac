"""Property: shuffling and duplicating rows leaves the canonical table unchanged."""

# Canonical times are naive, so expected values are naive datetimes;
# pytest passes fixtures positionally.
# ruff: noqa: DTZ001, PLR0917

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taut.contract.models import Contract
from taut.ingest import EventLog, read_log

Row = dict[str, Any]
STEPS = ("Deal closed", "Intake completed", "Operations acknowledged")
START = datetime(2025, 3, 1)


@st.composite
def event_rows(draw: st.DrawFn) -> list[Row]:
    count = draw(st.integers(min_value=1, max_value=12))
    rows: list[Row] = []
    for _ in range(count):
        minutes = draw(st.integers(min_value=0, max_value=60 * 24 * 30))
        moment = START + timedelta(minutes=minutes)
        offset = draw(st.sampled_from(["", "Z", "-06:00", "+02:00"]))
        rows.append(
            {
                "deal_id": draw(st.sampled_from(["D1", "D2", "D3"])),
                "step": draw(st.sampled_from(STEPS)),
                "at": moment.isoformat(sep=" ") + offset,
                "team": draw(st.sampled_from(["", "Sales", "Ops"])),
                "scope": draw(st.sampled_from(["", "full", "pilot"])),
            }
        )
    return rows


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=event_rows(), seed=st.integers(min_value=0, max_value=2**16), data=st.data())
def test_shuffling_and_duplicating_rows_changes_nothing(
    tmp_path: Path,
    make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
    rows_of: Callable[[EventLog], list[Row]],
    rows: list[Row],
    seed: int,
    data: st.DataObject,
) -> None:
    contract = make_contract()
    repeats = data.draw(st.lists(st.sampled_from(rows), max_size=6))
    changed = [*rows, *repeats]
    random.Random(seed).shuffle(changed)
    header = ("deal_id", "step", "at", "team", "rep", "billing_contact", "scope", "region")
    original = read_log(contract, path=write_csv(tmp_path / "a.csv", rows, header=header))
    mixed = read_log(contract, path=write_csv(tmp_path / "b.csv", changed, header=header))
    assert rows_of(mixed) == rows_of(original)
    assert mixed.data_end == original.data_end
    assert mixed.rows_read == len(changed)
