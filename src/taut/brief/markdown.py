"""The scan report as Markdown, for a pull request, a wiki or a chat message.

Every piece of data (process, check, area, team and condition names, sentences quoting them)
goes through :func:`markdown_text` once, here at the boundary: HTML in it is escaped, so
``<script>`` is shown, not run; characters that would change the document's structure
(``|`` that ends a table cell, ``*``, ``_``, brackets, backticks) are backslash-escaped; line
breaks become spaces and control characters visible escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from taut.brief.lifecycle import (
    CLOSED_TITLE,
    LIFE_COLUMNS,
    OPEN_TITLE,
    Lived,
    life_cells,
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
    steadied,
    table_cells,
    table_columns,
    thin_lines,
)
from taut.reinforce.wording import CHANGES_TITLE, change_line, verdict_line
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import Memory
from taut.terminal import visible
from taut.words import counted, share

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^(\s*)(#+|[>+=-]|\d+(?=[.)]))(?=[.)]?(\s|$))")


def markdown_text(text: str) -> str:
    r"""``text`` as Markdown that shows it as it is (module docstring).

    >>> markdown_text("a|b <img src=x onerror=alert(1)> [x](http://y) *b*")
    'a\\|b &lt;img src=x onerror=alert(1)&gt; \\[x\\](http://y) \\*b\\*'
    >>> markdown_text("# not a heading\n- nor a list")
    '\\# not a heading - nor a list'
    """
    flat = visible(re.sub(r"[\r\n]+", " ", text))
    marked = escape(_INLINE.sub(r"\\\1", flat), quote=False)
    start = _BLOCK_START.match(marked)
    if start is None:
        return marked
    if start.group(2)[0].isdigit():  # "1." starts a list: escape the dot after the number
        return f"{marked[: start.end()]}\\{marked[start.end() :]}"
    return f"{marked[: start.start(2)]}\\{marked[start.start(2) :]}"


def _cells_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(markdown_text(cell) for cell in cells) + " |"


def _table(signals: tuple[Signal, ...], *, raised: bool = True) -> list[str]:
    """A table of signals; without the ``raised`` column with the store's memory
    (:func:`~taut.brief.wording.signal_line`)."""
    columns = table_columns(raised=raised)
    head = "| " + " | ".join(columns) + " |"
    rule = "|" + "---|" * len(columns)
    return [head, rule, *(_cells_row(table_cells(item, raised=raised)) for item in signals)]


def _lived(title: str, items: tuple[Lived, ...], report: ScanReport) -> list[str]:
    """A section of tracked signals as a table with their first raising, age and decision."""
    if not items:
        return []
    head = "| " + " | ".join(LIFE_COLUMNS) + " |"
    rule = "|" + "---|" * len(LIFE_COLUMNS)
    rows = [_cells_row(life_cells(item, report=report)) for item in items]
    return ["", f"## {title}", "", head, rule, *rows]


def _memory(report: ScanReport, memory: Memory | None) -> tuple[list[str], tuple[Signal, ...]]:
    """The sections between the headline and the insights, and the slices left to watch:
    the signals without a memory; with one, new this week, still open and settled."""
    if memory is None:
        signals = ["", "## Signals", "", *_table(report.signals)] if report.signals else []
        return signals, report.watching
    since = since_last_scan(report, memory=memory)
    lines = ["", markdown_text(summary(since))]
    if since.signals:
        lines += ["", "## Signals", "", *_table(since.signals, raised=False)]
    lines += _lived(new_title(since), since.new, report)
    lines += _lived(OPEN_TITLE, since.still_open, report)
    if since.settled:
        lines += ["", f"## {CLOSED_TITLE}", ""]
        lines += [f"- {markdown_text(settled_line(item, report=report))}" for item in since.settled]
    return lines, since.watching


def _steady(item: Recommendation | None) -> list[str]:
    """The "What would steady it" block under one insight: a numbered list of its
    reinforcements, or the line saying what to look at first."""
    if item is None:
        return []
    lines = ["", f"*{REINFORCE_TITLE}:*", ""]
    if not item.reinforcements:
        return lines + [markdown_text(line) for line in reinforcement_lines(item)]
    return lines + [
        f"{rank}. **{markdown_text(entry.title)}** ({markdown_text(entry.id)}): "
        f"{markdown_text(entry.why)}"
        for rank, entry in enumerate(item.reinforcements, start=1)
    ]


def _insights(
    insights: Sequence[Insight], steady: dict[str, Recommendation] | None = None
) -> list[str]:
    """The "What it means" section: each insight's headline in bold, then its text, then
    what would steady it when reinforcements are given."""
    if not insights:
        return []
    lines = ["", f"## {INSIGHTS_TITLE}"]
    for insight in insights:
        lines += ["", f"**{markdown_text(insight.headline)}**", "", markdown_text(insight.text)]
        lines += _steady((steady or {}).get(insight.check))
    return lines


def render_markdown(
    report: ScanReport,
    *,
    insights: Sequence[Insight] = (),
    memory: Memory | None = None,
    reinforcements: Sequence[Recommendation] = (),
    changes: Sequence[JudgedChange] = (),
) -> str:
    """Headline, signals and watching as tables, each signal's insight, fragility as a list,
    then the checks that held and the slices not watched.

    Args:
        report: the scan's result.
        insights: one per signal, in ``report.signals`` order; empty for none.
        memory: what the state store knows of this scan's signals; with it, the signals are
            split into new this week, still open and settled since the last scan.
        reinforcements: one per signal, in the same order; empty for none.
        changes: the recorded changes with their verdicts: a "Changes made" section.

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is of another scan.
    """
    own = report.own_baselines()
    lines = [
        f"# {markdown_text(report.process)}: scan as of {report.as_of.isoformat()}",
        "",
        f"**{headline(report)}** Baseline {report.baseline_words()}; "
        f"at most {report.budget} new signals a scan." + (f" {markdown_text(own)}" if own else ""),
    ]
    signals, watching = _memory(report, memory)
    lines += signals
    lines += _insights(explained(report, insights), steadied(report, reinforcements))
    if watching:
        lines += ["", "## Watching", "", *_table(watching, raised=memory is None)]
    lines += ["", "## Most fragile areas", ""]
    for area in report.fragility:
        weakest = area.weakest
        loose = loose_of(report, check=weakest.check, memory=memory)
        line = fragility_line(weakest, as_of=report.as_of, loose=loose)
        lines.append(
            f"- **{markdown_text(area.area)}** (score {area.score:.2f}): "
            f"{markdown_text(line)}; "
            f"recent {share(weakest.current)} over {counted(weakest.cases, 'case', digits=True)}"
        )
    if report.steady:
        lines += [
            "",
            "## Held steady",
            "",
            *(f"- {markdown_text(check)} ({markdown_text(area)})" for area, check in report.steady),
        ]
    if changes:
        lines += ["", f"## {CHANGES_TITLE}", ""]
        lines += [
            f"- {markdown_text(change_line(item.change))}: **{markdown_text(verdict_line(item))}**"
            for item in changes
        ]
    if report.settled:
        lines += ["", f"## {SETTLED_TITLE}", ""]
        lines += [f"- {markdown_text(line)}" for line in settled_lines(report.settled)]
    if thin_lines(report):
        lines += ["", f"## {THIN_TITLE}", ""]
        lines += [f"- {markdown_text(line)}" for line in thin_lines(report)]
    if report.not_watched:
        lines += [
            "",
            f"## {NOT_WATCHED_TITLE}",
            "",
            *(f"- {markdown_text(line)}" for line in not_watched_lines(report.not_watched)),
        ]
    return "\n".join(lines) + "\n"
