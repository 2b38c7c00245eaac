"""The real ``taut`` program in a child process, as a user's shell or a scheduler runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any


def run_taut(
    *args: str,
    cwd: Path,
    stdout: int | IO[Any] = subprocess.PIPE,
    timeout: float = 300,
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m taut ARGS`` in ``cwd``, with a wide, colourless terminal.

    Args:
        args: the command line after ``taut``.
        cwd: the folder to run in.
        stdout: where standard output goes (captured by default).
        timeout: seconds before the run counts as hung.
        popen: passed on to :func:`subprocess.run` (e.g. ``stdin``).

    Returns:
        The finished run, its output as text; stderr is always captured.
    """
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "taut", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
        timeout=timeout,
        **popen,
    )
