"""Property: whatever a contract holds, every command keeps the documented promises.

Mutated contracts (see :mod:`tests.hostile.contracts`) beside the valid log, each tried
with one of ``check``, ``check --format json``, ``outcomes -o -`` and ``scan`` in every
format: a documented exit code, never 70, no exception escaping, no traceback, no
"internal error".
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.contracts import HostileContract, hostile_contracts
from tests.hostile.project import base_rows, write_contract_text, write_log
from tests.hostile.runs import COMMANDS, assert_kept_promises, hostile_settings, run_in_process


@hostile_settings(30)
@given(contract=hostile_contracts(), command=st.sampled_from(COMMANDS))
def test_every_command_keeps_its_promises_on_a_mutated_contract(
    contract: HostileContract, command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        write_log(Path(folder), rows=base_rows(), fmt="csv")
        path = write_contract_text(Path(folder), contract.text)
        run = run_in_process(command, path)
    assert_kept_promises(run, made_from=contract.describe())
