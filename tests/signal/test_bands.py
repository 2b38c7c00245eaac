"""Condition attributes: numbers banded by range on the baseline, text capped, names as written."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from taut import api
from taut.signal.inputs.bands import (
    BANDS,
    MAX_TEXT_LEVELS,
    OTHER,
    attribute_labels,
    band_edges,
    fit_levels,
)
from taut.signal.inputs.casebook import Labels
from taut.signal.inputs.dimensions import attribute_dimension
from taut.words import where
from tests.signal.scenarios import write_drift_log

NUMBER = r"-?[\d,]+(?:\.\d+)?"


def _bounds(label: str) -> tuple[float, float]:
    """The range a band's name states: at least the first number, below the second."""

    def number(text: str) -> float:
        return float(text.replace(",", ""))

    if found := re.fullmatch(f"under ({NUMBER})", label):
        return -np.inf, number(found[1])
    if found := re.fullmatch(f"({NUMBER}) or more", label):
        return number(found[1]), np.inf
    found = re.fullmatch(f"({NUMBER}) to ({NUMBER})", label)
    assert found, f"{label!r} is not named by a range"
    return number(found[1]), number(found[2])


def _objects(values: Sequence[object]) -> np.ndarray:
    return np.asarray(values, dtype=object)


def test_a_continuous_amount_falls_into_a_few_bands_each_holding_its_values() -> None:
    rng = np.random.default_rng(0)
    amounts = np.round(rng.lognormal(8.5, 1.0, 3000), 2)
    labels = attribute_labels(_objects(amounts.tolist()), in_baseline=np.ones(3000, dtype=bool))
    assert 2 <= len(set(labels.tolist())) <= BANDS
    for amount, label in zip(amounts.tolist(), labels.tolist(), strict=True):
        low, high = _bounds(label)
        assert low <= amount < high


def test_numbers_written_as_text_are_banded_and_a_missing_one_stays_missing() -> None:
    values = [str(v) for v in range(100, 2100, 100)]
    labels = attribute_labels(_objects([*values, None]), in_baseline=np.ones(21, dtype=bool))
    assert labels[-1] is None
    for value, label in zip(values, labels[:-1].tolist(), strict=True):
        low, high = _bounds(label)
        assert low <= float(value) < high


def test_bands_are_fixed_on_the_baseline_cases() -> None:
    base = np.arange(1.0, 201.0)
    later_small = np.arange(1.0, 201.0)
    later_large = np.arange(10_000.0, 10_200.0)
    in_baseline = np.r_[np.ones(200, dtype=bool), np.zeros(200, dtype=bool)]
    small = attribute_labels(_objects([*base, *later_small]), in_baseline=in_baseline)
    large = attribute_labels(_objects([*base, *later_large]), in_baseline=in_baseline)
    # the baseline's labels do not depend on what came after it
    assert small[:200].tolist() == large[:200].tolist()
    # amounts far above the baseline's all fall in its top band
    assert len(set(large[200:].tolist())) == 1
    assert large[200].endswith("or more")


def test_a_thin_baseline_cuts_bands_on_every_case() -> None:
    values = np.arange(1.0, 101.0)
    in_baseline = np.r_[True, np.zeros(99, dtype=bool)]  # one baseline case
    labels = attribute_labels(_objects(values.tolist()), in_baseline=in_baseline)
    assert 2 <= len(set(labels.tolist())) <= BANDS
    for value, label in zip(values.tolist(), labels.tolist(), strict=True):
        low, high = _bounds(label)
        assert low <= value < high


def test_numbers_one_value_dominates_are_capped_not_left_as_every_value() -> None:
    values = [0.0] * 900 + [float(k) for k in range(1, 101)]
    labels = attribute_labels(_objects(values), in_baseline=np.ones(1000, dtype=bool))
    assert len(set(labels.tolist())) <= MAX_TEXT_LEVELS + 1


def test_edges_are_rounded_to_two_digits_and_ties_merge_bands() -> None:
    edges = band_edges(np.array([5137.2, 5137.2, 9876.5, 12_345.0, 15_000.0]))
    assert all(float(f"{edge:.2g}") == edge for edge in edges)
    assert band_edges(np.full(50, 7.0)) == ()


def test_a_few_numeric_values_stay_categories() -> None:
    values = _objects([1, 2, 3, 1, 2, 3])
    assert attribute_labels(values, in_baseline=np.ones(6, dtype=bool)) is values


def test_a_text_attribute_keeps_its_most_common_values_and_groups_the_rest() -> None:
    # value k is taken by 100 - k cases: the most common have the lowest numbers
    values = [f"shop {k:02d}" for k in range(40) for _ in range(100 - k)]
    labels = attribute_labels(_objects(values), in_baseline=np.ones(len(values), dtype=bool))
    kept = {f"shop {k:02d}" for k in range(MAX_TEXT_LEVELS)}
    assert set(labels.tolist()) == kept | {OTHER}
    for value, label in zip(values, labels.tolist(), strict=True):
        assert label == (value if value in kept else OTHER)


def test_attribute_names_reach_the_words_as_written() -> None:
    dimension = attribute_dimension("case:AMOUNT_REQ")
    assert dimension.place("5,000 to 10,000", short=True) == (
        "where case:AMOUNT_REQ is 5,000 to 10,000"
    )
    assert where({"case:AMOUNT_REQ": "under 5,000"}) == "case:AMOUNT_REQ under 5,000"
    assert where({"day_part": "late"}) == "day part late"


@pytest.mark.slow
def test_a_scan_watches_a_continuous_amount_by_band(tmp_path: Path) -> None:
    contract = write_drift_log(tmp_path)
    events = contract.parent / "events.csv"
    with events.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rng = np.random.default_rng(1)
    rows[0].append("case:AMOUNT_REQ")
    for row in rows[1:]:
        row.append(f"{rng.lognormal(8.5, 1.0):.2f}")
    with events.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    text = contract.read_text(encoding="utf-8")
    contract.write_text(
        text.replace("conditions: [region, deal_size]", "conditions: [region, 'case:AMOUNT_REQ']"),
        encoding="utf-8",
    )
    report = api.scan(contract)
    states = api.states(contract)
    named = {
        value
        for segment in [s.segment for s in states] + [n.segment for n in report.not_watched]
        if segment
        for name, value in segment.items()
        if name == "case:AMOUNT_REQ"
    }
    assert named, "the amount is a condition, so some of its bands are watched or listed"
    assert len(named) <= BANDS
    for label in named:
        _bounds(label)


@pytest.mark.parametrize("kind", ["numbers", "many words", "few words", "one number"])
def test_levels_are_the_same_from_label_codes_or_from_every_case_value(kind: str) -> None:
    rng = np.random.default_rng(4)
    if kind == "numbers":
        values: list[object] = [float(v) for v in np.round(rng.lognormal(8.0, 1.0, 900), -2)]
    elif kind == "many words":
        values = [f"region {v}" for v in rng.zipf(1.6, 900) % 40]
    elif kind == "few words":
        values = [f"team {v}" for v in rng.integers(0, 4, 900)]
    else:
        values = [5000.0 if v < 880 else float(v - 880) for v in range(900)]  # no band edge: capped
    values[::7] = [None] * len(values[::7])
    first = np.asarray(values[:500], dtype=object)
    second = np.asarray(values[500:], dtype=object)
    inside = (rng.random(500) < 0.4, rng.random(400) < 0.4)
    as_objects = fit_levels([(first, inside[0]), (second, inside[1])])
    as_codes = fit_levels([(Labels.of(first), inside[0]), (Labels.of(second), inside[1])])
    assert as_codes == as_objects
    assert as_objects != fit_levels([]) or kind == "few words"  # each kind is exercised
