"""Scoring a slice: the shortcuts a long stream needs give the numbers of the plain formulas."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from taut.signal.detectors.blanks import blank_increments
from taut.signal.inputs.casebook import CheckCases
from taut.signal.model.adjust import MIN_CELL_CASES, normal_scores
from taut.signal.model.conditions import Conditions, level_increments
from taut.signal.model.scoring import adjusted_rate_increments

SIZES = (1.1, 1.5, 2.0, 3.0)
WEEKDAYS = np.array(["Monday", "Tuesday", "Wednesday", None], dtype=object)


def test_rate_increments_by_row_and_outcome_equal_case_by_case() -> None:
    rng = np.random.default_rng(0)
    levels = rng.uniform(0.01, 0.4, 12)
    codes = rng.integers(0, 12, 5000)
    rates = levels[codes]
    missed = (rng.random(5000) < rates).astype(float)
    found = level_increments(
        missed,
        codes=codes,
        levels=levels,
        increments=lambda x, p: adjusted_rate_increments(x, p, SIZES) / 1.7,
    )
    assert np.array_equal(found, adjusted_rate_increments(missed, rates, SIZES) / 1.7)


def test_blank_increments_by_row_and_outcome_equal_case_by_case() -> None:
    rng = np.random.default_rng(1)
    levels = rng.uniform(0.01, 0.2, 7)
    codes = rng.integers(0, 7, 3000)
    counts = rng.integers(0, 3, 3000).astype(float)
    found = level_increments(
        counts,
        codes=codes,
        levels=levels,
        increments=lambda x, p: blank_increments(x, p, 0.3, SIZES),
    )
    assert np.array_equal(found, blank_increments(counts, levels[codes], 0.3, SIZES))


def test_values_other_than_counts_are_scored_case_by_case() -> None:
    values = np.array([0.5, 1.0, np.nan])
    levels = np.array([0.1, 0.2])
    codes = np.array([0, 1, 0])
    found = level_increments(
        values,
        codes=codes,
        levels=levels,
        increments=lambda x, p: blank_increments(x, p, 0.0, SIZES),
    )
    np.testing.assert_array_equal(found, blank_increments(values, levels[codes], 0.0, SIZES))


def test_conditions_hold_every_row_of_a_one_hot_design() -> None:
    rng = np.random.default_rng(3)
    weekday = rng.integers(0, 7, 4000)
    design = np.column_stack(
        [np.eye(7)[weekday], rng.random(4000) < 0.3, rng.random(4000) < 0.2]
    ).astype(float)
    conditions = Conditions.of(design)
    assert conditions.rows.shape[0] <= 28
    assert np.array_equal(conditions.design(), design)
    at = rng.integers(0, 4000, 500)
    assert np.array_equal(conditions.take(at).design(), design[at])
    coef = rng.normal(0.0, 1.0, 9)
    assert np.allclose(conditions.expected(lambda rows: rows @ coef), design @ coef, atol=1e-12)


def test_conditions_of_a_design_that_is_not_one_hot_keep_each_case_as_its_own_row() -> None:
    design = np.array([[0.5, 1.0], [0.5, 1.0], [0.0, 2.0]])
    conditions = Conditions.of(design)
    assert conditions.codes.tolist() == [0, 1, 2]
    assert np.array_equal(conditions.design(), design)


def _mid_rank_score(value: float, reference: np.ndarray) -> float:
    below = int(np.count_nonzero(reference < value))
    ties = int(np.count_nonzero(reference == value))
    return NormalDist().inv_cdf((below + ties / 2 + 0.5) / (reference.size + 1))


def test_each_case_is_scored_against_the_first_reference_that_holds_enough() -> None:
    rng = np.random.default_rng(2)
    baseline = np.round(rng.normal(0.0, 1.0, 400), 1)
    # Monday holds plenty of its own, Tuesday too few (the wider baseline has enough),
    # Wednesday too few anywhere, and unknown weekdays use the whole baseline.
    baseline_cells = WEEKDAYS[np.r_[np.zeros(300, int), np.ones(20, int), np.full(80, 3)]]
    wider_values = np.round(rng.normal(0.5, 1.0, 200), 1)
    wider_cells = WEEKDAYS[np.r_[np.ones(MIN_CELL_CASES, int), np.zeros(150, int)]]
    residuals = np.round(rng.normal(0.0, 1.5, 60), 1)
    cells = WEEKDAYS[rng.integers(0, 4, 60)]
    scores = normal_scores(
        residuals,
        baseline=baseline,
        cells=cells,
        baseline_cells=baseline_cells,
        wider=(wider_values, wider_cells),
    )
    for value, cell, score in zip(residuals, cells, scores, strict=True):
        if cell == "Monday":
            reference = baseline[baseline_cells == "Monday"]
        elif cell == "Tuesday":
            reference = wider_values[wider_cells == "Tuesday"]
        else:
            reference = baseline
        assert score == _mid_rank_score(float(value), reference)


def _cases(size: int) -> CheckCases:
    rng = np.random.default_rng(3)
    return CheckCases(
        check="c",
        anchor=np.arange(size, dtype=float),
        decided=np.arange(size, dtype=float) + 1.0,
        missed=(rng.random(size) < 0.1).astype(float),
        value=rng.random(size),
        day=np.zeros(size, dtype="datetime64[D]"),
        labels={"team": WEEKDAYS[rng.integers(0, 3, size)]},
    )


def test_a_subset_without_labels_keeps_every_other_column() -> None:
    cases = _cases(50)
    mask = cases.labels["team"] == "Monday"
    part = cases.subset(mask, labels=False)
    assert part.labels == {}
    np.testing.assert_array_equal(part.anchor, cases.anchor[mask])
    np.testing.assert_array_equal(part.value, cases.value[mask])


def test_the_whole_of_the_cases_is_the_cases_themselves() -> None:
    cases = _cases(20)
    assert cases.subset(np.ones(20, dtype=bool)) is cases
