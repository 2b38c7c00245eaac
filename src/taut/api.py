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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis

from taut.contract import Contract, ContractFile, load_contract
from taut.contract.document import read_document
from taut.errors import InputError, UsageError, cap_examples, did_you_mean
from taut.ingest import EventLog, read_log
from taut.ingest.clip import clip_log
from taut.ingest.connection import scan_memory
from taut.ingest.load import DuplicateRows
from taut.ingest.people import hold_back_teams, team_people
from taut.ingest.span import log_span, refuse_as_of, refuse_baseline, short_of_baseline
from taut.outcomes import evaluate_checks, evaluate_lagging
from taut.outcomes.scope import refuse_empty_scopes
from taut.signal import ScanReport, scan_outcomes, slice_states
from taut.signal.inputs.casebook import read_casebook
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
    from collections.abc import Iterator, Sequence

    import ibis.expr.types as ir

    from taut.insight import Insight
    from taut.reinforce import Playbook, Recommendation
    from taut.signal import CheckState
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
) -> Workspace:
    """Load ``taut.yaml`` and read the event log it names (problems are collected, not raised).

    Args:
        contract: the path of ``taut.yaml``.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.
        duplicates: ``drop`` removes and counts exact duplicate rows (what ``taut check``
            reports); ``keep`` skips that pass, which is safe wherever only outcomes are
            computed, since exact repeats cannot change an outcome.

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
    if not log.errors and any(check.where for _, check in contract_file.contract.checks):
        document = read_document(contract_file.path.read_text(encoding="utf-8-sig"))
        refuse_empty_scopes(
            contract_file.contract, log=log, file=contract_file.path, line_of=document.line_of
        )
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


def _scan_inputs(
    contract: str | Path, *, as_of: date | None, con: ibis.BaseBackend | None
) -> tuple[Contract, EventLog, dict[str, int] | None]:
    """The contract, the log (clipped to ``as_of``) and its people per team."""
    workspace = open_workspace(contract, con=con, duplicates="keep")
    if workspace.log.errors:
        raise InputError(workspace.log.errors)
    span = log_span(workspace.log)
    if as_of is not None and span is not None:
        refuse_as_of(as_of, span=span)
    log = workspace.log if as_of is None else clip_log(workspace.log, as_of=as_of)
    model = workspace.contract_file.contract
    return model, log, team_people(log, contract=model)


def _stored_outcomes(model: Contract, log: EventLog, *, people: dict[str, int] | None) -> ir.Table:
    """The outcomes computed once into a temporary table on the log's own connection.

    The scan reads each check's columns from it in turn and the insights only their
    signals' checks, so the whole table never sits in memory as Arrow or pandas: the
    database keeps it within its memory limit and spills the rest to the run's own folder
    (:mod:`taut.ingest.connection`).
    """
    outcomes = hold_back_teams(evaluate_checks(model, log), people=people)
    name = f"taut_outcomes_{uuid.uuid4().hex[:12]}"
    return outcomes.get_backend().create_table(name, outcomes, temp=True)


def _scan_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[Contract, EventLog, ir.Table, ScanReport]:
    model, log, people = _scan_inputs(contract, as_of=as_of, con=con)
    # The outcomes are computed once; the scan and the insights both read this one table.
    table = _stored_outcomes(model, log, people=people)
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
    model, log, people = _scan_inputs(contract, as_of=as_of, con=con)
    table = _stored_outcomes(model, log, people=people)
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
) -> Explained:
    """Scan every check and explain each signal: conditions, spread and consequences, and
    what would steady it (up to three reinforcements from the playbook, or what to look at
    first: :func:`taut.reinforce.recommend`, ``docs/reinforce.md``).

    Takes the same arguments and raises the same errors as :func:`scan`, and
    ContractError when the contract's own playbook (``reinforce: playbook``) cannot be read
    or breaks a rule.
    """
    # Explaining needs pandas; importing it here keeps the other commands' start-up short.
    from taut.insight import explain_signals  # noqa: PLC0415
    from taut.reinforce import load_playbook, recommend  # noqa: PLC0415

    model, log, table, report = _scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude
    )
    # The user's playbook is read before the insight's work, so a broken one fails fast.
    book = load_playbook(path=playbook_path(contract, contract_model=model))
    with scan_memory(table.get_backend()):
        lagging = evaluate_lagging(model, log) if model.outcomes else None
        insights = explain_signals(
            report=report, outcomes=table, contract=model, log=log, lagging=lagging
        )
    steady = recommend(report=report, insights=insights, playbook=book, contract=model)
    return Explained(report=report, insights=insights, reinforcements=steady)


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

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or written; it is left as it was.
    """
    from taut.store.recording import record_scan  # noqa: PLC0415

    store = _open_store(contract)
    try:
        return record_scan(store, report=report, now=now or datetime.now(UTC), replay=replay)
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
    model, log, people = _scan_inputs(contract, as_of=None, con=con)
    # Teams are held back per Monday (fewer than five people seen by then), so the outcomes
    # are stored with every team's own name.
    table = _stored_outcomes(model, log, people=None)
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


# Notifications: news of new signals and changes' verdicts, each sent once per channel
# (docs/notify.md; the notify helper's part).

from taut.errors import StoreError  # noqa: E402 - kept with the part that uses it

if TYPE_CHECKING:
    from taut.notify import Delivery, InlineImage, Retries, Targets
    from taut.reinforce.changes import JudgedChange


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
