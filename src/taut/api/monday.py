"""The Monday brief: one read of the log gives the scan, its insights and
reinforcements, the store's memory, the recorded changes and the charts' series (``briefing``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.api.catchup import catch_up, missed_mondays
from taut.api.explaining import Explained
from taut.api.judging import judged_scan_parts
from taut.api.memory import remember, stored_moves
from taut.api.recorded import Recorded, recorded_changes
from taut.api.scanning import playbook_path
from taut.errors import UsageError, did_you_mean
from taut.ingest.connection import scan_memory
from taut.outcomes import evaluate_lagging
from taut.signal.inputs.casebook import read_casebook

if TYPE_CHECKING:
    from collections.abc import Sequence

    from taut.brief.briefing import Audience, Briefing, CheckSeries


def briefing(
    contract: str | Path,
    *,
    as_of: date | None = None,
    audience: Audience = "coo",
    store: bool = True,
    now: datetime | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    recorded: Recorded | None = None,
) -> Briefing:
    """Everything the Monday brief shows, as records (``taut brief`` renders them).

    The log is read once: the recorded changes judged and the scan (against the store's
    restarts and resolved episodes, a working change restarting its check's baseline, as
    ``taut scan``), each signal's insight and reinforcements, and the weekly series the
    charts draw; then, with ``store``, the scan is kept in the state store like ``taut
    scan`` keeps it (a working change closing the signal it answers), and its memory (each
    signal's life, new since last week) comes back with it. Reading the store's moves, a
    store whose latest scan is more than a week before this one first has the Mondays it
    missed replayed into it (:func:`taut.api.catch_up`; docs/store.md).

    Args:
        contract: the path of ``taut.yaml``.
        as_of: evaluate as if the data ended that local day; ``None`` uses all the data.
        audience: ``coo``, ``chro`` or ``ld``: the brief's emphasis, never its analysis.
        store: read and keep the scan in the state store (``False``: no memory).
        now: when the scan ran (default: the clock), for the store.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        restarts, exclude: decisions that move a check's baseline, as :func:`scan`;
            ``None`` reads them from the store (with ``store``; else none).
        recorded: the recorded changes to judge (:func:`recorded_changes`); ``None``
            reads them from the store (with ``store``; else none). ``taut brief`` reads
            these three itself, and keeps the scan itself, so a store that fails never
            costs the brief.

    Raises:
        ContractError, UsageError, InputError, InsufficientDataError: as :func:`explain`.
        StoreError: the store cannot be opened, read or written.
    """
    from taut.brief.briefing import AUDIENCES, Briefing  # noqa: PLC0415

    if audience not in AUDIENCES:
        raise UsageError(
            f"--for '{audience}' is not an audience of the brief. Use one of "
            f"{', '.join(AUDIENCES)}.{did_you_mean(audience, AUDIENCES)}"
        )
    from_store = store and restarts is None and exclude is None
    if from_store and as_of is not None:
        _catch_up(contract, as_of=as_of, now=now)
    if from_store:
        restarts, exclude = stored_moves(contract, as_of=as_of)
    if store and recorded is None:
        recorded = recorded_changes(contract)
    found, series = _briefing_parts(
        contract,
        as_of=as_of,
        con=con,
        restarts=restarts or {},
        exclude=exclude or {},
        recorded=recorded or Recorded(),
    )
    if from_store and as_of is None:
        # Today's day is known once the log is read: the Mondays the store missed before
        # it are kept, and today is read again if the moves of its own day differ.
        day = found.report.as_of
        _catch_up(contract, as_of=day, now=now)
        moved = stored_moves(contract, as_of=day)
        if moved != (restarts, exclude):
            restarts, exclude = moved
            found, series = _briefing_parts(
                contract,
                as_of=None,
                con=con,
                restarts=restarts,
                exclude=exclude,
                recorded=recorded or Recorded(),
            )
    memory = remember(contract, found.report, now=now, answered=found.changes) if store else None
    return Briefing(
        report=found.report,
        insights=found.insights,
        reinforcements=found.reinforcements,
        memory=memory,
        changes=found.changes,
        series=series,  # every series the charts draw (taut.brief.charts.series_for)
        audience=audience,
    )


def _catch_up(contract: str | Path, *, as_of: date, now: datetime | None) -> None:
    """Keep in the store the Mondays it missed before ``as_of``."""
    for _ in catch_up(contract, days=missed_mondays(contract, as_of=as_of), now=now):
        pass


def _briefing_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date],
    exclude: Mapping[str, Sequence[tuple[date, date]]],
    recorded: Recorded,
) -> tuple[Explained, tuple[CheckSeries, ...]]:
    """:func:`explain`'s judged changes, scan, insights and reinforcements, and the charts'
    weekly series, from one read of the log (the series read the scan's stored outcomes)."""
    from taut.brief.charts import series_for  # noqa: PLC0415
    from taut.insight import explain_signals  # noqa: PLC0415
    from taut.reinforce import load_playbook, recommend  # noqa: PLC0415

    model, log, table, report, judged = judged_scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude, recorded=recorded
    )
    book = load_playbook(path=playbook_path(contract, contract_model=model))
    with scan_memory(table.get_backend()):
        lagging = evaluate_lagging(model, log) if model.outcomes else None
        insights = explain_signals(
            report=report, outcomes=table, contract=model, log=log, lagging=lagging
        )
        series = series_for(read_casebook(table, contract=model), contract=model, report=report)
    steady = recommend(report=report, insights=insights, playbook=book, contract=model)
    explained = Explained(report=report, insights=insights, reinforcements=steady, changes=judged)
    return explained, series
