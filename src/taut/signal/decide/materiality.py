"""Whether a change matters to the check's commitment: its target and, for times, its limit.

A detector answers "has this stream changed?"; a leader asks "does it matter to what we
promised?". A 42 to 45 minute slowdown against a one-day limit is a real change and
irrelevant to the commitment; a share missed that moves from 1.8% to 2.2% on a check of a
hundred cases a week is half a slipped case a week. The state rules
(:func:`~taut.signal.decide.classify.classify`) raise or keep a slice as ``drifting``
only when its change is *material* by the rules below, all about the check's commitment
(``target``: the share of cases that must keep it; ``limit``: the time allowed, for
``within`` checks).

**Share missed** (every kind of check; for ``within`` checks, the share overdue at the
limit). A move from ``before`` to ``after`` is material when both hold:

- it is at least ``max(MIN_POINTS, HEADROOM_SHARE * headroom)``, where ``headroom =
  max((1 - target) - before, 0)`` is how far the baseline's share missed sat inside the
  share the target allows: a check with room to spare must lose a quarter of that room; a
  check already at or beyond its target, one point;
- it amounts to at least ``MIN_EXTRA_PER_WEEK`` slipped (or saved) cases a week at the
  slice's recent volume: ``|after - before| * cases_per_week >= 1``.

**Time taken** (``within`` checks). A move of the median is material when the share of
cases beyond the limit moved materially by the rule above (the commitment itself moved),
or when the median now stands at ``NEAR_LIMIT`` (half) of the limit or more and moved by
``MIN_RATIO`` (10%) or more: a median that nears the limit puts the commitment at risk.

**Spread** (``within`` checks). A move is material when the share beyond the limit moved
materially, or when the slower cases (the 90th percentile) now pass the limit and did
not in the baseline.

Improvements are judged by the same rules in the other direction: an improvement is
``material`` when the share missed (or beyond the limit) fell by as much, or the median
fell by ``MIN_RATIO`` from at least ``NEAR_LIMIT`` of the limit.

>>> rule = Commitment(target=0.95, limit_hours=None, cases_per_week=100.0)
>>> rule.rate_matters(before=0.018, after=0.022)  # 0.4 points, 0.4 cases a week
False
>>> rule.rate_matters(before=0.40, after=0.52)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from taut.contract.models import Check, WithinRule
from taut.signal.detectors.detector import FloatArray
from taut.signal.model.quantiles import mean, median, quantile
from taut.signal.state import Metric

MIN_POINTS = 0.01
"""The smallest move of a share that can matter: one percentage point."""
HEADROOM_SHARE = 0.25
"""The share of the baseline's room below the target a move must take to matter."""
MIN_EXTRA_PER_WEEK = 1.0
"""The fewest extra slipped (or saved) cases a week that can matter."""
NEAR_LIMIT = 0.5
"""A median at this share of the limit or more puts the commitment at risk."""
MIN_RATIO = 1.10
"""The smallest relative move of a median (or the 90th percentile) that can matter."""


@dataclass(frozen=True, kw_only=True)
class Commitment:
    """What a slice's changes are judged against (module docstring).

    Attributes:
        target: the share of cases that must keep the check (0..1).
        limit_hours: the time allowed, for ``within`` checks; ``None`` otherwise.
        cases_per_week: the slice's decided cases a week over the recent weeks.
    """

    target: float
    limit_hours: float | None
    cases_per_week: float

    def rate_matters(self, *, before: float, after: float) -> bool:
        """Whether a share missed moving from ``before`` to ``after`` matters (either way).

        >>> rule = Commitment(target=0.80, limit_hours=24.0, cases_per_week=30.0)
        >>> rule.rate_matters(before=0.05, after=0.09)  # 4 points; room was 15 points
        True
        >>> rule.rate_matters(before=0.05, after=0.07)  # 2 points < 15 / 4
        False
        """
        change = abs(after - before)
        headroom = max((1.0 - self.target) - before, 0.0)
        return (
            change >= max(MIN_POINTS, HEADROOM_SHARE * headroom)
            and change * self.cases_per_week >= MIN_EXTRA_PER_WEEK
        )

    def latency_matters(
        self, *, before: float, after: float, beyond: tuple[float, float] | None
    ) -> bool:
        """Whether a median moving from ``before`` to ``after`` hours matters (either way).

        Args:
            before: the baseline's median, hours.
            after: the median now, hours.
            beyond: the share of cases beyond the limit (baseline, now), if known.

        >>> day = Commitment(target=0.9, limit_hours=24.0, cases_per_week=200.0)
        >>> day.latency_matters(before=0.70, after=0.75, beyond=(0.038, 0.037))
        False
        >>> day.latency_matters(before=7.0, after=21.0, beyond=(0.05, 0.30))
        True
        """
        if beyond is not None and self.rate_matters(before=beyond[0], after=beyond[1]):
            return True
        if self.limit_hours is None or not (before > 0.0 and after > 0.0):
            return False
        near = max(before, after) >= NEAR_LIMIT * self.limit_hours
        return near and abs(math.log(after / before)) >= math.log(MIN_RATIO)

    def spread_matters(
        self, *, p90: tuple[float, float] | None, beyond: tuple[float, float] | None
    ) -> bool:
        """Whether a change of spread matters: more cases beyond the limit, or the slower
        cases (``p90``: baseline, now, in hours) now past a limit they kept before.

        >>> day = Commitment(target=0.9, limit_hours=24.0, cases_per_week=200.0)
        >>> day.spread_matters(p90=(12.0, 30.0), beyond=(0.05, 0.055))
        True
        >>> day.spread_matters(p90=(2.0, 3.0), beyond=(0.01, 0.012))
        False
        """
        if beyond is not None and self.rate_matters(before=beyond[0], after=beyond[1]):
            return True
        if p90 is None or self.limit_hours is None:
            return False
        return p90[0] <= self.limit_hours < p90[1]


def commitment_of(check: Check, *, cases_per_week: float) -> Commitment:
    """The commitment of ``check``: its target and, for a ``within`` check, its limit."""
    limit = (
        check.rule.limit.total_seconds() / 3600.0 if isinstance(check.rule, WithinRule) else None
    )
    return Commitment(target=check.target, limit_hours=limit, cases_per_week=cases_per_week)


@dataclass(frozen=True)
class Side:
    """What the rules read of one side of a move: its cases, its level and its share beyond.

    Attributes:
        size: how many values the side holds (an empty side never matters).
        level: the share missed (``missed``), the median in hours (``latency``) or the
            90th percentile in hours (``spread``).
        beyond: for times against a limit, the share of values beyond it; else ``None``.
    """

    size: int
    level: float
    beyond: float | None


def side_of(metric: Metric, values: FloatArray, *, limit_hours: float | None) -> Side:
    """The :class:`Side` of a stream's ``values`` (read once for a side compared often,
    as a slice's baseline)."""
    if values.size == 0:
        return Side(size=0, level=math.nan, beyond=None)
    if metric == "missed":
        return Side(size=values.size, level=mean(values), beyond=None)
    beyond = None
    if limit_hours is not None:
        # the share of a 0/1 mask: its count over its size, as numpy's mean of it
        beyond = int(np.count_nonzero(values > math.log(limit_hours))) / values.size
    if metric == "latency":
        return Side(size=values.size, level=float(np.exp(median(values))), beyond=beyond)
    return Side(size=values.size, level=float(np.exp(quantile(values, 0.9))), beyond=beyond)


def sides_matter(metric: Metric, *, commitment: Commitment, before: Side, after: Side) -> bool:
    """:func:`matters` from the two sides already read."""
    if before.size == 0 or after.size == 0:
        return False
    if metric == "missed":
        return commitment.rate_matters(before=before.level, after=after.level)
    beyond = None
    if before.beyond is not None and after.beyond is not None:
        beyond = (before.beyond, after.beyond)
    if metric == "latency":
        return commitment.latency_matters(before=before.level, after=after.level, beyond=beyond)
    return commitment.spread_matters(p90=(before.level, after.level), beyond=beyond)


def matters(
    metric: Metric,
    *,
    commitment: Commitment,
    before: FloatArray | Side,
    after: FloatArray,
) -> bool:
    """Whether a slice's metric moving from the values ``before`` to ``after`` matters.

    ``before`` and ``after`` are the stream's values (0/1 misses; log-hours for time and
    spread); an empty side never matters. ``before`` may be given as its :class:`Side`
    already read. The rules are the module docstring's.
    """
    before_size = before.size
    if before_size == 0 or after.size == 0:
        return False
    limit = commitment.limit_hours
    return sides_matter(
        metric,
        commitment=commitment,
        before=before if isinstance(before, Side) else side_of(metric, before, limit_hours=limit),
        after=side_of(metric, after, limit_hours=limit),
    )
