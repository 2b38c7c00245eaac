"""A signal that lands in a finaliser, and finalisers' errors after a signal.

Each case runs a small script in its own Python process, since a signal handler and
``sys.unraisablehook`` belong to the whole process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

HEAD = """
import os, signal, sys, time
from taut.interrupts import Interrupted, catch_signals
catch_signals()
"""
TAIL = """
try:
    work()
    print("finished")
    code = 0
except Interrupted as stop:
    code = stop.report()
sys.exit(code)
"""
LINE = "taut: stopped by SIGTERM; no partial output was left."


def _run(body: str) -> subprocess.CompletedProcess[str]:
    script = HEAD + textwrap.dedent(body) + TAIL
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


def test_a_signal_landing_in_a_finaliser_still_stops_taut() -> None:
    done = _run(
        """
        class Sends:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGTERM)
                total = 0
                for step in range(100_000):  # the handler runs here, inside the finaliser
                    total += step

        def work():
            Sends()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                time.sleep(0.01)
        """
    )
    assert done.returncode == 143, done.stderr
    assert "finished" not in done.stdout
    assert done.stderr.splitlines() == [LINE]


def test_a_finaliser_broken_by_the_interruption_says_nothing_more() -> None:
    done = _run(
        """
        class Broken:
            def __del__(self):
                raise KeyError(12345)

        def work():
            held = Broken()
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(20)
            del held
        """
    )
    assert done.returncode == 143, done.stderr
    assert done.stderr.splitlines() == [LINE]


def test_without_a_signal_a_finalisers_error_is_still_printed() -> None:
    done = _run(
        """
        class Broken:
            def __del__(self):
                raise KeyError(12345)

        def work():
            Broken()
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "finished"
    assert "Exception ignored in" in done.stderr
    assert "KeyError: 12345" in done.stderr
