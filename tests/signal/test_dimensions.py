"""One declaration of the segment dimensions: the scan, the risk model and the insight agree."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pytest

from taut import api
from taut.insight.conditions import candidate_conditions
from taut.outcomes import evaluate_checks
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.dimensions import (
    CONDITIONS,
    DAY_PART,
    DIMENSIONS,
    RISK_COVARIATES,
    WORKLOAD,
    by_field,
)
from taut.signal.model.adjust import design
from taut.simulate import service_desk

CHECK = "triage-within-4h"


@pytest.fixture(scope="module")
def desk() -> Iterator[tuple[CheckCases, pa.Table]]:
    """One check's cases as the scan reads them, and its outcome rows in the same order."""
    simulation = service_desk(seed=1, weeks=8)
    with tempfile.TemporaryDirectory() as folder:
        workspace = api.open_workspace(simulation.write(folder))
        contract, log = workspace.contract_file.contract, workspace.log
        table = evaluate_checks(contract, log).to_pyarrow()
        book = read_casebook(table, contract=contract)
        mine = np.asarray(table.column("check").to_pylist(), dtype=object) == CHECK
        rows = table.filter(pa.array(mine)).sort_by(
            [("anchor_time", "ascending"), ("case_id", "ascending")]
        )
        yield book[CHECK], rows


def test_every_dimension_labels_every_case(desk: tuple[CheckCases, pa.Table]) -> None:
    cases, rows = desk
    assert list(cases.labels)[: len(DIMENSIONS)] == [d.name for d in DIMENSIONS]
    hour = np.asarray(rows.column("hour").to_numpy(zero_copy_only=False), dtype=np.float64)
    late = cases.labels[DAY_PART.name]
    assert set(late[hour >= 16].tolist()) == {"late"}
    assert set(late[hour < 16].tolist()) == {"earlier"}


def test_the_insight_cuts_cases_where_the_scan_does(desk: tuple[CheckCases, pa.Table]) -> None:
    cases, rows = desk
    found = candidate_conditions(rows.to_pandas(), attributes=())
    assert [c.field for c in found][:2] == [WORKLOAD.field, DAY_PART.field]
    compared = 0
    for candidate in found:
        dimension = by_field(candidate.field)
        assert dimension in CONDITIONS
        labels = cases.labels[dimension.name]
        label = candidate.value if dimension.cut is None else dimension.cut.inside
        assert np.array_equal(candidate.inside, labels == label), candidate.field
        compared += 1
    assert compared >= 2 + 7  # both cuts and every weekday at least


def test_the_risk_model_has_a_column_per_declared_level(
    desk: tuple[CheckCases, pa.Table],
) -> None:
    cases, _ = desk
    columns = design(cases)
    assert columns.shape == (cases.size, sum(len(d.levels) for d in RISK_COVARIATES))
    start = 0
    for dimension in RISK_COVARIATES:
        for offset, level in enumerate(dimension.levels):
            expected = cases.labels[dimension.name] == level
            assert np.array_equal(columns[:, start + offset], expected.astype(np.float64))
        start += len(dimension.levels)
