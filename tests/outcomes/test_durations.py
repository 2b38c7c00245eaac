"""Durations of every unit the contract allows work in ``outcomes`` and ``scan``.

A ``limit`` or ``within`` of ``1.5d``, ``36h`` or ``25h`` is a ``timedelta`` of days and
seconds together; it once reached the database as an interval of mixed units and crashed
``scan`` and ``outcomes`` (exit 70) while ``check`` passed. Each duration of the matrix is
set on a ``within`` check and on a ``present`` check of a simulated log; the outcomes the
command writes are compared with a pandas computation of the documented rules, and the scan
must finish with a documented exit code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from taut.cli import app
from taut.contract.quantities import parse_duration
from taut.errors import ExitCode
from taut.outcomes.judgement import after
from taut.simulate import sales_handoff

runner = CliRunner()
pytestmark = pytest.mark.slow

ZONE = "America/Chicago"
DURATIONS: dict[str, timedelta] = {
    "1.5d": timedelta(days=1, hours=12),
    "36h": timedelta(hours=36),
    "25h": timedelta(hours=25),
    "90m": timedelta(minutes=90),
    "0.5w": timedelta(days=3, hours=12),
    "2w": timedelta(weeks=2),
    "2.25h": timedelta(hours=2, minutes=15),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    simulation = sales_handoff(seed=11, weeks=14, deals_per_day=12.0)
    path = simulation.write(tmp_path_factory.mktemp("durations"), fmt="csv")
    return path.parent


def _contract(folder: Path, duration: str) -> Path:
    text = (folder / "taut.yaml").read_text(encoding="utf-8")
    text = re.sub(r"limit: 24h", f"limit: {duration}", text)
    text = re.sub(r"within: 7d", f"within: {duration}", text)
    assert f"limit: {duration}" in text
    assert f"within: {duration}" in text
    path = folder / f"taut-{duration}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _expected(folder: Path, span: timedelta) -> pd.DataFrame:
    """Status per case of the within and present checks, from the rules in docs/contract.md."""
    events = pd.read_csv(folder / "events.csv", dtype=str)
    local = pd.to_datetime(events["at"], format="ISO8601")
    events["ts"] = local.dt.tz_localize(ZONE).dt.tz_convert("UTC").dt.tz_localize(None)
    end = events["ts"].max()
    closed = events[events["step"] == "Deal closed"].groupby("deal_id")["ts"].min()
    acks = events[events["step"] == "Operations acknowledged"].join(
        closed.rename("anchor"), on="deal_id"
    )
    reached = acks[acks["ts"] >= acks["anchor"]].groupby("deal_id")["ts"].min()
    reached = reached.reindex(closed.index)
    deadline = closed + span
    waiting = reached.isna() & (deadline > end)
    within = pd.Series("missed", index=closed.index)
    within[reached.notna() & (reached - closed <= span)] = "kept"
    within[waiting] = "pending"
    present = pd.Series("missed", index=closed.index)
    present[reached.notna()] = "kept"
    present[waiting] = "pending"
    return pd.concat(
        [
            within.rename("status").to_frame().assign(check="ack-within-24h"),
            present.rename("status").to_frame().assign(check="ack-present"),
        ]
    ).rename_axis("case_id")


@pytest.mark.parametrize("duration", list(DURATIONS))
def test_outcomes_of_every_duration_match_pandas(folder: Path, duration: str) -> None:
    contract = _contract(folder, duration)
    output = folder / f"outcomes-{duration}.csv"
    # A real process: writing the export in-process trips a deprecation warning inside
    # DuckDB's batch reader, which pytest turns into an error.
    result = subprocess.run(
        [sys.executable, "-m", "taut", "outcomes", str(contract), "-o", str(output)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
        timeout=300,
    )
    assert result.returncode == ExitCode.OK, result.stderr
    written = pd.read_csv(output, dtype=str)
    actual = (
        written[written["check"].isin(["ack-within-24h", "ack-present"])]
        .set_index(["check", "case_id"])["status"]
        .sort_index()
    )
    expected = (
        _expected(folder, DURATIONS[duration])
        .reset_index()
        .set_index(["check", "case_id"])["status"]
        .sort_index()
    )
    pd.testing.assert_series_equal(actual, expected)
    # The matrix is only a test if the limit decides something: some cases on each side.
    assert {"kept", "missed"} <= set(expected.loc["ack-within-24h"])


@pytest.mark.parametrize("duration", ["1.5d", "36h", "25h", "0.5w"])
def test_scan_runs_with_every_duration(folder: Path, duration: str) -> None:
    contract = _contract(folder, duration)
    result = runner.invoke(app, ["scan", str(contract), "--fail-on", "never"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "ack-within-24h" in result.stdout


@settings(max_examples=60, deadline=None)
@given(
    number=st.decimals(min_value="0.001", max_value="520", places=3),
    unit=st.sampled_from(["m", "h", "d", "w"]),
    seconds=st.integers(min_value=0, max_value=10 * 365 * 86400),
)
def test_a_deadline_is_the_anchor_plus_the_duration_exactly(
    number: Decimal, unit: str, seconds: int
) -> None:
    """Any duration the parser accepts becomes a deadline equal to Python's own sum."""
    text = f"{number}{unit}"
    span = parse_duration(text)
    scale = {"m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    assert span == timedelta(microseconds=round(number * scale * 1_000_000))
    anchor = datetime(2020, 1, 1) + timedelta(seconds=seconds)  # noqa: DTZ001 - naive UTC
    table = ibis.memtable({"anchor": [anchor]})
    deadline = after(table.anchor, span).name("deadline")
    (value,) = table.select(deadline).to_pyarrow().column("deadline").to_pylist()
    assert value == anchor + span
