"""Run the ``taut`` command on a project and judge the run by the documented promises only.

A run keeps its promises when it exits with a documented :class:`~taut.errors.ExitCode`
other than ``INTERNAL`` (never 70, never killed by a signal), when no exception escapes the
command (which the real binary would print as a traceback), and when stderr holds neither a
traceback nor the words "internal error". What the output says is left to the golden tests.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode

DOCUMENTED: frozenset[int] = frozenset(
    int(code) for code in ExitCode if code is not ExitCode.INTERNAL
)
"""Every exit code the ``taut`` command documents for a user's input (all but INTERNAL)."""

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check",),
    ("check", "--format", "json"),
    ("outcomes", "-o", "-"),
    ("scan", "--format", "text"),
    ("scan", "--format", "md"),
    ("scan", "--format", "html"),
    ("scan", "--format", "json"),
)
"""The commands every hostile input is tried with (the contract's path goes second)."""

TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Run:
    """What one run of the command did."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    escaped: str | None
    """The exception that escaped the command (``Type: message``), or ``None``."""

    def broken_promises(self) -> list[str]:
        """Every documented promise this run broke, in words; empty when it kept them all."""
        broken = []
        if self.escaped is not None:
            broken.append(f"an exception escaped: {self.escaped}")
        if self.exit_code < 0:
            broken.append(f"killed by signal {-self.exit_code}")
        elif self.exit_code not in DOCUMENTED:
            broken.append(f"exit code {self.exit_code} is not a documented one")
        if TRACEBACK in self.stderr or TRACEBACK in self.stdout:
            broken.append("a traceback was printed")
        if "internal error" in self.stderr.lower():
            broken.append("it reported an internal error")
        return broken

    def describe(self) -> str:
        return (
            f"taut {' '.join(self.args)} -> exit {self.exit_code}\n"
            f"--- stderr ---\n{self.stderr[-3000:]}\n--- stdout (end) ---\n{self.stdout[-1500:]}"
        )


def command_args(command: tuple[str, ...], contract: Path) -> tuple[str, ...]:
    """``command`` with the contract's path in its place, after the subcommand."""
    return (command[0], str(contract), *command[1:])


def _program_warning_filters() -> None:
    """The warning filters the real program runs under: Python's defaults.

    pytest turns every warning into an error; inside a run that would turn a library's
    DeprecationWarning (ibis streams outcomes with DuckDB's deprecated
    ``fetch_record_batch()``) into a ``SystemError`` deep in DuckDB, which the program
    itself never meets. The subprocess tests run under the same defaults.
    """
    warnings.resetwarnings()
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning):
        warnings.simplefilter("ignore", category)
    warnings.simplefilter("ignore", ResourceWarning)


def run_in_process(command: tuple[str, ...], contract: Path) -> Run:
    """Run the command through Typer's runner, which catches what escapes the command."""
    args = command_args(command, contract)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        with warnings.catch_warnings():
            _program_warning_filters()
            result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    finally:
        # The command's logging.basicConfig may bind a handler to the runner's stderr, which
        # is closed after the run; a later warning would then report a logging error.
        for handler in root.handlers:
            if handler not in handlers:
                root.removeHandler(handler)
    escaped = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = result.exception
        escaped = f"{type(error).__name__}: {str(error)[:500]}"
    return Run(
        args=args,
        exit_code=result.exit_code,
        stdout=result.stdout,
        stderr=result.stderr,
        escaped=escaped,
    )


def run_binary(command: tuple[str, ...], contract: Path) -> Run:
    """Run the real ``taut`` program in a child process (a crash there cannot hide)."""
    args = command_args(command, contract)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "taut", *args],
        cwd=contract.parent,
        capture_output=True,
        check=False,
        env=env,
        timeout=300,
    )
    return Run(
        args=args,
        exit_code=done.returncode,
        stdout=done.stdout.decode("utf-8", errors="replace"),
        stderr=done.stderr.decode("utf-8", errors="replace"),
        escaped=None,
    )


def assert_kept_promises(run: Run, *, made_from: str) -> None:
    """Fail with the run, its output and the input it was made from if it broke a promise."""
    broken = run.broken_promises()
    assert not broken, f"{'; '.join(broken)}\n{run.describe()}\n--- input ---\n{made_from}"


def examples(default: int) -> int:
    """How many examples a property tries: ``default``, or ``TAUT_HOSTILE_EXAMPLES`` if set.

    The default keeps ``make test`` short; set the variable (e.g. to 500) to search longer.
    """
    return int(os.environ.get("TAUT_HOSTILE_EXAMPLES", default))


def hostile_settings(default_examples: int) -> settings:
    """Deterministic settings: a fixed seed, no example database, no deadline, no shrinking.

    Each example runs the command (about a second), so shrinking a failure could take many
    minutes; the failure report names the mutations and shows the input instead.
    """
    return settings(
        max_examples=examples(default_examples),
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
