"""The scan report as one self-contained HTML page (inline style, no external assets).

Every piece of data goes through :func:`html_text` once: HTML special characters become
entities and control characters (invalid in HTML, live in a terminal) visible escapes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
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
    settled_lines,
    steadied,
    table_cells,
    table_columns,
    thin_lines,
)
from taut.reinforce.wording import CHANGES_TITLE, change_line, verdict_line
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.report import ScanReport
from taut.store.records import Memory
from taut.terminal import visible

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation


def html_text(text: str) -> str:
    r"""``text`` as HTML that shows it as it is.

    >>> html_text('<img src=x onerror="alert(1)">\x1b[2J')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;\\x1b[2J'
    """
    return html.escape(visible(text))


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
    "padding:.3rem .5rem;text-align:left}.drifting{color:#b00020}.loosening{color:#a65c00}"
    ".recovering{color:#6b5a00}.recovered{color:#555}.improved{color:#2e6b30}"
)
"""Each state's colour: red drifting, orange loosening, olive recovering (still worse than
the baseline, so never green), grey recovered (back at the baseline), green only for a
check that improved beyond its baseline."""


def _row(signal: Signal, *, raised: bool) -> str:
    cells = table_cells(signal, raised=raised)
    body = "".join(f"<td>{html_text(cell)}</td>" for cell in cells)
    return f'<tr class="{html_text(signal.state)}">{body}</tr>'


def _table(title: str, signals: tuple[Signal, ...], *, raised: bool = True) -> str:
    """A table of signals; without the ``raised`` column with the store's memory
    (:func:`~taut.brief.wording.signal_line`)."""
    if not signals:
        return ""
    head = "".join(f"<th>{name}</th>" for name in table_columns(raised=raised))
    rows = "".join(_row(signal, raised=raised) for signal in signals)
    return f"<h2>{html_text(title)}</h2><table><tr>{head}</tr>{rows}</table>"


def _lived(title: str, items: tuple[Lived, ...], report: ScanReport) -> str:
    """A section of tracked signals as a table with their first raising, age and decision."""
    if not items:
        return ""
    head = "".join(f"<th>{name}</th>" for name in LIFE_COLUMNS)
    rows = "".join(
        f'<tr class="{html_text(item.signal.state if item.signal else item.tracked.state)}">'
        + "".join(f"<td>{html_text(cell)}</td>" for cell in life_cells(item, report=report))
        + "</tr>"
        for item in items
    )
    return f"<h2>{html_text(title)}</h2><table><tr>{head}</tr>{rows}</table>"


def _fragility(item: Fragility, *, report: ScanReport, memory: Memory | None) -> str:
    """The check's line against its commitment, holding only when it is not loose."""
    loose = loose_of(report, check=item.check, memory=memory)
    return fragility_line(item, as_of=report.as_of, loose=loose)


def _memory(report: ScanReport, memory: Memory | None) -> tuple[str, tuple[Signal, ...]]:
    """The sections between the headline and the insights, and the slices left to watch:
    the signals without a memory; with one, new this week, still open and settled."""
    if memory is None:
        return _table("Signals", report.signals), report.watching
    since = since_last_scan(report, memory=memory)
    settled = "".join(
        f"<li>{html_text(settled_line(item, report=report))}</li>" for item in since.settled
    )
    return (
        f"<p>{html_text(summary(since))}</p>{_table('Signals', since.signals, raised=False)}"
        f"{_lived(new_title(since), since.new, report)}"
        f"{_lived(OPEN_TITLE, since.still_open, report)}"
        + (f"<h2>{html_text(CLOSED_TITLE)}</h2><ul>{settled}</ul>" if settled else ""),
        since.watching,
    )


def _steady(item: Recommendation | None) -> str:
    """The "What would steady it" block under one insight: an ordered list of its
    reinforcements, or the line saying what to look at first."""
    if item is None:
        return ""
    if not item.reinforcements:
        return f"<p><b>{REINFORCE_TITLE}:</b> {html_text(item.look_first or '')}</p>"
    entries = "".join(
        f"<li><b>{html_text(entry.title)}</b> ({html_text(entry.id)}): {html_text(entry.why)}</li>"
        for entry in item.reinforcements
    )
    return f"<p><b>{REINFORCE_TITLE}:</b></p><ol>{entries}</ol>"


def _insights(insights: Sequence[Insight], steady: dict[str, Recommendation] | None = None) -> str:
    """The "What it means" section: each insight's headline and its text, then what would
    steady it when reinforcements are given."""
    if not insights:
        return ""
    items = "".join(
        f"<h3>{html_text(insight.headline)}</h3><p>{html_text(insight.text)}</p>"
        f"{_steady((steady or {}).get(insight.check))}"
        for insight in insights
    )
    return f"<h2>{INSIGHTS_TITLE}</h2>{items}"


def _not_watched(report: ScanReport) -> str:
    """The slices the scan could not watch, each with its reason; nothing when none."""
    if not report.not_watched:
        return ""
    items = "".join(f"<li>{html_text(line)}</li>" for line in not_watched_lines(report.not_watched))
    return f"<h2>{NOT_WATCHED_TITLE}</h2><ul>{items}</ul>"


def render_html(
    report: ScanReport,
    *,
    insights: Sequence[Insight] = (),
    memory: Memory | None = None,
    reinforcements: Sequence[Recommendation] = (),
    changes: Sequence[JudgedChange] = (),
) -> str:
    """A complete HTML document, with each signal's insight (and what would steady it)
    after the signals; with the store's memory, the signals split into new this week,
    still open and settled; with recorded changes, a "Changes made" section with each
    verdict.

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is of another scan.
    """
    signals, watching = _memory(report, memory)
    fragile = "".join(
        f"<li><b>{html_text(area.area)}</b>: "
        f"{html_text(_fragility(area.weakest, report=report, memory=memory))}</li>"
        for area in report.fragility
    )
    steady = ", ".join(html_text(check) for _, check in report.steady) or "none"
    settled = "".join(f"<li>{html_text(line)}</li>" for line in settled_lines(report.settled))
    settled_section = f"<h2>{html_text(SETTLED_TITLE)}</h2><ul>{settled}</ul>" if settled else ""
    thin = "".join(f"<li>{html_text(line)}</li>" for line in thin_lines(report))
    thin_section = f"<h2>{html_text(THIN_TITLE)}</h2><ul>{thin}</ul>" if thin else ""
    made = "".join(
        f"<li>{html_text(change_line(item.change))}<br><b>{html_text(verdict_line(item))}</b></li>"
        for item in changes
    )
    changes_section = f"<h2>{html_text(CHANGES_TITLE)}</h2><ul>{made}</ul>" if made else ""
    title = f"{report.process}: scan as of {report.as_of.isoformat()}"
    own = report.own_baselines()
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html_text(title)}'
        f"</title><style>{STYLE}</style></head><body><h1>{html_text(title)}</h1>"
        f"<p><b>{html_text(headline(report))}</b> Baseline "
        f"{report.baseline_words()}.{' ' * bool(own)}{html_text(own)}</p>"
        f"{signals}"
        f"{_insights(explained(report, insights), steadied(report, reinforcements))}"
        f"{_table('Watching', watching, raised=memory is None)}"
        f"<h2>Most fragile areas</h2><ul>{fragile}</ul>"
        f"<h2>Held steady</h2><p>{steady}</p>{changes_section}{settled_section}{thin_section}"
        f"{_not_watched(report)}"
        "</body></html>\n"
    )
