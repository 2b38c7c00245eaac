"""History from the first run: the reports of a scan every Monday of the log's past
(``replay``; docs/scan.md, "Replay")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis

from taut.api.scanning import scan_inputs, stored_outcomes
from taut.errors import UsageError
from taut.ingest.connection import scan_memory
from taut.signal import ScanReport
from taut.signal.inputs.moves import BaselineMoves
from taut.signal.replay import (
    ReplaySource,
    case_times,
    team_days,
    team_people_timeline,
    weekly_days,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


def replay(
    contract: str | Path,
    *,
    every: Literal["weekly"] = "weekly",
    since: date | None = None,
    con: ibis.BaseBackend | None = None,
    moves: Callable[[date], BaselineMoves] | None = None,
    latest: bool = True,
) -> Iterator[ScanReport]:
    """The reports of a scan every Monday of the log's past, in date order (history).

    Each Monday's scan sees the data up to the end of the Sunday before (its ``as_of``);
    the last report is today's, as of the log's last day, the report :func:`scan` gives.
    Mondays before the first one with data after the baseline are left out. The log is
    read and the checks evaluated once; each Monday's cases are cut from them
    (:mod:`taut.signal.replay`). A report equals ``scan(contract, as_of=that Sunday)``
    but for the differences docs/scan.md lists ("Replay"). No insight is computed for a
    past Monday: :func:`explain` gives the latest one's.

    With ``moves``, each Monday is read against the decisions in force that day: the
    restarts and excluded episodes ``moves(as_of)`` gives, asked only after the Monday
    before has been handed on (so a caller that keeps each Monday in the state store can
    answer from the store as the earlier Mondays left it: :class:`taut.api.StoreMoves`).
    Without it no baseline moves, as with ``taut scan --no-store``.

    Args:
        contract: the path of ``taut.yaml``.
        every: how often taut would have scanned (``weekly``: every Monday).
        since: start later: only the Mondays on or after this day.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        moves: the decisions in force on each Monday (its ``as_of``); ``None``: none.
        latest: end with today's report (as of the log's last day); ``False`` stops
            after the last Sunday before it, without computing today's (for a caller that
            scans today with :func:`explain`).

    Returns:
        An iterator of :class:`ScanReport`; the log is read before it is returned, so a
        bad contract or log raises here, and each report is computed as it is asked for.

    Raises:
        ContractError, InputError: as :func:`scan`.
        UsageError: ``since`` is after the log's last day.
        InsufficientDataError: no Monday of the log has data after the baseline.
    """
    if every != "weekly":
        raise UsageError(f"--replay '{every}' is not a rhythm taut replays. Use --replay weekly.")
    source = replay_source(contract, con=con)
    last = source.last_day()
    if since is not None and since > last:
        raise UsageError(
            f"--since {since.isoformat()} is after the log's last day ({last.isoformat()}), "
            f"so there is no Monday to replay. Choose a day up to {last.isoformat()}, or "
            "leave --since out to replay from the first Monday."
        )
    if latest:
        return source.weekly(since=since, moves=moves)
    days = weekly_days(first=source.first_day(), last=last, since=since)
    return mondays(source, since=since, through=days[-2] if len(days) > 1 else None, moves=moves)


def mondays(
    source: ReplaySource,
    *,
    since: date | None,
    through: date | None,
    moves: Callable[[date], BaselineMoves] | None,
) -> Iterator[ScanReport]:
    """The weekly replay's reports from ``since`` up to the one as of ``through``
    (``None``: none), never computing a later one."""
    if through is None:
        return
    for report in source.weekly(since=since, moves=moves):
        if report.as_of > through:  # pragma: no cover - only when every day was skipped
            return
        yield report
        if report.as_of >= through:
            return


def replay_source(contract: str | Path, *, con: ibis.BaseBackend | None) -> ReplaySource:
    """What every Monday of a replay is cut from: the log read, the checks evaluated, once."""
    model, log, people, workspace = scan_inputs(contract, as_of=None, con=con)
    # Teams are held back per Monday (fewer than five people seen by then), so the outcomes
    # are stored with every team's own name.
    table = stored_outcomes(model, log, people=None, workspace=workspace)
    with scan_memory(table.get_backend()):
        return ReplaySource(
            contract=model,
            timezone=log.timezone,
            data_start=log.data_start or log.data_end,
            data_end=log.data_end,
            times=case_times(table, contract=model),
            team_days=team_days(model, log),
            people=team_people_timeline(log) if people is not None else None,
        )
