"""The Monday brief as one self-contained HTML page: no network at view time.

Rendered with a Jinja2 template shipped in the package (``templates/brief.html.j2``),
autoescaped, so every name and sentence from a log or contract is shown, never run; control
characters become visible escapes first (:func:`taut.terminal.visible`). The page reads on
a phone (one column, a viewport tag, charts scaled to the width) and prints (no colour is
the only cue: each state and verdict is also written, each line a mark of its own; sections
do not break across pages). Charts arrive rendered, as SVG (:mod:`taut.brief.monday.figures`):
each step's control chart sits beside it, the others under the first question, each with
its title as a caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from taut.brief.briefing import Briefing
from taut.brief.monday.compose import compose_brief
from taut.brief.monday.content import (
    CHANGE_QUESTION,
    CHANGES_TITLE,
    FRAGILE_QUESTION,
    LOOSE_QUESTION,
    NEW_MARK,
    STEADY_TITLE,
    Step,
)
from taut.brief.monday.emphasis import step_details
from taut.brief.monday.figures import Figure
from taut.terminal import visible


def _shown(value: object) -> object:
    """What an expression prints, before escaping: text with its control characters visible."""
    return visible(value) if isinstance(value, str) else value


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("taut.brief.monday", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=_shown,
        keep_trailing_newline=True,
    )


def figure(chart: Figure) -> Markup:
    """One chart as a captioned figure; its SVG is vl-convert's, inlined as it is (its root
    carries the chart's accessible name: :func:`taut.brief.charts.gallery.svg_of`)."""
    title = escape(visible(chart.title))
    # The SVG is vl-convert's own output (text in it escaped as XML), never a user's markup.
    return Markup(  # noqa: S704
        f"<figure>{chart.svg}<figcaption>{title}</figcaption></figure>"
    )


def _unplaced(name: str, control: dict[str, Figure], placed: set[str]) -> bool:
    return name in control and name not in placed


def render_html(briefing: Briefing, *, charts: Sequence[Figure] = ()) -> str:
    """The brief as one HTML page (module docstring)."""
    brief = compose_brief(briefing)

    def details(step: Step) -> tuple[str, ...]:
        return step_details(step, audience=brief.audience)

    control = {chart.name: chart for chart in charts if chart.name.startswith("control-")}
    placed = {step.chart for step in brief.steps}
    return (
        _environment()
        .get_template("brief.html.j2")
        .render(
            brief=brief,
            questions={
                "fragile": FRAGILE_QUESTION,
                "loose": LOOSE_QUESTION,
                "change": CHANGE_QUESTION,
            },
            steady_title=STEADY_TITLE,
            changes_title=CHANGES_TITLE,
            new_mark=NEW_MARK,
            details=details,
            figure=figure,
            control=control,
            overview=[chart for chart in charts if chart.name not in control],
            loosening=[control[n] for n in brief.loosening_charts if _unplaced(n, control, placed)],
            coming_back=[control[n] for n in brief.steady_charts if _unplaced(n, control, placed)],
        )
    )
