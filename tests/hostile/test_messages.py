"""Messages for the hostile inputs this suite found outside every other branch's area.

Each case runs ``taut check`` on the valid project with one part of the contract made
hostile, asserts the documented exit code, and compares stderr (the project's folder
written as ``<folder>``) with ``tests/golden/hostile/hostile-suite/<case>.txt``.

Regenerate after an intended wording change with
``TAUT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/hostile/test_messages.py`` and read the diff.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from taut.errors import ExitCode
from tests.hostile.project import base_contract, base_rows, write_contract, write_log
from tests.hostile.runs import assert_kept_promises, run_in_process

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "hostile-suite"
UPDATE = os.environ.get("TAUT_UPDATE_GOLDEN") == "1"


def _timezone_too_long(data: dict[str, Any]) -> None:
    data["source"]["timezone"] = "9" * 300


def _source_name_too_long(data: dict[str, Any]) -> None:
    data["source"]["path"] = f"{'e' * 300}.csv"


def _source_with_nul(data: dict[str, Any]) -> None:
    data["source"]["path"] = "ev\x00ents.csv"


def _source_of_unknown_user(data: dict[str, Any]) -> None:
    data["source"]["path"] = "~nobody-here/events.csv"


CASES = {
    # A time zone longer than a file name may be: zoneinfo's OSError was exit 70.
    "timezone_too_long": (_timezone_too_long, ExitCode.USAGE),
    # A source path longer than a file name may be: os.stat's OSError was exit 70.
    "source_name_too_long": (_source_name_too_long, ExitCode.INPUT),
    # A NUL byte in the source path: resolving it raised ValueError, exit 70.
    "source_with_nul": (_source_with_nul, ExitCode.USAGE),
    # '~user' for an unknown user: Path.expanduser's RuntimeError was exit 70.
    "source_of_unknown_user": (_source_of_unknown_user, ExitCode.USAGE),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_contract_gets_one_clear_message(case: str) -> None:
    edit, code = CASES[case]
    data = base_contract()
    with tempfile.TemporaryDirectory(prefix="taut-hostile-") as folder:
        write_log(Path(folder), rows=base_rows(), fmt="csv")
        edit(data)
        path = write_contract(Path(folder), data)
        run = run_in_process(("check",), path)
        message = run.stderr.replace(str(Path(folder).resolve()), "<folder>").replace(
            folder, "<folder>"
        )
    assert_kept_promises(run, made_from=case)
    assert run.exit_code == code, run.describe()
    golden = GOLDEN / f"{case}.txt"
    if UPDATE:
        golden.write_text(message, encoding="utf-8")
    assert message == golden.read_text(encoding="utf-8")
