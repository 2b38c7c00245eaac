"""A contract and the event log it names, read and checked: ``open_workspace``, ``outcomes``,
``review_baseline``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis

from taut.contract import ContractFile, load_contract
from taut.contract.document import read_document
from taut.errors import InputError
from taut.ingest import EventLog, read_log
from taut.ingest.load import DuplicateRows
from taut.ingest.people import hold_back_teams, team_people
from taut.ingest.span import log_span, refuse_baseline, short_of_baseline
from taut.outcomes import evaluate_checks
from taut.outcomes.scope import refuse_empty_scopes
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
            leaves it to the caller, who stores the outcomes (a scan: :func:`stored_outcomes`).

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
        refuse_log_scopes(workspace)
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


def refuse_log_scopes(workspace: Workspace) -> None:
    """:func:`refuse_empty_scopes` on the whole log, naming the contract's lines."""
    contract_file = workspace.contract_file
    document = read_document(contract_file.path.read_text(encoding="utf-8-sig"))
    refuse_empty_scopes(
        contract_file.contract, log=workspace.log, file=contract_file.path, line_of=document.line_of
    )
