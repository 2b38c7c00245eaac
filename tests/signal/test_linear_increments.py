"""The linear form of the Gaussian detectors' increments: one running sum for every size."""

from __future__ import annotations

import numpy as np
import pytest

from taut.signal.detectors.baseline import LatencyBaseline
from taut.signal.detectors.detector import (
    FloatArray,
    LinearDetector,
    LinearIncrements,
    increment_paths,
    scan_increments,
    scan_paths,
)
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.scale import ScaleGlr
from tests.signal.test_statistics import page_recursion

BASE = LatencyBaseline(mean=0.4, sd=1.7, low=-1.8, high=2.6, outside=0.2, cases=400)
DETECTORS = (LatencyGlr(), LatencyGlr(direction="down"), ScaleGlr(), ScaleGlr(direction="down"))


def _stream(seed: int, size: int = 2_000) -> FloatArray:
    rng = np.random.default_rng(seed)
    quiet = rng.normal(0.4, 1.7, size // 2)
    moved = rng.normal(1.6, 3.5, size - size // 2)  # a shift and a widening
    stream: FloatArray = np.r_[quiet, moved, [40.0, -40.0]]  # and values the detectors clip
    return stream


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: f"{d.name}-{d.direction}")
def test_the_linear_form_gives_the_detectors_own_increments_exactly(
    detector: LatencyGlr | ScaleGlr,
) -> None:
    values = _stream(3)
    assert isinstance(detector, LinearDetector)
    linear = detector.linear_increments(values, baseline=BASE)
    dense = linear.slope[:, None] * linear.stream + linear.intercept[:, None]
    assert np.array_equal(dense, detector.increments(values, baseline=BASE))


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: f"{d.name}-{d.direction}")
@pytest.mark.parametrize("start", [0, 1, 700, 1_500])
def test_its_paths_are_pages_recursion_from_any_restart(
    detector: LatencyGlr | ScaleGlr, start: int
) -> None:
    values = _stream(4)
    linear = detector.linear_increments(values, baseline=BASE).scaled(1.7)
    dense = detector.increments(values, baseline=BASE) / 1.7
    paths = increment_paths(linear, start=start)
    assert paths.shape == (len(detector.sizes()), values.size - start)
    for k, row in enumerate(dense[:, start:].tolist()):
        np.testing.assert_allclose(paths[k], page_recursion(row), rtol=1e-12, atol=1e-10)
    # The zeros a change is dated from are exact, as in the summed increments.
    assert np.array_equal(paths == 0.0, increment_paths(dense, start=start) == 0.0)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: f"{d.name}-{d.direction}")
def test_a_scan_of_its_paths_finds_the_same_alarm_start_and_size(
    detector: LatencyGlr | ScaleGlr,
) -> None:
    values = _stream(5)
    dense = detector.increments(values, baseline=BASE)
    summed = scan_increments(dense, threshold=6.0, sizes=detector.sizes())
    linear = detector.linear_increments(values, baseline=BASE)
    found = scan_paths(increment_paths(linear), threshold=6.0, sizes=detector.sizes())
    assert (found.alarm, found.since, found.size) == (summed.alarm, summed.since, summed.size)
    np.testing.assert_allclose(found.statistic, summed.statistic, rtol=1e-12, atol=1e-10)


def test_an_empty_restart_has_empty_paths() -> None:
    linear = LinearIncrements(
        stream=np.array([1.0, 2.0]), slope=np.array([1.0, 2.0]), intercept=np.array([-1.0, 0.0])
    )
    assert increment_paths(linear, start=2).shape == (2, 0)
