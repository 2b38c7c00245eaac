"""One simulated handoff log with two drifts, scanned once for the chart tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from taut import api
from taut.contract.models import Contract
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.report import ScanReport
from taut.simulate import Drift, sales_handoff
from taut.simulate.process import DELIVERY

SKIP_ONSET = date(2025, 4, 7)
STRETCH_ONSET = date(2025, 4, 21)


@dataclass(frozen=True)
class Scanned:
    contract_path: Path
    contract: Contract
    book: dict[str, CheckCases]
    report: ScanReport


def scanned(folder: Path, *, drifts: tuple[Drift, ...], seed: int) -> Scanned:
    sim = sales_handoff(seed=seed, weeks=20, deals_per_day=20.0, drifts=drifts)
    path = sim.write(folder, fmt="csv")
    contract = api.open_workspace(path).contract_file.contract
    book = read_casebook(api.outcomes(path).to_pyarrow(), contract=contract)
    return Scanned(contract_path=path, contract=contract, book=book, report=api.scan(path))


@pytest.fixture(scope="session")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    """Acknowledgments skipped 30% more from SKIP_ONSET; delivery three times slower later."""
    drifts = (
        Drift(kind="skip", onset=SKIP_ONSET, size=0.3),
        Drift(kind="latency", onset=STRETCH_ONSET, size=3.0, step=DELIVERY),
    )
    return scanned(tmp_path_factory.mktemp("drifted"), drifts=drifts, seed=3)


@pytest.fixture(scope="session")
def steady(tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    return scanned(tmp_path_factory.mktemp("steady"), drifts=(), seed=4)
