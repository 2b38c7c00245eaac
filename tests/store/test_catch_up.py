"""The catch-up on a real PostgreSQL server: a store scanned on scattered Sundays reads today
as a SQLite store filled by the weekly replay (tests/cli/test_replay_history.py has the
rest, on SQLite)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.errors import ExitCode
from taut.simulate import Drift, sales_handoff
from tests.cli.test_replay_history import verdicts

runner = CliRunner()
pytestmark = pytest.mark.slow
PLAIN = ["--no-insight", "--format", "json", "--fail-on", "never"]
START = date(2025, 1, 6)


def _scan(contract: Path, *extra: str, env: dict[str, str]) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["scan", str(contract), *extra, *PLAIN], env=env)
    assert result.exit_code == ExitCode.OK, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found, result.stderr


def _lives(contract: Path) -> list[tuple[object, ...]]:
    return [
        (s.id, s.check, s.metric, s.lifecycle, s.state, s.first_raised, s.closed_on)
        for s in api.signals(contract, closed=True)
    ]


def test_scattered_sundays_on_postgresql_read_today_as_the_weekly_replay(
    postgresql_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drift = Drift(
        kind="skip",
        onset=START + timedelta(weeks=20),
        size=0.3,
        until=START + timedelta(weeks=28),
    )
    sim = sales_handoff(seed=3, weeks=52, deals_per_day=8.0, drifts=(drift,))
    weekly = sim.write(tmp_path / "weekly", fmt="csv")
    scattered = sim.write(tmp_path / "scattered", fmt="csv")
    monkeypatch.delenv("TAUT_DATABASE_URL", raising=False)
    expected, _ = _scan(weekly, "--replay", "weekly", env={})
    days = [report.as_of for report in api.replay(weekly)]
    on_postgres = {"TAUT_DATABASE_URL": postgresql_url}
    _scan(scattered, "--as-of", days[0].isoformat(), env=on_postgres)
    _, said = _scan(scattered, "--as-of", days[30].isoformat(), env=on_postgres)
    assert "the state store missed 29 Mondays" in said
    today, _ = _scan(scattered, env=on_postgres)
    assert any(moved["excluded"] for moved in today["moved_baselines"])
    # The verdicts are the weekly store's; the caught-up Mondays are news to this reader.
    assert verdicts(today) == verdicts(expected)
    assert today["previous_as_of"] == days[30].isoformat()
    lives = [(*life[:3], *life[4:]) for life in _lives(weekly)]
    monkeypatch.setenv("TAUT_DATABASE_URL", postgresql_url)
    assert [(*life[:3], *life[4:]) for life in _lives(scattered)] == lives
