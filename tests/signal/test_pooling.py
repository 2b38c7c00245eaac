"""Pooling a segment's baseline rate with the whole check's (taut.signal.model.pooling)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from taut.signal.inputs.segments import SegmentKey
from taut.signal.model.pooling import TAU_FLOOR, OwnRate, between_variance, pool_segments

RATE = 0.035
CASES = 300
WHOLE_CASES = 1400


def _team(name: str) -> SegmentKey:
    return (("team", name),)


def _own(rng: np.random.Generator, *, offset: float, cases: int = CASES) -> OwnRate:
    """A segment's baseline drawn at ``offset`` log-odds from the whole check's ``RATE``."""
    odds = RATE / (1.0 - RATE) * math.exp(offset)
    missed = (rng.random(cases) < odds / (1.0 + odds)).astype(np.float64)
    return OwnRate.of(np.full(cases, RATE), missed)


def _whole_information() -> float:
    return WHOLE_CASES * RATE * (1.0 - RATE)


def test_between_variance_matches_the_textbook_formula() -> None:
    """DerSimonian-Laird with unequal weights, written as sum w y^2 - (sum w y)^2 / sum w."""
    evidence = [
        OwnRate(cases=n, observed=o, expected=e, information=v)
        for n, o, e, v in ((300, 4.0, 10.0, 9.6), (500, 30.0, 17.0, 16.2), (250, 9.0, 8.0, 7.7))
    ]
    w = np.array([9.6, 16.2, 7.7])
    y = np.array([(4.0 - 10.0) / 9.6, (30.0 - 17.0) / 16.2, (9.0 - 8.0) / 7.7])
    q = float((w * y**2).sum() - (w * y).sum() ** 2 / w.sum())
    expected = (q - 2) / float(w.sum() - (w**2).sum() / w.sum())
    assert expected > TAU_FLOOR**2
    assert between_variance(evidence) == pytest.approx(expected, rel=1e-12)


def test_alike_segments_are_pulled_to_the_whole_and_count_as_more_cases() -> None:
    rng = np.random.default_rng(11)
    evidence = {_team(name): _own(rng, offset=0.0) for name in ("North", "South", "East", "West")}
    pooled = pool_segments(evidence, whole_information=_whole_information())
    for segment, own in evidence.items():
        found = pooled[segment]
        assert abs(found.offset) < 0.5 * abs(own.offset) + 1e-12
        assert found.cases > 1.5 * CASES
        assert found.cases < WHOLE_CASES
        assert found.tau == pytest.approx(TAU_FLOOR)


def test_a_segment_far_from_the_rest_keeps_most_of_its_own_level() -> None:
    rng = np.random.default_rng(5)
    evidence = {_team(name): _own(rng, offset=0.0) for name in ("North", "South", "East")}
    evidence[_team("West")] = _own(rng, offset=math.log(4.0), cases=600)
    pooled = pool_segments(evidence, whole_information=_whole_information())
    west = pooled[_team("West")]
    assert west.tau > 2 * TAU_FLOOR
    assert west.offset > 0.75 * evidence[_team("West")].offset


def test_dimensions_are_pooled_separately() -> None:
    rng = np.random.default_rng(2)
    evidence = {_team(name): _own(rng, offset=0.0) for name in ("North", "South")}
    evidence[(("region", "A"),)] = _own(rng, offset=math.log(4.0), cases=600)
    evidence[(("region", "B"),)] = _own(rng, offset=-1.0, cases=600)
    pooled = pool_segments(evidence, whole_information=_whole_information())
    assert pooled[_team("North")].tau == pytest.approx(TAU_FLOOR)
    assert pooled[(("region", "A"),)].tau > 3 * TAU_FLOOR


@pytest.mark.parametrize("tau", [0.0, TAU_FLOOR])
def test_effective_cases_do_not_overstate_what_the_pooled_rate_knows(tau: float) -> None:
    """The pooled offset's error is no wider than a plain estimate from ``cases`` would be.

    Segments' true offsets are drawn around the whole check with spread ``tau`` (up to the
    floor the model assumes); the whole check's own error is not simulated, so the claimed
    variance, which counts it, must cover the measured one with room to spare.
    """
    rng = np.random.default_rng(23)
    errors, claimed = [], []
    for _ in range(600):
        truths = rng.normal(0.0, tau, size=4)
        evidence = {_team(str(g)): _own(rng, offset=float(t)) for g, t in enumerate(truths)}
        pooled = pool_segments(evidence, whole_information=_whole_information())
        for index, truth in enumerate(truths):
            found = pooled[_team(str(index))]
            errors.append(found.offset - truth)
            claimed.append(1.0 / (found.cases * RATE * (1.0 - RATE)))
    measured = float(np.mean(np.square(errors)))
    assert measured < float(np.mean(claimed))
    assert abs(float(np.mean(errors))) < 0.05
