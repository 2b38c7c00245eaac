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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.contract import Contract, ContractFile, load_contract
from taut.contract.document import read_document
from taut.errors import InputError
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

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.insight import Insight
    from taut.signal import CheckState


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
    """A scan and, for each of its signals in order, the plain-English insight."""

    report: ScanReport
    insights: tuple[Insight, ...]


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
    contract: str | Path, *, as_of: date | None, con: ibis.BaseBackend | None
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
        )
    return model, log, table, report


def scan(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> ScanReport:
    """Scan every check: states, the few signals worth raising, and fragility.

    Args:
        contract: the path of ``taut.yaml``.
        as_of: evaluate as if the data ended at the end of this local day (back-testing),
            a day from the log's first to its last; ``None`` uses all the data.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.

    Raises:
        ContractError: the contract cannot be read or breaks a rule.
        UsageError: ``as_of`` is outside the days the log covers.
        InputError: the log cannot be read or has errors.
        InsufficientDataError: no case after the baseline window.
    """
    return _scan_parts(contract, as_of=as_of, con=con)[3]


def states(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
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

    Raises:
        ContractError, InputError, InsufficientDataError: as :func:`scan`.
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
        )


def explain(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> Explained:
    """Scan every check and explain each signal: conditions, spread and consequences.

    Takes the same arguments and raises the same errors as :func:`scan`.
    """
    # Explaining needs pandas; importing it here keeps the other commands' start-up short.
    from taut.insight import explain_signals  # noqa: PLC0415

    model, log, table, report = _scan_parts(contract, as_of=as_of, con=con)
    with scan_memory(table.get_backend()):
        lagging = evaluate_lagging(model, log) if model.outcomes else None
        insights = explain_signals(
            report=report, outcomes=table, contract=model, log=log, lagging=lagging
        )
    return Explained(report=report, insights=insights)
