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

4. check the fit on ``--check-seeds`` other stable logs per volume (seeds from 4000),
   scanning with it at the budgets of ``--check-budgets`` (one false signal a check-year
   by default), as ``taut scan`` would with the fit shipped;
5. store the counts, the fit and the check in ``benchmarks/scan_calibration.json``
   (:mod:`scan_calibration_store`), and write the tables between this script's marks in
   ``benchmarks/RESULTS.md`` and the measured rate in ``docs/scan.md``.

The fitted values are :data:`taut.signal.allocation.SCAN_CALIBRATION`; ``taut`` inverts
them per check so that a budget of one false signal per check-year means that. A test
(``tests/signal/test_calibration_benchmark.py``) fails when the shipped values and the
stored fit part, or when ``docs/scan.md`` does not quote the stored measurement.

Run (about 5 minutes on 2 cores)::

    .venv/bin/python benchmarks/scan_calibration.py
    # rewrite the tables and docs/scan.md from the stored measurement, measuring nothing:
    .venv/bin/python benchmarks/scan_calibration.py --from-store
    # one volume at one nominal budget, printed only:
    .venv/bin/python benchmarks/scan_calibration.py --first-seed 4000 --volumes 30 \
        --budgets 1.29 --check-seeds 0 --no-results
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
from results_marks import marks, replace_marked
from scan_calibration_store import (
    LEVEL,
    STORE,
    Count,
    Measurement,
    check_table,
    doc_block,
    load,
    rate_words,
    save,
)
from taut.signal.allocation import RAW_SPLIT, SCAN_CALIBRATION, ScanCalibration

logger = logging.getLogger(__name__)

FIRST_SEED = 2000
CHECK_FIRST_SEED = 4000
SCRIPT = "scan_calibration.py"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "scan.md"


def seed_task(args: tuple[int, float, tuple[float, ...], ScanCalibration]) -> SeedRun:
    """Worker: one stable log of ``deals`` deals a weekday, scanned at every budget."""
    seed, deals, budgets, calibration = args
    setup = Setup(deals_per_day=deals)
    return run_seed(
        BY_NAME["none"], seed=seed, setup=setup, budgets=budgets, calibration=calibration
    )


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


def fit(counts: Sequence[Count]) -> ScanCalibration:
    """Poisson fits of ``rate = scale_v * nominal ** power_v``, one per volume ``v``."""
    curves: list[tuple[float, float, float]] = []
    for volume in sorted({c.cases_per_year for c in counts}):
        mine = [c for c in counts if c.cases_per_year == volume]
        nominal = np.array([c.nominal for c in mine])
        found = np.array([c.false_signals for c in mine], dtype=np.float64)
        years = np.array([c.check_years for c in mine])
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


def measure(
    volumes: Sequence[float],
    budgets: tuple[float, ...],
    *,
    seeds: range,
    calibration: ScanCalibration,
    workers: int,
) -> list[Count]:
    """False signals of ``seeds`` stable logs per volume, scanned at every budget."""
    tasks = [(seed, deals, budgets, calibration) for deals in volumes for seed in seeds]
    if workers > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            runs = list(pool.map(seed_task, tasks))
    else:
        runs = [seed_task(task) for task in tasks]
    found: list[Count] = []
    for deals in volumes:
        mine = [run for run, task in zip(runs, tasks, strict=True) if task[1] == deals]
        cases = cases_per_year(mine)
        for budget in budgets:
            raised, years = counts(mine, budget)
            nominal = calibration.nominal(budget, cases_per_year=cases)
            found.append(
                Count(
                    deals=deals,
                    cases_per_year=cases,
                    budget=budget,
                    nominal=nominal,
                    false_signals=raised,
                    check_years=years,
                )
            )
    return found


def render(measurement: Measurement, *, fitted: bool) -> str:
    """The Markdown block for RESULTS.md."""
    calibration = measurement.calibration if fitted else SCAN_CALIBRATION
    lines = [
        f"Command: `{measurement.command}` ({measurement.minutes:.1f} min); "
        f"{measurement.seeds} stable logs per volume (seeds from {measurement.first_seed}), "
        f"{measurement.weeks} weeks, 8-week baseline, +30% growth, month ends and holidays; "
        f"stored in `benchmarks/{STORE.name}`.",
        "",
        "| deals a weekday | cases a check-year | nominal (Bonferroni) budget | "
        f"false signals | check-years | realised / check-year ({LEVEL:.0%} interval) | fitted |",
        "|---|---|---|---|---|---|---|",
    ]
    for count in measurement.fit_counts:
        scale, power = calibration.at(count.cases_per_year)
        lines.append(
            f"| {count.deals:g} | {count.cases_per_year:,.0f} | {count.nominal:g} | "
            f"{count.false_signals} | {count.check_years:.1f} | {rate_words(count)} | "
            f"{scale * count.nominal**power:.2f} |"
        )
    volumes = sorted({c.cases_per_year for c in measurement.fit_counts})
    at = ", ".join(
        f"{SCAN_CALIBRATION.nominal(1.0, cases_per_year=cases):.2f} at {cases:,.0f} cases a year"
        for cases in volumes
    )
    fitted_at = ", ".join(
        f"{calibration.nominal(1.0, cases_per_year=cases):.2f}" for cases in volumes
    )
    fit_line = (
        "Fit (Poisson, per volume): realised = scale x nominal^power, (cases a "
        f"check-year, scale, power) = {calibration.curves}; one false signal a check-year "
        f"needs a nominal {fitted_at}."
        if fitted
        else "Too few budgets to fit; the fitted column is the shipped calibration's model."
    )
    lines += [
        "",
        f"{fit_line} Shipped in `taut.signal.allocation.SCAN_CALIBRATION`: "
        f"{SCAN_CALIBRATION}; at a budget of one it scans at a nominal {at}. Intervals are "
        "exact (Garwood) Poisson intervals of the count.",
    ]
    if measurement.check_counts:
        lines += [
            "",
            f"Checked on other seeds ({measurement.check_seeds} stable logs per volume, seeds "
            f"from {measurement.check_first_seed}), scanning with the fit above:",
            "",
            *check_table(measurement),
        ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this script's marks in ``path`` (RESULTS.md or docs/scan.md)."""
    content = path.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        start, end = marks(SCRIPT)
        raise SystemExit(f"{path} has no {start} ... {end} block to write into.")
    path.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Simulate, scan at every nominal budget, fit, check on other seeds, store, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=30, help="stable logs per volume")
    parser.add_argument("--volumes", default="15,30,90", help="deals a weekday, comma-separated")
    parser.add_argument(
        "--budgets", default="0.125,0.25,0.5,1,2", help="nominal budgets, comma-separated"
    )
    parser.add_argument("--first-seed", type=int, default=FIRST_SEED, help="first seed")
    parser.add_argument(
        "--check-seeds", type=int, default=30, help="stable logs per volume for the check (0: none)"
    )
    parser.add_argument("--check-first-seed", type=int, default=CHECK_FIRST_SEED)
    parser.add_argument(
        "--check-budgets", default="1", help="budgets the check scans at, comma-separated"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes (1: none)")
    parser.add_argument(
        "--from-store",
        action="store_true",
        help=f"measure nothing: rewrite RESULTS.md and docs/scan.md from {STORE.name}",
    )
    parser.add_argument(
        "--no-results",
        action="store_true",
        help=f"do not write RESULTS.md, docs/scan.md or {STORE.name}",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.from_store:
        write_all(load(), fitted=True)
        return
    volumes = [float(v) for v in args.volumes.split(",")]
    budgets = tuple(float(b) for b in args.budgets.split(","))
    began = time.perf_counter()
    fit_counts = measure(
        volumes,
        budgets,
        seeds=range(args.first_seed, args.first_seed + args.seeds),
        calibration=RAW_SPLIT,
        workers=args.workers,
    )
    fitted = len(set(budgets)) > 1
    calibration = fit(fit_counts) if fitted else SCAN_CALIBRATION
    check_counts = (
        measure(
            volumes,
            tuple(float(b) for b in args.check_budgets.split(",")),
            seeds=range(args.check_first_seed, args.check_first_seed + args.check_seeds),
            calibration=calibration,
            workers=args.workers,
        )
        if args.check_seeds
        else []
    )
    measurement = Measurement(
        command=" ".join([".venv/bin/python benchmarks/scan_calibration.py", *sys.argv[1:]]),
        minutes=round((time.perf_counter() - began) / 60.0, 1),
        weeks=Setup().weeks,
        seeds=args.seeds,
        first_seed=args.first_seed,
        fit_counts=tuple(fit_counts),
        curves=calibration.curves,
        check_seeds=args.check_seeds,
        check_first_seed=args.check_first_seed,
        check_counts=tuple(check_counts),
    )
    if args.no_results:
        print(render(measurement, fitted=fitted))
        return
    if fitted and check_counts:
        save(measurement)
    write_all(measurement, fitted=fitted)


def write_all(measurement: Measurement, *, fitted: bool) -> None:
    """Print the RESULTS.md block and write it, and the docs block when there is a check."""
    text = render(measurement, fitted=fitted)
    print(text)
    write_section(Path(__file__).with_name("RESULTS.md"), text)
    if fitted and measurement.check_counts:
        write_section(DOCS, doc_block(measurement))


if __name__ == "__main__":
    main()
