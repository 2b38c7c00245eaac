"""Session-wide simulated logs and their scans (computed once; calibrations are cached)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taut.api import scan
from taut.signal.report import ScanReport
from tests.signal.scenarios import write_drift_log, write_steady_log


@pytest.fixture(scope="session")
def drift_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_drift_log(tmp_path_factory.mktemp("drift"))


@pytest.fixture(scope="session")
def steady_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_steady_log(tmp_path_factory.mktemp("steady"))


@pytest.fixture(scope="session")
def drift_report(drift_contract: Path) -> ScanReport:
    return scan(drift_contract)
