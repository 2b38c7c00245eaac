"""Censored latencies become honest streams: nothing decided is left out, nothing pending is in."""

from __future__ import annotations

import numpy as np

from taut.signal.streams import capped_latency_stream, overdue_stream

NAN = float("nan")


def test_overdue_stream_counts_never_and_late_as_overdue_and_leaves_pending_out() -> None:
    anchor = np.array([10.0, 0.0, 5.0, 40.0, 30.0])
    latency = np.array([30.0, 2.0, NAN, NAN, 24.0])
    before = (anchor.copy(), latency.copy())
    stream = overdue_stream(
        anchor_hours=anchor, latency_hours=latency, limit_hours=24.0, as_of_hours=60.0
    )
    # known at: 34, 2, 29, 64 (pending), 54; equal to the limit counts as on time
    assert stream.cases.tolist() == [1, 2, 0, 4]
    assert stream.values.tolist() == [0.0, 1.0, 1.0, 0.0]
    assert stream.known_at.tolist() == [2.0, 29.0, 34.0, 54.0]
    np.testing.assert_array_equal(anchor, before[0])
    np.testing.assert_array_equal(latency, before[1])


def test_capped_latency_stream_caps_open_cases_and_orders_by_known_time() -> None:
    stream = capped_latency_stream(
        anchor_hours=[0.0, 1.0, 2.0, 3.0],
        latency_hours=[100.0, 0.0, NAN, 5.0],
        cap_hours=48.0,
        as_of_hours=49.5,
    )
    assert stream.cases.tolist() == [1, 3, 0]  # case 2 is open and not yet at its cap
    np.testing.assert_allclose(np.exp(stream.values), [1 / 60, 5.0, 48.0])


def test_ties_in_known_time_break_by_anchor() -> None:
    stream = overdue_stream(
        anchor_hours=[5.0, 3.0], latency_hours=[1.0, 3.0], limit_hours=24.0, as_of_hours=100.0
    )
    assert stream.cases.tolist() == [1, 0]
