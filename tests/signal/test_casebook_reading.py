"""The casebook read from a stored outcomes table, a check at a time, equals the Arrow one."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator

import ibis
import numpy as np
import pytest

from taut import api
from taut.contract.models import Contract
from taut.outcomes import evaluate_checks
from taut.signal.inputs.casebook import CheckCases, Labels, read_casebook
from taut.simulate import service_desk


@pytest.fixture(scope="module")
def books() -> Iterator[tuple[Contract, dict[str, CheckCases], dict[str, CheckCases]]]:
    """The same outcomes read as one Arrow table and as a stored table, check by check."""
    simulation = service_desk(seed=3, weeks=8)
    with tempfile.TemporaryDirectory() as folder:
        workspace = api.open_workspace(simulation.write(folder))
        contract, log = workspace.contract_file.contract, workspace.log
        outcomes = evaluate_checks(contract, log)
        name = f"outcomes_{uuid.uuid4().hex[:8]}"
        stored = outcomes.get_backend().create_table(name, outcomes, temp=True)
        from_arrow = read_casebook(outcomes.to_pyarrow(), contract=contract)
        from_table = read_casebook(stored, contract=contract)
        yield contract, from_arrow, from_table


def _same(left: np.ndarray, right: np.ndarray) -> bool:
    if left.dtype.kind == "f":
        return bool(np.array_equal(left, right, equal_nan=True))
    return bool(np.array_equal(left, right))


def test_every_check_has_the_same_cases_in_the_same_order(
    books: tuple[Contract, dict[str, CheckCases], dict[str, CheckCases]],
) -> None:
    contract, from_arrow, from_table = books
    assert list(from_table) == [check.id for _, check in contract.checks]
    assert sum(cases.size for cases in from_table.values()) > 1000
    for check, cases in from_arrow.items():
        read = from_table[check]
        assert read.size == cases.size
        for field in ("anchor", "decided", "missed", "value", "day"):
            assert _same(getattr(read, field), getattr(cases, field)), (check, field)
        assert list(read.labels) == list(cases.labels)
        for name, labels in cases.labels.items():
            assert read.labels[name].tolist() == labels.tolist(), (check, name)


def test_a_query_over_the_log_is_read_whole_not_per_check(
    books: tuple[Contract, dict[str, CheckCases], dict[str, CheckCases]],
) -> None:
    contract, from_arrow, _ = books
    simulation = service_desk(seed=3, weeks=8)
    with tempfile.TemporaryDirectory() as folder:
        workspace = api.open_workspace(simulation.write(folder))
        lazy = evaluate_checks(contract, workspace.log)
        book = read_casebook(lazy, contract=contract)
    for check, cases in from_arrow.items():
        assert _same(book[check].anchor, cases.anchor)


def test_labels_answer_as_an_object_array_of_the_same_values_does() -> None:
    values = np.array(["north", None, "south", "north", None], dtype=object)
    labels = Labels.of(values)
    for word in ("north", "south", "east", None):
        assert (labels == word).tolist() == (values == word).tolist()
        assert (labels != word).tolist() == (values != word).tolist()
    mask = np.array([True, False, True, True, False])
    assert labels[mask].tolist() == values[mask].tolist()
    assert labels[np.array([4, 0])].tolist() == [None, "north"]
    assert labels.size == len(labels) == values.size


def test_labels_widen_their_codes_past_127_distinct_values() -> None:
    values = np.array([f"team {i}" for i in range(300)] * 2, dtype=object)
    labels = Labels.of(values)
    assert labels.codes.dtype == np.int16
    assert labels.tolist() == values.tolist()
    assert int(np.count_nonzero(labels == "team 299")) == 2


def test_cases_at_one_anchor_come_in_the_order_the_database_sorts_their_ids() -> None:
    """The casebook sorts a check's rows itself: in the order of an ``ORDER BY`` (anchor,
    case id) in the database, ties at one anchor and ids in mixed case included."""
    simulation = service_desk(seed=3, weeks=8)
    with tempfile.TemporaryDirectory() as folder:
        workspace = api.open_workspace(simulation.write(folder))
        contract, log = workspace.contract_file.contract, workspace.log
        outcomes = evaluate_checks(contract, log)
        # Every case of a day shares one anchor; half the ids are lower case ("c..." sorts
        # after "C..." byte by byte, before it in a case-blind order).
        tied = outcomes.mutate(
            anchor_time=outcomes["anchor_time"].truncate("D"),
            case_id=ibis.ifelse(
                outcomes["hour"] % 2 == 0, outcomes["case_id"].lower(), outcomes["case_id"]
            ),
        )
        stored = tied.get_backend().create_table(f"tied_{uuid.uuid4().hex[:8]}", tied, temp=True)
        book = read_casebook(stored, contract=contract)
        for _, check in contract.checks:
            rows = stored.filter(stored["check"] == check.id)
            ordered = rows.order_by(["anchor_time", "case_id"]).to_pyarrow()
            decided = ordered.column("decided_time").to_numpy(zero_copy_only=False)
            micros = np.asarray(decided, dtype="datetime64[us]")
            hours = np.where(np.isnat(micros), np.nan, micros.astype(np.int64) / 3.6e9)
            assert book[check.id].size == ordered.num_rows > 0
            assert np.unique(book[check.id].anchor).size < book[check.id].size  # ties
            assert _same(book[check.id].decided, hours), check.id
