"""`taut scan` end to end: formats, --as-of, --fail-on and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from tests.signal.scenarios import write_drift_log

runner = CliRunner()
PERSON = re.compile(r"\b(rep|ops)-\d+\b")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_drift_log(tmp_path_factory.mktemp("scan-cli"))


def test_drift_exits_one_and_names_the_check(contract: Path) -> None:
    result = runner.invoke(app, ["scan", str(contract)])
    assert result.exit_code == ExitCode.SIGNALS, result.output
    assert "ack-within-24h" in result.stdout
    assert not PERSON.search(result.output)


def test_fail_on_never_exits_zero_and_json_parses(contract: Path) -> None:
    result = runner.invoke(app, ["scan", str(contract), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert {"signals", "watching", "fragility", "steady"} <= set(data)
    assert not PERSON.search(result.stdout)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_other_formats_carry_no_person(contract: Path, fmt: str) -> None:
    result = runner.invoke(app, ["scan", str(contract), "--format", fmt, "--fail-on", "never"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "ack-within-24h" in result.stdout
    assert not PERSON.search(result.stdout)


def test_as_of_is_reported_and_bad_dates_are_usage_errors(contract: Path) -> None:
    early = runner.invoke(app, ["scan", str(contract), "--as-of", "2025-03-20", "--format", "json"])
    assert json.loads(early.stdout)["as_of"] == "2025-03-20"
    bad = runner.invoke(app, ["scan", str(contract), "--as-of", "20/03/2025"])
    assert bad.exit_code == ExitCode.USAGE
    inside = runner.invoke(app, ["scan", str(contract), "--as-of", "2025-02-01"])
    assert inside.exit_code == ExitCode.INPUT
    assert "baseline" in inside.output


def test_missing_contract_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(tmp_path / "nope.yaml")])
    assert result.exit_code == ExitCode.USAGE
