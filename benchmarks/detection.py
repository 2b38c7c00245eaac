"""Detection benchmark (issue 3, item 6): taut's scan against peers and the oracle CUSUM.

For each scenario of :mod:`detection_scenarios` and each seed, a handoff log is simulated
(30 weeks, about 30 deals a weekday growing 30%, an 8-week baseline; drifts start in week
15) and scanned by taut exactly as ``taut scan`` would (outcomes computed once, every
check watched as a whole and by segment, one false alarm per check-year). Per scenario
we report, for taut, the oracle and each peer: the detection rate by the end of the
data, the median and 90th-percentile delay from onset to the alarm in days and in cases,
and the false alarms per check-year (:mod:`detection_delays`).

The peers and the oracle (:mod:`detection_peers`) watch, in each check the drift moves,
the streams taut's own detectors see (the missed or overdue 0/1 stream, and for a drift in
time also the capped log-latency, or its spread; each stream gets half the budget then),
without segments: a peer that is not told where to look watches the whole check. The
oracle CUSUM is told the true before and after values of its streams (pooled over the
scenario's seeds; for a drift confined to a segment, the segment's own streams, so it
knows where to look as well). Everything except taut and the red line at target is tuned
on separate no-drift seeds to taut's budget, one false alarm per check-year; taut is not
tuned here: it runs at its default sensitivity, whose scan calibration
(:class:`taut.signal.allocation.ScanCalibration`) was measured once on other stable seeds
and volumes by ``benchmarks/scan_calibration.py``.

Run (about 15 minutes on 2 cores)::

    .venv/bin/python benchmarks/detection.py            # 20 seeds, writes RESULTS.md
    .venv/bin/python benchmarks/detection.py --quick    # 3 seeds, a smoke run
"""

from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from detection_delays import YEAR_DAYS, SeedScore, Summary, score_alarms, summarise
from detection_peers import (
    Finder,
    adwin,
    oracle,
    oracle_detector,
    page_hinkley,
    pelt,
    tune,
    weekly_line,
)
from detection_report import Report, describe, render, write_results
from detection_scenarios import (
    BY_NAME,
    SCENARIOS,
    Scenario,
    SeedRun,
    Setup,
    SliceSpec,
    Stream,
    run_seed,
)
from taut.contract.models import Check
from taut.signal.detectors.detector import Detector
from taut.simulate.process import simulated_contract

logger = logging.getLogger(__name__)

TUNING_SEED = 1000
PEERS: tuple[str, ...] = ("ADWIN", "PageHinkley", "PELT daily", "weekly line (tuned)")
RED_LINE = "red line at target"
ORACLE = "oracle CUSUM"
TAUT = "taut"
TAUT_WHOLE = "taut, whole checks only"
BUDGET = 1.0
# (row name, taut's budget, whole checks only)
TAUT_VARIANTS: tuple[tuple[str, float, bool], ...] = (
    (TAUT, BUDGET, False),
    (TAUT_WHOLE, BUDGET, True),
)
DETECTORS: tuple[str, ...] = (ORACLE, *PEERS, RED_LINE)
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class TuningJob:
    """One parameter to tune: a peer on a slice, or an oracle on a scenario's check."""

    peer: str
    spec: SliceSpec
    streams: tuple[Stream, ...]
    years: tuple[float, ...]
    detector: Detector | None = None
    budget: float = 1.0


def run_years(run: SeedRun) -> float:
    """The monitored span of a run in years."""
    return (run.last_day - run.first_day + 1) / YEAR_DAYS


def target_of(check_id: str) -> float:
    """The simulated contract's target share for ``check_id``."""
    checks: dict[str, Check] = {c.id: c for _, c in simulated_contract().checks}
    return checks[check_id].target


def peer_specs(scenario: Scenario, check: str) -> dict[str, tuple[SliceSpec, ...]]:
    """The slices each detector watches in an affected check (``Scenario.metrics``)."""
    whole = tuple(SliceSpec(check, metric) for metric in scenario.metrics)
    specs = dict.fromkeys(PEERS, whole)
    specs["weekly line (tuned)"] = specs[RED_LINE] = (SliceSpec(check, "missed"),)
    specs[ORACLE] = tuple(SliceSpec(check, metric, scenario.segment) for metric in scenario.metrics)
    return specs


def needed_slices(scenarios: Iterable[Scenario]) -> tuple[SliceSpec, ...]:
    """Every slice any detector of any scenario watches (the counting streams among them)."""
    found: dict[SliceSpec, None] = {}
    for scenario in scenarios:
        for check in scenario.affected:
            for specs in peer_specs(scenario, check).values():
                found.update(dict.fromkeys(specs))
    return tuple(found)


def finder(peer: str, spec: SliceSpec, value: float, detector: Detector | None = None) -> Finder:
    """The finder of ``peer`` with its tuned ``value`` on ``spec``."""
    if peer == "ADWIN":
        return adwin(value, spec.metric)
    if peer == "PageHinkley":
        return page_hinkley(value, spec.metric)
    if peer == "PELT daily":
        return pelt(value, spec.metric)
    if peer in {"weekly line (tuned)", RED_LINE}:
        return weekly_line(value)
    if detector is None:
        raise ValueError(f"{peer} needs a detector")
    return oracle(detector, value)


RANGES: dict[str, tuple[float, float, bool]] = {
    "ADWIN": (1e-12, 0.99, True),
    "PageHinkley": (0.01, 1000.0, False),
    "PELT daily": (1e-5, 1e3, False),
    "weekly line (tuned)": (0.3, 1.0, True),
    ORACLE: (0.1, 100.0, False),
}


def run_tuning(job: TuningJob) -> tuple[float, float]:
    """Tune one job (:func:`detection_peers.tune`); returns (value, measured rate)."""
    low, high, rising = RANGES[job.peer]
    return tune(
        lambda value: finder(job.peer, job.spec, value, job.detector),
        streams=job.streams,
        years=job.years,
        low=low,
        high=high,
        more_alarms_when_higher=rising,
        budget=job.budget,
    )


def seed_task(args: tuple[str, int, Setup, tuple[SliceSpec, ...]]) -> SeedRun:
    """Worker: one simulated, scanned seed."""
    name, seed, setup, slices = args
    return run_seed(BY_NAME[name], seed=seed, setup=setup, slices=slices)


def parallel(pool: Executor | None, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``map`` on the pool, or in this process without one."""
    if pool is None:
        return [work(item) for item in items]
    return list(pool.map(work, items))


def pooled(runs: Sequence[SeedRun], spec: SliceSpec) -> tuple[np.ndarray, np.ndarray]:
    """The true before (anchored before onset) and after (from full strength) values."""
    before, after = [], []
    for run in runs:
        stream = run.streams[spec]
        onset, full = run.onset or 0, run.ramp_end or 0
        before += [stream.baseline, stream.values[stream.anchor_day < onset]]
        after.append(stream.values[stream.anchor_day >= full])
    return np.concatenate(before), np.concatenate(after)


def since_errors(runs: Sequence[SeedRun], scenario: Scenario) -> tuple[float, float, int]:
    """taut's ``since`` minus the onset on each seed's first true signal (``Report.since``)."""
    errors: list[float] = []
    for run in runs:
        if run.onset is None:
            continue
        onset = run.onset
        hits = [r for r in run.raised[BUDGET] if r.check in scenario.affected and r.day >= onset]
        if hits:
            first = min(hits, key=lambda r: (r.day, r.since))
            errors.append(float(first.since - onset))
    if not errors:
        return math.nan, math.nan, 0
    found = np.array(errors)
    return float(np.median(found)), float(np.quantile(np.abs(found), 0.9)), found.size


def taut_alarms(
    run: SeedRun, *, budget: float = BUDGET, whole_only: bool = False
) -> dict[str, list[int]]:
    """Check id -> days taut raised a slice of it (only whole-check slices if asked)."""
    alarms: dict[str, list[int]] = {}
    for raised in run.raised[budget]:
        if not (whole_only and raised.segment):
            alarms.setdefault(raised.check, []).append(raised.day)
    return alarms


@dataclass(frozen=True)
class Tuned:
    """Every tuned parameter.

    Attributes:
        values: (peer, slice, budget) -> its parameter (the red line: the check's target).
        oracles: (scenario, slice) -> the oracle's detector and threshold.
        rates: (detector, slice in words) -> false alarms per check-year on the tuning seeds.
    """

    values: dict[tuple[str, SliceSpec, float], float]
    oracles: dict[tuple[str, SliceSpec], tuple[Detector, float]]
    rates: dict[tuple[str, str], float]

    def alarms(self, peer: str, scenario: Scenario, check: str, run: SeedRun) -> list[int]:
        """The days the tuned ``peer`` raised on ``check`` in ``run`` (all its slices)."""
        specs = peer_specs(scenario, check)[peer]
        days: list[int] = []
        for spec in specs:
            if peer == ORACLE:
                detector, threshold = self.oracles[(scenario.name, spec)]
                find = finder(peer, spec, threshold, detector)
            else:
                find = finder(peer, spec, self.values[(peer, spec, BUDGET / len(specs))])
            days += find(run.streams[spec])
        return sorted(days)


def tune_all(
    pool: Executor | None,
    drifting: Sequence[Scenario],
    by_scenario: dict[str, list[SeedRun]],
    tuning: Sequence[SeedRun],
) -> Tuned:
    """Tune every peer slice and every scenario's oracles on the no-drift tuning seeds.

    A detector watching ``k`` slices of a check gets ``1 / k`` of the budget on each.
    """
    years = tuple(run_years(run) for run in tuning)
    jobs: dict[tuple[str, SliceSpec, float], TuningJob] = {}
    for scenario in drifting:
        for check in scenario.affected:
            for peer, specs in peer_specs(scenario, check).items():
                if peer == RED_LINE:
                    continue
                share = BUDGET / len(specs)
                for spec in specs:
                    detector = None
                    if peer == ORACLE:
                        before, after = pooled(by_scenario[scenario.name], spec)
                        detector = oracle_detector(spec.metric, before, after)
                    key = (scenario.name if peer == ORACLE else peer, spec, share)
                    jobs[key] = TuningJob(peer, spec, (), (), detector, share)
    keys = list(jobs)
    filled = [
        TuningJob(
            j.peer, j.spec, tuple(r.streams[j.spec] for r in tuning), years, j.detector, j.budget
        )
        for j in jobs.values()
    ]
    results = parallel(pool, run_tuning, filled)
    tuned = Tuned(values={}, oracles={}, rates={})
    for (name, spec, share), job, (value, rate) in zip(keys, filled, results, strict=True):
        if job.detector is not None:
            tuned.oracles[(name, spec)] = (job.detector, value)
            tuned.rates[(ORACLE, f"{describe(spec)} ({name}, budget {share:g})")] = rate
        else:
            tuned.values[(name, spec, share)] = value
            tuned.rates[(name, f"{describe(spec)} (budget {share:g})")] = rate
    for scenario in drifting:
        for check in scenario.affected:
            tuned.values[(RED_LINE, SliceSpec(check, "missed"), BUDGET)] = target_of(check)
    return tuned


def evaluate(
    scenario: Scenario, runs: Sequence[SeedRun], tuned: Tuned
) -> dict[str, list[SeedScore]]:
    """Every detector's score on every seed of a drift scenario."""
    affected = scenario.affected
    scores: dict[str, list[SeedScore]] = {}
    for run in runs:
        counting = run.streams[SliceSpec(affected[0], "missed")]
        for name, budget, whole_only in TAUT_VARIANTS:
            alarms = taut_alarms(run, budget=budget, whole_only=whole_only)
            scores.setdefault(name, []).append(
                score_alarms(
                    alarms, run=run, affected=affected, watched=run.checks, counting=counting
                )
            )
        for peer in DETECTORS:
            found = {check: tuned.alarms(peer, scenario, check, run) for check in affected}
            scores.setdefault(peer, []).append(
                score_alarms(found, run=run, affected=affected, watched=affected, counting=counting)
            )
    return scores


def evaluate_steady(
    runs: Sequence[SeedRun], drifting: Sequence[Scenario], tuned: Tuned
) -> dict[str, list[SeedScore]]:
    """False alarms on the no-drift seeds: taut on every check, the others on their slices."""
    scores: dict[str, list[SeedScore]] = {}
    for run in runs:
        for name, budget, whole_only in TAUT_VARIANTS:
            alarms = taut_alarms(run, budget=budget, whole_only=whole_only)
            scores.setdefault(name, []).append(
                score_alarms(alarms, run=run, affected=(), watched=run.checks, counting=None)
            )
        for scenario in drifting:
            for check in scenario.affected:
                for peer in DETECTORS:
                    found = {check: tuned.alarms(peer, scenario, check, run)}
                    scores.setdefault(peer, []).append(
                        score_alarms(found, run=run, affected=(), watched=(check,), counting=None)
                    )
    return scores


def evaluate_task(
    args: tuple[Scenario, Sequence[SeedRun], Sequence[Scenario], Tuned],
) -> tuple[str, dict[str, Summary]]:
    """Worker: one scenario's summaries per detector."""
    scenario, runs, drifting, tuned = args
    drift = scenario.kind is not None
    scores = evaluate(scenario, runs, tuned) if drift else evaluate_steady(runs, drifting, tuned)
    return scenario.name, {name: summarise(found, drift=drift) for name, found in scores.items()}


def arguments() -> argparse.Namespace:
    """The command line (module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=20, help="seeds per scenario")
    parser.add_argument("--tune-seeds", type=int, default=30, help="no-drift seeds for tuning")
    parser.add_argument("--scenarios", default="", help="comma-separated names (default: all)")
    parser.add_argument("--quick", action="store_true", help="3 seeds, 6 tuning seeds")
    parser.add_argument("--workers", type=int, default=2, help="processes (1: none)")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    names = [n for n in args.scenarios.split(",") if n] or [s.name for s in SCENARIOS]
    unknown = sorted(set(names) - set(BY_NAME))
    if unknown:
        parser.error(f"unknown scenarios {unknown}; choose from {sorted(BY_NAME)}")
    args.names = names
    if args.quick:
        args.seeds, args.tune_seeds = 3, 6
    return args


def main() -> None:
    """Simulate and scan, tune the peers and oracles, evaluate, report."""
    args = arguments()
    logging.basicConfig(level=logging.WARNING)
    chosen = [BY_NAME["none"], *(BY_NAME[n] for n in args.names if n != "none")]
    drifting = [s for s in chosen if s.kind is not None]
    setup = Setup()
    slices = needed_slices(drifting)
    began = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(args.workers, mp_context=context) if args.workers > 1 else None
    try:
        tasks = [(s.name, seed, setup, slices) for s in chosen for seed in range(args.seeds)]
        tasks += [("none", TUNING_SEED + seed, setup, slices) for seed in range(args.tune_seeds)]
        runs = parallel(pool, seed_task, tasks)
        logger.warning(
            "Simulated and scanned %d logs in %.0f s", len(runs), time.perf_counter() - began
        )
        tuning = [run for run in runs if run.seed >= TUNING_SEED]
        by_scenario: dict[str, list[SeedRun]] = {}
        for run in runs:
            if run.seed < TUNING_SEED:
                by_scenario.setdefault(run.scenario, []).append(run)
        tuned = tune_all(pool, drifting, by_scenario, tuning)
        logger.warning("Tuned at %.0f s", time.perf_counter() - began)
        work = [(s, by_scenario[s.name], drifting, tuned) for s in chosen]
        evaluations = parallel(pool, evaluate_task, work)
    finally:
        if pool is not None:
            pool.shutdown()
    report = Report(
        setup=setup,
        scenarios=tuple(chosen),
        seeds=args.seeds,
        tune_seeds=args.tune_seeds,
        summaries=dict(evaluations),
        values={
            (peer, f"{describe(spec)} (budget {share:g})"): value
            for (peer, spec, share), value in tuned.values.items()
        },
        oracles={
            (name, describe(spec)): (repr(d), h) for (name, spec), (d, h) in tuned.oracles.items()
        },
        tuning_rates=tuned.rates,
        seconds=time.perf_counter() - began,
        command=" ".join(["benchmarks/detection.py", *sys.argv[1:]]),
        peers=PEERS,
        scan_seconds=float(np.median([run.seconds for run in runs])),
        since={s.name: since_errors(by_scenario[s.name], s) for s in drifting},
    )
    text = render(report)
    print(text)
    if not args.no_results:
        write_results(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
