"""``taut scan --replay weekly``: every Monday of the log's past, then today's report.

The replay's reports come from :func:`taut.api.replay` in date order. Each Monday is
announced on standard error (a progress bar on a terminal, one line each otherwise); the
latest Monday's report, today's, is written to standard output as ``taut scan`` writes it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from taut.api import replay
from taut.cli.shell import err, guard, quiet, say
from taut.errors import ExitCode

if TYPE_CHECKING:
    from pathlib import Path

    from taut.signal import ScanReport
    from taut.signal.inputs.moves import BaselineMoves

SUNDAY = 6
RHYTHMS = ("weekly",)
"""The rhythms a replay knows (``--replay``)."""


def _usage(message: str) -> typer.Exit:
    say(err, ("error:", "bold red"), f" {message}")
    return typer.Exit(int(ExitCode.USAGE))


def replay_options(
    *, every: str | None, since: str | None, as_of: str | None
) -> tuple[str, date | None] | None:
    """The replay asked for by ``--replay`` and ``--since``; ``None`` for a plain scan.

    ``--since`` alone asks for the weekly replay from that day.

    Raises:
        typer.Exit: a usage error (exit 2), with a message naming the value and the fix.
    """
    if every is None and since is None:
        return None
    rhythm = every or "weekly"
    if rhythm not in RHYTHMS:
        raise _usage(
            f"--replay '{every}' is not a rhythm taut replays. Use --replay weekly (a scan "
            "every Monday of the log's past)."
        )
    if as_of is not None:
        raise _usage(
            f"--as-of {as_of} cannot be combined with --replay: a replay runs up to the log's "
            "last day. Leave --as-of out, and use --since to start the replay later."
        )
    day = None
    if since is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
                raise ValueError(since)
            day = date.fromisoformat(since)
        except ValueError:
            raise _usage(
                f"--since '{since}' is not a date. Write it as YYYY-MM-DD, e.g. --since 2025-04-07."
            ) from None
    return rhythm, day


def _line(done: int, report: ScanReport) -> str:
    """One Monday's line: ``5. Monday 2025-04-07 (as of 2025-04-06): 1 signal, 2 watching``."""
    day = report.as_of
    scan = (
        f"Monday {(day + timedelta(days=1)).isoformat()} (as of {day.isoformat()})"
        if day.weekday() == SUNDAY
        else f"the latest data (as of {day.isoformat()})"
    )
    signals = len(report.signals)
    return (
        f"{done}. {scan}: {signals} {'signal' if signals == 1 else 'signals'}, "
        f"{len(report.watching)} watching"
    )


@contextlib.contextmanager
def _announcer() -> Iterator[Callable[[str], None]]:
    """Where each Monday is announced: a progress line on a terminal, else a line each
    (nowhere with --quiet)."""
    if quiet():
        yield lambda _line: None
        return
    if not err.is_terminal:
        yield lambda line: say(err, line)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("replaying the log's Mondays", total=None)
        last: list[str] = []

        def update(line: str) -> None:
            progress.update(task, description=line)
            last[:] = [line]

        yield update
    if last:  # the bar is gone: the last Monday's line stays
        say(err, last[0])


def _guarded(reports: Iterator[ScanReport]) -> Iterator[ScanReport]:
    """``reports``, with taut's errors while computing one reported as ``guard`` does."""
    while (report := guard(lambda: next(reports, None))) is not None:
        yield report


def announce_mondays(
    reports: Iterator[ScanReport], *, keep: Callable[[ScanReport], None] | None = None
) -> ScanReport | None:
    """Compute ``reports`` one by one, announcing each Monday on standard error; the last.

    ``keep`` is called with each report, in date order, as it is announced.

    Raises:
        typer.Exit: taut's errors, as :func:`~taut.cli.shell.guard` reports them.
    """
    latest: ScanReport | None = None
    with _announcer() as announce:
        for done, report in enumerate(_guarded(reports), start=1):
            announce(_line(done, report))
            if keep is not None:
                keep(report)
            latest = report
    return latest


def run_replay(
    contract: Path,
    *,
    since: date | None,
    keep: Callable[[ScanReport], None] | None = None,
    moves: Callable[[date], BaselineMoves] | None = None,
    latest: bool = True,
) -> ScanReport | None:
    """Replay every Monday, announcing each on standard error; the latest report.

    ``keep`` is called with each Monday's report, in date order, as it is announced: the
    scan command keeps each in the state store there. ``moves`` gives each Monday the
    decisions in force (:func:`taut.api.replay`); with ``latest=False`` the replay stops
    before today's report (``None`` when no Monday came before it).

    Raises:
        typer.Exit: taut's errors, as :func:`~taut.cli.shell.guard` reports them.
    """
    reports = guard(
        lambda: replay(contract, every="weekly", since=since, moves=moves, latest=latest)
    )
    found = announce_mondays(reports, keep=keep)
    if found is None and latest:  # pragma: no cover - a replay ends with today's report
        raise typer.Exit(int(ExitCode.INPUT))
    return found
