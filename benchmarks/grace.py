"""A signal's week of grace (issue 12): flapping before and after, and what it costs.

A team that runs taut every Monday reads "settled" for a drift one week and "new" for the
same drift the next when its check holds steady for a single scan. With the grace
(:mod:`taut.store.life.rules`), a signal whose check settles stays open (``recovering``)
until a scan at least seven days later still sees it settled; a slip in between gives back
the same signal.

This script replays logs week by week (:meth:`taut.signal.replay.ReplaySource.weekly`,
what ``taut scan --replay weekly`` scans), each Monday reconciled into a store held in
memory (:func:`taut.store.life.reconcile`) twice: with no grace (``grace_days=0``, the rule
before) and with the week of grace. Each Monday is given the baselines' moves its own store
holds (the resolved episodes, those of signals in their grace, and the open ones' so far:
:func:`taut.store.life.episodes`), as the replay's store feedback gives them. It counts:

- **flaps**: a signal resolved, then a signal of the same check, metric and direction
  opened within 21 days of the day it closed;
- **slips caught by the grace**: a signal in its grace whose check slipped again, so the
  same signal (id, first raising, note) went back to open instead of a new one;
- **extra weeks open**: for each signal resolved, the days from the first scan that saw its
  check settled to the scan that closed it (0 with no grace), in weeks; and the weeks all
  signals were open in all (from the scan that opened each to the one that closed it, or
  the last Monday);
- on the simulated logs with a real drift that ends: the weeks from the drift's end to the
  first Monday on which no signal of its checks is open any more (``open`` when one still
  is at the last Monday).

Logs: the five corpus logs (``tests/corpus``) and simulated ones
(:func:`taut.simulate.sales_handoff`, 78 weeks): seeds with a real drift that ends (a skip
of the acknowledgement of 30 points from week 30 to week 42) and seeds with none.

Run (about 10 minutes on 2 cores)::

    nice -n 10 .venv/bin/python benchmarks/grace.py
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from results_marks import marked_block, replace_marked
from taut.api.replaying import replay_source
from taut.signal.inputs.moves import BaselineMoves
from taut.signal.replay import ReplaySource
from taut.simulate import Drift, sales_handoff
from taut.store.life import episodes, reconcile
from taut.store.life.rules import GRACE_DAYS
from taut.store.records import OPEN_LIFECYCLES, SignalKey, TrackedSignal

SCRIPT = "grace.py"
SECTION = "## A signal's week of grace (issue 12)"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
LOGS = ("helpdesk", "bpic2012", "bpic2013-incidents", "receipt", "roadtraffic")
FLAP_DAYS = 21
SIM_WEEKS = 78
SIM_START = date(2025, 1, 6)
DRIFT = Drift(
    kind="skip",
    onset=SIM_START + timedelta(weeks=30),
    size=0.3,
    until=SIM_START + timedelta(weeks=42),
)


@dataclass
class Ledger:
    """The smallest store: what each Monday's reconcile returns, kept."""

    signals: dict[int, TrackedSignal] = field(default_factory=dict)
    next_id: int = 1
    previous: date | None = None
    opened: list[tuple[SignalKey, date]] = field(default_factory=list)
    slips: int = 0

    def moves(self, as_of: date) -> BaselineMoves:
        """The episodes this store leaves out of the baselines of a scan as of ``as_of``
        (an open signal's up to the Monday before, as the store's own feed gives them)."""
        scanned = self.previous if self.previous is not None and self.previous < as_of else None
        return BaselineMoves(exclude=episodes(self.signals.values(), as_of=as_of, scanned=scanned))

    def keep(self, report_as_of: date, done: Iterable[TrackedSignal], next_id: int) -> None:
        for item in done:
            before = self.signals.get(item.id)
            if before is None:
                self.opened.append((item.key, report_as_of))
            elif (
                before.settled_on is not None
                and item.settled_on is None
                and item.lifecycle in OPEN_LIFECYCLES
            ):
                self.slips += 1
            self.signals[item.id] = item
        self.next_id = next_id
        self.previous = report_as_of


@dataclass(frozen=True)
class Counted:
    """One log replayed under one rule."""

    mondays: int
    opened: int
    resolved: int
    flaps: int
    slips: int
    extra_weeks: float
    open_weeks: float
    quiet_after_drift: float | None  # weeks from the drift's end; None: still open


def replay(
    source: ReplaySource, *, grace_days: int, drift: tuple[frozenset[str], date] | None
) -> Counted:
    """Every Monday of ``source`` reconciled with a grace of ``grace_days`` (module doc);
    ``drift``: the checks a real drift moved and the day it ended, if any."""
    ledger = Ledger()
    mondays = 0
    quiet: date | None = None
    last = source.first_day()
    for report in source.weekly(moves=ledger.moves):
        as_of = report.as_of
        stored = [item for item in ledger.signals.values() if item.lifecycle in OPEN_LIFECYCLES]
        done = reconcile(
            report=report,
            open_signals=stored,
            decisions=(),
            first_id=ledger.next_id,
            previous_as_of=ledger.previous,
            now=datetime.combine(as_of + timedelta(days=1), time(9), tzinfo=UTC),
            grace_days=grace_days,
        )
        ledger.keep(as_of, done.signals, done.next_id)
        mondays += 1
        last = as_of
        if drift is not None and as_of >= drift[1]:
            still = any(
                item.check in drift[0] and item.lifecycle in OPEN_LIFECYCLES
                for item in ledger.signals.values()
            )
            quiet = None if still else (quiet or as_of)
    found = count(ledger, mondays=mondays, last=last)
    weeks = None if drift is None or quiet is None else (quiet - drift[1]).days / 7
    return replace(found, quiet_after_drift=weeks)


def count(ledger: Ledger, *, mondays: int, last: date) -> Counted:
    """Flaps, slips and extra weeks open of one replayed store."""
    resolved = [item for item in ledger.signals.values() if item.lifecycle == "resolved"]
    flaps = 0
    for item in resolved:
        closed = item.closed_on
        assert closed is not None
        if any(
            key == item.key and closed <= day <= closed + timedelta(days=FLAP_DAYS)
            for key, day in ledger.opened
        ):
            flaps += 1
    extra = sum(
        ((item.closed_on - item.settled_on).days if item.closed_on and item.settled_on else 0)
        for item in resolved
    )
    open_days = sum(
        ((item.closed_on or last) - item.first_scan).days for item in ledger.signals.values()
    )
    return Counted(
        mondays=mondays,
        opened=len(ledger.opened),
        resolved=len(resolved),
        flaps=flaps,
        slips=ledger.slips,
        extra_weeks=extra / 7,
        open_weeks=open_days / 7,
        quiet_after_drift=None,
    )


Source = tuple[str, ReplaySource, tuple[frozenset[str], date] | None]


def sources(folder: Path, *, seeds: int, corpus: bool) -> Iterable[Source]:
    """The corpus logs, then the simulated ones (with a drift that ends, and without)."""
    for log in LOGS if corpus else ():
        yield log, replay_source(CORPUS / log / "taut.yaml", con=None), None
    for seed in range(seeds):
        for name, drifts in (("drift", (DRIFT,)), ("stable", ())):
            sim = sales_handoff(seed=seed, start=SIM_START, weeks=SIM_WEEKS, drifts=drifts)
            contract = sim.write(folder / f"{name}-{seed}")
            moved = (
                (frozenset(sim.truth[0].checks), DRIFT.until)
                if drifts and DRIFT.until is not None
                else None
            )
            yield f"simulated {name}, seed {seed}", replay_source(contract, con=None), moved


def _quiet(value: float | None) -> str:
    return "open" if value is None else f"{value:.0f}"


def table(rows: list[tuple[str, Counted, Counted]]) -> str:
    """One line per log: before / with the grace."""
    lines = [
        "| log | Mondays | signals opened | resolved | flaps | slips caught by the grace "
        "| extra weeks open, resolved signals | signal-weeks open | weeks from a real "
        "drift's end to no signal open |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, before, after in rows:
        drift = (
            f"{_quiet(before.quiet_after_drift)} / {_quiet(after.quiet_after_drift)}"
            if "drift" in name
            else ""
        )
        lines.append(
            f"| {name} | {after.mondays} | {before.opened} / {after.opened} | "
            f"{before.resolved} / {after.resolved} | {before.flaps} / {after.flaps} | "
            f"{after.slips} | {after.extra_weeks:.0f} | "
            f"{before.open_weeks:.0f} / {after.open_weeks:.0f} | {drift} |"
        )

    def total(which: int, name: str) -> float:
        return float(sum(getattr(row[which], name) for row in rows))

    lines.append(
        f"| **all** | {total(2, 'mondays'):.0f} | {total(1, 'opened'):.0f} / "
        f"{total(2, 'opened'):.0f} | {total(1, 'resolved'):.0f} / {total(2, 'resolved'):.0f} "
        f"| {total(1, 'flaps'):.0f} / {total(2, 'flaps'):.0f} | {total(2, 'slips'):.0f} | "
        f"{total(2, 'extra_weeks'):.0f} | {total(1, 'open_weeks'):.0f} / "
        f"{total(2, 'open_weeks'):.0f} | |"
    )
    return "\n".join(lines)


def write_results(text: str) -> None:
    """Replace this script's block of RESULTS.md, adding its section the first time."""
    content = RESULTS.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n" + marked_block(SCRIPT, text)
    RESULTS.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Replay, count, write the block (module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seeds", type=int, default=3, help="simulated seeds of each kind")
    parser.add_argument("--no-corpus", action="store_true", help="simulated logs only")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS")
    args = parser.parse_args()
    rows: list[tuple[str, Counted, Counted]] = []
    with tempfile.TemporaryDirectory(prefix="taut-grace-") as folder:
        for name, source, drift in sources(
            Path(folder), seeds=args.seeds, corpus=not args.no_corpus
        ):
            before = replay(source, grace_days=0, drift=drift)
            after = replay(source, grace_days=GRACE_DAYS, drift=drift)
            rows.append((name, before, after))
            print(name, before, after, flush=True)
    text = (
        f"Weekly replays, each Monday reconciled with no grace (before) and with "
        f"{GRACE_DAYS} days of grace, each given its own store's baseline moves; each cell "
        "reads before / with the grace. Command: "
        f"`nice -n 10 .venv/bin/python benchmarks/grace.py --seeds {args.seeds}`.\n\n" + table(rows)
    )
    print(text)
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
