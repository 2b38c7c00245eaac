"""Changes older than a recent baseline: listed with their age when clear and material."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from taut.contract.models import Check
from taut.signal.decide.settled import MIN_CASES, settled_change

START = date(2013, 1, 7)


def _check(target: float = 0.8) -> Check:
    return Check.model_validate({"id": "ack", "present": {"step": "Ack"}, "target": target})


def _misses(share: float, cases: int) -> np.ndarray:
    missed = round(share * cases)
    return np.concatenate([np.ones(missed), np.zeros(cases - missed)])


def test_a_clear_material_rise_before_the_window_is_listed_with_its_levels() -> None:
    change = settled_change(
        _check(),
        area="Triage",
        before=_misses(0.41, 900),
        window=_misses(0.67, 840),
        start=START,
        weeks=52.0,
    )
    assert change is not None
    assert (change.check, change.start) == ("ack", START)
    assert change.before == pytest.approx(0.41, abs=0.001)
    assert change.after == pytest.approx(0.67, abs=0.001)
    assert (change.before_cases, change.after_cases) == (900, 840)


@pytest.mark.parametrize(
    ("before", "window", "why"),
    [
        (_misses(0.41, 900), _misses(0.41, 840), "no change"),
        (_misses(0.67, 900), _misses(0.41, 840), "an improvement is not listed"),
        (_misses(0.10, 900), _misses(0.14, 840), "not clear: z under three"),
        (_misses(0.0, MIN_CASES - 1), _misses(0.5, 840), "too few cases before"),
        (_misses(0.0, 900), _misses(0.5, MIN_CASES - 1), "too few cases in the window"),
    ],
)
def test_nothing_is_listed_without_a_clear_rise_on_enough_cases(
    before: np.ndarray, window: np.ndarray, why: str
) -> None:
    assert (
        settled_change(_check(), area="A", before=before, window=window, start=START, weeks=52.0)
        is None
    ), why


def test_a_clear_rise_that_does_not_matter_to_the_commitment_is_not_listed() -> None:
    # 0.20% -> 0.45% missed over a hundred thousand cases a side is beyond chance, but
    # against a 90% target (ten points of room) a quarter of a point does not matter.
    change = settled_change(
        _check(target=0.9),
        area="A",
        before=_misses(0.002, 100_000),
        window=_misses(0.0045, 100_000),
        start=START,
        weeks=52.0,
    )
    assert change is None
