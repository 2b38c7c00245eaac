"""Feeding detectors honestly when latencies are censored.

A latency is known only once the next step happens, and a skipped step never happens.
Scanning only the latencies that have ended favours fast cases (the slow ones are still
open) and hides a step that is skipped outright. Two streams avoid that bias:

- **overdue at the limit**, a 0/1 event known at ``min(arrival, anchor + limit)``:
  1 when the step had not happened by the limit (late or never), 0 when it had. It is
  decided for every case whose deadline has passed, so nothing is left out; feed it to
  :class:`~taut.signal.glr.BernoulliGlr`.
- **capped log-latency**, ``log(min(latency, cap))``, known at ``min(arrival, anchor + cap)``:
  a case still open at the cap counts as the cap (a lower bound, so stretching is if
  anything under-stated). Feed it to :class:`~taut.signal.latency.LatencyGlr` and
  :class:`~taut.signal.spread.SpreadBand`. A larger cap keeps more of the tail but makes
  late cases count later; the default is four times the limit.

Each stream holds the cases decided by ``as_of``, in the order they became known (ties
by anchor), which is the order a scan run daily would have seen them. Times are hours
on any common origin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.signal.detector import FloatArray

IntArray = npt.NDArray[np.int64]
MINUTE_HOURS = 1.0 / 60.0


@dataclass(frozen=True, eq=False)
class DecidedStream:
    """One detector input: values in the order they became known.

    Attributes:
        values: the stream (0/1 or log-latency).
        known_at: when each value became known (hours), non-decreasing.
        cases: positions of the cases in the input arrays, in stream order.
    """

    values: FloatArray
    known_at: FloatArray
    cases: IntArray


def _decided(
    values: FloatArray, known_at: FloatArray, anchor: FloatArray, as_of: float
) -> DecidedStream:
    keep = np.flatnonzero(known_at <= as_of)
    order = keep[np.lexsort((anchor[keep], known_at[keep]))]
    return DecidedStream(values=values[order], known_at=known_at[order], cases=order)


def overdue_stream(
    *,
    anchor_hours: npt.ArrayLike,
    latency_hours: npt.ArrayLike,
    limit_hours: float,
    as_of_hours: float,
) -> DecidedStream:
    """The 0/1 "overdue at the limit" stream (module docstring).

    Args:
        anchor_hours: when each case's clock started.
        latency_hours: hours to the next step; NaN when it has not happened (yet).
        limit_hours: the check's limit.
        as_of_hours: the end of the data; cases whose deadline is later are left out.

    >>> stream = overdue_stream(
    ...     anchor_hours=[0.0, 1.0, 2.0, 3.0],
    ...     latency_hours=[5.0, 30.0, float("nan"), float("nan")],
    ...     limit_hours=24.0,
    ...     as_of_hours=26.5,
    ... )
    >>> (stream.values.tolist(), stream.cases.tolist())
    ([0.0, 1.0, 1.0], [0, 1, 2])
    """
    anchor = np.array(anchor_hours, dtype=np.float64)
    latency = np.array(latency_hours, dtype=np.float64)
    late = ~(latency <= limit_hours)  # NaN (never came) counts as late
    known = anchor + np.where(late, limit_hours, latency)
    return _decided(late.astype(np.float64), known, anchor, as_of_hours)


def capped_latency_stream(
    *,
    anchor_hours: npt.ArrayLike,
    latency_hours: npt.ArrayLike,
    cap_hours: float,
    as_of_hours: float,
) -> DecidedStream:
    """The capped log-latency stream (module docstring); latencies floored at one minute.

    >>> stream = capped_latency_stream(
    ...     anchor_hours=[0.0, 1.0, 2.0],
    ...     latency_hours=[2.0, float("nan"), 200.0],
    ...     cap_hours=96.0,
    ...     as_of_hours=100.0,
    ... )
    >>> (np.exp(stream.values).round(1).tolist(), stream.cases.tolist())
    ([2.0, 96.0, 96.0], [0, 1, 2])
    """
    anchor = np.array(anchor_hours, dtype=np.float64)
    latency = np.array(latency_hours, dtype=np.float64)
    capped = np.where(latency <= cap_hours, latency, cap_hours)  # NaN becomes the cap
    known = anchor + capped
    values = np.log(np.maximum(capped, MINUTE_HOURS))
    return _decided(values, known, anchor, as_of_hours)
