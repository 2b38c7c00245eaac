"""Contract tests run over every registered detector: a new detector is tested for free."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import NamedTuple

import numpy as np
import pytest

from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    LatencyBaseline,
    RateBaseline,
)
from taut.signal.detectors.detector import Detector, FloatArray, StreamKind
from taut.signal.detectors.registry import DETECTORS, WATCHERS, detector_class, watcher
from taut.signal.state import Metric
from taut.signal.thresholds.calibrate import calibrate_threshold

STEP = 300
LENGTH = 600


class Streams(NamedTuple):
    baseline: BaselineEstimate
    constant: FloatArray
    stable: FloatArray
    step: FloatArray


def blank_counts(rng: np.random.Generator, size: int, rate: float) -> FloatArray:
    """Blank fields per case (capped at two): a miss at ``rate``, a third of them with two."""
    missed = rng.random(size) < rate
    counts: FloatArray = missed.astype(np.float64) + (missed & (rng.random(size) < 1 / 3))
    return counts


def make_streams(kind: StreamKind, seed: int) -> Streams:
    rng = np.random.default_rng(seed)
    if kind == "count":
        window = blank_counts(rng, 2000, 0.05)
        step = np.r_[blank_counts(rng, STEP, 0.05), blank_counts(rng, LENGTH - STEP, 0.40)]
        stable = blank_counts(rng, LENGTH, 0.05)
        return Streams(BlankBaseline.from_counts(window), np.zeros(LENGTH), stable, step)
    if kind == "binary":
        window = (rng.random(2000) < 0.05).astype(np.float64)
        before = (rng.random(STEP) < 0.05).astype(np.float64)
        after = (rng.random(LENGTH - STEP) < 0.40).astype(np.float64)
        stable = (rng.random(LENGTH) < 0.05).astype(np.float64)
        return Streams(
            RateBaseline.from_binary(window), np.zeros(LENGTH), stable, np.r_[before, after]
        )
    window = rng.standard_normal(2000)
    baseline = LatencyBaseline.from_log_latency(window)
    step = np.r_[rng.standard_normal(STEP), 2.5 + rng.standard_normal(LENGTH - STEP)]
    return Streams(baseline, np.full(LENGTH, baseline.mean), rng.standard_normal(LENGTH), step)


def make_detector(name: str) -> Detector:
    return DETECTORS[name].example()  # type: ignore[attr-defined, no-any-return]


def threshold_for(detector: Detector, baseline: BaselineEstimate) -> float:
    return calibrate_threshold(
        detector=detector, baseline=baseline, arl0=20_000, horizon=500, replicates=2000, seed=0
    )


NAMES = sorted(DETECTORS)


@pytest.mark.parametrize("name", NAMES)
def test_constant_series_raises_no_alarm(name: str) -> None:
    detector = make_detector(name)
    streams = make_streams(detector.stream, seed=1)
    found = detector.scan(
        streams.constant,
        baseline=streams.baseline,
        threshold=threshold_for(detector, streams.baseline),
    )
    assert found.alarm is None
    assert float(found.statistic.max()) == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_stable_series_raise_almost_no_alarm(name: str) -> None:
    """At ARL0 = 20,000 cases a stable series of 600 alarms about 3% of the time.

    Of ten such series (each with its own estimated baseline), at most one may alarm: two
    or more has a chance of about 4% for a well-calibrated detector, and a detector whose
    threshold ignored the baseline's estimation error would alarm far more often.
    """
    detector = make_detector(name)
    alarms = 0
    for seed in range(2, 12):
        streams = make_streams(detector.stream, seed=seed)
        threshold = threshold_for(detector, streams.baseline)
        found = detector.scan(streams.stable, baseline=streams.baseline, threshold=threshold)
        assert found.statistic.shape == (LENGTH,)
        if found.alarm is None:
            assert 0.0 <= found.evidence < 1.0
        alarms += found.alarm is not None
    assert alarms <= 1


@pytest.mark.parametrize("name", NAMES)
def test_clear_step_change_alarms_soon(name: str) -> None:
    detector = make_detector(name)
    streams = make_streams(detector.stream, seed=3)
    threshold = threshold_for(detector, streams.baseline)
    found = detector.scan(streams.step, baseline=streams.baseline, threshold=threshold)
    assert found.alarm is not None
    assert STEP <= found.alarm <= STEP + 60
    assert found.since is not None
    assert STEP - 250 <= found.since <= found.alarm  # accuracy: see test_dating.py
    assert found.statistic[found.alarm] > threshold >= found.statistic[found.alarm - 1]
    assert found.size is not None


@pytest.mark.parametrize("name", NAMES)
def test_seeded_runs_are_identical(name: str) -> None:
    detector = make_detector(name)
    streams = make_streams(detector.stream, seed=4)
    first = calibrate_threshold(
        detector=detector, baseline=streams.baseline, arl0=1000, horizon=300, replicates=500, seed=7
    )
    again = calibrate_threshold(
        detector=detector, baseline=streams.baseline, arl0=1000, horizon=300, replicates=500, seed=7
    )
    assert first == again
    one = detector.scan(streams.step, baseline=streams.baseline, threshold=first)
    two = detector.scan(streams.step, baseline=streams.baseline, threshold=first)
    assert (one.alarm, one.since, one.size) == (two.alarm, two.since, two.size)
    np.testing.assert_array_equal(one.statistic, two.statistic)


@pytest.mark.parametrize("name", NAMES)
def test_input_is_not_mutated_and_read_only_input_works(name: str) -> None:
    detector = make_detector(name)
    streams = make_streams(detector.stream, seed=5)
    values = streams.step.copy()
    values.setflags(write=False)
    baseline = copy.deepcopy(streams.baseline)
    found = detector.scan(values, baseline=baseline, threshold=5.0)
    np.testing.assert_array_equal(values, streams.step)
    assert baseline == streams.baseline
    assert not found.statistic.flags.writeable


@pytest.mark.parametrize("name", NAMES)
def test_detector_pickles_and_is_frozen(name: str) -> None:
    detector = make_detector(name)
    restored = pickle.loads(pickle.dumps(detector))
    assert restored == detector
    assert hash(restored) == hash(detector)
    field = dataclasses.fields(detector)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(detector, field, 1.5)
    streams = make_streams(detector.stream, seed=6)
    found = detector.scan(streams.step, baseline=streams.baseline, threshold=5.0)
    again = pickle.loads(pickle.dumps(found))
    assert again.alarm == found.alarm
    np.testing.assert_array_equal(again.statistic, found.statistic)


@pytest.mark.parametrize(
    "name", ["bernoulli_cusum", "bernoulli_glr", "blank_glr", "latency_glr", "spread_band"]
)
def test_configuration_is_validated(name: str) -> None:
    cls = DETECTORS[name]
    with pytest.raises(ValueError, match="'up' watches for a rise"):
        cls(direction="sideways")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        cls(1.5)  # type: ignore[call-arg]  # keyword-only


@pytest.mark.parametrize(
    "name", ["bernoulli_cusum", "bernoulli_glr", "blank_glr", "latency_glr", "spread_band"]
)
def test_wrong_kind_of_baseline_is_named(name: str) -> None:
    detector = make_detector(name)
    other: StreamKind = "latency" if detector.stream == "binary" else "binary"
    streams = make_streams(other, seed=8)
    values = make_streams(detector.stream, seed=8).stable
    with pytest.raises(TypeError, match=r"Baseline\.from_"):
        detector.scan(values, baseline=streams.baseline, threshold=5.0)


def test_unknown_detector_name_suggests_the_closest() -> None:
    with pytest.raises(KeyError, match="Did you mean 'bernoulli_glr'"):
        detector_class("bernouli_glr")


def test_binary_stream_rejects_other_values() -> None:
    detector = make_detector("bernoulli_glr")
    with pytest.raises(ValueError, match=r"not 0 or 1 \(first: 2.0\)"):
        detector.scan(np.array([0.0, 2.0]), baseline=RateBaseline(rate=0.1), threshold=3.0)


@pytest.mark.parametrize(("metric", "stream"), sorted(WATCHERS))
def test_each_metric_is_watched_by_a_registered_detector_of_its_stream(
    metric: Metric, stream: StreamKind
) -> None:
    chosen = watcher(metric, stream=stream)
    assert DETECTORS[chosen.name] is type(chosen)
    assert chosen.stream == stream


def test_a_metric_without_a_watcher_lists_those_that_have_one() -> None:
    with pytest.raises(KeyError, match="missed on binary"):
        watcher("spread", stream="binary")
