"""Plain-English phrases shared by the text, Markdown and HTML briefs.

>>> in_weeks(36)
'about five weeks'
>>> share(0.0634)
'6.3%'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.report import ScanReport

if TYPE_CHECKING:
    from taut.insight.records import Insight

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def share(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return "n/a" if value is None else f"{value:.1%}"


def in_weeks(days: int) -> str:
    """A number of days in rounded weeks, in words."""
    weeks = max(1, round(days / 7))
    word = NUMBERS[weeks] if weeks < len(NUMBERS) else str(weeks)
    return f"about {word} week{'s' if weeks != 1 else ''}"


def metric_value(signal: Signal, value: float | None) -> str:
    """A metric's value in its unit."""
    if value is None:
        return "n/a"
    if signal.metric == "missed":
        return share(value)
    if signal.metric == "latency":
        return f"{value:.1f} h"
    return f"{value:.1f}x"


TABLE_COLUMNS: tuple[str, ...] = (
    "check",
    "area",
    "risk",
    "where",
    "state",
    "metric",
    "since",
    "raised",
    "baseline",
    "now",
    "cases",
)
"""The columns of a table of signals, in the order :func:`table_cells` fills them."""


def table_cells(signal: Signal) -> tuple[str, ...]:
    """One signal as the cells of a table row (see :data:`TABLE_COLUMNS`)."""
    return (
        signal.check,
        signal.area,
        signal.risk,
        signal.where,
        signal.state,
        signal.metric,
        signal.since.isoformat() if signal.since else "",
        signal.raised.isoformat() if signal.raised else "",
        metric_value(signal, signal.baseline),
        metric_value(signal, signal.current),
        f"{signal.cases:,}",
    )


def what(signal: Signal) -> str:
    """What moved, e.g. ``share missed 6.3% -> 28.3%``."""
    name = {"missed": "missed", "latency": "median time", "spread": "spread (p75/p25)"}
    return (
        f"{name[signal.metric]} {metric_value(signal, signal.baseline)} -> "
        f"{metric_value(signal, signal.current)}"
    )


def signal_line(signal: Signal) -> str:
    """One sentence about a signal or a watched check."""
    where = "" if signal.segment is None else f" ({signal.where})"
    since = f" since {signal.since.isoformat()}" if signal.since else ""
    raised = f", raised {signal.raised.isoformat()}" if signal.raised else ""
    return (
        f"{signal.check}{where} [{signal.area}, {signal.risk} risk]: {signal.state}{since}"
        f"{raised}; {what(signal)} over {signal.cases:,} cases "
        f"(baseline {signal.baseline_cases:,} cases)"
    )


def fragility_line(item: Fragility, *, as_of: date) -> str:
    """One sentence about how close a check is to its target."""
    head = f"{item.check} [{item.area}, {item.risk} risk]: {share(item.current)} kept"
    target = f"{item.target:.0%}"
    if item.headroom is None:
        return f"{head}, no recent cases"
    if item.headroom < 0:
        return f"{head}, below its {target} commitment now"
    if item.breaks is not None:
        days = (item.breaks - as_of).days
        return (
            f"{head}; at this pace, below its {target} commitment in {in_weeks(days)} "
            f"(around {item.breaks.isoformat()})"
        )
    return f"{head}, {item.headroom * 100:.1f} points above its {target} commitment, holding"


def headline(report: ScanReport) -> str:
    """The one-line answer at the top of every brief."""
    count = len(report.signals)
    if count == 0:
        return "No step is drifting."
    word = NUMBERS[count] if count < len(NUMBERS) else str(count)
    return f"{word.capitalize()} step{'s are' if count != 1 else ' is'} drifting."


INSIGHTS_TITLE = "What it means"
"""The title of the section that explains each signal (its insight)."""


def explained(report: ScanReport, insights: Sequence[Insight]) -> tuple[Insight, ...]:
    """The insights of ``report``'s signals, checked to be one per signal in their order.

    Args:
        report: the scan's result.
        insights: ``explain_signals(report=report, ...)``; empty for none.

    Returns:
        The insights to show: empty when there are none or the report has no signal.

    Raises:
        ValueError: when the insights are not those of the report's signals.
    """
    if not insights or not report.signals:
        return ()
    checks = [signal.check for signal in report.signals]
    if [insight.check for insight in insights] != checks:
        raise ValueError(
            f"Got insights for {[i.check for i in insights]} but the report's signals are "
            f"{checks}; pass explain_signals(report=...) of this same report."
        )
    return tuple(insights)
