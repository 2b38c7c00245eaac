"""The real ``taut`` program on a few hostile projects: no signal's death, no traceback.

In-process runs cannot see a crash of the interpreter itself (a segmentation fault kills
the test run) nor what the console script prints around the command, so a few examples run
the installed program in a child process.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.contracts import HostileContract, hostile_contracts
from tests.hostile.logs import HostileLog, hostile_logs
from tests.hostile.project import (
    base_contract,
    base_rows,
    write_contract,
    write_contract_text,
    write_log,
)
from tests.hostile.runs import COMMANDS, assert_kept_promises, hostile_settings, run_binary


@hostile_settings(2)
@given(contract=hostile_contracts(), command=st.sampled_from(COMMANDS))
def test_the_program_keeps_its_promises_on_a_mutated_contract(
    contract: HostileContract, command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        write_log(Path(folder), rows=base_rows(), fmt="csv")
        run = run_binary(command, write_contract_text(Path(folder), contract.text))
    assert_kept_promises(run, made_from=contract.describe())


@hostile_settings(2)
@given(log=hostile_logs(), command=st.sampled_from(COMMANDS))
def test_the_program_keeps_its_promises_on_a_mutated_log(
    log: HostileLog, command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        events = write_log(Path(folder), rows=log.rows, fmt=log.fmt, header=log.header)
        run = run_binary(command, write_contract(Path(folder), base_contract(), log=events))
    assert_kept_promises(run, made_from=log.describe())
