"""A second process: false signals and detection on the service desk, which taut was not tuned on.

Every threshold, the scan calibration and the detection benchmark were measured on the
Sales-to-Operations handoff simulator. This script asks whether they carry over to a
process of another shape (:mod:`taut.simulate.service_desk`: seven days a week, other
steps and checks, London times) with what the handoff simulator does not have,
day-to-day wobble: each day draws its own factor on triage times and on blank codes
(log-sd ``wobble``), so cases of one day are alike.

1. **False signals.** For each wobble, ``--seeds`` stable desks of 36 weeks (45 tickets a
   weekday, the default baseline: for 36 weeks, the 8 weeks before the last 26) are
   scanned as ``taut scan`` would at the default sensitivity (one false signal per
   check-year), and every raised slice (a check's whole
   stream, a segment, a metric) counts as a false signal, as in the scan calibration.
2. **Detection.** At a moderate wobble (0.15), two drifts from week 15: triage in the
   Network group three times slower, and resolution codes left blank three times as
   often. A seed detects when a slice of the check the drift moves is raised on or after
   the onset; the delay is days from the onset to the first such day.

Run (about 4 minutes on 2 cores)::

    .venv/bin/python benchmarks/second_process.py
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from results_marks import marked_block, replace_marked
from scan_calibration_store import interval
from taut import api
from taut.simulate import DeskDrift, service_desk
from taut.simulate.service_desk import START

logger = logging.getLogger(__name__)

SCRIPT = "second_process.py"
SECTION = "## A second process (issue 3)"
WEEKS = 36
FIRST_SEED = 5000
WOBBLES = (0.0, 0.15, 0.3)
DRIFT_WOBBLE = 0.15
ONSET = START + timedelta(weeks=14)
DRIFTS: dict[str, DeskDrift] = {
    "triage x3 in Network": DeskDrift(onset=ONSET, slow_triage=3.0, group="Network"),
    "blank codes x3": DeskDrift(onset=ONSET, blank_codes=3.0),
}
YEAR_DAYS = 365.25
BASELINE_WEEKS = 8  # the contract's default baseline
CHECKS = 4  # the desk's contract


@dataclass(frozen=True)
class Run:
    """One scanned desk: every raised slice ``(check, day raised)`` and the check-years."""

    raised: tuple[tuple[str, date], ...]
    check_years: float


def scan_desk(task: tuple[int, float, str | None]) -> Run:
    """Worker: simulate one desk, scan it, keep the raised slices."""
    seed, wobble, drift = task
    drifts = (DRIFTS[drift],) if drift else ()
    desk = service_desk(seed=seed, weeks=WEEKS, wobble=wobble, drifts=drifts)
    with tempfile.TemporaryDirectory() as folder:
        states = api.states(desk.write(folder))
    raised = tuple((s.check, s.raised) for s in states if s.raised is not None)
    return Run(raised=raised, check_years=(WEEKS - BASELINE_WEEKS) * 7 * CHECKS / YEAR_DAYS)


def false_rows(runs: dict[float, list[Run]]) -> list[str]:
    """The false-signal table, one row per wobble."""
    rows = [
        "| day-to-day wobble (log-sd) | logs | false signals | check-years "
        "| per check-year (90% interval) | logs with any |",
        "|---|---|---|---|---|---|",
    ]
    for wobble, found in runs.items():
        count = sum(len(run.raised) for run in found)
        years = sum(run.check_years for run in found)
        anyone = sum(1 for run in found if run.raised)
        rows.append(
            f"| {wobble:g} | {len(found)} | {count} | {years:.1f} | {count / years:.2f} "
            f"({interval(count, years)}) | {anyone} of {len(found)} |"
        )
    return rows


def drift_rows(runs: dict[str, list[Run]]) -> list[str]:
    """The detection table, one row per drift."""
    rows = [
        "| drift (from week 15) | logs | detected | median (p90) days to raised "
        "| false signals elsewhere per check-year |",
        "|---|---|---|---|---|",
    ]
    for name, found in runs.items():
        moved = DRIFTS[name].checks
        delays: list[int] = []
        false = 0
        for run in found:
            hits = [day for check, day in run.raised if check in moved and day >= ONSET]
            false += sum(1 for check, day in run.raised if check not in moved or day < ONSET)
            if hits:
                delays.append((min(hits) - ONSET).days)
        years = sum(run.check_years for run in found)
        p90 = statistics.quantiles(delays, n=10)[-1] if len(delays) > 1 else float("nan")
        median = statistics.median(delays) if delays else float("nan")
        rows.append(
            f"| {name} | {len(found)} | {len(delays) / len(found):.0%} | {median:.0f} "
            f"({p90:.0f}) | {false / years:.2f} |"
        )
    return rows


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this script's marks in RESULTS.md, in its own section."""
    content = path.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n{marked_block(SCRIPT, text)}"
    path.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Scan stable and drifting desks, report, write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=20, help="desks per wobble and per drift")
    parser.add_argument("--workers", type=int, default=2, help="processes")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    began = time.perf_counter()
    tasks: list[tuple[int, float, str | None]] = [
        (FIRST_SEED + seed, wobble, None) for wobble in WOBBLES for seed in range(args.seeds)
    ]
    tasks += [
        (FIRST_SEED + seed, DRIFT_WOBBLE, name) for name in DRIFTS for seed in range(args.seeds)
    ]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        runs = list(pool.map(scan_desk, tasks))
    stable = {
        w: [r for r, t in zip(runs, tasks, strict=True) if t[2] is None and t[1] == w]
        for w in WOBBLES
    }
    drifting = {n: [r for r, t in zip(runs, tasks, strict=True) if t[2] == n] for n in DRIFTS}
    seconds = time.perf_counter() - began
    command = " ".join([".venv/bin/python benchmarks/second_process.py", *sys.argv[1:]])
    text = "\n".join(
        [
            f"Command: `{command}` ({seconds / 60:.1f} min); {WEEKS} weeks of a simulated "
            f"service desk (`taut.simulate.service_desk`), 45 tickets a weekday, seeds from "
            f"{FIRST_SEED}; default sensitivity; every raised slice counts.",
            "",
            "False signals on stable desks:",
            "",
            *false_rows(stable),
            "",
            f"Drifts, at a day-to-day wobble of {DRIFT_WOBBLE}:",
            "",
            *drift_rows(drifting),
        ]
    )
    print(text)
    if not args.no_results:
        write_section(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
