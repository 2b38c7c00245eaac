"""Where a ``taut`` command's resident memory peaks: RSS sampled with the running step.

tracemalloc sees neither DuckDB's nor Arrow's memory, so this runs the command in-process
and samples the process's resident memory (``/proc/self/statm``) every 50 ms from a
thread, with the main thread's innermost taut frames at that moment. It prints the peak,
the stack at the peak, and a line each time the running taut function changes: enough to
tell which stage holds the memory (issue 9's 1 GB CSV, issue 10's scan under 3 GB).

Run (the peak it reports is within a few MB of ``/usr/bin/time -v``; the sampling thread
slows the command a little)::

    .venv/bin/python benchmarks/scan_memory.py scan /tmp/big/taut.yaml --fail-on never
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from taut.cli import app

EVERY_SECONDS = 0.05
FRAMES = 12


@dataclass(frozen=True)
class Sample:
    """One look at the process: seconds since the start, resident GB, innermost frames."""

    seconds: float
    gb: float
    stack: tuple[str, ...]


def _rss_gb() -> float:
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e9


def _stack(thread: int) -> tuple[str, ...]:
    # sys._current_frames is the one way to see another thread's frame.
    frame = sys._current_frames().get(thread)
    if frame is None:
        return ()
    found = traceback.extract_stack(frame)[-FRAMES:]
    return tuple(
        f"{entry.filename.split('src/')[-1]}:{entry.lineno}:{entry.name}" for entry in found
    )


def sample(*, argv: list[str]) -> list[Sample]:
    """Run ``taut argv`` in this process, sampling it until it ends."""
    samples: list[Sample] = []
    main = threading.get_ident()
    done = threading.Event()
    started = time.perf_counter()

    def watch() -> None:
        while not done.is_set():
            samples.append(Sample(time.perf_counter() - started, _rss_gb(), _stack(main)))
            time.sleep(EVERY_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        app(argv)
    except SystemExit:
        pass
    finally:
        done.set()
        watcher.join()
    return samples


def main() -> None:
    samples = sample(argv=sys.argv[1:])
    peak = max(samples, key=lambda one: one.gb)
    err = sys.stderr
    err.write(f"peak {peak.gb:.2f} GB at {peak.seconds:.1f} s, in:\n")
    err.writelines(f"    {frame}\n" for frame in peak.stack)
    last = ""
    for one in samples:
        own = [frame for frame in one.stack if frame.startswith("taut/")]
        step = " | ".join(own[-3:])
        if step != last:
            err.write(f"{one.seconds:8.2f} s {one.gb:5.2f} GB  {step}\n")
            last = step


if __name__ == "__main__":
    main()
