"""Simulator speed: how long :func:`taut.simulate.sales_handoff` takes to make a big log.

The outcomes and scale benchmarks start from a simulated log of about two million deals
(52 weeks at 6,100 deals a weekday, ten million events), so the simulator has to make one
in well under a minute. This script makes that log ``--repeat`` times in this process,
with a latency drift confined to high-workload days (the conditions make the simulator do
its most work), and reports the median wall time, the events a second and the peak memory
of the process. It replaces a timed test (a test's time says more about the machine it ran
on than about the code). The result is written between this script's marks in
``benchmarks/RESULTS.md``.

Run: ``.venv/bin/python benchmarks/simulate_speed.py`` (about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from results_marks import marked_block, replace_marked
from taut.simulate import Condition, Drift, sales_handoff

SCRIPT = "simulate_speed.py"
SECTION = "## Simulator speed"
DEALS_PER_DAY = 6100.0
WEEKS = 52
TARGET_SECONDS = 30.0


def make_log(seed: int) -> tuple[float, int, int]:
    """Seconds, cases and events of one two-million-deal log."""
    drift = Drift(
        kind="latency",
        onset=date(2025, 7, 7),
        ramp_days=28,
        size=3.0,
        condition=Condition(field="workload", value="high"),
    )
    began = time.perf_counter()
    simulation = sales_handoff(seed=seed, weeks=WEEKS, deals_per_day=DEALS_PER_DAY, drifts=(drift,))
    return time.perf_counter() - began, simulation.cases, len(simulation.events)


def render(runs: list[tuple[float, int, int]], *, repeat: int, load: tuple[float, float]) -> str:
    """The Markdown block for RESULTS.md."""
    seconds = statistics.median(run[0] for run in runs)
    _, cases, events = runs[0]
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    verdict = "PASS" if seconds < TARGET_SECONDS else "MISS"
    return "\n".join(
        [
            f"Command: `.venv/bin/python benchmarks/simulate_speed.py --repeat {repeat}`; "
            f"`sales_handoff(seed=0, weeks={WEEKS}, deals_per_day={DEALS_PER_DAY:g})` with a "
            "latency drift on high-workload days; Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}.",
            "",
            "| cases | events | median wall (s) | events/s | peak RSS (GB) | "
            f"target: under {TARGET_SECONDS:.0f} s |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {cases:,} | {events:,} | {seconds:.1f} | {events / seconds:,.0f} | "
            f"{peak_gb:.2f} | {verdict} |",
            "",
            "Runs (wall s): " + ", ".join(f"{run[0]:.1f}" for run in runs) + f". Load average "
            f"(1 min) {load[0]:.1f} at the start, {load[1]:.1f} at the end, on "
            f"{os.cpu_count()} cores: other work on the machine slows the simulator.",
        ]
    )


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this script's marks in RESULTS.md, in its own section."""
    content = path.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n{marked_block(SCRIPT, text)}"
    path.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Make the log ``--repeat`` times, report, write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="logs to make (median reported)")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    before = os.getloadavg()[0]
    runs = [make_log(seed=0) for _ in range(args.repeat)]
    text = render(runs, repeat=args.repeat, load=(before, os.getloadavg()[0]))
    print(text)
    if not args.no_results:
        write_section(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
