"""The ``taut`` command's entry point (also ``python -m taut``).

It catches Ctrl-C and SIGTERM and watches standard output *before* importing the command,
whose imports take a moment, so a signal at any time, start-up included, ends in one line
and exit 130 or 143 (:mod:`taut.interrupts`), never a traceback.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the ``taut`` command and exit with its :class:`taut.errors.ExitCode`."""
    try:
        from taut.interrupts import Interrupted, catch_signals  # noqa: PLC0415
        from taut.terminal import silence_standard_output, watch_standard_output  # noqa: PLC0415
    except KeyboardInterrupt:  # Ctrl-C before the handlers are in place
        os.write(2, b"taut: stopped by Ctrl-C (SIGINT); no partial output was left.\n")
        sys.exit(130)
    catch_signals()
    watch_standard_output()
    try:
        from taut.cli import run  # noqa: PLC0415 - after the handlers, on purpose

        code = run()
    except Interrupted as stop:
        silence_standard_output()
        code = stop.report()
    sys.exit(code)


if __name__ == "__main__":
    main()
