"""The terminal boundary: text that cannot drive a terminal, and a standard output that
reports its own failures.

Data from a user's log or contract may hold control characters: ``ESC [2J`` clears the
screen, ``ESC ]0;…BEL`` sets the window title, ``ESC ]8;;…`` makes a hyperlink. :func:`visible`
shows every such character as a visible escape (``\\x1b``), keeping only newline and tab, so
what reaches a terminal is text, never a command.

:func:`watch_standard_output` makes a failed write to standard output (a closed stream, a full
disk, a reader that closed the pipe) an :class:`~taut.errors.OutputError` with a message,
instead of a traceback at exit.

>>> visible("North\\x1b]0;owned\\x07 team\\x9b")
'North\\\\x1b]0;owned\\\\x07 team\\\\x9b'
>>> visible("two\\tcolumns\\nand lines")
'two\\tcolumns\\nand lines'
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import TYPE_CHECKING, TextIO, cast

from taut.errors import OutputError
from taut.files import STDOUT, output_error

if TYPE_CHECKING:
    from typing import BinaryIO

KEPT = frozenset({"\t", "\n"})
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
VISIBLE: dict[int, str] = {code: f"\\x{code:02x}" for code in _CONTROLS if chr(code) not in KEPT}
"""C0 controls (but tab and newline), DEL and C1 controls, each as a visible escape."""


def visible(text: str) -> str:
    """``text`` with every terminal control character shown as a visible ``\\xNN`` escape."""
    return text.translate(VISIBLE)


def _closed() -> OutputError:
    return output_error(OSError(errno.EBADF, "Bad file descriptor"), target=STDOUT)


class WatchedOutput(io.TextIOBase):
    """Standard output whose write and flush failures are :class:`OutputError`.

    Args:
        stream: the real standard output; ``None`` when it was closed before taut started.
    """

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise _closed()
        try:
            return self._stream.write(text)
        except OSError as error:
            raise output_error(error, target=STDOUT) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as error:
            raise output_error(error, target=STDOUT) from None

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise _closed()
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]  # never None here
        return "utf-8" if self._stream is None else self._stream.encoding

    @property
    def buffer(self) -> BinaryIO:
        """The binary stream under the text one, for writers of bytes (CSV on stdout)."""
        if self._stream is None:
            raise _closed()
        return self._stream.buffer


def _hold_closed_descriptors() -> None:
    """Point a closed standard descriptor (0, 1, 2) at the null device.

    Otherwise the next file taut opens would get that number, and what is meant for
    standard output would land in it.
    """
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            spare = os.open(os.devnull, os.O_RDWR)
            if spare != number:
                os.dup2(spare, number)
                os.close(spare)


def watch_standard_output() -> None:
    """Make writes to ``sys.stdout`` raise :class:`OutputError` when they fail (module doc)."""
    stream = sys.stdout
    _hold_closed_descriptors()
    if not isinstance(stream, WatchedOutput):
        sys.stdout = cast("TextIO", WatchedOutput(stream))


def silence_standard_output() -> None:
    """After a failed write, send what is left to the null device, so exit prints nothing.

    Only the real standard output watched by :func:`watch_standard_output` is touched (not,
    say, a test runner's capture).
    """
    if not isinstance(sys.stdout, WatchedOutput):
        return
    with contextlib.suppress(OSError, ValueError):
        spare = os.open(os.devnull, os.O_WRONLY)
        os.dup2(spare, 1)
        os.close(spare)
    sys.stdout = cast("TextIO", WatchedOutput(None))
