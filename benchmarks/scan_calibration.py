"""Scan calibration: the false signals a whole scan raises on stable logs, by nominal budget.

A scan watches every check as a whole and in every segment with enough data, with up to
three metrics each, and splits the check's yearly false-alarm budget evenly over those
streams (Bonferroni, :func:`taut.signal.allocation.stream_arl0`). The split is an upper
bound: the streams overlap (a case is in the whole check and in one segment of every
dimension), and a stream that has raised stays raised, so a run of repeated alarms that
the per-stream calibration counts (it restarts after each) is one signal in a scan. This
script measures what the split really gives, as ``taut scan`` would run, on no-drift
simulated logs (weekdays, month ends, holidays, growth) of several volumes:

1. simulate ``--seeds`` stable logs per volume (seeds from 2000: apart from the detection
   benchmark's 0-19 and tuning 1000-1029), compute the outcomes once per log;
2. scan each with the raw Bonferroni split at every nominal budget of ``--budgets``
   (:data:`taut.signal.allocation.RAW_SPLIT`) and count every slice raised (a check's
   whole stream, a segment, a metric: each raised slice is one false signal);
3. fit ``log realised = log scale_v + power_v * log nominal`` by Poisson maximum
   likelihood over the budgets of each volume ``v``, a volume known by a check's cases a
   year (from the first simulated day to the last).

The fitted values are :data:`taut.signal.allocation.SCAN_CALIBRATION`; ``taut`` inverts
them per check so that a budget of one false signal per check-year means that.

Run (about 3 minutes on 2 cores)::

    .venv/bin/python benchmarks/scan_calibration.py
    # check the shipped setting on other seeds at one volume (the nominal it scans at):
    .venv/bin/python benchmarks/scan_calibration.py --first-seed 4000 --volumes 30 \
        --budgets 1.29 --no-results
"""

from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from detection_delays import YEAR_DAYS
from detection_scenarios import BY_NAME, START, SeedRun, Setup, day_number, run_seed
from results_marks import marked_block, replace_marked
from taut.signal.allocation import RAW_SPLIT, SCAN_CALIBRATION, ScanCalibration

logger = logging.getLogger(__name__)

FIRST_SEED = 2000
SCRIPT = "scan_calibration.py"
BEFORE = "### Stream-level core"


def seed_task(args: tuple[int, float, tuple[float, ...]]) -> SeedRun:
    """Worker: one stable log of ``deals`` deals a weekday, scanned at every budget."""
    seed, deals, budgets = args
    setup = Setup(deals_per_day=deals)
    return run_seed(BY_NAME["none"], seed=seed, setup=setup, budgets=budgets, calibration=RAW_SPLIT)


def counts(runs: Sequence[SeedRun], budget: float) -> tuple[int, float]:
    """False signals raised at ``budget`` and the check-years they were counted over."""
    raised = sum(len(run.raised[budget]) for run in runs)
    years = sum((run.last_day - run.first_day + 1) * len(run.checks) for run in runs) / YEAR_DAYS
    return raised, years


def cases_per_year(runs: Sequence[SeedRun]) -> float:
    """A check's mean cases a year over ``runs`` (whole logs, baseline included)."""
    start = day_number(START)
    rates = [
        count / ((run.last_day - start + 1) / YEAR_DAYS)
        for run in runs
        for count in run.cases.values()
    ]
    return float(np.mean(rates))


Point = tuple[float, float, int, float]
"""``(nominal, cases a year, false signals, check-years)``."""


def fit(points: Sequence[Point]) -> ScanCalibration:
    """Poisson fits of ``rate = scale_v * nominal ** power_v``, one per volume ``v``."""
    curves: list[tuple[float, float, float]] = []
    for volume in sorted({p[1] for p in points}):
        mine = [p for p in points if p[1] == volume]
        nominal = np.array([p[0] for p in mine])
        found = np.array([p[2] for p in mine], dtype=np.float64)
        years = np.array([p[3] for p in mine])
        design = np.column_stack([np.ones(nominal.size), np.log(nominal)])
        theta = np.array([math.log(max(found.sum(), 1.0) / years.sum()), 1.0])
        for _ in range(50):  # Newton steps of the Poisson log-likelihood (log link, offset)
            mean = years * np.exp(design @ theta)
            hessian = design.T @ (design * mean[:, None])
            step = np.linalg.solve(hessian, design.T @ (found - mean))
            theta = theta + step
            if np.max(np.abs(step)) < 1e-10:
                break
        curves.append((round(volume), round(math.exp(theta[0]), 3), round(float(theta[1]), 3)))
    return ScanCalibration(curves=tuple(curves))


def interval(count: int, years: float) -> str:
    """An approximate 90% interval of a Poisson rate (Wilson-Hilferty), in words."""

    def quantile(shape: float, z: float) -> float:
        return shape * (1.0 - 1.0 / (9.0 * shape) + z / (3.0 * math.sqrt(shape))) ** 3

    low = quantile(count, -1.645) if count else 0.0
    high = quantile(count + 1.0, 1.645)
    return f"{low / years:.2f}-{high / years:.2f}"


def render(
    table: Sequence[tuple[float, Point]],
    fitted: ScanCalibration | None,
    *,
    seeds: int,
    seconds: float,
    command: str,
) -> str:
    """The Markdown section for RESULTS.md."""
    shipped = SCAN_CALIBRATION
    calibration = fitted or shipped
    lines = [
        f"Command: `{command}` ({seconds / 60:.1f} min); {seeds} stable logs per volume, "
        "30 weeks, 8-week baseline, +30% growth, month ends and holidays.",
        "",
        "| deals a weekday | cases a check-year | nominal (Bonferroni) budget | "
        "false signals | check-years | realised / check-year (90% interval) | fitted |",
        "|---|---|---|---|---|---|---|",
    ]
    for deals, (nominal, cases, found, years) in table:
        scale, power = calibration.at(cases)
        model = scale * nominal**power
        lines.append(
            f"| {deals:g} | {cases:,.0f} | {nominal:g} | {found} | {years:.1f} | "
            f"{found / years:.2f} ({interval(found, years)}) | {model:.2f} |"
        )
    volumes = sorted({cases for _, (_, cases, _, _) in table})
    at = ", ".join(
        f"{shipped.nominal(1.0, cases_per_year=cases):.2f} at {cases:,.0f} cases a year"
        for cases in volumes
    )
    fitted_at = ", ".join(
        f"{calibration.nominal(1.0, cases_per_year=cases):.2f}" for cases in volumes
    )
    fit_line = (
        "Too few budgets to fit; the fitted column is the shipped calibration's model."
        if fitted is None
        else "Fit (Poisson, per volume): realised = scale x nominal^power, (cases a "
        f"check-year, scale, power) = {calibration.curves}; one false signal a check-year "
        f"needs a nominal {fitted_at}."
    )
    lines += [
        "",
        f"{fit_line} Shipped in `taut.signal.allocation.SCAN_CALIBRATION`: "
        f"{shipped}; at a "
        f"budget of one it scans at a nominal {at}.",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this script's markers in RESULTS.md (before the stream-level core)."""
    content = path.read_text(encoding="utf-8")
    block = marked_block(SCRIPT, text)
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is not None:
        content = replaced
    elif BEFORE in content:
        head, tail = content.split(BEFORE, 1)
        content = f"{head}### Scan calibration\n\n{block}\n{BEFORE}{tail}"
    else:
        content = content.rstrip("\n") + f"\n\n### Scan calibration\n\n{block}"
    path.write_text(content, encoding="utf-8")


def main() -> None:
    """Simulate, scan at every nominal budget, fit, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=30, help="stable logs per volume")
    parser.add_argument("--volumes", default="15,30,90", help="deals a weekday, comma-separated")
    parser.add_argument(
        "--budgets", default="0.125,0.25,0.5,1,2", help="nominal budgets, comma-separated"
    )
    parser.add_argument("--first-seed", type=int, default=FIRST_SEED, help="first seed")
    parser.add_argument("--workers", type=int, default=2, help="processes (1: none)")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    volumes = [float(v) for v in args.volumes.split(",")]
    budgets = tuple(float(b) for b in args.budgets.split(","))
    began = time.perf_counter()
    tasks = [
        (args.first_seed + seed, deals, budgets) for deals in volumes for seed in range(args.seeds)
    ]
    context = multiprocessing.get_context("spawn")
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
            runs = list(pool.map(seed_task, tasks))
    else:
        runs = [seed_task(task) for task in tasks]
    table: list[tuple[float, Point]] = []
    for deals in volumes:
        mine = [run for run, task in zip(runs, tasks, strict=True) if task[1] == deals]
        cases = cases_per_year(mine)
        for nominal in budgets:
            found, years = counts(mine, nominal)
            table.append((deals, (nominal, cases, found, years)))
    fitted = fit([point for _, point in table]) if len(set(budgets)) > 1 else None
    text = render(
        table,
        fitted,
        seeds=args.seeds,
        seconds=time.perf_counter() - began,
        command=" ".join([".venv/bin/python benchmarks/scan_calibration.py", *sys.argv[1:]]),
    )
    print(text)
    if not args.no_results:
        write_section(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
