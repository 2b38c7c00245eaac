"""Censored latencies become honest streams: nothing decided is left out, nothing pending is in."""

from __future__ import annotations

import numpy as np

from taut.signal.inputs.streams import capped_latency_stream, overdue_stream, settled_stream

NAN = float("nan")


def test_overdue_stream_counts_never_and_late_as_overdue_and_leaves_unsettled_out() -> None:
    anchor = np.array([10.0, 0.0, 5.0, 40.0, 30.0])
    latency = np.array([30.0, 2.0, NAN, 1.0, 24.0])
    before = (anchor.copy(), latency.copy())
    stream = overdue_stream(
        anchor_hours=anchor, latency_hours=latency, limit_hours=24.0, as_of_hours=60.0
    )
    # every case is known by 60: case 3 was kept an hour after its anchor (41), before its
    # deadline; equal to the limit counts as on time; anchor order
    assert stream.cases.tolist() == [1, 2, 0, 4, 3]
    assert stream.values.tolist() == [0.0, 1.0, 1.0, 0.0, 0.0]
    # known at 2, 29, 34, 54, 41: the running maximum in anchor order
    assert stream.known_at.tolist() == [2.0, 29.0, 34.0, 54.0, 54.0]
    np.testing.assert_array_equal(anchor, before[0])
    np.testing.assert_array_equal(latency, before[1])


def test_capped_latency_stream_caps_open_cases_and_orders_by_anchor() -> None:
    stream = capped_latency_stream(
        anchor_hours=[0.0, 1.0, 2.0, 3.0],
        latency_hours=[100.0, 0.0, NAN, 5.0],
        cap_hours=48.0,
        as_of_hours=50.5,
    )
    # case 3 came after 5 h: known at 8, and every case before it is known by 50
    assert stream.cases.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(np.exp(stream.values), [48.0, 1 / 60, 48.0, 5.0])
    assert stream.known_at.tolist() == [48.0, 48.0, 50.0, 50.0]


def test_a_case_still_open_ends_the_stream_so_no_case_is_kept_for_being_fast() -> None:
    """Case 1 is open at 10 h; case 2, anchored after it, came fast but must wait for it."""
    stream = capped_latency_stream(
        anchor_hours=[0.0, 1.0, 2.0],
        latency_hours=[1.0, NAN, 1.0],
        cap_hours=48.0,
        as_of_hours=10.0,
    )
    assert stream.cases.tolist() == [0]
    later = capped_latency_stream(
        anchor_hours=[0.0, 1.0, 2.0],
        latency_hours=[1.0, NAN, 1.0],
        cap_hours=48.0,
        as_of_hours=49.0,
    )
    assert later.cases.tolist() == [0, 1, 2]
    assert later.known_at.tolist() == [1.0, 49.0, 49.0]


def test_order_within_a_cohort_does_not_depend_on_the_values() -> None:
    """Known-time order would sort a day's cases by their own latency (runs of slow ones)."""
    rng = np.random.default_rng(5)
    anchor = np.sort(rng.uniform(0.0, 24.0, 200))
    latency = rng.lognormal(2.0, 0.8, 200)
    stream = capped_latency_stream(
        anchor_hours=anchor, latency_hours=latency, cap_hours=96.0, as_of_hours=500.0
    )
    assert stream.cases.tolist() == list(range(200))
    lag_one = np.corrcoef(stream.values[:-1], stream.values[1:])[0, 1]
    assert abs(lag_one) < 0.2


def test_ties_in_anchor_keep_input_order() -> None:
    stream = overdue_stream(
        anchor_hours=[3.0, 3.0], latency_hours=[30.0, 1.0], limit_hours=24.0, as_of_hours=100.0
    )
    assert stream.cases.tolist() == [0, 1]


def test_a_stream_in_anchor_order_is_its_settled_prefix_of_the_plain_formula() -> None:
    rng = np.random.default_rng(2)
    anchor = np.sort(rng.integers(0, 400, 2_000).astype(float))  # ties included
    known_at = anchor + rng.exponential(30.0, anchor.size)
    known_at[rng.random(anchor.size) < 0.05] = NAN  # pending cases end the prefix
    values = rng.random(anchor.size)
    counts = rng.integers(0, 3, anchor.size).astype(float)
    for as_of in (-1.0, 150.0, 380.5, 1e6):
        stream = settled_stream(
            values=values, known_at=known_at, anchor=anchor, as_of_hours=as_of, counts=counts
        )
        order = np.argsort(anchor, kind="stable")
        seen = np.maximum.accumulate(np.where(np.isnan(known_at), np.inf, known_at)[order])
        kept = order[seen <= as_of]
        assert stream.cases.tolist() == kept.tolist()
        assert stream.values.tolist() == values[kept].tolist()
        assert stream.known_at.tolist() == seen[seen <= as_of].tolist()
        assert stream.counts is not None
        assert stream.counts.tolist() == counts[kept].tolist()
        assert stream.cases.dtype == np.int64
