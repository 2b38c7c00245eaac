"""Scans: every check's state, the few signals worth raising and each check's fragility
(``scan``, ``states``), and the playbook a scan recommends from (``playbook``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.api.workspace import Workspace, open_workspace, refuse_log_scopes
from taut.contract import Contract, load_contract
from taut.errors import InputError
from taut.ingest import EventLog
from taut.ingest.clip import clip_log
from taut.ingest.connection import scan_memory
from taut.ingest.people import hold_back_teams, team_people
from taut.ingest.span import log_span, refuse_as_of
from taut.outcomes import evaluate_checks
from taut.outcomes.scope import checks_without_outcomes
from taut.signal import ScanReport, scan_outcomes, slice_states

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from taut.reinforce import Playbook
    from taut.signal import CheckState


def scan_inputs(
    contract: str | Path, *, as_of: date | None, con: ibis.BaseBackend | None
) -> tuple[Contract, EventLog, dict[str, int] | None, Workspace]:
    """The contract, the log (clipped to ``as_of``), its people per team, and the whole
    workspace (for :func:`stored_outcomes`' scope check).

    The check that each ``where`` admits a case is left to :func:`stored_outcomes`,
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


def stored_outcomes(
    model: Contract, log: EventLog, *, people: dict[str, int] | None, workspace: Workspace
) -> ir.Table:
    """The outcomes computed once into a temporary table on the log's own connection.

    The scan reads each check's columns from it in turn and the insights only their
    signals' checks, so the whole table never sits in memory as Arrow or pandas: the
    database keeps it within its memory limit and spills the rest to the run's own folder
    (:mod:`taut.ingest.connection`).

    A scoped check with outcomes has a ``where`` that admits cases; only when one has
    none is the whole log's scope check run (:func:`refuse_log_scopes`), which raises
    for a ``where`` that admits no case at all, exactly as :func:`open_workspace` does.
    """
    outcomes = hold_back_teams(evaluate_checks(model, log), people=people)
    name = f"taut_outcomes_{uuid.uuid4().hex[:12]}"
    table = outcomes.get_backend().create_table(name, outcomes, temp=True)
    if checks_without_outcomes(model, outcomes=table):
        refuse_log_scopes(workspace)
    return table


def _scan_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
) -> tuple[Contract, EventLog, ir.Table, ScanReport]:
    model, log, people, workspace = scan_inputs(contract, as_of=as_of, con=con)
    # The outcomes are computed once; the scan and the insights both read this one table.
    table = stored_outcomes(model, log, people=people, workspace=workspace)
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
            of the check's baseline (resolved signals, and open ones' so far); ``None`` for
            none.

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
    model, log, people, workspace = scan_inputs(contract, as_of=as_of, con=con)
    table = stored_outcomes(model, log, people=people, workspace=workspace)
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
