"""The records the Monday brief is made from: one scan's analysis, its memory, its changes.

``taut brief`` (:mod:`taut.brief.monday`) and its charts (:mod:`taut.brief.charts`) render a
:class:`Briefing`: the scan's report with each signal's insight and recommended
reinforcements, the state store's memory of each signal's life, the recorded changes with
their verdicts, and each watched check's weekly series for the control charts. The
audience (``coo``, ``chro``, ``ld``) changes the emphasis, never the analysis.

>>> from datetime import date
>>> point = WeeklyPoint(week=date(2026, 3, 2), cases=120, value=0.1)
>>> series = CheckSeries(area="Handoff", check="ack-present", metric="missed",
...     target=0.05, baseline=0.04, band=(0.02, 0.07), points=(point,))
>>> series.points[0].value
0.1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from taut.signal.report import ScanReport
from taut.store.records import Memory

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation

Audience = Literal["coo", "chro", "ld"]
"""Whose emphasis the brief takes: ``coo`` (areas, risk, the few signals), ``chro`` (how
widespread each slip is across teams, counted never named, and the conditions that make
follow-through fragile), ``ld`` (steps that slip right after they were introduced or
changed, and the workflow reinforcements that would carry what training taught)."""

AUDIENCES: tuple[Audience, ...] = ("coo", "chro", "ld")


@dataclass(frozen=True, kw_only=True)
class WeeklyPoint:
    """One week of one check: the week's Monday, its decided cases and the metric's value.

    ``value`` is the share of the week's settled cases that missed (``missed``) or the
    week's median time taken in hours (``latency``), the metrics the scan reports; NaN
    for a week with no cases.
    """

    week: date
    cases: int
    value: float


@dataclass(frozen=True, kw_only=True)
class CheckSeries:
    """A watched check's weekly series, what its control chart draws.

    Attributes:
        area, check: the check.
        metric: ``missed`` or ``latency``.
        target: the contract's target on the same scale (``None``: none).
        baseline: the metric over the scan's baseline window.
        band: the band a steady week stays within (low, high), from the baseline.
        points: the weeks, oldest first.
        segment: the segment charted (e.g. ``{"team": "North"}``); ``None``: the whole
            check.
    """

    area: str
    check: str
    metric: Literal["missed", "latency"]
    target: float | None
    baseline: float | None
    band: tuple[float, float] | None
    points: tuple[WeeklyPoint, ...]
    segment: dict[str, str] | None = None


@dataclass(frozen=True, kw_only=True)
class Briefing:
    """Everything one Monday brief shows, as records (nothing rendered yet).

    Attributes:
        report: the scan's result.
        insights: one per signal of ``report.signals``, in order.
        reinforcements: one recommendation per signal, in order.
        memory: the state store's memory of this scan (``None``: no store).
        changes: every recorded change with its verdict as of this scan.
        series: the weekly series of each check the brief charts.
        audience: whose emphasis.
    """

    report: ScanReport
    insights: tuple[Insight, ...] = ()
    reinforcements: tuple[Recommendation, ...] = ()
    memory: Memory | None = None
    changes: tuple[JudgedChange, ...] = ()
    series: tuple[CheckSeries, ...] = ()
    audience: Audience = "coo"
