"""The scan as an ordered list of steps (taut.signal.scan.STEPS), listed once where it starts."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from taut.contract import load_contract
from taut.signal import scan
from taut.signal.run import ScanRun
from taut.signal.scan import STEPS, fix_baseline, read_cases, watch_slices


def test_the_module_docstring_lists_every_step_in_order() -> None:
    listed = re.findall(r"^\d\. :func:`(\w+)`", scan.__doc__ or "", flags=re.MULTILINE)
    assert listed == [step.__name__ for step in STEPS]


def test_a_step_refuses_to_run_before_the_step_it_needs(drift_contract: Path) -> None:
    contract = load_contract(drift_contract).contract
    end = datetime(2025, 1, 1)  # noqa: DTZ001 - naive UTC, as a log's data_end
    run = ScanRun(contract=contract, as_of_hours=1.0, timezone="UTC", data_end=end)
    with pytest.raises(RuntimeError, match="read_cases"):
        fix_baseline(run)
    with pytest.raises(RuntimeError, match="read_cases"):
        watch_slices(run)
    with pytest.raises(RuntimeError, match="no outcomes"):
        read_cases(run)
