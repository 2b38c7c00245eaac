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
from pathlib import Path
from typing import TYPE_CHECKING

from taut.contract import ContractFile, load_contract
from taut.errors import InputError
from taut.ingest import EventLog, read_log
from taut.outcomes import evaluate_checks

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
