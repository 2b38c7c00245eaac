"""The scan report as plain text, for a person reading a terminal or an email.

Control characters in data (escape sequences that would clear the screen, set a title or make
a link) are shown as visible escapes (:func:`taut.terminal.visible`), once, on the way out.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from taut.brief.lifecycle import (
    CLOSED_TITLE,
    OPEN_TITLE,
    Lived,
    lived_line,
    new_title,
    settled_line,
    since_last_scan,
    summary,
)
from taut.brief.standing import loose_of
from taut.brief.wording import (
    INSIGHTS_TITLE,
    NOT_WATCHED_TITLE,
    REINFORCE_TITLE,
    SETTLED_TITLE,
    THIN_TITLE,
    explained,
    fragility_line,
    headline,
    not_watched_lines,
    reinforcement_lines,
    settled_lines,
    signal_line,
    steadied,
    thin_lines,
)
from taut.reinforce.wording import CHANGES_TITLE, change_line, verdict_line
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import Memory
from taut.terminal import visible

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation

MAX_WATCHING = 8
WIDTH = 88
"""The width the insights' paragraphs are wrapped to."""


def _steady(item: Recommendation | None) -> list[str]:
    """The "What would steady it" block under one insight: its reinforcements or the line
    saying what to look at first, wrapped and indented."""
    if item is None:
        return []
    lines = [f"    {REINFORCE_TITLE}:"]
    for line in reinforcement_lines(item):
        indent = "         " if item.reinforcements else "      "
        lines += textwrap.wrap(
            visible(line), width=WIDTH, initial_indent="      ", subsequent_indent=indent
        )
    return lines


def _insights(
    insights: Sequence[Insight], steady: dict[str, Recommendation] | None = None
) -> list[str]:
    """The "What it means" section: each insight's headline, then its text, indented, then
    what would steady it when reinforcements are given."""
    if not insights:
        return []
    lines = ["", f"{INSIGHTS_TITLE}:"]
    for insight in insights:
        lines.append(f"  {visible(insight.headline)}")
        lines += textwrap.wrap(
            visible(insight.text), width=WIDTH, initial_indent="    ", subsequent_indent="    "
        )
        lines += _steady((steady or {}).get(insight.check))
    return lines


def _changes(changes: Sequence[JudgedChange]) -> list[str]:
    """The "Changes made" section: each change, then its verdict with its numbers."""
    if not changes:
        return []
    lines = ["", f"{CHANGES_TITLE} ({len(changes)}):"]
    for item in changes:
        lines += textwrap.wrap(
            visible(change_line(item.change)),
            width=WIDTH,
            initial_indent="  - ",
            subsequent_indent="    ",
        )
        # A number and its unit stay on one line ("20.0 h", "-11.8 points").
        kept = re.sub(r"(\d) (h|points)\b", "\\1\0\\2", verdict_line(item))
        lines += [
            line.replace("\0", " ")
            for line in textwrap.wrap(
                kept, width=WIDTH, initial_indent="      ", subsequent_indent="      "
            )
        ]
    return lines


def _lived(title: str, items: tuple[Lived, ...], report: ScanReport) -> list[str]:
    """A section of tracked signals: ``!`` for a raised one, ``-`` for a watched one."""
    if not items:
        return []
    return [
        "",
        f"{title} ({len(items)}):",
        *(f"  {'!' if item.raised else '-'} {lived_line(item, report=report)}" for item in items),
    ]


def _memory(report: ScanReport, memory: Memory | None) -> tuple[list[str], tuple[Signal, ...]]:
    """The lines between the headline and the insights, and the slices left to watch.

    Without a memory, the raised signals; with one, its summary and the sections new this
    week, still open and settled since the last scan (:mod:`taut.brief.lifecycle`).
    """
    if memory is None:
        return [f"  ! {signal_line(signal)}" for signal in report.signals], report.watching
    since = since_last_scan(report, memory=memory)
    # No raising of the scan's own: the store's first raising, or none (signal_line).
    lines = [
        summary(since),
        *(f"  ! {signal_line(signal, raised=False)}" for signal in since.signals),
    ]
    lines += _lived(new_title(since), since.new, report)
    lines += _lived(OPEN_TITLE, since.still_open, report)
    if since.settled:
        lines += ["", f"{CLOSED_TITLE} ({len(since.settled)}):"]
        lines += [f"  - {settled_line(item, report=report)}" for item in since.settled]
    return lines, since.watching


def render_text(
    report: ScanReport,
    *,
    insights: Sequence[Insight] = (),
    memory: Memory | None = None,
    reinforcements: Sequence[Recommendation] = (),
    changes: Sequence[JudgedChange] = (),
) -> str:
    """Short, plain English: what is drifting, what it means, what to watch, where it is fragile.

    Args:
        report: the scan's result.
        insights: one per signal, in ``report.signals`` order
            (:func:`taut.insight.explain_signals`); empty for none.
        memory: what the state store knows of this scan's signals; with it, the signals are
            split into new this week, still open and settled since the last scan.
        reinforcements: one per signal, in the same order (:func:`taut.reinforce.recommend`);
            empty for none.
        changes: the recorded changes with their verdicts (:func:`taut.api.judged_scan`):
            a "Changes made" section when there are any.

    Returns:
        The brief, ending with a newline.

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is of another scan.
    """
    lines = [
        f"{report.process} - scan as of {report.as_of.isoformat()} "
        f"(baseline {report.baseline_words()})",
    ]
    own = report.own_baselines()
    if own:
        lines.append(own)
    lines += ["", headline(report)]
    signals, watching = _memory(report, memory)
    lines += signals
    lines += _insights(explained(report, insights), steadied(report, reinforcements))
    if watching:
        lines += ["", f"Watching ({len(watching)}):"]
        shown = watching[:MAX_WATCHING]
        lines += [f"  - {signal_line(item, raised=memory is None)}" for item in shown]
        if len(watching) > MAX_WATCHING:
            lines.append(f"  ... and {len(watching) - MAX_WATCHING} more (see --format json)")
    lines += ["", "Most fragile, by area (risk-weighted):"]
    for area in report.fragility:
        loose = loose_of(report, check=area.weakest.check, memory=memory)
        line = fragility_line(area.weakest, as_of=report.as_of, loose=loose)
        lines.append(f"  {area.area}: {line}")
    if report.steady:
        lines += ["", "Held steady: " + ", ".join(check for _, check in report.steady)]
    lines += _changes(changes)
    if report.settled:
        lines += ["", f"{SETTLED_TITLE}:"]
        lines += [f"  - {line}" for line in settled_lines(report.settled)]
    if thin_lines(report):
        lines += ["", f"{THIN_TITLE}:", *(f"  - {line}" for line in thin_lines(report))]
    if report.not_watched:
        lines += ["", f"{NOT_WATCHED_TITLE}:"]
        lines += [f"  - {line}" for line in not_watched_lines(report.not_watched)]
    return visible("\n".join(lines)) + "\n"
