"""The Monday brief: three questions answered for leaders, in the formats they read.

``taut brief`` renders one :class:`~taut.brief.briefing.Briefing` (the scan, its insights
and reinforcements, the store's memory, the recorded changes with their verdicts, the
weekly series). The steps, in order:

1. :mod:`~taut.brief.monday.compose` writes every sentence once
   (:func:`~taut.brief.monday.compose.compose_brief` -> a
   :class:`~taut.brief.monday.content.MondayBrief`): the lead
   (:mod:`~taut.brief.monday.lead`), then "Where is our follow-through most fragile right
   now?" (:mod:`~taut.brief.monday.areas`), "Which steps are starting to get loose?",
   "What small change would make execution steadier?", what held steady
   (:mod:`~taut.brief.monday.steady`), and the changes made with their verdicts
   (:mod:`~taut.brief.monday.changes`); new since last week marked; the phrases they
   share are :mod:`~taut.brief.monday.phrases`;
2. :mod:`~taut.brief.monday.emphasis` says what each audience (``coo``, ``chro``, ``ld``)
   puts forward: the same analysis, a different emphasis;
3. one module per format lays the sentences out: :mod:`~taut.brief.monday.text` (Rich,
   colour where it helps), :mod:`~taut.brief.monday.markdown`,
   :mod:`~taut.brief.monday.webpage` (one self-contained page with the charts inlined as
   SVG: :mod:`~taut.brief.monday.figures`) and :mod:`~taut.brief.monday.jsondoc`.

A format is one module and one line in :data:`FORMATS`:

>>> sorted(FORMATS)
['html', 'json', 'md', 'text']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from taut.brief.briefing import Briefing
from taut.brief.monday.compose import compose_brief
from taut.brief.monday.figures import Figure
from taut.brief.monday.jsondoc import render_json
from taut.brief.monday.markdown import render_markdown
from taut.brief.monday.text import render_text, styled_brief
from taut.brief.monday.webpage import render_html
from taut.errors import did_you_mean


class BriefRenderer(Protocol):
    """A Monday brief format: the briefing (and its rendered charts) in, the document out."""

    def __call__(self, briefing: Briefing, /, *, charts: Sequence[Figure] = ()) -> str: ...


FORMATS: dict[str, BriefRenderer] = {
    "text": render_text,
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render_brief(briefing: Briefing, *, fmt: str, charts: Sequence[Figure] = ()) -> str:
    """The Monday brief of ``briefing`` in format ``fmt``.

    Args:
        briefing: the records (:func:`taut.api.briefing`).
        fmt: ``text``, ``md``, ``html`` or ``json``.
        charts: the rendered charts (``charts_for(briefing)``); the HTML brief inlines
            them, the JSON lists their names, text and Markdown leave them out.

    Raises:
        ValueError: for an unknown format, naming the known ones and the closest; for
            insights or reinforcements that are not those of the report's signals.
    """
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(
            f"Unknown brief format {fmt!r}; use one of {known}.{did_you_mean(fmt, FORMATS)}"
        )
    return FORMATS[fmt](briefing, charts=charts)


__all__ = ["FORMATS", "BriefRenderer", "Figure", "compose_brief", "render_brief", "styled_brief"]
