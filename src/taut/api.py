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

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from taut.contract import ContractFile, load_contract
from taut.errors import InputError
from taut.ingest import EventLog, read_log
from taut.ingest.clip import clip_log
from taut.outcomes import evaluate_checks
from taut.signal.report import ScanReport
from taut.signal.scan import scan_outcomes
from taut.signal.segments import people_per_team

if TYPE_CHECKING:
    import ibis
    import ibis.expr.types as ir


@dataclass(frozen=True)
class Workspace:
    """A loaded contract and the event log it points at."""

    contract_file: ContractFile
    log: EventLog


def open_workspace(contract: str | Path, *, con: ibis.BaseBackend | None = None) -> Workspace:
    """Load ``taut.yaml`` and read the event log it names (problems are collected, not raised).

    Raises:
        ContractError: the contract cannot be read or breaks a rule.
        InputError: the log cannot be read at all (missing file or columns).
    """
    contract_file = load_contract(contract)
    log = read_log(contract_file.contract, path=contract_file.source_path, con=con)
    return Workspace(contract_file=contract_file, log=log)


def outcomes(contract: str | Path, *, con: ibis.BaseBackend | None = None) -> ir.Table:
    """One row per case and applicable check, with status, value and conditions.

    Raises:
        ContractError: the contract cannot be read or breaks a rule.
        InputError: the log cannot be read, or has errors that make the checks meaningless
            (run ``taut check`` to see them all).
    """
    workspace = open_workspace(contract, con=con)
    if workspace.log.errors:
        raise InputError(workspace.log.errors)
    return evaluate_checks(workspace.contract_file.contract, workspace.log)


def scan(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> ScanReport:
    """Scan every check: states, the few signals worth raising, and fragility.

    Args:
        contract: the path of ``taut.yaml``.
        as_of: evaluate as if the data ended at the end of this local day (back-testing);
            ``None`` uses all the data.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.

    Raises:
        ContractError: the contract cannot be read or breaks a rule.
        InputError: the log cannot be read or has errors.
        InsufficientDataError: no case after the baseline window.
    """
    workspace = open_workspace(contract, con=con)
    if workspace.log.errors:
        raise InputError(workspace.log.errors)
    log = workspace.log if as_of is None else clip_log(workspace.log, as_of=as_of)
    model = workspace.contract_file.contract
    people = people_per_team(log) if model.columns.person is not None else None
    return scan_outcomes(
        evaluate_checks(model, log),
        contract=model,
        data_end=log.data_end,
        timezone=log.timezone,
        people=people,
    )
