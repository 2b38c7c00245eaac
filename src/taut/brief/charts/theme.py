"""How every chart of the brief looks: sizes for a phone, colours that print, words on axes.

A brief is read on a phone on Monday morning and printed for the leadership meeting, so:

- **sizes**: charts are drawn :data:`WIDTH` pixels wide (they fit a phone's screen at
  full size) with text at least :data:`LABEL_SIZE` pixels; the PNGs are rendered at twice
  that (:data:`PNG_SCALE`) so they stay sharp in e-mail and on paper;
- **colours**: the Okabe-Ito palette, told apart by readers with any common colour
  blindness and in greyscale; the state colours are the HTML brief's own
  (:data:`STATE_COLOURS`);
- **never colour alone**: every coloured mark also differs by shape or dash, and carries
  its meaning in words (a label on the line, a legend title in plain words);
- **plain words**: titles say what the chart shows; axes name the measure and its unit
  ("Share of cases missed", "Median hours taken", "Week starting").
"""

from __future__ import annotations

from typing import Any

import altair as alt

WIDTH = 380
"""Plot width in pixels: with its axis the chart fits a 400-pixel phone screen."""
HEIGHT = 200
PNG_SCALE = 2.0
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
TITLE_SIZE = 16
SUBTITLE_SIZE = 13
LABEL_SIZE = 12
AXIS_TITLE_SIZE = 13

INK = "#222222"
"""Text and the weekly line: near black, as the HTML brief's text."""
MUTED = "#666666"
BAND = "#d9d9d9"
"""The usual range: a light grey that prints as grey."""
WORSE = "#D55E00"
"""Okabe-Ito vermillion: a week above the usual range, a level that got worse."""
BETTER = "#009E73"
"""Okabe-Ito bluish green: a week below the usual range."""
CHANGE = "#0072B2"
"""Okabe-Ito blue: a recorded change to the work."""
BEGAN = "#E69F00"
"""Okabe-Ito orange: the day a change in the check began (its line)."""
BEGAN_TEXT = "#8a5200"
"""A darker orange for the words beside that line: readable on white (contrast above 4.5)."""
STATE_COLOURS: dict[str, str] = {
    "drifting": "#b00020",
    "loosening": "#a65c00",
    "recovering": "#6b5a00",
    "recovered": "#555555",
    "steady": "#555555",
    "improved": "#2e6b30",
}
"""Each state's colour, as the HTML brief's (:data:`taut.brief.webpage.STYLE`)."""


def config() -> dict[str, Any]:
    """The Vega-Lite ``config`` every chart of the brief shares."""
    return {
        "font": FONT,
        "background": "white",
        "padding": 8,
        "view": {"stroke": None},
        "title": {
            "fontSize": TITLE_SIZE,
            "subtitleFontSize": SUBTITLE_SIZE,
            "subtitleColor": INK,
            "anchor": "start",
            "color": INK,
            "font": FONT,
            "subtitleFont": FONT,
            "offset": 10,
        },
        "axis": {
            "labelFontSize": LABEL_SIZE,
            "titleFontSize": AXIS_TITLE_SIZE,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": "normal",
            "labelFont": FONT,
            "titleFont": FONT,
            "gridColor": "#eeeeee",
            "domainColor": MUTED,
            "tickColor": MUTED,
        },
        "legend": {
            "labelFontSize": LABEL_SIZE,
            "titleFontSize": LABEL_SIZE,
            "labelFont": FONT,
            "titleFont": FONT,
            "orient": "bottom",
            "direction": "vertical",
            "titleFontWeight": "normal",
            "labelLimit": WIDTH,
            "symbolStrokeWidth": 2.5,
            # several legends stack under the chart, not side by side: a phone is narrow
            "layout": {"bottom": {"direction": "vertical", "anchor": "start"}},
        },
        "header": {"labelFont": FONT, "titleFont": FONT},
        "text": {"font": FONT, "fontSize": LABEL_SIZE},
    }


def finish(chart: alt.TopLevelMixin, *, title: str, subtitle: tuple[str, ...]) -> dict[str, Any]:
    """The chart's Vega-Lite spec with the shared look, its title and subtitle lines.

    The title and subtitle also become the spec's ``description``, which the SVG carries as
    its accessible name (screen readers read it).
    """
    spec: dict[str, Any] = chart.to_dict()
    spec["title"] = {"text": title, "subtitle": list(subtitle)} if subtitle else title
    spec["description"] = " ".join((title, *subtitle))
    spec["config"] = config()
    return spec
