"""Ctrl-C and SIGTERM: stop at once, leave nothing half-written, say so in one line.

:func:`catch_signals` turns SIGINT and SIGTERM into :class:`Interrupted`, a
``BaseException`` that no ``except Exception`` swallows, so it unwinds through every
``finally``: :func:`taut.files.whole_file` removes its temporary file and the target stays as it
was. The entry point (``taut.__main__``) catches it, prints one line and exits 130 (SIGINT)
or 143 (SIGTERM), the shell's convention of 128 plus the signal's number.

A query engine may report the interruption as its own error (DuckDB raises "Query
interrupted"); :func:`received` tells the caller a signal came first, so it re-raises
:class:`Interrupted` instead of reporting a bug. A second signal while taut cleans up is
ignored, so the clean-up finishes and the line is printed once.
"""

from __future__ import annotations

import contextlib
import os
import signal
from types import FrameType

from taut.errors import ExitCode

CAUGHT = (signal.SIGINT, signal.SIGTERM)
NAMES: dict[int, str] = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}
_received: list[int] = []


class Interrupted(BaseException):
    """A signal asked taut to stop.

    Attributes:
        signum: the signal's number.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"taut: stopped by {NAMES.get(signum, f'signal {signum}')}")

    @property
    def exit_code(self) -> ExitCode:
        """130 for SIGINT, 143 for SIGTERM."""
        return ExitCode.INTERRUPTED if self.signum == signal.SIGINT else ExitCode.TERMINATED

    def report(self) -> int:
        """Print the one line on standard error; return the exit code."""
        line = f"{self.args[0]}; no partial output was left.\n"
        with contextlib.suppress(OSError):
            os.write(2, line.encode())
        return int(self.exit_code)


def _stop(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal's signature
    if _received:
        return
    _received.append(signum)
    raise Interrupted(signum)


def catch_signals() -> None:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` (a signal already ignored stays so)."""
    for number in CAUGHT:
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)


def received() -> Interrupted | None:
    """The first signal received, as the exception to raise, or ``None``."""
    return Interrupted(_received[0]) if _received else None
