"""The brief with each signal's insight: the same formats, with "what it means" added.

:func:`render_with_insights` renders the scan report in any brief format and adds one
insight per signal (:func:`taut.insight.explain_signals`, in ``report.signals`` order):

- ``text`` and ``md``: a "What it means" section right after the signals, one headline
  and paragraph per signal;
- ``html``: the same section after the signals table;
- ``json``: each item of ``signals`` gains ``insight`` (``headline``, ``text``,
  ``conditions`` [{``field``, ``value``, ...}], ``widespread``, ``spread``,
  ``consequences``, ``confidence``).

Without insights (``None`` or empty) the output is exactly the plain brief's.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from taut.brief.jsondoc import render_json
from taut.brief.markdown import markdown_text, render_markdown
from taut.brief.text import render_text
from taut.brief.webpage import html_text, render_html
from taut.errors import did_you_mean
from taut.terminal import visible

if TYPE_CHECKING:
    from collections.abc import Sequence

    from taut.insight.records import Insight
    from taut.signal.report import ScanReport

SECTION = "What it means"
WIDTH = 88


def _check(report: ScanReport, insights: Sequence[Insight]) -> None:
    checks = [signal.check for signal in report.signals]
    if [insight.check for insight in insights] != checks:
        raise ValueError(
            f"Got insights for {[i.check for i in insights]} but the report's signals are "
            f"{checks}; pass explain_signals(report=...) of this same report."
        )


def _text(report: ScanReport, insights: Sequence[Insight]) -> str:
    lines = render_text(report).split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("  ! "))
    block = ["", f"{SECTION}:"]
    for insight in insights:
        block.append(f"  {visible(insight.headline)}")
        block += textwrap.wrap(
            visible(insight.text), width=WIDTH, initial_indent="    ", subsequent_indent="    "
        )
    return "\n".join(lines[: last + 1] + block + lines[last + 1 :])


def _markdown(report: ScanReport, insights: Sequence[Insight]) -> str:
    lines = render_markdown(report).split("\n")
    start = lines.index("## Signals")
    after = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
    )
    block = [f"## {SECTION}", ""]
    for insight in insights:
        block += [f"**{markdown_text(insight.headline)}**", "", markdown_text(insight.text), ""]
    return "\n".join(lines[:after] + block + lines[after:])


def _html(report: ScanReport, insights: Sequence[Insight]) -> str:
    page = render_html(report)
    items = "".join(
        f"<h3>{html_text(insight.headline)}</h3><p>{html_text(insight.text)}</p>"
        for insight in insights
    )
    section = f"<h2>{SECTION}</h2>{items}"
    marker = "</table>"  # the end of the signals table, the page's first table
    cut = page.index(marker) + len(marker)
    return page[:cut] + section + page[cut:]


def _json(report: ScanReport, insights: Sequence[Insight]) -> str:
    data = report.to_json_dict()
    for item, insight in zip(data["signals"], insights, strict=True):
        item["insight"] = insight.to_json_dict()
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


PLAIN = {"text": render_text, "md": render_markdown, "html": render_html, "json": render_json}
WITH_INSIGHTS = {"text": _text, "md": _markdown, "html": _html, "json": _json}


def render_with_insights(
    report: ScanReport, *, insights: Sequence[Insight] | None, fmt: str
) -> str:
    """The brief in format ``fmt`` with one insight per signal (module docstring).

    Args:
        report: the scan's result.
        insights: ``explain_signals(report=report, ...)``; ``None`` or empty for the
            plain brief.
        fmt: ``text``, ``md``, ``html`` or ``json``.

    Raises:
        ValueError: for an unknown format, or insights that do not match the signals.
    """
    if fmt not in PLAIN:
        raise ValueError(
            f"Unknown brief format {fmt!r}; use one of {', '.join(PLAIN)}."
            f"{did_you_mean(fmt, PLAIN)}"
        )
    if not insights or not report.signals:
        return PLAIN[fmt](report)
    _check(report, insights)
    return WITH_INSIGHTS[fmt](report, insights)
