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

A signal can land while Python runs a finaliser (a ``__del__``, such as Ibis's comparison
cache's), where an exception cannot propagate: Python would print "Exception ignored in"
and carry on, and taut would ignore the signal. :func:`catch_signals` installs a
``sys.unraisablehook`` that sends such a signal again, from a helper thread, until the
handler raises it in ordinary code. Once a signal was received, a finaliser's error is a
consequence of the interruption (an Ibis cache left half-updated, for one) and is not
printed: the one line says what happened.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
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


def _stop(signum: int, frame: FrameType | None) -> None:
    if _received or _in_hook(frame):  # in the hook, the helper thread sends it again
        return
    _received.append(signum)
    raise Interrupted(signum)


def _in_hook(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside :func:`_unraisable`, where an exception would be lost."""
    while frame is not None:
        if frame.f_code is _unraisable.__code__:
            return True
        frame = frame.f_back
    return False


def _send_again(signum: int) -> None:
    """Send ``signum`` to this process until the handler has taken it (at most a second)."""
    for _ in range(100):
        if _received:
            return
        os.kill(os.getpid(), signum)
        time.sleep(0.01)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A finaliser's exception: a lost signal is sent again; after a signal, nothing is said."""
    if isinstance(unraisable.exc_value, Interrupted):
        _received.clear()
        helper = threading.Thread(
            target=_send_again, args=(unraisable.exc_value.signum,), daemon=True
        )
        helper.start()
        return
    if _received:
        return
    sys.__unraisablehook__(unraisable)


def catch_signals() -> None:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` (a signal already ignored stays so).

    Also install the hook that keeps a signal landing in a finaliser from being lost.
    """
    for number in CAUGHT:
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)
    sys.unraisablehook = _unraisable


def received() -> Interrupted | None:
    """The first signal received, as the exception to raise, or ``None``."""
    return Interrupted(_received[0]) if _received else None
