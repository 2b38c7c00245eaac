"""`taut scan --fail-on new`: exit 1 only on a signal new this week.

Without a store (these runs keep none) taut cannot tell new from still open, so every
drifting signal counts as new: the drift log fails, the steady log does not. With a store,
:func:`taut.brief.lifecycle.has_new` reads the memory (tests/brief/test_lifecycle.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from tests.signal.scenarios import write_drift_log, write_steady_log

runner = CliRunner()
pytestmark = pytest.mark.slow


def test_a_drifting_signal_without_a_store_counts_as_new(tmp_path: Path) -> None:
    contract = write_drift_log(tmp_path)
    result = runner.invoke(
        app, ["scan", str(contract), "--fail-on", "new", "--no-insight", "--no-store"]
    )
    assert result.exit_code == ExitCode.SIGNALS, result.output
    assert "New this week" not in result.stdout  # no store, no memory: the brief as it was


def test_a_steady_log_does_not_fail_on_new(tmp_path: Path) -> None:
    contract = write_steady_log(tmp_path)
    result = runner.invoke(app, ["scan", str(contract), "--fail-on", "new", "--no-insight"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "No step is drifting." in result.stdout


def test_help_names_new() -> None:
    result = runner.invoke(app, ["scan", "--help"])
    assert "new" in result.stdout
    assert "without a store" in " ".join(result.stdout.split())


def test_with_a_store_only_a_monday_raising_a_new_signal_fails(tmp_path: Path) -> None:
    """A weekly job on the drift log (two acknowledgment drifts from April, a kickoff drift
    in May): the Monday the first two are raised exits 1; the next Monday, both still open
    and none new, exits 0, and a rerun of it says the same; the Monday the kickoff drift is
    first raised exits 1 again, for it alone."""
    contract = write_drift_log(tmp_path)
    weekly = ["scan", "--fail-on", "new", "--no-insight", "--format", "json"]

    def monday(as_of: str) -> tuple[int, dict[str, str], str]:
        result = runner.invoke(
            app,
            [*weekly, str(contract), "--as-of", as_of],
        )
        signals = json.loads(result.stdout)["signals"]
        return result.exit_code, {s["check"]: s["lifecycle"] for s in signals}, result.stdout

    code, lives, _ = monday("2025-04-27")
    assert code == ExitCode.SIGNALS
    assert set(lives.values()) == {"new"}
    code, lives, once = monday("2025-05-04")
    assert code == ExitCode.OK
    assert set(lives.values()) == {"ongoing"}
    assert monday("2025-05-04") == (code, lives, once)
    code, lives, _ = monday("2025-05-18")
    assert code == ExitCode.SIGNALS
    assert [check for check, life in lives.items() if life == "new"] == ["ack-before-kickoff"]
