"""The shell every ``taut`` command shares: the Typer app, the two consoles, the error guard.

Data goes to stdout, progress and messages to stderr. Exit codes are
:class:`taut.errors.ExitCode`, listed in ``taut --help``. A user's mistake prints one
readable message; a traceback only with ``--debug``. ``--quiet`` keeps stderr to errors
alone: no progress, notes or warnings (:func:`say` drops them, :func:`quiet` tells a
command's own progress display).
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import duckdb
import typer
from rich.console import Console
from rich.text import Text

from taut import __version__
from taut.errors import ExitCode, OutputError, TautError
from taut.files import STDOUT
from taut.ingest.connection import out_of_memory
from taut.interrupts import received
from taut.terminal import silence_standard_output, visible

SUMMARY = "Keeps execution from drifting: early, quiet warnings when critical steps loosen."


def exit_codes_help() -> str:
    """The exit codes as ``taut --help`` lists them, one line each, from :class:`ExitCode`."""
    words = {
        ExitCode.OK: "done; for scan, nothing at or above --fail-on",
        ExitCode.SIGNALS: "scan found signals at or above --fail-on",
        ExitCode.USAGE: "usage or contract error (a bad flag, taut.yaml, a setting)",
        ExitCode.INPUT: "the event log cannot be read or has errors",
        ExitCode.STORE: "the state store cannot be read or written",
        ExitCode.OUTPUT: "the output cannot be written",
        ExitCode.NOTIFY: "a notification could not be sent (report written, scan kept)",
        ExitCode.INTERNAL: "a bug in taut: run again with --debug and report it",
        ExitCode.INTERRUPTED: "stopped by Ctrl-C; no partial output is left",
        ExitCode.TERMINATED: "stopped by SIGTERM; no partial output is left",
    }
    lines = [f"{int(code):>3}  {code.name:<11}  {words[code]}" for code in ExitCode]
    return "\b\nExit codes:\n" + "\n".join(lines)


app = typer.Typer(
    name="taut",
    help=f"{SUMMARY}\n\n{exit_codes_help()}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output gets a fixed, roomy width instead of Rich's 80 columns, so tables stay legible.
_PIPED_WIDTH = 120
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else _PIPED_WIDTH)
err = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else _PIPED_WIDTH)
log = logging.getLogger("taut")

T = TypeVar("T")
_state = {"debug": False, "quiet": False}

ContractArg = Annotated[Path, typer.Argument(help="The stability contract, e.g. taut.yaml.")]
TextOrJson = Literal["text", "json"]


Part = str | tuple[str, str]


def quiet() -> bool:
    """Whether ``--quiet`` asked for errors alone on stderr (no progress, notes, warnings)."""
    return _state["quiet"]


def _is_error(parts: tuple[Part, ...]) -> bool:
    """Whether a message is an error (``("error:", style)`` first), shown even when quiet."""
    first = parts[0] if parts else ""
    return isinstance(first, tuple) and first[0].rstrip().endswith("error:")


def say(console: Console, *parts: Part) -> None:
    """Print text and ``(text, style)`` parts as they are: Rich markup in them is not read,
    and control characters are shown as visible escapes (:func:`taut.terminal.visible`).

    With ``--quiet``, only errors reach stderr."""
    if console is err and quiet() and not _is_error(parts):
        return
    pieces = [
        (visible(part), "") if isinstance(part, str) else (visible(part[0]), part[1])
        for part in parts
    ]
    console.print(Text.assemble(*pieces), highlight=False)


def report_error(error: TautError) -> int:
    """Print ``error`` in one message (none for a closed pipe); return its exit code."""
    if isinstance(error, OutputError) and error.target == STDOUT:
        silence_standard_output()
        if error.errno == errno.EPIPE:  # the reader has all it wanted, e.g. `| head`
            return int(error.exit_code)
    say(err, ("error:", "bold red"), f" {error}")
    return int(error.exit_code)


def guard(action: Callable[[], T]) -> T:
    """Run ``action``; turn taut's errors into a message and an exit code."""
    try:
        try:
            return action()
        except duckdb.OutOfMemoryException as error:
            raise out_of_memory(error, doing="computing the results") from None
    except TautError as error:
        if _state["debug"]:
            raise
        raise typer.Exit(report_error(error)) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        if (stop := received()) is not None:  # the engine's "interrupted" is the signal's
            raise stop from None
        if _state["debug"]:
            raise
        say(
            err,
            ("internal error:", "bold red"),
            f" {type(error).__name__}: {error}\n"
            "This is a bug in taut. Run again with --debug and report the output.",
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"taut {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logs on stderr.")
    ] = False,
    quiet_: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Only errors on stderr: no progress, notes or warnings."
        ),
    ] = False,
    version: Annotated[  # noqa: ARG001 - handled eagerly by its callback
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _state["debug"] = debug
    _state["quiet"] = quiet_ and not debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.ERROR if quiet_ else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def run() -> int:
    """Run the command and return its exit code (the entry point is :mod:`taut.__main__`).

    A write to standard output that fails outside a command's own guard (a full disk, a
    closed stream or pipe) ends here as one message and ``ExitCode.OUTPUT``.
    """
    try:
        try:
            app()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        sys.stdout.flush()
    except OutputError as error:
        return report_error(error)
    return code
