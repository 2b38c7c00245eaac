"""`taut scan --replay weekly` and `--since`: progress on stderr, today's report on stdout."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.errors import ExitCode
from taut.simulate import Drift, sales_handoff

runner = CliRunner()
pytestmark = pytest.mark.slow
PLAIN = ["--no-insight", "--format", "json", "--fail-on", "never"]


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    drift = Drift(kind="skip", onset=date(2025, 3, 3), size=0.4)
    sim = sales_handoff(seed=7, weeks=12, deals_per_day=10.0, drifts=(drift,))
    return sim.write(tmp_path_factory.mktemp("replay-cli"), fmt="csv")


def test_replay_prints_a_line_a_monday_and_todays_report(contract: Path) -> None:
    replayed = runner.invoke(app, ["scan", str(contract), "--replay", "weekly", *PLAIN])
    assert replayed.exit_code == ExitCode.OK, replayed.output
    today = runner.invoke(app, ["scan", str(contract), *PLAIN])
    assert json.loads(replayed.stdout) == json.loads(today.stdout)
    lines = replayed.stderr.splitlines()
    days = [report.as_of for report in api.replay(contract)]
    assert len([line for line in lines if ". Monday " in line or "latest data" in line]) == len(
        days
    )
    first = days[0]
    assert lines[0].startswith(f"1. Monday {date.fromordinal(first.toordinal() + 1)}")
    assert f"(as of {first.isoformat()})" in lines[0]


def test_since_alone_replays_from_that_monday(contract: Path) -> None:
    result = runner.invoke(app, ["scan", str(contract), "--since", "2025-03-24", *PLAIN])
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr.splitlines()[0].startswith("1. Monday 2025-03-24 (as of 2025-03-23)")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--replay", "daily"],
            "--replay 'daily' is not a rhythm taut replays. Use --replay weekly",
        ),
        (["--since", "24/03/2025"], "--since '24/03/2025' is not a date. Write it as YYYY-MM-DD"),
        (["--since", "2031-01-06"], "--since 2031-01-06 is after the log's last day"),
        (["--replay", "weekly", "--as-of", "2025-03-02"], "cannot be combined with --replay"),
    ],
)
def test_bad_replay_options_are_usage_errors(
    contract: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["scan", str(contract), *arguments])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.output
    assert "Traceback" not in result.output
