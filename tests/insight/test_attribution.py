"""Difference-in-differences, share explained and Holm's correction against plain sums."""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pandas as pd
import pytest

from taut.insight.attribution import attribute_slip, holm, measure_effect
from taut.insight.conditions import Candidate
from taut.insight.slip import SlipCases


def _cases(cells: dict[tuple[bool, bool], tuple[int, int]]) -> tuple[SlipCases, np.ndarray]:
    """Cases from ``{(inside, during): (slips, total)}``; returns them and the inside mask."""
    slip: list[float] = []
    inside: list[bool] = []
    during: list[bool] = []
    for (is_in, is_during), (k, n) in cells.items():
        slip += [1.0] * k + [0.0] * (n - k)
        inside += [is_in] * n
        during += [is_during] * n
    slip += [math.nan] * 3  # pending cases count nowhere
    inside += [True] * 3
    during += [True] * 3
    frame = pd.DataFrame({"case_id": [f"c{i}" for i in range(len(slip))]})
    during_mask = np.array(during)
    cases = SlipCases(
        check="c", frame=frame, slip=np.array(slip), before=~during_mask, during=during_mask
    )
    return cases, np.array(inside)


CELLS = {
    (True, False): (5, 100),
    (True, True): (40, 100),
    (False, False): (15, 300),
    (False, True): (21, 300),
}


def test_diff_in_diff_matches_a_plain_computation() -> None:
    cases, inside = _cases(CELLS)
    effect = measure_effect(cases, field="workload", value="high-workload days", inside=inside)
    assert effect is not None
    did = (40 / 100 - 5 / 100) - (21 / 300 - 15 / 300)
    assert effect.diff_in_diff == pytest.approx(did)
    excess = 400 * (61 / 400 - 20 / 400)
    assert effect.share_explained == pytest.approx(min(1.0, 100 * (0.40 - 0.05) / excess))
    assert effect.share_of_cases == pytest.approx(0.25)
    smoothed = [(k + 0.5) / (n + 1) for k, n in CELLS.values()]
    se = math.sqrt(sum(p * (1 - p) / n for p, (_, n) in zip(smoothed, CELLS.values(), strict=True)))
    assert effect.p_value == pytest.approx(math.erfc(abs(did) / se / math.sqrt(2)))
    assert (effect.inside_cases, effect.outside_cases) == (100, 300)


def test_small_cells_are_not_measured() -> None:
    cases, inside = _cases({**CELLS, (True, True): (10, 19)})
    assert measure_effect(cases, field="hour", value="16:00 or later", inside=inside) is None
    with pytest.raises(ValueError, match="at least 5"):
        measure_effect(cases, field="hour", value="x", inside=inside, min_cases=4)


def test_no_excess_means_nothing_to_explain() -> None:
    flat = dict.fromkeys(CELLS, (10, 100))
    cases, inside = _cases(flat)
    assert measure_effect(cases, field="hour", value="x", inside=inside) is None


def _holm_oracle(p_values: list[float], alpha: float) -> list[bool]:
    order = np.argsort(p_values, kind="stable")
    m = len(p_values)
    rejected = [False] * m
    for rank, index in enumerate(order):
        if p_values[index] <= alpha / (m - rank):
            rejected[index] = True
        else:
            break
    return rejected


@pytest.mark.parametrize("seed", range(20))
def test_holm_matches_the_textbook_procedure(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p_values = [float(p) for p in rng.uniform(0, 0.1, size=8) ** 2]
    assert holm(p_values, alpha=0.05) == _holm_oracle(p_values, 0.05)


def test_the_concentrated_condition_is_named_and_an_even_one_is_not() -> None:
    cases, inside = _cases(CELLS)
    rng = np.random.default_rng(0)
    even = rng.random(inside.size) < 0.5
    candidates = [
        Candidate(field="team", value="North", inside=even),
        Candidate(field="workload", value="high-workload days", inside=inside),
    ]
    found = attribute_slip(cases, candidates)
    assert [(e.field, e.value) for e in found.named] == [("workload", "high-workload days")]
    assert len(found.tried) == 2
    assert found.excess == pytest.approx(41.0)


def test_a_pair_is_named_only_when_it_explains_clearly_more() -> None:
    n = 1600
    grid = np.array(list(product([False, True], repeat=3)) * (n // 8))
    first, second, during = grid[:, 0], grid[:, 1], grid[:, 2]
    rng = np.random.default_rng(1)
    rate = np.where(during & first & second, 0.6, 0.05)
    slip = (rng.random(n) < rate).astype(np.float64)
    frame = pd.DataFrame({"case_id": [f"c{i}" for i in range(n)]})
    cases = SlipCases(check="c", frame=frame, slip=slip, before=~during, during=during)
    found = attribute_slip(
        cases,
        [
            Candidate(field="workload", value="high-workload days", inside=first),
            Candidate(field="hour", value="16:00 or later", inside=second),
        ],
    )
    pair = found.named[0]
    assert set(pair.field.split("+")) == {"workload", "hour"}
    assert set(pair.value.split(" and ")) == {"high-workload days", "16:00 or later"}
    singles = [e for e in found.tried if "+" not in e.field]
    assert pair.lift >= max(e.lift for e in singles) + 0.10
