"""Property: whatever a log holds, every command keeps the documented promises.

Mutated logs (see :mod:`tests.hostile.logs`) in CSV, JSON Lines or Parquet under the
valid contract, each tried with one of ``check``, ``check --format json``,
``outcomes -o -`` and ``scan`` in every format: a documented exit code, never 70, no
exception escaping, no traceback, no "internal error".
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.logs import HostileLog, hostile_logs
from tests.hostile.project import base_contract, base_rows, write_contract, write_log
from tests.hostile.runs import COMMANDS, assert_kept_promises, hostile_settings, run_in_process


def test_the_valid_project_reaches_every_renderer() -> None:
    """The unmutated project passes check and raises a signal, so scan prints its data."""
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        events = write_log(Path(folder), rows=base_rows(), fmt="csv")
        path = write_contract(Path(folder), base_contract(), log=events)
        runs = [run_in_process(command, path) for command in (COMMANDS[0], COMMANDS[3])]
    assert [run.exit_code for run in runs] == [0, 1], "\n".join(run.describe() for run in runs)


@hostile_settings(8)
@given(log=hostile_logs(), command=st.sampled_from(COMMANDS))
def test_every_command_keeps_its_promises_on_a_mutated_log(
    log: HostileLog, command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        events = write_log(Path(folder), rows=log.rows, fmt=log.fmt, header=log.header)
        path = write_contract(Path(folder), base_contract(), log=events)
        run = run_in_process(command, path)
    assert_kept_promises(run, made_from=log.describe())
