"""``taut scan``: where follow-through is loosening, in the analyst's formats."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Annotated, Literal

import typer

from taut.api import explain, scan
from taut.brief import BriefFormat, render
from taut.cli.replay import replay_options, run_replay
from taut.cli.shell import ContractArg, app, err, guard, say
from taut.errors import ExitCode
from taut.signal import severity

FailOn = Literal["drifting", "loosening", "never"]


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
            "--fail-on", help="Exit 1 when a signal is at or above: drifting, loosening, never."
        ),
    ] = "drifting",
    insight: Annotated[
        bool,
        typer.Option(
            "--insight/--no-insight",
            help="Explain each signal: the conditions behind it, how widespread, what follows.",
        ),
    ] = True,
    *,
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
) -> None:
    """Where is follow-through loosening? Signals, what to watch, and the most fragile areas.

    Exits 0 when nothing is at or above --fail-on, 1 when something is, 2 for a usage or
    contract error, 3 when the log cannot be used.

    --replay weekly scans every Monday of the log's past (each as of the Sunday before),
    announces each on standard error and writes the latest report, today's:

        taut scan taut.yaml --replay weekly --since 2025-04-07
    """
    day = _as_of(as_of)
    replaying = replay_options(every=replay_every, since=since, as_of=as_of)
    if replaying is not None:
        latest = run_replay(contract, since=replaying[1])
        if insight:  # explained for the latest Monday only: a past Monday's insight is not kept
            explained = guard(lambda: explain(contract))
            sys.stdout.write(render(explained.report, fmt=fmt, insights=explained.insights))
        else:
            sys.stdout.write(render(latest, fmt=fmt))
        report = latest
    elif insight:
        explained = guard(lambda: explain(contract, as_of=day))
        report = explained.report
        sys.stdout.write(render(report, fmt=fmt, insights=explained.insights))
    else:
        report = guard(lambda: scan(contract, as_of=day))
        sys.stdout.write(render(report, fmt=fmt))
    for item in report.thin:
        say(err, ("! warning", "yellow"), f"  {item.message()}")
    if fail_on != "never" and severity(report.worst_state) >= severity(fail_on):
        raise typer.Exit(int(ExitCode.SIGNALS))
