"""`taut scan --fail-on new`: exit 1 only on a signal new this week.

Without a store (these runs keep none) taut cannot tell new from still open, so every
drifting signal counts as new: the drift log fails, the steady log does not. With a store,
:func:`taut.brief.lifecycle.has_new` reads the memory (tests/brief/test_lifecycle.py).
"""

from __future__ import annotations

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
    result = runner.invoke(app, ["scan", str(contract), "--fail-on", "new", "--no-insight"])
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
