"""Feeding detectors honestly when latencies are censored.

A latency is known only once the next step happens, and a skipped step never happens.
Scanning only the latencies that have ended favours fast cases (the slow ones are still
open) and hides a step that is skipped outright. Two streams avoid that bias:

- **overdue at the limit**, a 0/1 event known at ``min(arrival, anchor + limit)``:
  1 when the step had not happened by the limit (late or never), 0 when it had. It is
  decided for every case whose deadline has passed, so nothing is left out; feed it to
  :class:`~taut.signal.detectors.glr.BernoulliGlr`.
- **capped log-latency**, ``log(min(latency, cap))``, known at ``min(arrival, anchor + cap)``:
  a case still open at the cap counts as the cap (a lower bound, so stretching is if
  anything under-stated). Feed it to :class:`~taut.signal.detectors.latency.LatencyGlr` and
  :class:`~taut.signal.detectors.scale.ScaleGlr`. A larger cap keeps more of the tail but makes
  late cases count later; the default is four times the limit.

**Order.** A stream holds cases in the order of their anchors (ties by position), up to
the first case whose value is not known by ``as_of``: every case in it, and every case
anchored before it, is settled (its value can no longer change: the step came, or the
limit or cap passed). A prefix in anchor order leaves no slow case out while keeping a
faster one anchored after it, so no case is included for being fast, except that the
prefix ends just before the first case still open; that ending reads, if anything,
slightly fast, and the next day's scan reads those cases whole. Waiting instead for
``anchor + cap`` before counting any case made every latency signal about four days late
(and reported a ``raised`` day the daily scan had not reached). It is not ordered by the time each
value became known: within a day's cohort of cases that order sorts them by their own
latency (fast ones are known first, slow and overdue ones last), which turns independent
cases into runs of high values, and a CUSUM reads a run as a change. On the simulated
handoff that ordering alone raised false alarms far beyond the calibrated rate (a run of
36 consecutive above-average latencies on 2025-03-31 in the demo, a statistic of 16.8
against a threshold of 12.7). Ordered by anchor, the values are exchangeable under no
change, as the calibration (:mod:`taut.signal.thresholds.calibrate`) assumes.

``known_at`` is the running maximum of the times the values became known: the moment
every case up to that one was known, so the day a scan run daily would first have seen
an alarm at that case (at most the limit or cap after its anchor), and exactly the rule
that decides what a scan as of a day includes. Times are hours on any common origin.

:func:`metric_streams` builds a check's streams by its kind: for a ``within`` check the
overdue stream (``missed``) and the capped log-latency (``latency``, also read by the
spread detector; cap :data:`CAP_LIMITS` times the limit); for the other kinds the settled
0/1 missed stream, known at ``anchor + within`` for ``present`` and at the anchor for
``complete`` and ``order``. A ``complete`` check with two or more fields also carries the
blank fields of each case, capped at two (``counts``: 0, 1, or 2 for two or more), for
:class:`~taut.signal.detectors.blanks.BlankGlr`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.contract.models import Check, CompleteRule, WithinRule
from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.casebook import CheckCases
from taut.signal.state import Metric

IntArray = npt.NDArray[np.int64]
MINUTE_HOURS = 1.0 / 60.0
CAP_LIMITS = 4.0
MAX_BLANKS = 2.0


@dataclass(frozen=True, eq=False)
class DecidedStream:
    """One detector input: values in the order they became known.

    Attributes:
        values: the stream (0/1 or log-latency).
        known_at: when each value became known (hours), non-decreasing.
        cases: positions of the cases in the input arrays, in stream order.
        counts: for a ``complete`` check with several fields, the blank fields of each
            case capped at two, in stream order; ``None`` otherwise.
    """

    values: FloatArray
    known_at: FloatArray
    cases: IntArray
    counts: FloatArray | None = None

    def part(self, keep: npt.NDArray[np.bool_]) -> DecidedStream:
        """The cases under ``keep`` (a mask over the stream), in the same order."""
        return DecidedStream(
            values=self.values[keep],
            known_at=self.known_at[keep],
            cases=self.cases[keep],
            counts=None if self.counts is None else self.counts[keep],
        )


def settled_stream(
    *,
    values: FloatArray,
    known_at: FloatArray,
    anchor: FloatArray,
    as_of_hours: float,
    counts: FloatArray | None = None,
) -> DecidedStream:
    """The settled prefix in anchor order, ``known_at`` as a running maximum (module docstring).

    ``known_at`` is NaN for a case whose value is not known yet (it ends the prefix).

    >>> stream = settled_stream(values=np.array([1.0, 0.0, 1.0, 0.0]),
    ...     known_at=np.array([30.0, 3.0, 40.0, 9.5]), anchor=np.array([6.0, 2.0, 8.0, 9.0]),
    ...     as_of_hours=35.0)
    >>> (stream.cases.tolist(), stream.known_at.tolist())
    ([1, 0], [3.0, 30.0])
    """
    # The casebook is read in anchor order: its stable sort is then the identity, and a
    # check that it holds costs a tenth of the sort (a replay builds 20,000 streams).
    in_order = anchor.size < 2 or bool(np.all(anchor[1:] >= anchor[:-1]))
    if in_order:
        # The order is the identity and the settled cases a prefix (``seen`` never falls):
        # slices of it, the same numbers as the gathers below.
        seen = np.where(np.isnan(known_at), np.inf, known_at)
        if seen.size:
            np.maximum.accumulate(seen, out=seen)
        size = int(np.searchsorted(seen, as_of_hours, side="right"))
        return DecidedStream(
            values=values[:size].copy(),
            known_at=seen[:size],
            cases=np.arange(size, dtype=np.int64),
            counts=None if counts is None else counts[:size].copy(),
        )
    order = np.argsort(anchor, kind="stable")
    known = np.where(np.isnan(known_at), np.inf, known_at)[order]
    seen = np.maximum.accumulate(known) if order.size else known
    inside = seen <= as_of_hours
    order, seen = order[inside], seen[inside]
    return DecidedStream(
        values=values[order],
        known_at=seen,
        cases=order.astype(np.int64),
        counts=None if counts is None else counts[order],
    )


def blank_counts(filled: FloatArray, *, fields: int) -> FloatArray:
    """Blank fields per case from the share filled, capped at two (NaN counts as none).

    >>> blank_counts(np.array([1.0, 2 / 3, 1 / 3, 0.0, np.nan]), fields=3).tolist()
    [0.0, 1.0, 2.0, 2.0, 0.0]
    """
    blanks = np.rint((1.0 - np.nan_to_num(filled, nan=1.0)) * fields)
    result: FloatArray = np.clip(blanks, 0.0, MAX_BLANKS)
    return result


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
        as_of_hours: the end of the data; cases whose deadline is later are left out,
            even those already kept (keeping only them would favour fast cases).

    >>> stream = overdue_stream(
    ...     anchor_hours=[0.0, 1.0, 2.0, 3.0],
    ...     latency_hours=[5.0, 30.0, float("nan"), float("nan")],
    ...     limit_hours=24.0,
    ...     as_of_hours=26.5,
    ... )
    >>> (stream.values.tolist(), stream.cases.tolist())
    ([0.0, 1.0, 1.0], [0, 1, 2])
    """
    anchor = np.asarray(anchor_hours, dtype=np.float64)
    latency = np.asarray(latency_hours, dtype=np.float64)
    late = ~(latency <= limit_hours)  # NaN (never came) counts as late
    known = anchor + np.where(late, limit_hours, latency)
    return settled_stream(
        values=late.astype(np.float64), known_at=known, anchor=anchor, as_of_hours=as_of_hours
    )


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
    anchor = np.asarray(anchor_hours, dtype=np.float64)
    latency = np.asarray(latency_hours, dtype=np.float64)
    capped = np.where(latency <= cap_hours, latency, cap_hours)  # NaN becomes the cap
    known = anchor + capped
    values = np.log(np.maximum(capped, MINUTE_HOURS))
    return settled_stream(values=values, known_at=known, anchor=anchor, as_of_hours=as_of_hours)


def missed_stream(cases: CheckCases, *, check: Check, as_of_hours: float) -> DecidedStream:
    """A check's ``missed`` stream alone (:func:`metric_streams`), without the latency one."""
    rule = check.rule
    if isinstance(rule, WithinRule):
        return overdue_stream(
            anchor_hours=cases.anchor,
            latency_hours=cases.value,
            limit_hours=rule.limit.total_seconds() / 3600.0,
            as_of_hours=as_of_hours,
        )
    counts = None
    if isinstance(rule, CompleteRule) and len(rule.fields) > 1:
        counts = blank_counts(cases.value, fields=len(rule.fields))
    return settled_stream(
        values=np.nan_to_num(cases.missed),
        known_at=np.where(np.isnan(cases.missed), np.nan, cases.decided),
        anchor=cases.anchor,
        as_of_hours=as_of_hours,
        counts=counts,
    )


def metric_streams(
    cases: CheckCases, *, check: Check, as_of_hours: float
) -> dict[Metric, DecidedStream]:
    """The decided streams of a check's metrics (module docstring, last paragraph)."""
    streams: dict[Metric, DecidedStream] = {
        "missed": missed_stream(cases, check=check, as_of_hours=as_of_hours)
    }
    rule = check.rule
    if isinstance(rule, WithinRule):
        streams["latency"] = capped_latency_stream(
            anchor_hours=cases.anchor,
            latency_hours=cases.value,
            cap_hours=CAP_LIMITS * rule.limit.total_seconds() / 3600.0,
            as_of_hours=as_of_hours,
        )
    return streams
