"""Oracle tests: each statistic equals an independent plain-Python or brute-force computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from taut.signal.detectors.baseline import LatencyBaseline, RateBaseline
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import cusum_paths
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum


def page_recursion(increments: list[float]) -> list[float]:
    path, state = [], 0.0
    for w in increments:
        state = max(0.0, state + w)
        path.append(state)
    return path


def test_cusum_paths_match_page_recursion_row_by_row() -> None:
    rng = np.random.default_rng(0)
    increments = rng.normal(-0.1, 1.0, size=(3, 4, 200))
    paths = cusum_paths(increments)
    for k in range(3):
        for r in range(4):
            expected = page_recursion(increments[k, r].tolist())
            np.testing.assert_allclose(paths[k, r], expected, rtol=0, atol=1e-9)


def test_cusum_paths_are_the_same_in_one_call_or_one_size_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from taut.signal.detectors import detector  # noqa: PLC0415 - the module whose switch moves

    increments = np.random.default_rng(1).normal(-0.1, 1.0, size=(5, 300))
    whole = cusum_paths(increments.copy())
    monkeypatch.setattr(detector, "WHOLE_FLOOR_VALUES", 0)
    by_size = cusum_paths(increments.copy())
    assert whole.tolist() == by_size.tolist()
    for k in range(5):
        np.testing.assert_allclose(whole[k], page_recursion(increments[k].tolist()), atol=1e-9)


def test_bernoulli_cusum_equals_plain_python_recursion() -> None:
    rng = np.random.default_rng(1)
    x = (rng.random(3000) < np.r_[np.full(1500, 0.05), np.full(1500, 0.12)]).astype(float)
    p0 = 0.05
    found = BernoulliCusum(odds_ratio=2.0).scan(
        x, baseline=RateBaseline(rate=p0, cases=1000), threshold=1e9
    )
    p1 = 2.0 * p0 / (1 - p0 + 2.0 * p0)
    steps = [math.log(p1 / p0) if v else math.log((1 - p1) / (1 - p0)) for v in x]
    np.testing.assert_allclose(found.statistic, page_recursion(steps), rtol=0, atol=1e-9)
    assert found.alarm is None
    assert found.size == 2.0


def test_bernoulli_cusum_down_uses_the_inverse_odds_ratio() -> None:
    x = np.r_[np.ones(5), np.zeros(200)]
    found = BernoulliCusum(odds_ratio=2.0, direction="down").scan(
        x, baseline=RateBaseline(rate=0.2), threshold=1e9
    )
    p1 = 0.5 * 0.2 / (1 - 0.2 + 0.5 * 0.2)
    steps = [math.log(p1 / 0.2) if v else math.log((1 - p1) / 0.8) for v in x]
    np.testing.assert_allclose(found.statistic, page_recursion(steps), atol=1e-9)
    assert found.statistic[-1] > 10


def exact_glr(x: np.ndarray, p0: float, top: float) -> np.ndarray:
    """G_t = max_s max_{p0 < p1 <= top} log-likelihood ratio, by brute force.

    For each start the best p1 is the share of 1s since then, clipped to (p0, top].
    """
    out = np.zeros(x.size)
    for t in range(1, x.size + 1):
        best = 0.0
        for s in range(t):
            m = t - s
            c = float(x[s:t].sum())
            p1 = min(c / m, top)
            if p1 <= p0:
                continue
            value = c * math.log(p1 / p0) + (m - c) * math.log((1 - p1) / (1 - p0))
            best = max(best, value)
        out[t - 1] = best
    return out


def test_glr_grid_is_a_lower_bound_that_tightens_with_a_dense_grid() -> None:
    rng = np.random.default_rng(2)
    p0 = 0.1
    x = (rng.random(300) < np.r_[np.full(150, p0), np.full(150, 0.3)]).astype(float)
    exact = exact_glr(x, p0, top=0.9)  # odds(0.9) = 81 odds(0.1): the grids' largest size
    base = RateBaseline(rate=p0)
    coarse = BernoulliGlr(largest=81.0, grid=16).scan(x, baseline=base, threshold=1e9).statistic
    dense = (
        BernoulliGlr(smallest=1.01, largest=81.0, grid=64)
        .scan(x, baseline=base, threshold=1e9)
        .statistic
    )
    assert np.all(coarse <= exact + 1e-9)
    assert np.all(dense <= exact + 1e-9)
    assert np.all(coarse <= dense + 0.05 * exact + 1e-9)
    high = exact > 2.0
    assert high.sum() > 50
    assert np.min(dense[high] / exact[high]) > 0.99
    assert np.min(coarse[high] / exact[high]) > 0.94
    default_top = exact_glr(x, p0, top=0.25)  # odds ratio 3, the default largest size
    default = BernoulliGlr().scan(x, baseline=base, threshold=1e9).statistic
    assert np.all(default <= default_top + 1e-9)
    assert np.min(default[high] / default_top[high]) > 0.95


def test_latency_glr_equals_plain_recursions_over_the_grid() -> None:
    rng = np.random.default_rng(3)
    x = 3.0 + 0.5 * np.r_[rng.standard_normal(100), 1.0 + rng.standard_normal(100)]
    x[10] = 40.0  # one wild value: clipped at 4 sds
    base = LatencyBaseline(mean=3.0, sd=0.5, low=2.4, high=3.6, outside=0.2, cases=400)
    detector = LatencyGlr()
    found = detector.scan(x, baseline=base, threshold=1e9)
    u = [min(4.0, max(-4.0, (v - 3.0) / 0.5)) for v in x]
    paths = [page_recursion([d * ui - d * d / 2 for ui in u]) for d in detector.sizes()]
    np.testing.assert_allclose(found.statistic, np.max(paths, axis=0), atol=1e-9)


def test_oracle_latency_increments_are_the_normal_log_likelihood_ratio() -> None:
    oracle = OracleLatencyCusum(before_mean=1.0, before_sd=0.5, after_mean=1.0, after_sd=0.9)
    x = np.array([0.2, 1.0, 2.5])

    def logpdf(v: float, mean: float, sd: float) -> float:
        return -math.log(sd) - (v - mean) ** 2 / (2 * sd * sd)

    expected = [logpdf(v, 1.0, 0.9) - logpdf(v, 1.0, 0.5) for v in x]
    np.testing.assert_allclose(
        oracle.increments(x, baseline=oracle.truth())[0], expected, atol=1e-12
    )


@pytest.mark.parametrize("odds", [1.0, 0.5])
def test_bernoulli_cusum_rejects_sizes_that_are_no_rise(odds: float) -> None:
    with pytest.raises(ValueError, match="must be above 1"):
        BernoulliCusum(odds_ratio=odds)
