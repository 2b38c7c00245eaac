"""The fast quantiles give numpy's and the standard library's numbers to the last bit."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from taut.signal.model.quantiles import mean, median, normal_quantiles, quantile


def _shares() -> np.ndarray:
    rng = np.random.default_rng(7)
    return np.concatenate(
        [
            rng.random(20_000),
            rng.random(2_000) * 1e-3,  # lower tail, near 5 below
            1.0 - rng.random(2_000) * 1e-3,  # upper tail
            rng.random(500) * 1e-15,  # far tail (r > 5)
            (np.arange(1, 4_001) - 0.5) / 4_000.0,  # mid-rank shares of a baseline
            np.array([0.5, 0.075, 0.925, 0.075 - 1e-12, 0.925 + 1e-12]),  # the edges
        ]
    )


def test_normal_quantiles_equal_the_standard_library_bit_for_bit() -> None:
    shares = _shares()
    expected = [NormalDist().inv_cdf(float(p)) for p in shares]
    assert normal_quantiles(shares).tolist() == expected


def test_normal_quantiles_of_nothing_is_empty() -> None:
    assert normal_quantiles(np.array([])).shape == (0,)


def _samples() -> list[np.ndarray]:
    rng = np.random.default_rng(11)
    samples = []
    for size in [*range(1, 12), 50, 51, 99, 100, 1_000, 1_001]:
        samples.append(rng.lognormal(0.0, 2.0, size))
        samples.append(np.log(np.round(rng.lognormal(1.0, 1.0, size), 1) + 0.05))  # ties
        samples.append(np.full(size, 2.5))
    return samples


@pytest.mark.parametrize("q", [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])
def test_quantile_equals_numpy_bit_for_bit(q: float) -> None:
    for values in _samples():
        assert quantile(values, q) == float(np.quantile(values, q)), values.size


def test_median_equals_numpy_bit_for_bit() -> None:
    for values in _samples():
        assert median(values) == float(np.median(values)), values.size


def test_mean_equals_numpy_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    samples = [*_samples(), rng.random(100_003), (rng.random(9_999) < 0.3).astype(float)]
    for values in samples:
        assert mean(values) == float(values.mean()), values.size


def test_a_sample_with_nan_or_nothing_has_no_quantile() -> None:
    with_nan = np.array([1.0, np.nan, 3.0])
    assert math.isnan(median(with_nan))
    assert math.isnan(quantile(with_nan, 0.9))
    assert math.isnan(median(np.array([])))
    assert math.isnan(quantile(np.array([]), 0.5))


def test_the_sample_is_left_as_it_was() -> None:
    values = np.array([3.0, 1.0, 2.0, 5.0])
    median(values)
    quantile(values, 0.75)
    assert values.tolist() == [3.0, 1.0, 2.0, 5.0]


def test_normal_scores_are_the_same_whether_the_residuals_are_sorted_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from taut.signal.model import adjust  # noqa: PLC0415 - the module whose switch is moved

    rng = np.random.default_rng(5)
    baseline = np.round(rng.normal(size=3_000), 2)  # ties with the residuals
    residuals = np.round(rng.normal(size=5_000) * 1.5, 2)
    monkeypatch.setattr(adjust, "SORTED_LOOKUP", 10**9)
    searched = adjust.normal_scores(residuals, baseline=baseline)
    monkeypatch.setattr(adjust, "SORTED_LOOKUP", 0)
    sorted_first = adjust.normal_scores(residuals, baseline=baseline)
    below = np.searchsorted(np.sort(baseline), residuals, side="left")
    at_most = np.searchsorted(np.sort(baseline), residuals, side="right")
    shares = (below + 0.5 * (at_most - below) + 0.5) / (baseline.size + 1.0)
    expected = [NormalDist().inv_cdf(float(p)) for p in shares]
    assert searched.tolist() == expected
    assert sorted_first.tolist() == expected


def test_normal_scores_are_the_same_from_a_kept_table_or_computed_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from taut.signal.model import adjust  # noqa: PLC0415 - the module whose switch is moved

    rng = np.random.default_rng(8)
    baseline = np.round(rng.normal(size=400), 2)
    residuals = np.round(rng.normal(size=900) * 2.0, 2)  # ties and both tails
    kept = adjust.normal_scores(residuals, baseline=baseline)
    again = adjust.normal_scores(residuals[::-1], baseline=baseline)  # the table reused
    monkeypatch.setattr(adjust, "KEPT_TABLE_CASES", 0)
    afresh = adjust.normal_scores(residuals, baseline=baseline)
    ordered = np.sort(baseline)
    below = np.searchsorted(ordered, residuals, side="left")
    at_most = np.searchsorted(ordered, residuals, side="right")
    shares = (below + 0.5 * (at_most - below) + 0.5) / (baseline.size + 1.0)
    expected = [NormalDist().inv_cdf(float(p)) for p in shares]
    assert kept.tolist() == expected
    assert again.tolist() == expected[::-1]
    assert afresh.tolist() == expected
