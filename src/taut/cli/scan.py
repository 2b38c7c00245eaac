"""``taut scan``: where follow-through is loosening, in the analyst's formats."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from taut.api import Explained, JudgedScan, Keeper, explain, judged_scan
from taut.brief import BriefFormat, render
from taut.brief.lifecycle import has_new
from taut.cli.keeping import (
    Kept,
    after_scan,
    before_scan,
    caught_up,
    exit_if_failed,
    for_its_day,
    keep_replayed,
    replay_note,
    stored_feed,
)
from taut.cli.notifying import notify_options, send_news
from taut.cli.progress import working
from taut.cli.replay import replay_options, run_replay
from taut.cli.shell import ContractArg, app, err, guard, say
from taut.errors import ExitCode
from taut.signal import severity
from taut.signal.report import ScanReport
from taut.store.records import Memory

FailOn = Literal["new", "drifting", "loosening", "never"]


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        say(
            err,
            ("error:", "bold red"),
            f" --as-of '{value}' is not a date. Write it as YYYY-MM-DD, e.g. --as-of 2025-04-30.",
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None


@app.command("scan")
def scan_command(
    contract: ContractArg,
    *,
    fmt: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="text, md, html or json.")
    ] = "text",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Evaluate as if the data ended that day (YYYY-MM-DD)."),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a signal is at or above: drifting, loosening, never; or when "
            "a signal is new this week: new (without a store, every drifting one).",
        ),
    ] = "drifting",
    insight: Annotated[
        bool,
        typer.Option(
            "--insight/--no-insight",
            help="Explain each signal: the conditions behind it, how widespread, what follows, "
            "and what would steady it.",
        ),
    ] = True,
    store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Keep the scan in the state store, so each signal has a life across scans "
            "(new, ongoing, resolved ...; docs/store.md).",
        ),
    ] = True,
    replay_every: Annotated[
        str | None,
        typer.Option(
            "--replay",
            help="Replay the log's past: a scan every Monday (weekly), then today's report.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Replay from this day on (YYYY-MM-DD); implies --replay."),
    ] = None,
    notify_: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Send this scan's news (new signals, changes' verdicts), each item once, to "
            "the contract's notify: webhook and e-mail (docs/notify.md).",
        ),
    ] = False,
) -> None:
    """Where is follow-through loosening? Signals, what to watch, and the most fragile areas.

    Each scan is kept in the contract's state store (.taut/state.db beside it, unless
    TAUT_DATABASE_URL or the contract's state: {url} names another); --no-store skips it.

    Exits 0 when nothing is at or above --fail-on, 1 when something is, 2 for a usage or
    contract error, 3 when the log cannot be used, 4 when the state store cannot be opened
    or written (the report is printed all the same), 6 when --notify could not send.
    --fail-on new exits 1 only when the store marks a signal new this week (a scheduled
    job's alarm); without a store every drifting signal counts as new.

    --replay weekly scans every Monday of the log's past (each as of the Sunday before,
    against the decisions the store holds by then), keeps each in the store, announces
    each on standard error and writes the latest report, today's. A kept scan whose store
    missed Mondays since its latest scan replays them into it first (docs/store.md).

    --notify sends what is new after the report is written and the scan kept; a delivery
    that fails is reported and exits 6, and the next run sends it again.

    Examples: taut scan taut.yaml --format md > brief.md
              taut scan taut.yaml --replay weekly --since 2025-04-07
              TAUT_WEBHOOK_URL=https://hooks.slack.com/services/... taut scan taut.yaml --notify
    """
    day = _as_of(as_of)
    replaying = replay_options(every=replay_every, since=since, as_of=as_of)
    targets = notify_options(contract, notify_=notify_, store=store)
    kept = before_scan(contract, store=store, as_of=day)
    latest = None
    if replaying is not None:
        # With the insight, today is scanned (and explained, and kept) once, below, against
        # the store the replayed Mondays filled; without it, the replay's own report is it.
        kept, latest = _replay(
            contract, since=replaying[1], kept=kept, store=store, today=not insight
        )
    elif day is not None:
        kept = caught_up(contract, kept=kept, store=store, as_of=day, scan_as_of=day)

    def compute(kept: Kept) -> tuple[Explained | None, JudgedScan]:
        with working("Reading the log and scanning"):
            if insight:
                done = guard(
                    lambda: explain(
                        contract,
                        as_of=day,
                        restarts=kept.restarts,
                        exclude=kept.exclude,
                        recorded=kept.recorded,
                    )
                )
                return done, JudgedScan(report=done.report, changes=done.changes)
            if latest is not None:
                return None, JudgedScan(report=latest)
            return None, guard(
                lambda: judged_scan(
                    contract,
                    as_of=day,
                    restarts=kept.restarts,
                    exclude=kept.exclude,
                    recorded=kept.recorded,
                )
            )

    explained, judged = compute(kept)
    if replaying is None and day is None:
        # Today's day is known once the log is read: the Mondays the store missed before it
        # are caught up, and today is scanned again if its own day's moves differ.
        redo = for_its_day(contract, kept=kept, store=store, day=judged.report.as_of)
        if redo is not None:
            kept = redo
            if kept.error is None:
                explained, judged = compute(kept)
    report, changes = judged.report, judged.changes
    kept = after_scan(contract, kept=kept, store=store, report=report, answered=changes)
    if explained is not None:
        sys.stdout.write(
            render(
                report,
                fmt=fmt,
                insights=explained.insights,
                memory=kept.memory,
                reinforcements=explained.reinforcements,
                changes=explained.changes,
            )
        )
    else:
        sys.stdout.write(render(report, fmt=fmt, memory=kept.memory, changes=changes))
    for item in report.thin:
        say(err, ("! warning", "yellow"), f"  {item.message()}")
    if targets is not None and kept.error is not None:
        say(
            err,
            ("! note", "yellow"),
            "  --notify sent nothing: the state store, which keeps news from being sent "
            "twice, could not be used (below).",
        )
    exit_if_failed(kept)
    if targets is not None and not send_news(
        contract,
        targets=targets,
        report=report,
        memory=kept.memory,
        insights=explained.insights if explained else (),
        reinforcements=explained.reinforcements if explained else (),
        changes=changes,
    ):
        raise typer.Exit(int(ExitCode.NOTIFY))
    if _fails(report, memory=kept.memory, fail_on=fail_on):
        raise typer.Exit(int(ExitCode.SIGNALS))


def _replay(
    contract: Path, *, since: date | None, kept: Kept, store: bool, today: bool
) -> tuple[Kept, ScanReport | None]:
    """Replay every Monday of the log's past, keeping each in the store (unless --no-store),
    each read against the decisions the store holds by then (:class:`taut.api.StoreMoves`);
    with ``today``, today's report too. What the store says after the last one (for a scan
    of today), and the latest report computed."""
    skipped = 0
    feed = stored_feed(contract, kept=kept, store=store)

    keeper = Keeper(contract)

    def keep(report: ScanReport) -> None:
        nonlocal kept, skipped
        kept = keep_replayed(contract, kept=kept, store=store, report=report, keeper=keeper)
        skipped += store and kept.error is None and kept.memory is None
        if feed is not None:
            feed.keep(kept.memory)

    with keeper:
        latest = run_replay(contract, since=since, keep=keep, moves=feed, latest=today)
    replay_note(skipped=skipped)
    if store and kept.error is None:
        kept = before_scan(contract, store=store, as_of=None)
    return kept, latest


def _fails(report: ScanReport, *, memory: Memory | None, fail_on: FailOn) -> bool:
    """Whether ``--fail-on`` asks for exit 1 on this scan."""
    if fail_on == "new":
        return has_new(report, memory=memory)
    return fail_on != "never" and severity(report.worst_state) >= severity(fail_on)
