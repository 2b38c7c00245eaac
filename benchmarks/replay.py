"""History from the first run (issue 12): a two-year log's weekly replay against one scan.

A first-time user with two years of data runs ``taut scan taut.yaml --replay weekly``: a
scan as of every Sunday of the log's past, then today's. The replay reads the log and
evaluates the checks once and cuts each Monday's cases from them
(:mod:`taut.signal.replay`); the target is a whole replay in under 5x one ``taut scan``.

1. A simulated log: :func:`taut.simulate.sales_handoff` over 104 weeks, about 50,000
   deals, with a skip of the acknowledgement from week 60 (so the Mondays have something
   to say).
2. Timed in the same run, each in a fresh process (``--no-insight --format json``, as a
   scheduled job would): ``taut scan`` three times (the median), then the replay once;
   peak memory is each process's maximum resident set.
3. Where the replay's time goes, in this process: reading the log and evaluating the
   checks once, then per Monday the numpy cut and the scan's steps from the baseline on.

Run (about 3 minutes on 2 cores; ``make bench`` compiles the bytecode first, as a pip
install would: without it every fresh process compiles its imports, about 5 s of CPU
added to each side)::

    .venv/bin/python -m compileall -q src .venv/lib
    .venv/bin/python benchmarks/replay.py
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from results_marks import marked_block, replace_marked
from taut.api.replaying import replay_source
from taut.errors import InsufficientDataError
from taut.signal.replay import weekly_days
from taut.simulate import Drift, sales_handoff

SCRIPT = "replay.py"
SECTION = "## History from the first run (issue 12)"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
WEEKS = 104
DEALS_PER_DAY = 77.0  # about 50,000 deals over two years with the simulator's growth
ONSET = date(2026, 3, 2)  # week 60
TARGET = 5.0
SCANS = 3


@dataclass(frozen=True)
class Timed:
    """One command in a fresh process: wall and CPU seconds, peak resident memory (GB)."""

    wall: float
    cpu: float
    peak_gb: float


def measure(command: list[str]) -> Timed:
    """Run ``command`` through this script's ``--child`` mode: its own wall time and peak."""
    wrapper = [sys.executable, __file__, "--child", "--", *command]
    output = subprocess.run(wrapper, check=True, capture_output=True, text=True).stdout
    wall, cpu, peak = output.split()
    return Timed(wall=float(wall), cpu=float(cpu), peak_gb=float(peak))


def child(command: list[str]) -> None:
    """``--child``: run ``command``, print its wall and CPU seconds and peak RSS (GB)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    sys.stdout.write(f"{wall:.3f} {cpu:.3f} {usage.ru_maxrss / 1024 / 1024:.3f}\n")


@dataclass(frozen=True)
class Breakdown:
    """The replay's time in this process, by part (seconds)."""

    setup: float
    cut: float
    steps: float
    mondays: int
    skipped: int


def breakdown(contract: Path) -> Breakdown:
    """CPU time of the replay's parts: the one read, then each Monday's cut and scan steps."""
    start = time.process_time()
    source = replay_source(contract, con=None)
    setup = time.process_time() - start
    cut = steps = 0.0
    mondays = skipped = 0
    for as_of in weekly_days(first=source.first_day(), last=source.last_day()):
        start = time.process_time()
        source.cut(as_of)
        cut += time.process_time() - start
        start = time.process_time()
        try:
            source.scan(as_of)  # cuts again: its cut time is taken out below
        except InsufficientDataError:
            skipped += 1
            continue
        finally:
            steps += time.process_time() - start
        mondays += 1
    return Breakdown(setup=setup, cut=cut, steps=steps - cut, mondays=mondays, skipped=skipped)


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def _versions() -> str:
    import duckdb  # noqa: PLC0415 - only for the versions line
    import numpy  # noqa: PLC0415

    return f"numpy {numpy.__version__}, duckdb {duckdb.__version__}"


def report(
    *, cases: int, events: int, scans: list[Timed], replay: Timed, parts: Breakdown, load: str
) -> str:
    """The block this script writes into RESULTS.md."""
    scan = statistics.median(t.cpu for t in scans)
    ratio = replay.cpu / scan
    wall_ratio = replay.wall / statistics.median(t.wall for t in scans)
    verdict = "PASS" if ratio < TARGET else "MISS"
    per_monday = (parts.cut + parts.steps) / max(parts.mondays, 1)
    lines = [
        f"Command: `.venv/bin/python benchmarks/replay.py` (run "
        f"{datetime.now(tz=UTC).date().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}; {_versions()}. Load average (1, 5, 15 min) at "
        f"the start: {load}; at the end: {_load()}.",
        "",
        f"Log: `sales_handoff(seed=0, weeks={WEEKS}, deals_per_day={DEALS_PER_DAY:g})` with a "
        f"30% skip of the acknowledgement from {ONSET.isoformat()}: {cases:,} cases, "
        f"{events:,} events (CSV). Each command in a fresh process, `--no-insight --format "
        "json --fail-on never`; the scans run before and after the replay. CPU = user + "
        "system seconds of that process (its threads included): on a shared machine the "
        "wall time of a long run and a short one meet different loads, so the target is "
        "judged on CPU time. Peak = that process's maximum resident set.",
        "",
        "| command | CPU (s) | wall (s) | peak RSS (GB) | CPU vs one scan | wall vs one scan |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `taut scan` (median of {len(scans)}; CPU "
        f"{', '.join(f'{t.cpu:.1f}' for t in scans)}) | {scan:.1f} | "
        f"{statistics.median(t.wall for t in scans):.1f} | "
        f"{max(t.peak_gb for t in scans):.2f} | 1.00x | 1.00x |",
        f"| `taut scan --replay weekly` ({parts.mondays} Mondays) | {replay.cpu:.1f} | "
        f"{replay.wall:.1f} | {replay.peak_gb:.2f} | {ratio:.2f}x | {wall_ratio:.2f}x |",
        "",
        "| target | measured | result |",
        "|---|---|---|",
        f"| whole replay under {TARGET:g}x one scan (CPU) | {ratio:.2f}x | {verdict} |",
        "",
        "Where the replay's time goes (CPU seconds in one process, after the imports):",
        "",
        "| part | seconds | share |",
        "|---|---:|---:|",
    ]
    total = parts.setup + parts.cut + parts.steps
    for name, seconds in (
        ("read the log, evaluate the checks, case times (once)", parts.setup),
        (f"cut each Monday's cases (numpy, {parts.mondays + parts.skipped} Sundays)", parts.cut),
        (f"the scan's steps from the baseline on ({parts.mondays} Mondays)", parts.steps),
    ):
        lines.append(f"| {name} | {seconds:.1f} | {seconds / total:.0%} |")
    lines += [
        "",
        f"A Monday's cut and steps take {per_monday:.2f} s on average; "
        f"{parts.skipped} Sundays before the first baseline are refused quickly and skipped.",
    ]
    return "\n".join(lines)


def write_results(text: str) -> None:
    """Replace this script's block of RESULTS.md, adding its section the first time."""
    content = RESULTS.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n" + marked_block(SCRIPT, text)
    RESULTS.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Simulate, time, write the block (module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS")
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.command)
        return
    load = _load()
    drift = Drift(kind="skip", onset=ONSET, size=0.3)
    sim = sales_handoff(seed=0, weeks=WEEKS, deals_per_day=DEALS_PER_DAY, drifts=(drift,))
    taut = str(Path(sys.executable).with_name("taut"))
    with tempfile.TemporaryDirectory(prefix="taut-replay-") as folder:
        contract = sim.write(folder)
        common = ["--no-insight", "--format", "json", "--fail-on", "never"]
        scans = [measure([taut, "scan", str(contract), *common]) for _ in range(SCANS - 1)]
        replay = measure([taut, "scan", str(contract), "--replay", "weekly", *common])
        scans.append(measure([taut, "scan", str(contract), *common]))
        parts = breakdown(contract)
    text = report(
        cases=sim.cases, events=len(sim.events), scans=scans, replay=replay, parts=parts, load=load
    )
    sys.stdout.write(text + "\n")
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
