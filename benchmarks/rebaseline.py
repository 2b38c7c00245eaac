"""Rebaseline: the false-signal rate after a rebaselined step change, and a later drift caught.

A team accepts a step change as the new normal (``taut signals rebaseline ID --from DAY``);
from then on the check is judged against a baseline that restarts on that day
(``restarts``, :mod:`taut.signal.inputs.moves`). This script measures, on simulated
handoff logs (:func:`taut.simulate.sales_handoff`, seeded), whether the false-signal
calibration still holds after such a restart, and whether a real drift after it is still
caught. Per seed, four logs of ``--weeks`` weeks from the same seed (the simulator draws
each drift's randomness from its own generator, so the logs are identical up to a drift's
onset):

- ``stable``: nothing injected; scanned without restarts: the calibrated rate, on the
  very checks the step moves (the reference);
- ``step``: ack skipped ``--step-size`` more often from week ``--step-week`` (moving
  ``ack-within-24h`` and ``ack-present``); scanned with both checks restarted on the
  step's day: the false-signal rate after the rebaseline; and scanned without the
  restart: how often the step itself is raised (what the rebaseline silences);
- ``step+drift``: the same step, restarted, and a real drift (ack skipped
  ``--drift-size`` more) from week ``--drift-week``: is it caught, and how late;
- ``drift``: the real drift alone, no restart: the same drift caught without a step
  before it (the reference delay).

Each log is scanned at the Mondays of ``--mondays`` (weeks after the first simulated day;
the scan sees the data up to the Sunday before), as ``taut scan --as-of`` would: the log
clipped to that day, the outcomes evaluated then, every slice's state before the alert
budget (:func:`taut.signal.scan.watch_checks`). A false signal is a raised slice (a
check's whole stream, a segment, a metric: drifting, recovering or recovered) on a log
with no change since its baseline; check-years are the restarted checks' watched days
(after their restarted window) or, on the stable log, the same checks' watched days after
the scan's own window. Intervals are exact (Garwood) Poisson intervals of the counts at
90%; the ratio's interval is the exact conditional (binomial) one.

It keeps every seed's scans in ``benchmarks/rebaseline.json`` and writes its tables between
its marks in ``benchmarks/RESULTS.md`` and its measured paragraph in ``docs/scan.md``
(*Baselines that move with decisions*).

Run (each seed takes about 20 s of one core; a machine shared with other work takes longer,
hence ``--minutes``)::

    nice -n 10 .venv/bin/python benchmarks/rebaseline.py
    # at most 15 minutes: no seed is started after that, the table says how many ran
    nice -n 10 .venv/bin/python benchmarks/rebaseline.py --seeds 40 --minutes 15
    # more seeds, added to those kept:
    nice -n 10 .venv/bin/python benchmarks/rebaseline.py --first-seed 6018 --seeds 40 \
        --minutes 13 --append
    # the tables and docs/scan.md's paragraph again from benchmarks/rebaseline.json:
    .venv/bin/python benchmarks/rebaseline.py --from-store
    # a quick look, printed only:
    .venv/bin/python benchmarks/rebaseline.py --seeds 2 --no-results
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from scipy import stats  # type: ignore[import-untyped]  # no stubs in the lock

from rebaseline_store import STORE, Scan, SeedResult, load, save
from results_marks import marks, replace_marked
from scan_calibration_store import LEVEL, poisson_interval
from taut import api
from taut.ingest.clip import clip_log, end_of_local_day
from taut.ingest.people import team_people
from taut.outcomes import evaluate_checks
from taut.signal.inputs.casebook import read_casebook
from taut.signal.inputs.clock import hours_since_epoch
from taut.signal.scan import watch_checks
from taut.simulate import Drift, sales_handoff

START = date(2025, 1, 6)
MOVED = ("ack-within-24h", "ack-present")
"""The checks a skipped acknowledgement moves: the ones restarted."""
RAISED = frozenset({"drifting", "recovering", "recovered"})
SCRIPT = "rebaseline.py"
RESULTS = Path(__file__).with_name("RESULTS.md")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "scan.md"
YEAR_DAYS = 365.25


@dataclass(frozen=True, kw_only=True)
class Setup:
    """The simulated logs' size and changes (module docstring)."""

    weeks: int = 34
    deals: float = 30.0
    step_week: int = 10
    step_size: float = 0.10
    drift_week: int = 24
    drift_size: float = 0.05
    mondays: tuple[int, ...] = (22, 26, 30, 34)

    def day(self, week: int) -> date:
        """The Monday ``week`` weeks after the first simulated day."""
        return START + timedelta(weeks=week)


def scan_log(path: Path, *, setup: Setup, restart: date | None) -> tuple[Scan, ...]:
    """Scan one written log at every Monday of ``setup``, the moved checks restarted or not."""
    workspace = api.open_workspace(path, duplicates="keep")
    contract = workspace.contract_file.contract
    checks = [check.id for _, check in contract.checks]
    found: list[Scan] = []
    for monday in setup.mondays:
        as_of = setup.day(monday) - timedelta(days=1)
        log = clip_log(workspace.log, as_of=as_of)
        book = read_casebook(evaluate_checks(contract, log), contract=contract)
        restarts = dict.fromkeys(MOVED, restart) if restart is not None else None
        states, until, _ = watch_checks(
            book,
            contract=contract,
            as_of_hours=hours_since_epoch(end_of_local_day(as_of, timezone=log.timezone)),
            timezone=log.timezone,
            people=team_people(log, contract=contract),
            restarts=restarts,
        )
        moved_until = until
        if restart is not None:
            moved_until = max(until, restart + (until - START))
        raised = [s for s in states if s.state in RAISED and s.raised is not None]
        found.append(
            Scan(
                monday=monday,
                raised=tuple((s.check, s.raised) for s in raised if s.check in MOVED if s.raised),
                other_raised=sum(1 for s in raised if s.check not in MOVED),
                watched_days=len(MOVED) * max(0, (as_of - moved_until).days),
                other_days=(len(checks) - len(MOVED)) * (as_of - until).days,
            )
        )
    return tuple(found)


CONTROL = "stable, restarted"
"""The stable log with the moved checks restarted on the step's day anyway (``--control``)."""


def run_seed(args: tuple[int, Setup, bool]) -> SeedResult:
    """Worker: one seed's four logs, each written, then scanned at every Monday.

    With ``control`` true, only the stable log restarted on the step's day (:data:`CONTROL`):
    a restart with no change, which tells a restarted window from a raised level.
    """
    seed, setup, control = args
    began = time.perf_counter()
    step = Drift(kind="skip", onset=setup.day(setup.step_week), size=setup.step_size)
    drift = Drift(kind="skip", onset=setup.day(setup.drift_week), size=setup.drift_size)
    logs: dict[str, tuple[tuple[Drift, ...], date | None]] = {
        "stable": ((), None),
        "step": ((step,), step.onset),
        "step, not restarted": ((step,), None),
        "step+drift": ((step, drift), step.onset),
        "drift": ((drift,), None),
    }
    if control:
        logs = {CONTROL: ((), step.onset)}
    scans: dict[str, tuple[Scan, ...]] = {}
    with tempfile.TemporaryDirectory(prefix="taut-rebaseline-") as folder:
        written: dict[tuple[Drift, ...], Path] = {}
        for name, (drifts, restart) in logs.items():
            if drifts not in written:
                sim = sales_handoff(
                    seed=seed, start=START, weeks=setup.weeks, deals_per_day=setup.deals,
                    drifts=drifts,
                )  # fmt: skip
                written[drifts] = sim.write(Path(folder) / str(len(written)), fmt="parquet")
            scans[name] = scan_log(written[drifts], setup=setup, restart=restart)
    return SeedResult(seed=seed, scans=scans, seconds=time.perf_counter() - began)


def rate(count: int, days: int) -> str:
    """``0.81 (0.70-0.92)``: a rate per check-year and its exact interval."""
    years = days / YEAR_DAYS
    if years <= 0:
        return "-"
    low, high = poisson_interval(count, years)
    return f"{count / years:.2f} ({low:.2f}-{high:.2f})"


def ratio(first: tuple[int, int], second: tuple[int, int]) -> str:
    """The ratio of two rates and its exact conditional interval at ``LEVEL``."""
    (k1, d1), (k2, d2) = first, second
    if not (k1 + k2) or not d1 or not d2:
        return "-"
    tail = (1 - LEVEL) / 2
    low = float(stats.beta.ppf(tail, k1, k2 + 1)) if k1 else 0.0
    high = float(stats.beta.ppf(1 - tail, k1 + 1, k2)) if k2 else float("inf")
    scale = d2 / d1
    point = k1 / d1 / (k2 / d2) if k2 else float("inf")
    upper = high / (1 - high) * scale if high < 1 else float("inf")
    return f"{point:.2f} ({low / (1 - low) * scale:.2f}-{upper:.2f})"


def seed_words(results: Sequence[SeedResult]) -> str:
    """``6000 to 6023``, or the seeds listed when they are not a run."""
    seeds = [result.seed for result in results]
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]} to {seeds[-1]}"
    return ", ".join(str(seed) for seed in seeds)


def detected(scan: Scan, *, onset: date) -> date | None:
    """The first raised day on a moved check on or after ``onset``, or ``None``."""
    days = [day for _, day in scan.raised if day >= onset]
    return min(days) if days else None


def render(results: Sequence[SeedResult], *, setup: Setup, minutes: float, command: str) -> str:
    """The Markdown block for RESULTS.md."""
    onset = setup.day(setup.drift_week)
    rows = [
        "| Monday (week) | after the rebaseline: false signals / check-year | no change: "
        "same checks | ratio | no change, restarted all the same | other checks, step log | "
        "step raised without the rebaseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for index, monday in enumerate(setup.mondays):
        step = [r.scans["step"][index] for r in results]
        stable = [r.scans["stable"][index] for r in results]
        plain = [r.scans["step, not restarted"][index] for r in results]
        after = (sum(len(s.raised) for s in step), sum(s.watched_days for s in step))
        base = (sum(len(s.raised) for s in stable), sum(s.watched_days for s in stable))
        other = (sum(s.other_raised for s in step), sum(s.other_days for s in step))
        loud = sum(1 for s in plain if s.raised) / len(plain)
        control = "-"
        if all(CONTROL in r.scans for r in results):
            quiet = [r.scans[CONTROL][index] for r in results]
            control = rate(sum(len(s.raised) for s in quiet), sum(s.watched_days for s in quiet))
        rows.append(
            f"| {monday} | {rate(*after)} | {rate(*base)} | {ratio(after, base)} | "
            f"{control} | {rate(*other)} | {loud:.0%} of seeds |"
        )
    caught = [
        "| Monday (week) | drift after a rebaselined step: caught | median (max) days | "
        "false signal on a moved check before it | the same drift, no step: caught | "
        "median (max) days |",
        "|---|---|---|---|---|---|",
    ]
    for index, monday in enumerate(setup.mondays):
        if setup.day(monday) <= onset:
            continue
        words: list[tuple[str, str, str]] = []
        for name in ("step+drift", "drift"):
            scans = [r.scans[name][index] for r in results]
            days = [d for s in scans if (d := detected(s, onset=onset)) is not None]
            delays = [(d - onset).days for d in days]
            spread = f"{statistics.median(delays):.0f} ({max(delays)})" if delays else "-"
            before = sum(1 for s in scans if any(day < onset for _, day in s.raised))
            words.append((f"{len(days)}/{len(scans)}", spread, f"{before}/{len(scans)}"))
        (hit, late, early), (ref_hit, ref_late, _) = words
        caught.append(f"| {monday} | {hit} | {late} | {early} | {ref_hit} | {ref_late} |")
    seconds = statistics.median(r.seconds for r in results)
    today = datetime.now(tz=UTC).date().isoformat()
    return "\n".join(
        [
            f"Command: `{command}` ({minutes:.1f} min; run {today}); "
            f"{len(results)} seeds ({seed_words(results)}), a median {seconds:.0f} s a seed "
            "(wall time on a shared machine).",
            "",
            f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}.",
            "",
            f"Logs: {setup.weeks} weeks from {START.isoformat()}, {setup.deals:g} deals a "
            "weekday growing 30%, month ends and holidays; baseline the first 8 weeks. Step: "
            f"ack skipped {setup.step_size * 100:.0f} points more from week {setup.step_week} "
            f"({setup.day(setup.step_week).isoformat()}), rebaselined that day: "
            f"{', '.join(MOVED)} restart there, their baseline the 8 weeks after it, watched "
            f"from week {setup.step_week + 8}. Real drift: ack skipped "
            f"{setup.drift_size * 100:.0f} points more from week {setup.drift_week} "
            f"({onset.isoformat()}).",
            "",
            *rows,
            "",
            *caught,
            "",
            "Rates are raised slices per check-year of the moved checks' watched time, with "
            f"exact {LEVEL:.0%} Poisson intervals; the ratio's interval is the exact "
            "conditional one. The same seeds give every column, so the logs are identical "
            "up to each change.",
        ]
    )


def doc_words(results: Sequence[SeedResult], *, setup: Setup) -> str:
    """The measured paragraph of docs/scan.md, from the last Monday's scans."""
    last = len(setup.mondays) - 1
    step = [r.scans["step"][last] for r in results]
    stable = [r.scans["stable"][last] for r in results]
    after = (sum(len(s.raised) for s in step), sum(s.watched_days for s in step))
    base = (sum(len(s.raised) for s in stable), sum(s.watched_days for s in stable))
    onset = setup.day(setup.drift_week)
    control = ""
    if all(CONTROL in r.scans for r in results):
        quiet = [r.scans[CONTROL][last] for r in results]
        counted = (sum(len(s.raised) for s in quiet), sum(s.watched_days for s in quiet))
        control = f"; the stable logs restarted on the same day with no change, {rate(*counted)}"
    found = []
    for name in ("step+drift", "drift"):
        scans = [r.scans[name][last] for r in results]
        delays = [(d - onset).days for s in scans if (d := detected(s, onset=onset))]
        median = f", a median {statistics.median(delays):.0f} days after it began" if delays else ""
        found.append(f"{len(delays)} of {len(scans)} logs{median}")
    return (
        f"**Measured** (`benchmarks/rebaseline.py`, {len(results)} seeded simulated logs of "
        f"{setup.weeks} weeks, scanned at week {setup.mondays[last]}): after a step of "
        f"{setup.step_size * 100:.0f} points more acknowledgements skipped from week "
        f"{setup.step_week}, "
        "rebaselined that day, its two checks raised "
        f"{rate(*after)} false signals per check-year (90% interval) over their watched "
        f"weeks, against {rate(*base)} on the same checks of the same seeds with no change "
        f"(ratio {ratio(after, base)}){control}. A real drift of "
        f"{setup.drift_size * 100:.0f} points more from "
        f"week {setup.drift_week} was caught in {found[0]}; the same drift with no step "
        f"before it, in {found[1]}. The tables, by Monday, are in "
        "[`../benchmarks/RESULTS.md`](../benchmarks/RESULTS.md)."
    )


def write_block(path: Path, text: str) -> None:
    """Put ``text`` between this script's marks in ``path``."""
    content = path.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        start, end = marks(SCRIPT)
        raise SystemExit(f"{path} has no {start} ... {end} block to write into.")
    path.write_text(replaced, encoding="utf-8")


def note(result: SeedResult, began: float) -> SeedResult:
    """Say on standard error that a seed is done, and pass it on."""
    minutes = (time.perf_counter() - began) / 60
    print(f"seed {result.seed}: {result.seconds:.0f} s ({minutes:.1f} min)", file=sys.stderr)
    return result


def measure(
    tasks: Sequence[tuple[int, Setup, bool]], *, workers: int, began: float, deadline: float | None
) -> list[SeedResult]:
    """Every task's result, in seed order; past ``deadline``, no further seed is started."""
    results: list[SeedResult] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max(workers, 1), mp_context=context) as pool:
        pending = [pool.submit(run_seed, task) for task in tasks]
        for future in as_completed(pending):
            if future.cancelled():
                continue
            results.append(note(future.result(), began))
            if deadline is not None and time.perf_counter() > deadline:
                for other in pending:
                    other.cancel()  # seeds not started yet; those running finish
    return sorted(results, key=lambda result: result.seed)


def main() -> None:
    """Simulate, scan at every Monday, and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=40, help="seeds")
    parser.add_argument("--first-seed", type=int, default=6000, help="first seed")
    parser.add_argument("--workers", type=int, default=2, help="processes")
    parser.add_argument(
        "--minutes", type=float, default=0.0,
        help="start no seed after this many minutes (0: run every seed); the table says "
        "how many seeds it holds",
    )  # fmt: skip
    parser.add_argument("--no-results", action="store_true", help="print, write nothing")
    parser.add_argument(
        "--control", action="store_true",
        help=f"scan only '{CONTROL}' for the seeds kept, and add it to them",
    )  # fmt: skip
    parser.add_argument(
        "--append", action="store_true",
        help="add these seeds to those kept in the store (the times add up)",
    )  # fmt: skip
    parser.add_argument(
        "--from-store", action="store_true",
        help=f"measure nothing: write the tables again from {STORE.name}",
    )  # fmt: skip
    options = parser.parse_args()
    setup = Setup()
    seeds = range(options.first_seed, options.first_seed + options.seeds)
    tasks = [(seed, setup, options.control) for seed in seeds]
    if options.from_store:
        results, minutes, command = load()
    else:
        began = time.perf_counter()
        deadline = began + 60 * options.minutes if options.minutes else None
        results = measure(tasks, workers=options.workers, began=began, deadline=deadline)
        minutes = (time.perf_counter() - began) / 60
        command = "nice -n 10 .venv/bin/python benchmarks/rebaseline.py " + " ".join(sys.argv[1:])
        command = command.strip()
        if options.control:
            kept, kept_minutes, kept_command = load()
            extra = {result.seed: result.scans[CONTROL] for result in results}
            results = [
                dataclasses.replace(r, scans={**r.scans, CONTROL: extra[r.seed]})
                for r in kept
                if r.seed in extra
            ]
            minutes += kept_minutes
            command = f"{kept_command}` then `{command}"
        elif options.append:
            kept, kept_minutes, kept_command = load()
            new = {result.seed for result in results}
            results = sorted(
                [*results, *(r for r in kept if r.seed not in new)], key=lambda r: r.seed
            )
            minutes += kept_minutes
            command = f"{kept_command}` then `{command}"
        if not options.no_results:
            save(results, minutes=minutes, command=command)
    text = render(results, setup=setup, minutes=minutes, command=command)
    print(text)
    if not options.no_results:
        write_block(RESULTS, text)
        write_block(DOCS, doc_words(results, setup=setup))


if __name__ == "__main__":
    main()
