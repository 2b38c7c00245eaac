"""Brief: the scan report rendered for people and machines, with each signal's insight.

One module per format and one line per format in :data:`FORMATS`:

>>> sorted(FORMATS)
['html', 'json', 'md', 'text']

Every renderer takes the report and its insights as records
(``render_text(report, insights=...)``) and writes the whole output itself: with insights
(:func:`taut.insight.explain_signals`, one per signal) the text, Markdown and HTML briefs
gain a "What it means" section right after the signals, and each JSON signal an
``insight``; without them the output is the plain brief.

With the state store's memory of the scan (``render(report, fmt=..., memory=...)``), the
text, Markdown and HTML briefs split the signals into "New this week", "Still open" and
"Settled since last scan" (a signal in its week of grace is still open), and each JSON
signal carries its ``lifecycle``, ``first_raised``, ``age_weeks``, ``steady_since`` and ``id``
(:mod:`taut.brief.lifecycle`); without it they read as they always
did, and the JSON's life fields are null. With reinforcements
(:func:`taut.reinforce.recommend`, one per signal) each signal's insight is followed by a
"What would steady it" block, and each JSON signal gains ``reinforcements`` and
``look_first``. With the recorded changes and their verdicts (``changes=``), the text,
Markdown and HTML briefs show a "Changes made" section, and the JSON lists them under
its top-level ``reinforcements``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol

from taut.brief.jsondoc import render_json
from taut.brief.markdown import render_markdown
from taut.brief.text import render_text
from taut.brief.webpage import render_html
from taut.errors import did_you_mean
from taut.signal.report import ScanReport
from taut.store.records import Memory

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation


class Renderer(Protocol):
    """A brief format: the report and its insights in, the whole document out."""

    def __call__(
        self,
        report: ScanReport,
        /,
        *,
        insights: Sequence[Insight] = (),
        memory: Memory | None = None,
        reinforcements: Sequence[Recommendation] = (),
        changes: Sequence[JudgedChange] = (),
    ) -> str: ...


BriefFormat = Literal["text", "md", "html", "json"]
FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render(
    report: ScanReport,
    *,
    fmt: str,
    insights: Sequence[Insight] | None = None,
    memory: Memory | None = None,
    reinforcements: Sequence[Recommendation] | None = None,
    changes: Sequence[JudgedChange] = (),
) -> str:
    """The report in format ``fmt``, with one insight per signal when given.

    Args:
        report: the scan's result.
        fmt: ``text``, ``md``, ``html`` or ``json``.
        insights: ``explain_signals(report=report, ...)``; ``None`` or empty for the
            plain brief.
        memory: what the state store knows of this scan's signals
            (:class:`taut.store.records.Memory`); ``None`` (no store) for the brief as it
            reads without one.
        reinforcements: ``recommend(report=report, ...)``, one per signal; ``None`` or
            empty for none (shown only with the insights).
        changes: the recorded changes with their verdicts as of this scan
            (:func:`taut.api.judged_scan`): a "Changes made" section, and the JSON's
            top-level ``reinforcements``.

    Raises:
        ValueError: for an unknown format, naming the known ones and the closest; for
            insights or reinforcements that are not those of the report's signals; for a
            memory of another scan.
    """
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(
            f"Unknown brief format {fmt!r}; use one of {known}.{did_you_mean(fmt, FORMATS)}"
        )
    return FORMATS[fmt](
        report,
        insights=insights or (),
        memory=memory,
        reinforcements=reinforcements or (),
        changes=changes,
    )


__all__ = ["FORMATS", "BriefFormat", "Renderer", "render"]
