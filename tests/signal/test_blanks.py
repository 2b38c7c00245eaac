"""The blank-field GLR (taut.signal.detectors.blanks): its statistic, its streams, what it buys."""

from __future__ import annotations

import math

import numpy as np
import pytest

from taut.contract.models import Check
from taut.signal.detectors.baseline import BlankBaseline, RateBaseline, several_blanks
from taut.signal.detectors.blanks import BlankGlr, blank_increments
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.streams import metric_streams
from taut.signal.thresholds.lookup import simulated_threshold, snapped, threshold_for
from taut.signal.thresholds.stable import reestimate, simulate_stable
from taut.signal.thresholds.table import load_table, table_key
from tests.signal.test_statistics import page_recursion

BASE = BlankBaseline(rate=0.04, cases=2000, multi=0.2)
INTAKE = Check.model_validate(
    {
        "id": "intake-complete",
        "complete": {"at": "Intake completed", "fields": ["billing", "scope", "start"]},
        "target": "95%",
    }
)


def test_increments_are_the_log_likelihood_ratio_of_the_tilted_baseline() -> None:
    f0 = {0.0: 1 - 0.04, 1.0: 0.04 * 0.8, 2.0: 0.04 * 0.2}
    x = np.array([0.0, 1.0, 2.0, 0.0, 2.0])
    detector = BlankGlr()
    increments = detector.increments(x, baseline=BASE)
    for k, rho in enumerate(detector.sizes()):
        norm = sum(p * rho**c for c, p in f0.items())
        expected = [math.log(f0[v] * rho**v / norm) - math.log(f0[v]) for v in x.tolist()]
        np.testing.assert_allclose(increments[k], expected, rtol=1e-12)
    found = detector.scan(x, baseline=BASE, threshold=1e9)
    np.testing.assert_allclose(
        found.statistic, np.maximum.reduce([page_recursion(row) for row in increments.tolist()])
    )


def test_without_several_blanks_it_is_the_bernoulli_glr() -> None:
    x = (np.random.default_rng(1).random(500) < 0.1).astype(np.float64)
    ours = BlankGlr().increments(x, baseline=BlankBaseline(rate=0.1, cases=900, multi=0.0))
    theirs = BernoulliGlr().increments(x, baseline=RateBaseline(rate=0.1, cases=900))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_risk_adjusted_increments_take_one_rate_per_case() -> None:
    x = np.array([1.0, 2.0])
    one = blank_increments(x, np.array([0.1, 0.3]), 0.2, (2.0,))
    assert one[0, 0] == pytest.approx(blank_increments(x[:1], 0.1, 0.2, (2.0,))[0, 0])
    assert one[0, 1] == pytest.approx(blank_increments(x[1:], 0.3, 0.2, (2.0,))[0, 0])


def test_a_form_left_half_blank_weighs_more_than_one_blank_field() -> None:
    ones = np.r_[np.zeros(200), np.ones(12)]
    twos = np.r_[np.zeros(200), np.full(12, 2.0)]
    detector = BlankGlr()
    single = detector.scan(ones, baseline=BASE, threshold=1e9).statistic[-1]
    double = detector.scan(twos, baseline=BASE, threshold=1e9).statistic[-1]
    assert double > 1.8 * single


def test_stable_streams_and_reestimates_keep_both_shares() -> None:
    rng = np.random.default_rng(2)
    draws = simulate_stable(BASE, replicates=4, length=50_000, rng=rng)
    assert set(np.unique(draws).tolist()) == {0.0, 1.0, 2.0}
    assert float((draws > 0).mean()) == pytest.approx(0.04, rel=0.05)
    assert float((draws > 1).sum() / (draws > 0).sum()) == pytest.approx(0.2, rel=0.08)
    again = [reestimate(BASE, rng=rng) for _ in range(400)]
    assert all(isinstance(b, BlankBaseline) and b.cases == 2000 for b in again)
    shares = [b.multi for b in again if isinstance(b, BlankBaseline)]
    assert float(np.mean(shares)) == pytest.approx((0.2 * 80 + 0.5) / 81, rel=0.05)
    assert float(np.std(shares)) == pytest.approx(math.sqrt(0.2 * 0.8 / 80), rel=0.25)


def test_estimates_from_counts_use_half_a_pseudo_event() -> None:
    counts = np.array([0.0] * 95 + [1.0] * 4 + [2.0])
    base = BlankBaseline.from_counts(counts)
    assert base.rate == pytest.approx(5.5 / 101)
    assert (base.multi, base.cases) == (1.5 / 6, 100)
    assert several_blanks(counts) == pytest.approx(1.5 / 6)
    with pytest.raises(ValueError, match=r"not 0, 1 or 2 \(first: 3.0\)"):
        BlankBaseline.from_counts(np.array([0.0, 3.0]))


def test_thresholds_are_tabled_and_snap_the_share_of_several_blanks_up() -> None:
    coarse = snapped(BlankGlr(), BlankBaseline(rate=0.031, cases=1234, multi=0.02))
    assert coarse == BlankBaseline(rate=0.03, cases=1000, multi=0.05)
    row = load_table()[table_key(BlankGlr(), coarse)]
    assert row[8] == pytest.approx(  # the column of ARL0 = 10^4
        simulated_threshold(BlankGlr(), coarse, 10.0**4.0), abs=1e-3
    )
    # heavier clustering of blanks asks for a higher threshold at the same rate
    clustered = BlankBaseline(rate=0.03, cases=1000, multi=0.6)
    assert threshold_for(detector=BlankGlr(), baseline=clustered, arl0=1e4) > threshold_for(
        detector=BlankGlr(), baseline=coarse, arl0=1e4
    )


def test_complete_checks_with_several_fields_carry_their_blank_fields() -> None:
    filled = np.array([1.0, 2 / 3, 1 / 3, 0.0, 1.0])
    book = CheckCases(
        check=INTAKE.id,
        anchor=np.array([4.0, 1.0, 3.0, 2.0, 5.0]),
        decided=np.array([4.0, 1.0, 3.0, 2.0, 5.0]),
        missed=(filled < 1.0).astype(np.float64),
        value=filled,
        day=np.zeros(5, dtype="datetime64[D]"),
        labels={},
    )
    stream = metric_streams(book, check=INTAKE, as_of_hours=10.0)["missed"]
    assert stream.counts is not None
    assert stream.cases.tolist() == [1, 3, 2, 0, 4]
    assert stream.counts.tolist() == [1.0, 2.0, 2.0, 0.0, 0.0]
    np.testing.assert_array_equal(stream.values, stream.counts > 0)
    assert stream.part(stream.values > 0).counts.tolist() == [1.0, 2.0, 2.0]  # type: ignore[union-attr]


def test_one_field_is_watched_as_a_plain_miss() -> None:
    single = Check.model_validate(
        {"id": "notes", "complete": {"at": "Resolved", "fields": ["code"]}, "target": "90%"}
    )
    book = CheckCases(
        check="notes",
        anchor=np.array([1.0, 2.0]),
        decided=np.array([1.0, 2.0]),
        missed=np.array([1.0, 0.0]),
        value=np.array([0.0, 1.0]),
        day=np.zeros(2, dtype="datetime64[D]"),
        labels={},
    )
    assert metric_streams(book, check=single, as_of_hours=10.0)["missed"].counts is None
