"""Brief: the scan report rendered for people and machines.

One module per format and one line per format in :data:`FORMATS`:

>>> sorted(FORMATS)
['html', 'json', 'md', 'text']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from taut.brief.jsondoc import render_json
from taut.brief.markdown import render_markdown
from taut.brief.text import render_text
from taut.brief.webpage import render_html
from taut.errors import did_you_mean
from taut.signal.report import ScanReport

BriefFormat = Literal["text", "md", "html", "json"]
FORMATS: dict[str, Callable[[ScanReport], str]] = {
    "text": render_text,
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render(report: ScanReport, *, fmt: str) -> str:
    """The report in format ``fmt``.

    Raises:
        ValueError: for an unknown format, naming the known ones and the closest.
    """
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(
            f"Unknown brief format {fmt!r}; use one of {known}.{did_you_mean(fmt, FORMATS)}"
        )
    return FORMATS[fmt](report)


__all__ = ["FORMATS", "BriefFormat", "render"]
