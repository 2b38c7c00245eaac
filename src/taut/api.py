"""The Python API: the same steps as the ``taut`` command, returning tables and records.

::

    import taut.api as api
    table = api.outcomes("taut.yaml")   # lazy Ibis table
    frame = table.to_pandas()           # computed

Every function takes the contract's path and returns Ibis tables (lazy; call ``.to_pandas()``
or ``.to_pyarrow()`` to compute them) or frozen records. Errors are :class:`taut.errors.TautError`
subclasses with readable messages.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis

from taut.contract import Contract, ContractFile, load_contract
from taut.contract.document import read_document
from taut.errors import InputError, StoreError, UsageError, cap_examples, did_you_mean
from taut.ingest import EventLog, read_log
from taut.ingest.clip import clip_log
from taut.ingest.connection import scan_memory
from taut.ingest.load import DuplicateRows
from taut.ingest.people import hold_back_teams, team_people
from taut.ingest.span import log_span, refuse_as_of, refuse_baseline, short_of_baseline
from taut.outcomes import evaluate_checks, evaluate_lagging
from taut.outcomes.scope import checks_without_outcomes, refuse_empty_scopes
from taut.reinforce.changes import Change, Effect, JudgedChange
from taut.signal import ScanReport, scan_outcomes, slice_states
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.clock import hours_since_epoch, last_data_day
from taut.signal.inputs.window import (
    BaselineWindow,
    ThinBaseline,
    baseline_window,
    refuse_empty_baseline,
    thin_baselines,
    trim_to_window,
)
from taut.signal.replay import ReplaySource, case_times, team_days, team_people_timeline

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    import ibis.expr.types as ir

    from taut.brief.briefing import Audience, Briefing, CheckSeries
    from taut.insight import Insight
    from taut.reinforce import Playbook, Recommendation
    from taut.signal import CheckState
    from taut.simulate.story import DemoStory, PlannedChange
    from taut.store.database import Store
    from taut.store.records import DecisionKind, History, Memory, TrackedSignal


@dataclass(frozen=True, kw_only=True)
class StoreHistory:
    """What :func:`history` found: the store (URL, password masked) and its history."""

    store: str
    history: History


@dataclass(frozen=True)
class Workspace:
    """A loaded contract and the event log it points at."""

    contract_file: ContractFile
    log: EventLog


def open_workspace(
    contract: str | Path,
    *,
    con: ibis.BaseBackend | None = None,
    duplicates: DuplicateRows = "drop",
    scopes: Literal["refuse", "defer"] = "refuse",
) -> Workspace:
    """Load ``taut.yaml`` and read the event log it names (problems are collected, not raised).

    Args:
        contract: the path of ``taut.yaml``.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        duplicates: ``drop`` removes and counts exact duplicate rows (what ``taut check``
            reports); ``keep`` skips that pass, which is safe wherever only outcomes are
            computed, since exact repeats cannot change an outcome.
        scopes: ``refuse`` checks here that each ``where`` admits a case; ``defer``
            leaves it to the caller, who stores the outcomes (a scan: :func:`_stored_outcomes`).

    Raises:
        ContractError: the contract cannot be read or breaks a rule, or its
            ``baseline.until`` lies outside the log (:mod:`taut.ingest.span`), or a check's
            ``where`` admits no case of the log (:mod:`taut.outcomes.scope`).
        InputError: the log cannot be read at all (missing file or columns).
    """
    contract_file = load_contract(contract)
    log = read_log(
        contract_file.contract, path=contract_file.source_path, con=con, duplicates=duplicates
    )
    span = log_span(log)
    if span is not None and contract_file.contract.baseline.until is not None:
        document = read_document(contract_file.path.read_text(encoding="utf-8-sig"))
        refuse_baseline(
            contract_file.contract,
            span=span,
            file=contract_file.path,
            line=document.line_of(("baseline", "until")),
        )
    workspace = Workspace(contract_file=contract_file, log=log)
    scoped = any(check.where for _, check in contract_file.contract.checks)
    if scopes == "refuse" and not log.errors and scoped:
        _refuse_empty_scopes(workspace)
    short = short_of_baseline(contract_file.contract, span=span) if span is not None else None
    if short is not None:
        warnings = (*contract_file.warnings, short)
        contract_file = dataclasses.replace(contract_file, warnings=warnings)
    return Workspace(contract_file=contract_file, log=log)


def outcomes(contract: str | Path, *, con: ibis.BaseBackend | None = None) -> ir.Table:
    """One row per case and applicable check, with status, value and conditions.

    Raises:
        ContractError: the contract cannot be read or breaks a rule, or a check's ``where``
            admits no case of the log.
        InputError: the log cannot be read, or has errors that make the checks meaningless
            (run ``taut check`` to see them all).
    """
    contract_file = load_contract(contract)
    model = contract_file.contract
    # Exact repeats cannot change an outcome: the log is read without the duplicate pass.
    # The person column is read only when it is needed: to hold back small teams, and to
    # refuse conditions that hold people's values (taut.ingest.people).
    small = model.columns.team is not None and not model.privacy.show_small_teams
    log = read_log(
        model,
        path=contract_file.source_path,
        con=con,
        duplicates="keep",
        people=small or bool(model.conditions),
        local_times=False,
    )
    if log.errors:
        raise InputError(log.errors)
    if any(check.where for _, check in model.checks):
        # A check whose where admits no case would silently export no row for it.
        document = read_document(contract_file.path.read_text(encoding="utf-8-sig"))
        refuse_empty_scopes(model, log=log, file=contract_file.path, line_of=document.line_of)
    return hold_back_teams(evaluate_checks(model, log), people=team_people(log, contract=model))


def review_baseline(workspace: Workspace) -> tuple[BaselineWindow, tuple[ThinBaseline, ...]] | None:
    """The baseline window a scan of all the data would take, and the checks it leaves thin.

    ``None`` when the log has errors or no check applies to a case (``taut check`` reports
    those), or when the data ends inside the window (``taut check`` warns of that).

    Raises:
        InsufficientDataError: a written ``baseline.until`` is before a check's first case.
    """
    log, model = workspace.log, workspace.contract_file.contract
    if log.errors:
        return None
    book = read_casebook(evaluate_checks(model, log).to_pyarrow(), contract=model)
    if not any(cases.size for cases in book.values()):
        return None
    as_of = last_data_day(hours_since_epoch(log.data_end), timezone=log.timezone)
    window = baseline_window(model, book, as_of=as_of)
    if as_of <= window.until:
        return None
    refuse_empty_baseline(model, book, window=window)
    book = trim_to_window(book, window=window)
    return window, thin_baselines(model, book, window=window)


@dataclass(frozen=True)
class Explained:
    """A scan and, for each of its signals in order, the plain-English insight and the
    reinforcements that would steady it (:func:`taut.reinforce.recommend`)."""

    report: ScanReport
    insights: tuple[Insight, ...]
    reinforcements: tuple[Recommendation, ...] = ()
    changes: tuple[JudgedChange, ...] = ()
    """The recorded changes with their verdicts as of the scan (given ``recorded``)."""


def _scan_inputs(
    contract: str | Path, *, as_of: date | None, con: ibis.BaseBackend | None
) -> tuple[Contract, EventLog, dict[str, int] | None, Workspace]:
    """The contract, the log (clipped to ``as_of``), its people per team, and the whole
    workspace (for :func:`_stored_outcomes`' scope check).

    The check that each ``where`` admits a case is left to :func:`_stored_outcomes`,
    which answers it from the outcomes it stores anyway (a pass over every case less).
    """
    workspace = open_workspace(contract, con=con, duplicates="keep", scopes="defer")
    if workspace.log.errors:
        raise InputError(workspace.log.errors)
    span = log_span(workspace.log)
    if as_of is not None and span is not None:
        refuse_as_of(as_of, span=span)
    log = workspace.log if as_of is None else clip_log(workspace.log, as_of=as_of)
    model = workspace.contract_file.contract
    return model, log, team_people(log, contract=model), workspace


def _stored_outcomes(
    model: Contract, log: EventLog, *, people: dict[str, int] | None, workspace: Workspace
) -> ir.Table:
    """The outcomes computed once into a temporary table on the log's own connection.

    The scan reads each check's columns from it in turn and the insights only their
    signals' checks, so the whole table never sits in memory as Arrow or pandas: the
    database keeps it within its memory limit and spills the rest to the run's own folder
    (:mod:`taut.ingest.connection`).

    A scoped check with outcomes has a ``where`` that admits cases; only when one has
    none is the whole log's scope check run (:func:`_refuse_empty_scopes`), which raises
    for a ``where`` that admits no case at all, exactly as :func:`open_workspace` does.
    """
    outcomes = hold_back_teams(evaluate_checks(model, log), people=people)
    name = f"taut_outcomes_{uuid.uuid4().hex[:12]}"
    table = outcomes.get_backend().create_table(name, outcomes, temp=True)
    if checks_without_outcomes(model, outcomes=table):
        _refuse_empty_scopes(workspace)
    return table


def _refuse_empty_scopes(workspace: Workspace) -> None:
    """:func:`refuse_empty_scopes` on the whole log, naming the contract's lines."""
    contract_file = workspace.contract_file
    document = read_document(contract_file.path.read_text(encoding="utf-8-sig"))
    refuse_empty_scopes(
        contract_file.contract, log=workspace.log, file=contract_file.path, line_of=document.line_of
    )


def _scan_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[Contract, EventLog, ir.Table, ScanReport]:
    model, log, people, workspace = _scan_inputs(contract, as_of=as_of, con=con)
    # The outcomes are computed once; the scan and the insights both read this one table.
    table = _stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        report = scan_outcomes(
            table,
            contract=model,
            data_end=log.data_end,
            timezone=log.timezone,
            people=people,
            restarts=restarts,
            exclude=exclude,
        )
    return model, log, table, report


def scan(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> ScanReport:
    """Scan every check: states, the few signals worth raising, and fragility.

    Args:
        contract: the path of ``taut.yaml``.
        as_of: evaluate as if the data ended at the end of this local day (back-testing),
            a day from the log's first to its last; ``None`` uses all the data.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        restarts: check id -> the local day its baseline restarts (a rebaselined signal:
            its cases before that day are no longer its normal; see "Baselines that move
            with decisions" in docs/scan.md); ``None`` for none.
        exclude: check id -> drift episodes, each its first and last local day, left out
            of the check's baseline (resolved signals); ``None`` for none.

    Raises:
        ContractError: the contract cannot be read or breaks a rule.
        UsageError: ``as_of`` is outside the days the log covers, or ``restarts`` or
            ``exclude`` names a check not in the contract or a day outside the data.
        InputError: the log cannot be read or has errors.
        InsufficientDataError: no case after the baseline window.
    """
    return _scan_parts(contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude)[3]


def states(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[CheckState, ...]:
    """Every watched slice's state, before the alert budget picks the few to raise.

    A slice is one metric of a check, as a whole or in one segment (a team, a workload
    level, a weekday, a declared condition); steady ones are included. :func:`scan` shows
    only the lead slice of each check; this is all of them, e.g. for a back-test that
    counts every slice raised.

    Args:
        contract: the path of ``taut.yaml``.
        as_of: evaluate as if the data ended at the end of this local day.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        restarts, exclude: decisions that move a check's baseline, as :func:`scan`.

    Raises:
        ContractError, UsageError, InputError, InsufficientDataError: as :func:`scan`.
    """
    model, log, people, workspace = _scan_inputs(contract, as_of=as_of, con=con)
    table = _stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        return slice_states(
            table,
            contract=model,
            data_end=log.data_end,
            timezone=log.timezone,
            people=people,
            restarts=restarts,
            exclude=exclude,
        )


def explain(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    recorded: Recorded | None = None,
) -> Explained:
    """Scan every check and explain each signal: conditions, spread and consequences, and
    what would steady it (up to three reinforcements from the playbook, or what to look at
    first: :func:`taut.reinforce.recommend`, ``docs/reinforce.md``).

    Takes the same arguments and raises the same errors as :func:`scan`, and
    ContractError when the contract's own playbook (``reinforce: playbook``) cannot be read
    or breaks a rule. With ``recorded`` (:func:`recorded_changes`), each recorded change is
    judged from the same read of the log and a working one restarts its check's baseline
    on its day (:func:`judged_scan`); the verdicts are ``Explained.changes``.
    """
    # Explaining needs pandas; importing it here keeps the other commands' start-up short.
    from taut.insight import explain_signals  # noqa: PLC0415
    from taut.reinforce import load_playbook, recommend  # noqa: PLC0415

    model, log, table, report, judged = _judged_scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude, recorded=recorded
    )
    # The user's playbook is read before the insight's work, so a broken one fails fast.
    book = load_playbook(path=playbook_path(contract, contract_model=model))
    with scan_memory(table.get_backend()):
        lagging = evaluate_lagging(model, log) if model.outcomes else None
        insights = explain_signals(
            report=report, outcomes=table, contract=model, log=log, lagging=lagging
        )
    steady = recommend(report=report, insights=insights, playbook=book, contract=model)
    return Explained(report=report, insights=insights, reinforcements=steady, changes=judged)


def playbook(contract: str | Path) -> Playbook:
    """The playbook a scan of ``contract`` recommends from: taut's shipped one, extended by
    the contract's own (``reinforce: {playbook: path}``, see ``docs/reinforce.md``).

    Raises:
        ContractError: the contract or the playbook cannot be read or breaks a rule.
    """
    from taut.reinforce import load_playbook  # noqa: PLC0415

    model = load_contract(contract).contract
    return load_playbook(path=playbook_path(contract, contract_model=model))


def playbook_path(contract: str | Path, *, contract_model: Contract) -> Path | None:
    """The user's own playbook (``reinforce: playbook``), resolved against the folder of
    ``contract``, as every relative path of the contract is; ``None`` when none is named."""
    named = contract_model.reinforce.playbook
    if named is None:
        return None
    return Path(contract).expanduser().resolve().parent / Path(named).expanduser()


def history(
    contract: str | Path,
    *,
    check: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> StoreHistory:
    """The scans kept in the contract's state store, and its signals' lives over time.

    Reads only: a SQLite store that does not exist yet is not made (the history is empty).

    Args:
        contract: the path of ``taut.yaml``.
        check: only this check's signals (a check of the contract); all when ``None``.
        environ: where ``TAUT_DATABASE_URL`` is read (default: this process's environment).

    Raises:
        ContractError: the contract cannot be read.
        UsageError: ``check`` is not a check of the contract.
        StoreError: the store cannot be opened or read.
    """
    # The store's modules load SQLAlchemy: imported here so other commands start quickly.
    from taut.store.database import open_store  # noqa: PLC0415
    from taut.store.database.engine import shown  # noqa: PLC0415
    from taut.store.locate import locate_store, stored_nothing  # noqa: PLC0415
    from taut.store.records import History  # noqa: PLC0415

    contract_file = load_contract(contract)
    names = [item.id for _, item in contract_file.contract.checks]
    if check is not None and check not in names:
        raise UsageError(
            f"--check '{check}' is not a check of {contract_file.path.name}. Checks: "
            f"{cap_examples(names)}.{did_you_mean(check, names)}"
        )
    location = locate_store(contract=contract_file, environ=environ, make_folder=False)
    if stored_nothing(location):
        return StoreHistory(store=shown(location.url), history=History(scans=(), signals=()))
    store = open_store(url=location.url)
    try:
        return StoreHistory(store=store.name, history=store.history(check=check))
    finally:
        store.close()


# The state store: each scan remembered, each signal's life, people's decisions
# (docs/store.md).
# SQLAlchemy is imported only by the functions that open a store, keeping the start-up of
# the other commands short.


def _open_store(contract: str | Path) -> Store:
    """The contract's state store (:mod:`taut.store.locate`), opened (made if need be)."""
    from taut.store.locate import open_contract_store  # noqa: PLC0415

    return open_contract_store(contract=load_contract(contract))


def _read_store(contract: str | Path | ContractFile) -> Store | None:
    """The contract's state store, opened to read; ``None`` when it is a SQLite file that
    does not exist yet (reading makes nothing)."""
    from taut.store.database import open_store  # noqa: PLC0415
    from taut.store.locate import locate_store, stored_nothing  # noqa: PLC0415

    loaded = contract if isinstance(contract, ContractFile) else load_contract(contract)
    location = locate_store(contract=loaded, make_folder=False)
    return None if stored_nothing(location) else open_store(url=location.url)


def remember(
    contract: str | Path,
    report: ScanReport,
    *,
    now: datetime | None = None,
    replay: bool = False,
    answered: Sequence[JudgedChange] = (),
) -> Memory | None:
    """Keep a scan in the contract's state store; return each signal's life as of it.

    One write transaction: the open signals and the decisions on them are read, the scan
    is reconciled with them (:func:`taut.store.life.reconcile`) and saved; a rescan of the
    same ``as_of`` replaces that scan and gives the same Memory. A scan of a day before
    the store's latest scan is not kept: ``None`` (signals live forward in time).

    Args:
        contract: the path of ``taut.yaml`` (its store: :mod:`taut.store.locate`).
        report: the scan, from :func:`scan` or :func:`explain`.
        now: when the scan ran (default: the clock).
        replay: the scan is one of a replay's past Mondays.
        answered: the recorded changes judged with the scan (``Explained.changes``,
            ``JudgedScan.changes``): the signals a working one answers close, their
            check's baseline restarting on the change's day (docs/reinforce.md).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or written; it is left as it was.
    """
    from taut.store.recording import record_scan  # noqa: PLC0415

    store = _open_store(contract)
    try:
        return record_scan(
            store,
            report=report,
            now=now or datetime.now(UTC),
            replay=replay,
            answered=answered,
        )
    finally:
        store.close()


def stored_restarts(contract: str | Path, *, as_of: date | None = None) -> dict[str, date]:
    """Check → the day its baseline restarts, from the store's rebaselined signals.

    What a scan passes as ``restarts`` so a rebaselined check is judged against its new
    normal (:func:`taut.store.life.restarts`); with ``as_of``, only restarts on or before it.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    return stored_moves(contract, as_of=as_of)[0]


def stored_episodes(
    contract: str | Path, *, as_of: date | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Check → its resolved drift episodes (first raised, resolved), from the store.

    What a scan passes as ``exclude`` so an episode never becomes part of a later normal
    (:func:`taut.store.life.episodes`); with ``as_of``, only episodes over by then.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    return stored_moves(contract, as_of=as_of)[1]


def stored_moves(
    contract: str | Path, *, as_of: date | None = None
) -> tuple[dict[str, date], dict[str, list[tuple[date, date]]]]:
    """Both of :func:`stored_restarts` and :func:`stored_episodes` from one read of the
    store: what a scan passes as ``restarts`` and ``exclude``.

    Decisions kept for a check since removed from the contract or renamed are history, not
    moves of this scan's baselines: they are left out.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    from taut.store.recording import stored_moves as kept  # noqa: PLC0415

    contract_file = load_contract(contract)
    store = _read_store(contract_file)
    if store is None:
        return {}, {}
    try:
        restarts, episodes = kept(store, as_of=as_of)
    finally:
        store.close()
    checks = {check.id for _, check in contract_file.contract.checks}
    return (
        {name: day for name, day in restarts.items() if name in checks},
        {name: days for name, days in episodes.items() if name in checks},
    )


def signals(contract: str | Path, *, closed: bool = False) -> tuple[TrackedSignal, ...]:
    """The store's tracked signals, by id: the open ones, or every one with ``closed``.

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    from taut.store.records import OPEN_LIFECYCLES  # noqa: PLC0415

    store = _read_store(contract)
    if store is None:
        return ()
    try:
        found = store.signals()
    finally:
        store.close()
    return tuple(item for item in found if closed or item.lifecycle in OPEN_LIFECYCLES)


def _decide(
    contract: str | Path,
    signal_id: int,
    *,
    kind: DecisionKind,
    now: datetime | None,
    note: str | None = None,
    until: date | None = None,
    baseline_from: date | None = None,
) -> TrackedSignal:
    from taut.store.recording import record_decision  # noqa: PLC0415

    store = _open_store(contract)
    try:
        return record_decision(
            store,
            signal_id=signal_id,
            kind=kind,
            now=now or datetime.now(UTC),
            note=note,
            until=until,
            baseline_from=baseline_from,
        )
    finally:
        store.close()


def acknowledge(
    contract: str | Path, signal_id: int, *, note: str, now: datetime | None = None
) -> TrackedSignal:
    """Acknowledge an open signal with a note on what is being done; return it after.

    It stays ``acknowledged``, shown with its age and the note, until its check settles.

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, or the note is empty.
        StoreError: the store cannot be opened or written.
    """
    return _decide(contract, signal_id, kind="ack", now=now, note=note)


def dismiss(
    contract: str | Path,
    signal_id: int,
    *,
    until: date,
    note: str,
    now: datetime | None = None,
) -> TrackedSignal:
    """Dismiss an open signal through ``until`` (a temporary cause, said in ``note``).

    Scans up to that day show it ``dismissed`` (muted); later ones as its check says.

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, the note is empty, or
            ``until`` is not after today.
        StoreError: the store cannot be opened or written.
    """
    return _decide(contract, signal_id, kind="dismiss", now=now, note=note, until=until)


def rebaseline(
    contract: str | Path,
    signal_id: int,
    *,
    baseline_from: date,
    note: str | None = None,
    now: datetime | None = None,
) -> TrackedSignal:
    """Accept an open signal as the new normal: closed, its check's baseline restarting
    at ``baseline_from`` in every later scan (:func:`stored_restarts`).

    Raises:
        UsageError: no signal has ``signal_id``, it is closed, or ``baseline_from`` is
            after today.
        StoreError: the store cannot be opened or written.
    """
    return _decide(
        contract, signal_id, kind="rebaseline", now=now, note=note, baseline_from=baseline_from
    )


def replay(
    contract: str | Path,
    *,
    every: Literal["weekly"] = "weekly",
    since: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> Iterator[ScanReport]:
    """The reports of a scan every Monday of the log's past, in date order (history).

    Each Monday's scan sees the data up to the end of the Sunday before (its ``as_of``);
    the last report is today's, as of the log's last day, the report :func:`scan` gives.
    Mondays before the first one with data after the baseline are left out. The log is
    read and the checks evaluated once; each Monday's cases are cut from them
    (:mod:`taut.signal.replay`). A report equals ``scan(contract, as_of=that Sunday)``
    but for the differences docs/scan.md lists ("Replay"). No insight is computed for a
    past Monday: :func:`explain` gives the latest one's.

    Args:
        contract: the path of ``taut.yaml``.
        every: how often taut would have scanned (``weekly``: every Monday).
        since: start later: only the Mondays on or after this day.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.

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
    source = _replay_source(contract, con=con)
    last = source.last_day()
    if since is not None and since > last:
        raise UsageError(
            f"--since {since.isoformat()} is after the log's last day ({last.isoformat()}), "
            f"so there is no Monday to replay. Choose a day up to {last.isoformat()}, or "
            "leave --since out to replay from the first Monday."
        )
    return source.weekly(since=since)


def _replay_source(contract: str | Path, *, con: ibis.BaseBackend | None) -> ReplaySource:
    """What every Monday of a replay is cut from: the log read, the checks evaluated, once."""
    model, log, people, workspace = _scan_inputs(contract, as_of=None, con=con)
    # Teams are held back per Monday (fewer than five people seen by then), so the outcomes
    # are stored with every team's own name.
    table = _stored_outcomes(model, log, people=None, workspace=workspace)
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


# Recorded changes to the work and their verdicts (issue 13, item 3 and the scan's wiring of
# item 4; docs/reinforce.md, "Recording a change"). The changes helper's part.


@dataclass(frozen=True, kw_only=True)
class AppliedChange:
    """What :func:`apply_change` kept, and a note for the user when one is due.

    Attributes:
        change: the change as stored (with its id and ``recorded_at``).
        note: a sentence the user should read (a day after the log's end: judged once the
            log reaches it; a signal it was linked to by itself); ``None`` when none.
    """

    change: Change
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """The changes recorded in a store, and the metric of each signal they answer.

    Attributes:
        changes: the recorded changes, by id.
        answers: signal id -> its metric (``missed``, ``latency``, ``spread``), for the
            signals the changes answer: a change answering a signal on the time taken is
            judged on the time taken.
    """

    changes: tuple[Change, ...] = ()
    answers: Mapping[int, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class JudgedScan:
    """A scan given the recorded changes: its report and each change's verdict as of it."""

    report: ScanReport
    changes: tuple[JudgedChange, ...] = ()


def apply_change(
    contract: str | Path,
    *,
    check: str,
    on: date,
    change: str,
    playbook: str | None = None,
    segment: Mapping[str, str] | None = None,
    signal_id: int | None = None,
    now: datetime | None = None,
    con: ibis.BaseBackend | None = None,
) -> AppliedChange:
    """Record a change made to the work, to be judged by every later scan.

    Args:
        contract: the path of ``taut.yaml`` (its store: :mod:`taut.store.locate`).
        check: the check the change is meant to steady (a check of the contract).
        on: the local day the change took effect: from the log's first day to today. A
            day after the log's last day is kept, with a note: the scans judge it once the
            log reaches it.
        change: what was changed, in a sentence.
        playbook: the playbook entry it follows (an id of :func:`playbook`).
        segment: the one segment it was made on, e.g. ``{"team": "North"}``; its key a
            segment dimension (``team``, ``workload``, ``day_part``, ``weekday``) or a
            declared condition, its value one the check's cases carry.
        signal_id: the tracked signal it answers; ``None``: the check's open signal,
            when it has one.
        now: when it is recorded (default: the clock); "today" is its UTC day.
        con: an Ibis connection to read the log on; a new in-memory DuckDB when ``None``.

    Raises:
        ContractError: the contract or its playbook cannot be read.
        UsageError: an unknown check, playbook entry, segment key or value, or signal;
            an empty change; a day before the log's first day or after today; a signal on
            another check. Each message names the value, the rule and the closest name.
        InputError: the log cannot be read.
        StoreError: the store cannot be opened or written; nothing is kept.
    """
    from taut.reinforce.recording import (  # noqa: PLC0415
        refuse_change,
        refuse_day,
        refuse_segment_value,
    )

    contract_file = load_contract(contract)
    model = contract_file.contract
    when = now or datetime.now(UTC)
    known_playbook = _playbook_ids(contract, model=model) if playbook is not None else ()
    area, wanted = refuse_change(
        model,
        check=check,
        on=on,
        change=change,
        playbook=playbook,
        playbook_ids=known_playbook,
        segment=segment,
        today=when.astimezone(UTC).date(),
    )
    _, log, people, workspace = _scan_inputs(contract, as_of=None, con=con)
    span = log_span(log)
    note = refuse_day(on, span=span, check=check) if span is not None else None
    if segment:
        table = _stored_outcomes(model, log, people=people, workspace=workspace)
        with scan_memory(table.get_backend()):
            cases = _cases_of(model, table, checks={check})[check]
        refuse_segment_value(segment, cases=cases, check=check)
    store = _open_store(contract)
    try:
        linked, link_note = _answered_signal(store, check=check, signal_id=signal_id)
        kept = store.add_change(
            Change(
                id=0,
                area=area,
                check=check,
                applied_on=on,
                change=wanted,
                playbook=playbook,
                segment=dict(segment) if segment else None,
                signal_id=linked,
                recorded_at=when,
            )
        )
    finally:
        store.close()
    notes = [item for item in (note, link_note) if item]
    return AppliedChange(change=kept, note=" ".join(notes) or None)


def changes(contract: str | Path, *, check: str | None = None) -> tuple[Change, ...]:
    """The changes recorded in the contract's store (of one check, or all), by id.

    Reads only: a SQLite store that does not exist yet is not made (no change).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    store = _read_store(contract)
    if store is None:
        return ()
    try:
        return store.changes(check=check)
    finally:
        store.close()


def recorded_changes(contract: str | Path) -> Recorded:
    """The store's recorded changes with the metric of each signal they answer: what
    :func:`judged_scan` and :func:`explain` take (one read of the store).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    store = _read_store(contract)
    if store is None:
        return Recorded()
    try:
        found = store.changes()
        wanted = {item.signal_id for item in found if item.signal_id is not None}
        answers = {item.id: item.metric for item in store.signals() if item.id in wanted}
    finally:
        store.close()
    return Recorded(changes=found, answers=answers)


def remove_change(contract: str | Path, change_id: int) -> Change:
    """Forget a recorded change (recorded by mistake, or undone); return what it was.

    Its verdict goes with it; a signal it already closed stays closed (docs/reinforce.md).

    Raises:
        UsageError: no change has ``change_id`` (the message lists the ids there are).
        StoreError: the store cannot be opened or written.
    """
    from taut.store.database.store import missing_change  # noqa: PLC0415

    store = _read_store(contract)
    if store is None:
        raise missing_change(change_id, known=(), store=str(_store_name(contract)))
    try:
        return store.remove_change(change_id)
    finally:
        store.close()


def judged_changes(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> tuple[JudgedChange, ...]:
    """Every recorded change with its verdict as of ``as_of`` (``None``: the log's last day).

    Changes made after ``as_of`` are left out (not made yet that day), and so are changes
    to a check no longer in the contract. With ``as_of`` left out, a change dated after the
    log's last day is ``not-yet-clear`` with no case since. Reads the log once.

    Raises:
        ContractError, UsageError, InputError: as :func:`scan`.
        StoreError: the store cannot be opened or read.
    """
    recorded = recorded_changes(contract)
    if not recorded.changes:
        return ()
    model, log, people, workspace = _scan_inputs(contract, as_of=as_of, con=con)
    table = _stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        return _judge_recorded(model, log, table, recorded=recorded, latest=as_of is None)


def judged_scan(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    recorded: Recorded | None = None,
) -> JudgedScan:
    """:func:`scan` with the recorded changes judged from the same read of the log.

    A change whose verdict is ``working`` (or ``relapsing``: it worked first) restarts its
    check's baseline on the change's day (:func:`change_restarts`), so the check is judged
    against the steadier normal the change made, not the drift it answered.

    Args:
        recorded: the changes to judge (:func:`recorded_changes`); with none this is
            :func:`scan`.
        contract, as_of, con, restarts, exclude: as :func:`scan`.
    """
    report, judged = _judged_scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude, recorded=recorded
    )[3:]
    return JudgedScan(report=report, changes=judged)


def change_restarts(
    judged: Sequence[JudgedChange], *, restarts: Mapping[str, date] | None = None
) -> dict[str, date]:
    """``restarts`` with each working (or relapsing) change's check restarting on its day.

    Of two restarts of one check, the later day wins (the newer normal). A change on a
    segment restarts nothing: the rest of the check did not change.

    >>> from taut.reinforce.changes import Effect
    >>> made = Change(id=1, area="A", check="ack", applied_on=date(2026, 3, 2), change="Gate")
    >>> worked = Effect(verdict="working", metric="missed", method="its", before=0.2,
    ...     after=0.05, effect=-0.15, interval=(-0.2, -0.1), cases_before=400,
    ...     cases_since=300, cases_needed=None, reason="")
    >>> change_restarts([JudgedChange(change=made, effect=worked)],
    ...     restarts={"ack": date(2026, 1, 5)})
    {'ack': datetime.date(2026, 3, 2)}
    """
    found = dict(restarts or {})
    for item in judged:
        if item.effect.verdict not in ("working", "relapsing") or item.change.segment:
            continue
        day = item.change.applied_on
        if item.change.check not in found or found[item.change.check] < day:
            found[item.change.check] = day
    return found


def _judged_scan_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date] | None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None,
    recorded: Recorded | None,
) -> tuple[Contract, EventLog, ir.Table, ScanReport, tuple[JudgedChange, ...]]:
    """:func:`_scan_parts` with the recorded changes judged between the outcomes and the
    scan, their working ones moving the checks' baselines."""
    model, log, people, workspace = _scan_inputs(contract, as_of=as_of, con=con)
    table = _stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        judged = _judge_recorded(
            model, log, table, recorded=recorded or Recorded(), latest=as_of is None
        )
        report = scan_outcomes(
            table,
            contract=model,
            data_end=log.data_end,
            timezone=log.timezone,
            people=people,
            restarts=change_restarts(judged, restarts=restarts),
            exclude=exclude,
        )
    return model, log, table, report, judged


def _judge_recorded(
    model: Contract, log: EventLog, table: ir.Table, *, recorded: Recorded, latest: bool
) -> tuple[JudgedChange, ...]:
    """Each recorded change on a check of the contract, judged as of the log's last day
    from its check's cases.

    A change dated after that day is left out of a back-test (``latest`` false: it was not
    made yet), and in a scan of all the data (``latest``) is ``not-yet-clear`` with no case
    since: the change has happened, the log has not reached it yet.
    """
    from taut.reinforce.verdict import judge  # noqa: PLC0415 - statsmodels loads slowly

    names = {check.id for _, check in model.checks}
    as_of = last_data_day(hours_since_epoch(log.data_end), timezone=log.timezone)
    chosen = [item for item in recorded.changes if item.check in names]
    if not latest:
        chosen = [item for item in chosen if item.applied_on <= as_of]
    if not chosen:
        return ()
    book = _cases_of(model, table, checks={item.check for item in chosen})
    kinds = {check.id: check.kind for _, check in model.checks}
    found: list[JudgedChange] = []
    for item in chosen:
        metric = _change_metric(item, kind=kinds[item.check], answers=recorded.answers)
        if item.applied_on > as_of:
            effect = _not_reached(item, metric=metric, last=as_of)
        else:
            try:
                effect = judge(change=item, cases=book[item.check], as_of=as_of, metric=metric)
            except UsageError as error:  # a segment no case carries any more: said, not fatal
                effect = _not_reached(item, metric=metric, last=as_of, why=str(error))
        found.append(JudgedChange(change=item, effect=effect))
    return tuple(found)


def _not_reached(
    change: Change, *, metric: Literal["missed", "latency"], last: date, why: str | None = None
) -> Effect:
    """The verdict on a change taut cannot judge from the log: dated after its last day
    (no case since), or, with ``why``, on a segment no case carries any more (a team
    renamed since): ``not-yet-clear``, with the reason."""
    reason = why or (
        f"The log ends on {last.isoformat()}, before the change's day "
        f"({change.applied_on.isoformat()}): no case since it yet."
    )
    return Effect(
        verdict="not-yet-clear",
        metric=metric,
        method="did" if change.segment else "its",
        before=None,
        after=None,
        effect=None,
        interval=None,
        cases_before=0,
        cases_since=0,
        cases_needed=None,
        reason=reason,
    )


def _change_metric(
    change: Change, *, kind: str, answers: Mapping[int, str]
) -> Literal["missed", "latency"]:
    """What a change is judged on: the share missed, unless it answers a signal on the time
    taken (``latency`` or ``spread``) of a check that measures time (``within``,
    ``present``)."""
    metric = answers.get(change.signal_id) if change.signal_id is not None else None
    timed = kind in ("within", "present") and metric in ("latency", "spread")
    return "latency" if timed else "missed"


def _cases_of(model: Contract, table: ir.Table, *, checks: set[str]) -> dict[str, CheckCases]:
    """The casebook of a few checks only (the others' cases are not read)."""
    areas = tuple(
        area.model_copy(update={"checks": tuple(c for c in area.checks if c.id in checks)})
        for area in model.areas
        if any(c.id in checks for c in area.checks)
    )
    return read_casebook(table, contract=model.model_copy(update={"areas": areas}))


def _playbook_ids(contract: str | Path, *, model: Contract) -> tuple[str, ...]:
    from taut.reinforce import load_playbook  # noqa: PLC0415

    return load_playbook(path=playbook_path(contract, contract_model=model)).ids


def _store_name(contract: str | Path) -> str:
    from taut.store.database.engine import shown  # noqa: PLC0415
    from taut.store.locate import locate_store  # noqa: PLC0415

    return shown(locate_store(contract=load_contract(contract), make_folder=False).url)


def _answered_signal(
    store: Store, *, check: str, signal_id: int | None
) -> tuple[int | None, str | None]:
    """The signal a change answers (the store checks a named one), and a note when taut
    linked it by itself: the check's open signal, the first by id if it has several."""
    from taut.store.records import OPEN_LIFECYCLES  # noqa: PLC0415

    if signal_id is not None:
        return signal_id, None
    open_ones = [item for item in store.signals(check=check) if item.lifecycle in OPEN_LIFECYCLES]
    if not open_ones:
        return None, None
    chosen = open_ones[0]
    return chosen.id, (
        f"It answers signal {chosen.id} ({chosen.check}, {chosen.metric}, first raised "
        f"{chosen.first_raised.isoformat()}), the check's open signal; give --signal to "
        "name another."
    )


# The Monday brief (issue 14): one read of the log gives the scan, its insights and
# reinforcements, the store's memory, the recorded changes and the charts' series.


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
    signal's life, new since last week) comes back with it.

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
    if store and restarts is None and exclude is None:
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

    model, log, table, report, judged = _judged_scan_parts(
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


# story: contract templates (taut init --template) and the demo (taut demo [--area NAME]):
# simulate an area's story, replay its past into the store, record the story's changes on
# the Monday after each is made, then brief (docs/demo.md).


@dataclass(frozen=True, kw_only=True)
class DemoRun:
    """What :func:`demo` did.

    Attributes:
        contract: the written ``taut.yaml``.
        story: the simulated story (its drifts are what taut does not see).
        mondays: how many Mondays were replayed into the store.
        recorded: the changes recorded, each on the Monday after it was made.
        briefing: the Monday brief as of the log's last day.
        brief_md, brief_html: the written briefs.
    """

    contract: Path
    story: DemoStory
    mondays: int
    recorded: tuple[PlannedChange, ...]
    briefing: Briefing
    brief_md: Path
    brief_html: Path


def init_contract(directory: str | Path, *, template: str, force: bool = False) -> Path:
    """Write the contract template ``template`` as ``taut.yaml`` in ``directory``.

    Raises:
        UsageError: no template has that name (the closest is named).
        OverwriteError: ``directory`` already holds a ``taut.yaml`` and not ``force``.
        OutputError: the folder or file cannot be written.
    """
    from taut.contract.templates import template_text  # noqa: PLC0415
    from taut.files import check_project_folder, whole_file  # noqa: PLC0415

    text = template_text(template)
    folder = Path(directory)
    check_project_folder(folder, writes=("taut.yaml",), force=force)
    folder.mkdir(parents=True, exist_ok=True)
    with whole_file(folder / "taut.yaml") as part:
        part.write_text(text, encoding="utf-8")
    return folder / "taut.yaml"


DEMO_WRITES = ("taut.yaml", "events.csv", "brief.md", "brief.html", ".taut/state.db")


def demo(
    directory: str | Path,
    *,
    area: str = "handoff",
    seed: int | None = None,
    force: bool = False,
    each_monday: Callable[[ScanReport], None] | None = None,
) -> DemoRun:
    """Run an area's demo story in ``directory`` from a fresh state store.

    Simulates the area (:func:`taut.simulate.story.demo_story`) and writes its log and
    contract template; replays every Monday of its past into the store
    (:func:`replay`, :func:`remember`), recording each of the story's changes on the
    first Monday after it was made (:func:`_record_change`); then briefs as of the log's
    last day (:func:`briefing`) and writes ``brief.md`` and ``brief.html``. Every "now" is
    the Monday the scan ran, so a demo is the same on every run.

    Args:
        directory: where to write (created when missing).
        area: the contract template's name (``handoff``, ``safety``, ``revenue``,
            ``escalation``, ``response``).
        seed: the simulation's seed; ``None``: the stories' own
            (:data:`taut.simulate.story.DEFAULT_SEED`).
        force: replace a demo already in ``directory`` (its store included).
        each_monday: called with each replayed Monday's report, in date order.

    Raises:
        UsageError: ``area`` is not a template's name, or ``TAUT_DATABASE_URL`` is set (the
            demo keeps its own store and never writes into a store the environment names).
        OverwriteError: ``directory`` holds a project and not ``force``.
        StoreError, OutputError: the store or a file cannot be written.
    """
    import os  # noqa: PLC0415

    from taut.files import check_project_folder  # noqa: PLC0415
    from taut.simulate.story import DEFAULT_SEED, demo_story  # noqa: PLC0415
    from taut.store.locate import ENVIRONMENT  # noqa: PLC0415

    if os.environ.get(ENVIRONMENT, "").strip():
        raise UsageError(
            f"{ENVIRONMENT} is set, so the demo's simulated scans would be kept in that store "
            f"rather than in its own ({Path(directory) / '.taut' / 'state.db'}). Run the "
            f"demo without it: env -u {ENVIRONMENT} taut demo ..."
        )
    folder = Path(directory)
    check_project_folder(folder, writes=DEMO_WRITES, force=force)
    story = demo_story(area, seed=DEFAULT_SEED if seed is None else seed)
    (folder / ".taut" / "state.db").unlink(missing_ok=True)
    contract = story.write(folder)
    pending = list(story.changes)
    recorded: list[PlannedChange] = []
    mondays = 0
    last = story.start
    for report in replay(contract):
        ran = _ran_at(report.as_of)
        while pending and pending[0].applied_on <= report.as_of:
            recorded.append(_record_change(contract, pending.pop(0), now=ran))
        remember(contract, report, now=ran, replay=True)
        mondays += 1
        last = report.as_of
        if each_monday is not None:
            each_monday(report)
    found, md, html = _demo_brief(contract, folder=folder, last=last)
    return DemoRun(
        contract=contract,
        story=story,
        mondays=mondays,
        recorded=tuple(recorded),
        briefing=found,
        brief_md=md,
        brief_html=html,
    )


def _ran_at(as_of: date) -> datetime:
    """When the scan of ``as_of`` ran: 07:00 UTC the day after (a Monday, for a Sunday)."""
    return datetime.combine(as_of, datetime.min.time(), tzinfo=UTC) + timedelta(hours=31)


def _record_change(contract: Path, change: PlannedChange, *, now: datetime) -> PlannedChange:
    """Record one of the story's changes in the store, as ``taut reinforce apply`` does."""
    apply_change(
        contract,
        check=change.check,
        on=change.applied_on,
        change=change.change,
        playbook=change.playbook,
        now=now,
    )
    return change


def _demo_brief(contract: Path, *, folder: Path, last: date) -> tuple[Briefing, Path, Path]:
    """The Monday brief as of the log's last day (kept in the store, as ``taut brief``
    keeps it), written as ``brief.md`` and ``brief.html`` in ``folder``.

    The HTML inlines the brief's charts as ``taut brief`` does (:func:`charts_for`).
    """
    from taut.brief.charts import charts_for  # noqa: PLC0415
    from taut.brief.monday import render_brief  # noqa: PLC0415
    from taut.files import whole_file  # noqa: PLC0415

    found = briefing(contract, audience="coo", now=_ran_at(last))
    written: list[Path] = []
    for fmt, name in (("md", "brief.md"), ("html", "brief.html")):
        text = render_brief(found, fmt=fmt, charts=charts_for(found) if fmt == "html" else ())
        with whole_file(folder / name) as part:
            part.write_text(text, encoding="utf-8")
        written.append(folder / name)
    return found, written[0], written[1]


# Notifications: news of new signals and changes' verdicts, each sent once per channel
# (docs/notify.md; the notify helper's part).

if TYPE_CHECKING:
    from taut.notify import Delivery, InlineImage, Retries, Targets


@dataclass(frozen=True)
class Notified:
    """What :func:`notify` did.

    Attributes:
        deliveries: one per channel that had news to send (each says how it went).
        unrecorded: why what was delivered could not be recorded in the store (``None``:
            recorded, or nothing to record); those items may be sent again next time.
    """

    deliveries: tuple[Delivery, ...]
    unrecorded: StoreError | None = None

    @property
    def failed(self) -> tuple[Delivery, ...]:
        """The deliveries that failed."""
        return tuple(item for item in self.deliveries if not item.ok)


def notify_targets(contract: str | Path, *, environ: Mapping[str, str] | None = None) -> Targets:
    """Where the contract's news would be sent (the contract's ``notify:`` and the
    environment), checked before any work is done.

    Raises:
        ContractError: the contract cannot be read.
        SettingError: a variable the contract names is unset, or the environment's own
            configuration is incomplete.
        UsageError: nowhere to send: neither the contract nor the environment names a
            webhook or an e-mail server.
    """
    from taut.notify.settings import EMAIL_FROM, EMAIL_TO, SMTP_HOST, WEBHOOK_URL, targets  # noqa: PLC0415

    found = targets(load_contract(contract).contract.notify, environ=environ)
    if not found.channels:
        raise UsageError(
            "--notify has nowhere to send: taut.yaml has no notify: part and the environment "
            f"names no channel. Add notify: {{webhook: {{url_env: {WEBHOOK_URL}}}}} (or an "
            f"email: part) to taut.yaml, or set {WEBHOOK_URL}, or {SMTP_HOST} with "
            f"{EMAIL_FROM} and {EMAIL_TO} (docs/notify.md)."
        )
    return found


def notify(
    contract: str | Path,
    *,
    report: ScanReport,
    memory: Memory,
    changes: Sequence[JudgedChange] = (),
    insights: Sequence[Insight] = (),
    html: str | None = None,
    images: Sequence[InlineImage] = (),
    targets: Targets | None = None,
    retries: Retries | None = None,
    now: datetime | None = None,
) -> Notified:
    """Send the scan's news (new signals, changes' verdicts) not sent before; record it.

    Call it after the scan is kept (:func:`remember` gives ``memory``), so a failure here
    never costs the scan. Each item is sent at most once per channel: what the store's
    ``deliveries`` hold is left out, and what is delivered is recorded in one write.

    Args:
        contract: the path of ``taut.yaml``.
        report: the scan.
        memory: what the store said of this scan (:func:`remember`).
        changes: recorded changes with their verdicts as of the scan.
        insights: the scan's insights (a new signal's headline).
        html: the brief as HTML, for the e-mail (``None``: the news alone).
        images: the brief's charts as PNGs, shown inline in the e-mail.
        targets: where to send (default: :func:`notify_targets`).
        retries: how hard to try (:class:`taut.notify.Retries`).
        now: when it was sent (default: the clock).

    Returns:
        What was delivered, what failed, and whether the store recorded it.

    Raises:
        ContractError, SettingError, UsageError: as :func:`notify_targets`.
        StoreError: the store cannot be read (nothing was sent).
    """
    from taut.notify import deliver, news  # noqa: PLC0415
    from taut.store.database.deliveries import record_sent, sent  # noqa: PLC0415

    where = targets if targets is not None else notify_targets(contract)
    store = _open_store(contract)
    try:
        items = news(report=report, memory=memory, changes=changes, insights=insights)
        done = deliver(
            items,
            targets=where,
            sent=sent(store),
            process=report.process,
            as_of=report.as_of,
            html=html,
            images=images,
            retries=retries,
        )
        carried = [item for delivery in done for item in delivery.sent]
        try:
            record_sent(store, carried, as_of=report.as_of, now=now or datetime.now(UTC))
        except StoreError as error:
            return Notified(deliveries=done, unrecorded=error)
        return Notified(deliveries=done)
    finally:
        store.close()
