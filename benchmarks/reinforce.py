"""Reinforce: is taut's verdict on a recorded change right, how soon, and never too sure?

Simulated handoff logs (:func:`taut.simulate.sales_handoff`, seeded) of ``WEEKS`` weeks,
about 40 deals a weekday, in which intakes start being left incomplete (a ``blank`` drift
of ``DRIFT_SIZE``) or acknowledgments slow (a ``latency`` drift, x3) in week
``DRIFT_WEEK``; in week ``CHANGE_WEEK`` a change to the work is recorded on the loosened
check, and the simulator injects its true effect (:class:`taut.simulate.InjectedChange`):

- ``works``: the change removes the whole loosening (truth: working);
- ``works, latency``: the same for the acknowledgment's median time (metric latency);
- ``partly works``: it removes half of it (truth: working);
- ``does nothing``: it removes none of it (truth: not-working);
- ``one team``: the change is made, and recorded, on team West only, and removes West's
  loosening (truth: working; judged against the other teams, difference in differences);
- ``one team, nothing``: the same, removing nothing (truth: not-working);
- ``relapses``: it removes the whole loosening, then stops working ``RELAPSE_WEEKS`` after
  (truth: working before, relapsing once the last four weeks are after the relapse);
- ``placebo``: a change "recorded" in week ``CHANGE_WEEK`` on each check no drift touched
  (``ack-within-24h``, ``ack-present``, ``ack-before-kickoff``, ``delivery-within-5d``
  of the ``does nothing`` logs; ``intake-complete``, ``ack-before-kickoff``,
  ``delivery-within-5d`` of the latency logs): nothing changed (truth: not-working).

Each recorded change is judged (:func:`taut.reinforce.verdict.judge`) as of the Sunday 1
to ``HORIZON`` weeks after it, on the cases decided by then (a case decided later is
pending that day). Reported per scenario: the share of verdicts that are right at 2, 4, 8
and 12 weeks, the share that are wrong and sure (a definitive verdict other than the
truth), the median and 90th percentile of the cases since the change at the first Sunday
the verdict was right, and whether the ``cases_needed`` promised after one week were
enough (the verdict was definitive once that many more cases had come). For the placebo,
how often it is called working, at each horizon and over all of them (issue 13: at most 5%).

The table is written between this script's marks in ``benchmarks/RESULTS.md``
(not with ``--no-results``). Seeds run in ``--jobs`` processes; after ``--minutes`` the
seeds still running are dropped and the table counts the seeds that finished. Run (a seed
takes about 12 s of one core)::

    nice -n 10 .venv/bin/python benchmarks/reinforce.py --seeds 40 --minutes 9
    .venv/bin/python benchmarks/reinforce.py --seeds 2 --no-results   # a quick look
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from results_marks import replace_marked
from taut import api
from taut.ingest.clip import end_of_local_day
from taut.outcomes import evaluate_checks
from taut.reinforce.changes import Change, Effect, Verdict
from taut.reinforce.verdict import judge
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.clock import hours_since_epoch
from taut.simulate import Condition, Drift, InjectedChange, sales_handoff

SCRIPT = "reinforce.py"
RESULTS = Path(__file__).with_name("RESULTS.md")
START = date(2025, 1, 6)
WEEKS = 26
DEALS_PER_DAY = 40.0
DRIFT_WEEK, CHANGE_WEEK, RELAPSE_WEEKS, HORIZON = 8, 12, 6, 12
DRIFT_SIZE = 0.1
REPORTED = (2, 4, 8, 12)
PLACEBO: dict[str, tuple[str, ...]] = {
    "does nothing": ("ack-within-24h", "ack-present", "ack-before-kickoff", "delivery-within-5d"),
    "works, latency": ("intake-complete", "ack-before-kickoff", "delivery-within-5d"),
}
DEFINITIVE = frozenset({"working", "not-working", "relapsing"})
TIMEZONE = "America/Chicago"


@dataclass(frozen=True)
class Scenario:
    name: str
    check: str
    metric: str
    drift: Drift
    improvement: float
    west_only: bool = False
    relapse: bool = False

    def truth(self, weeks: int) -> tuple[Verdict, ...]:
        """The right verdicts ``weeks`` after the change (both, while a relapse is only
        partly inside the last four weeks)."""
        if self.improvement == 0:
            return ("not-working",)
        if self.relapse and weeks > RELAPSE_WEEKS:
            return ("relapsing",) if weeks >= RELAPSE_WEEKS + 4 else ("working", "relapsing")
        return ("working",)


BLANK = Drift(kind="blank", onset=START + timedelta(weeks=DRIFT_WEEK), size=DRIFT_SIZE)
SLOW = Drift(kind="latency", onset=START + timedelta(weeks=DRIFT_WEEK), size=3.0)
SCENARIOS = (
    Scenario("works", "intake-complete", "missed", BLANK, 1.0),
    Scenario("works, latency", "ack-within-24h", "latency", SLOW, 1.0),
    Scenario("partly works", "intake-complete", "missed", BLANK, 0.5),
    Scenario("does nothing", "intake-complete", "missed", BLANK, 0.0),
    Scenario("one team", "intake-complete", "missed", BLANK, 1.0, west_only=True),
    Scenario("one team, nothing", "intake-complete", "missed", BLANK, 0.0, west_only=True),
    Scenario("relapses", "intake-complete", "missed", BLANK, 1.0, relapse=True),
)


@dataclass(frozen=True)
class Judged:
    scenario: str
    run: str  # the log and check judged
    weeks: int
    truth: tuple[Verdict, ...]
    effect: Effect

    @property
    def right(self) -> bool:
        return self.effect.verdict in self.truth

    @property
    def wrong_and_sure(self) -> bool:
        return self.effect.verdict in DEFINITIVE and not self.right


def casebook(scenario: Scenario, *, seed: int) -> dict[str, CheckCases]:
    applied = START + timedelta(weeks=CHANGE_WEEK)
    west = Condition(field="team", value="West") if scenario.west_only else None
    injected = InjectedChange(
        check=scenario.check,
        applied_on=applied,
        improvement=scenario.improvement,
        condition=west,
        relapse_on=applied + timedelta(weeks=RELAPSE_WEEKS) if scenario.relapse else None,
    )
    sim = sales_handoff(
        seed=seed,
        start=START,
        weeks=WEEKS,
        deals_per_day=DEALS_PER_DAY,
        drifts=(scenario.drift,),
        changes=(injected,),
    )
    with tempfile.TemporaryDirectory(prefix="taut-reinforce-") as folder:
        workspace = api.open_workspace(sim.write(folder, fmt="parquet"), duplicates="keep")
        contract = workspace.contract_file.contract
        return read_casebook(evaluate_checks(contract, workspace.log), contract=contract)


def decided_by(cases: CheckCases, day: date) -> CheckCases:
    """``cases`` as a scan at the end of ``day`` sees them: later decisions are pending."""
    end = hours_since_epoch(end_of_local_day(day, timezone=TIMEZONE))
    late = ~(cases.decided <= end)
    return replace(cases, missed=np.where(late, np.nan, cases.missed))


def judge_seed(scenario: Scenario, *, seed: int) -> list[Judged]:
    book = casebook(scenario, seed=seed)
    applied = START + timedelta(weeks=CHANGE_WEEK)
    segment = {"team": "West"} if scenario.west_only else None
    checks = [(scenario.check, scenario.metric, scenario.name)]
    # The checks no drift touches are the same in every log of a drift and seed: judged once.
    checks += [(check, "missed", "placebo") for check in PLACEBO.get(scenario.name, ())]
    found: list[Judged] = []
    for check, metric, name in checks:
        change = Change(
            id=1, area="Customer handoff", check=check, applied_on=applied, change=name,
            segment=segment if name != "placebo" else None,
        )  # fmt: skip
        for weeks in range(1, HORIZON + 1):
            as_of = applied + timedelta(weeks=weeks, days=-1)
            effect = judge(
                change=change, cases=decided_by(book[check], as_of), as_of=as_of,
                metric=metric,  # type: ignore[arg-type]
            )  # fmt: skip
            truth = ("not-working",) if name == "placebo" else scenario.truth(weeks)
            run = f"{scenario.name}/{seed}/{check}"
            found.append(Judged(name, run, weeks, truth, effect))
    return found


def judge_all(seed: int) -> tuple[int, list[Judged]]:
    """Every scenario of one seed (one worker's task)."""
    found: list[Judged] = []
    for scenario in SCENARIOS:
        found += judge_seed(scenario, seed=seed)
    return seed, found


def _share(count: int, total: int) -> str:
    return "n/a" if total == 0 else f"{count / total:.0%}"


def _right_at(rows: list[Judged], weeks: int) -> str:
    at = [row for row in rows if row.weeks == weeks]
    return _share(sum(row.right for row in at), len(at))


def _runs(rows: list[Judged]) -> dict[str, list[Judged]]:
    """Each run's judgments in week order."""
    runs: dict[str, list[Judged]] = {}
    for row in sorted(rows, key=lambda row: row.weeks):
        runs.setdefault(row.run, []).append(row)
    return runs


def _first_right(rows: list[Judged]) -> list[int]:
    """Per run: the cases since the change on the first Sunday its verdict was right."""
    firsts: list[int] = []
    for mine in _runs(rows).values():
        right = [row for row in mine if row.right]
        if right:
            firsts.append(right[0].effect.cases_since)
    return firsts


def _promise_kept(rows: list[Judged]) -> str:
    """Of the not-yet-clear verdicts after one week with a number, the share definitive
    by the first Sunday with at least that many more cases."""
    kept = total = 0
    for mine in _runs(rows).values():
        first = mine[0].effect
        if mine[0].weeks != 1 or first.verdict != "not-yet-clear" or first.cases_needed is None:
            continue
        target = first.cases_since + first.cases_needed
        later = [row for row in mine if row.effect.cases_since >= target]
        if later:
            total += 1
            kept += later[0].effect.verdict in DEFINITIVE
    return f"{_share(kept, total)} of {total}" if total else "n/a"


def table(rows: list[Judged], *, seeds: int, seconds: float, command: str) -> str:
    names = [scenario.name for scenario in SCENARIOS] + ["placebo"]
    lines = [
        f"Verdicts on {seeds} seeded logs per scenario ({WEEKS} weeks, about "
        f"{DEALS_PER_DAY:.0f} deals a weekday; drift in week {DRIFT_WEEK}, change recorded "
        f"in week {CHANGE_WEEK}, judged each Sunday for {HORIZON} weeks after; "
        f"{seconds / 60:.1f} minutes).",
        "",
        "| scenario | truth | right at " + " | ".join(f"{w} wk" for w in REPORTED)
        + " | wrong and sure (all weeks) | cases to first right verdict (median / p90) "
        "| promise of `cases_needed` kept |",
        "|---|---|" + "---:|" * len(REPORTED) + "---:|---:|---:|",
    ]  # fmt: skip
    for name in names:
        mine = [row for row in rows if row.scenario == name]
        truths = list(dict.fromkeys(v for row in mine for v in row.truth if len(row.truth) == 1))
        wrong = [row for row in mine if row.wrong_and_sure]
        firsts = _first_right(mine)
        cases = "n/a"
        if firsts:
            p90 = float(np.percentile(firsts, 90))
            cases = f"{statistics.median(firsts):,.0f} / {p90:,.0f} ({len(firsts)} of "
            cases += f"{len(_runs(mine))} runs)"
        lines.append(
            f"| {name} | {' then '.join(truths)} | "
            + " | ".join(_right_at(mine, weeks) for weeks in REPORTED)
            + f" | {_share(len(wrong), len(mine))} | {cases} | {_promise_kept(mine)} |"
        )
    placebo = [row for row in rows if row.scenario == "placebo"]
    called = [row for row in placebo if row.effect.verdict == "working"]
    by_week = [
        _share(sum(r.effect.verdict == "working" for r in placebo if r.weeks == weeks),
               sum(r.weeks == weeks for r in placebo))
        for weeks in range(1, HORIZON + 1)
    ]  # fmt: skip
    lines += [
        "",
        f"Placebo (no change, {len(placebo)} judgments of "
        f"{len(_runs(placebo))} check-logs) called `working`: "
        f"{len(called)} ({_share(len(called), len(placebo))}); by week after the placebo "
        f"date, 1 to {HORIZON}: {', '.join(by_week)} (issue 13 asks at most 5%).",
        "",
        f"Command: `nice -n 10 .venv/bin/python benchmarks/{SCRIPT} {command}` "
        "(`--minutes` stops after that many minutes, dropping the seeds still running; "
        "the first line says how many finished)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="logs per scenario")
    parser.add_argument("--first-seed", type=int, default=13000)
    parser.add_argument("--minutes", type=float, default=9.0, help="start no seed after this")
    parser.add_argument("--jobs", type=int, default=2, help="processes (one seed each)")
    parser.add_argument("--no-results", action="store_true", help="print only")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    rows: list[Judged] = []
    done = 0
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        for seed, found in pool.imap_unordered(judge_all, seeds):
            rows += found
            done += 1
            elapsed = time.perf_counter() - began
            print(f"seed {seed}: done at {elapsed:.0f} s", file=sys.stderr)
            if elapsed > args.minutes * 60:
                pool.terminate()  # the seeds still running are dropped, not counted
                break
    command = f"--seeds {args.seeds} --minutes {args.minutes:g} --jobs {args.jobs}"
    text = table(rows, seeds=done, seconds=time.perf_counter() - began, command=command)
    print(text)
    if not args.no_results:
        page = replace_marked(RESULTS.read_text(encoding="utf-8"), SCRIPT, text)
        if page is None:
            print(f"No {SCRIPT} marks in {RESULTS}; nothing written.", file=sys.stderr)
            return 1
        RESULTS.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
