"""A signal's control chart: its check's weeks against the usual range and the commitment.

One chart per signal, in layers (each a named Vega-Lite layer, so a test can find it):

- ``band``: the range a usual week stays within (:mod:`taut.brief.charts.limits`), shaded;
- ``baseline``: the baseline level, a dashed line, labelled ``usual: 0.61%``;
- ``target``: the commitment, a solid black line (``commitment: at most 2.0% missed`` for
  the share missed, ``limit: 120.0 h`` for the time taken);
- ``weeks``: the weekly values as a line with a mark per week; a week above the usual
  range is a vermillion triangle pointing up, below it a green one pointing down, inside
  it a dark dot (shape and colour, and a legend in words);
- ``level``: the report's ``current`` value as a thick line over the stretch it is read
  on (from ``since`` for a drift, the recent weeks otherwise), labelled with it, so the
  chart shows the very number the brief's sentence quotes;
- ``days``: dated vertical lines with their words: when the change ``began`` (``since``),
  when taut ``flagged`` it (``raised``), and each recorded change to the work on the check
  with its verdict (``change: ... (working)``).

Its title names the check and the segment; its subtitle says in one sentence what moved,
with the report's numbers (:func:`~taut.brief.wording.metric_pair`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt

from taut.brief.briefing import CheckSeries
from taut.brief.charts import theme
from taut.brief.wording import metric_pair
from taut.reinforce.changes import JudgedChange
from taut.signal.decide.cap import Signal
from taut.words import METRIC_NAMES, hours, share

ABOVE = "above the usual range"
INSIDE = "inside the usual range"
BELOW = "below the usual range"
WEEK_KINDS: tuple[str, ...] = (INSIDE, ABOVE, BELOW)
RECENT_DAYS = 28
"""The recent stretch a state other than a drift reads its current value over."""
CHANGE_WORDS = 34
"""A recorded change's own words are cut to this many characters on the chart."""
LABEL_TOP = 2
LABEL_STEP = 15
"""Pixels from the top to the first dated line's words, and between rows of them."""
VERDICT_WORDS: dict[str, str] = {
    "working": "working",
    "not-yet-clear": "not yet clear",
    "not-working": "not working",
    "relapsing": "slipping back",
}


def value_words(metric: str, value: float) -> str:
    """A value of the chart's metric as the brief writes it.

    >>> value_words("missed", 0.0625), value_words("latency", 26.04)
    ('6.2%', '26.0 h')
    """
    return share(value) if metric == "missed" else hours(value)


def week_kind(value: float, band: tuple[float, float] | None) -> str:
    """Where a week's value lies against the usual range.

    >>> week_kind(0.3, (0.0, 0.1)), week_kind(0.05, (0.0, 0.1)), week_kind(0.05, None)
    ('above the usual range', 'inside the usual range', 'inside the usual range')
    """
    if band is not None and value > band[1]:
        return ABOVE
    if band is not None and value < band[0]:
        return BELOW
    return INSIDE


def _since_current(signal: Signal) -> bool:
    """Whether the report's ``current`` is read from ``since`` (a drift) or recent weeks."""
    return signal.since is not None and (
        signal.state == "drifting" or (signal.state == "loosening" and signal.raised is not None)
    )


def summary(signal: Signal) -> tuple[str, str]:
    """The subtitle's two lines: the state and the current value, then the usual one.

    The values are the report's, written as the brief writes them
    (:func:`~taut.brief.wording.metric_pair`).

    >>> for line in summary(Signal(area="Handoff", check="ack", risk="high",
    ...     state="drifting", since=date(2025, 4, 7), raised=date(2025, 4, 9), segment=None,
    ...     metric="missed", baseline=0.0061, current=0.313, cases=400, baseline_cases=900,
    ...     direction="up", confidence=3.0)):
    ...     print(line)
    Drifting: 31.3% of cases missed since 2025-04-07,
    against a usual 0.6%; flagged on 2025-04-09.
    """
    usual, now = metric_pair(signal)
    if _since_current(signal) and signal.since is not None:
        when = f"since {signal.since.isoformat()}"
    else:
        when = "in recent weeks"
    flagged = f"; flagged on {signal.raised.isoformat()}" if signal.raised else ""
    state = signal.state.capitalize()
    if signal.metric == "missed":
        first = f"{state}: {now} of cases missed {when},"
    else:
        first = f"{state}: {METRIC_NAMES[signal.metric]} {now} {when},"
    return first, f"against a usual {usual}{flagged}."


def _change_label(item: JudgedChange) -> str:
    words = item.change.change
    if len(words) > CHANGE_WORDS:
        words = words[: CHANGE_WORDS - 3].rstrip() + "..."
    return f"change: {words} ({VERDICT_WORDS[item.effect.verdict]})"


def _day_rows(
    signal: Signal, changes: Sequence[JudgedChange], *, first: date, last: date
) -> list[dict[str, Any]]:
    """The dated vertical lines, each with its words, its kind and its label's row."""
    rows: list[dict[str, Any]] = []
    if signal.since is not None:
        rows.append({"day": signal.since, "kind": "began", "label": f"began {signal.since}"})
    if signal.raised is not None:
        rows.append({"day": signal.raised, "kind": "flagged", "label": f"flagged {signal.raised}"})
    rows.extend(
        {"day": item.change.applied_on, "kind": "change", "label": _change_label(item)}
        for item in changes
        if item.change.check == signal.check and first <= item.change.applied_on <= last
    )
    span = max((last - first).days, 1)
    for row_number, row in enumerate(rows):
        right = (row["day"] - first).days / span > 0.55
        row["top"] = LABEL_TOP + LABEL_STEP * row_number
        # every line starts under the strip of words, so no line crosses another's words
        row["below"] = LABEL_TOP + LABEL_STEP * len(rows)
        row["align"] = "right" if right else "left"
        row["day"] = row["day"].isoformat()
    return rows


def _x(field: str, *, first: date, last: date) -> alt.X:
    return alt.X(
        f"{field}:T",
        title="Week starting",
        scale=alt.Scale(type="utc", domain=[first.isoformat(), last.isoformat()]),
        axis=alt.Axis(format="%b %-d", labelAngle=0, tickCount=6),
    )


def _week_rows(series: CheckSeries) -> list[dict[str, Any]]:
    """The weeks with cases, each with its value and where it lies against the band."""
    return [
        {
            "week": point.week.isoformat(),
            "value": point.value,
            "cases": point.cases,
            "kind": week_kind(point.value, series.band),
        }
        for point in series.points
        if point.cases
    ]


def _level_rows(
    signal: Signal, series: CheckSeries, *, first: date, last: date
) -> list[dict[str, Any]]:
    """The horizontal lines, each over its stretch, with its words for the legend."""
    metric = series.metric
    rows: list[dict[str, Any]] = []
    whole = {"start": first.isoformat(), "end": last.isoformat()}
    if series.target is not None:
        words = (
            f"commitment: at most {share(series.target)} missed"
            if metric == "missed"
            else f"limit for each case: {hours(series.target)}"
        )
        rows.append({**whole, "value": series.target, "line": words, "role": "target"})
    same = signal.metric == metric  # a spread signal's values are ratios, not hours
    pair = metric_pair(signal) if same else None
    if series.baseline is not None:
        usual = pair[0] if pair else value_words(metric, series.baseline)
        rows.append(
            {**whole, "value": series.baseline, "line": f"usual level: {usual}", "role": "baseline"}
        )
    if signal.current is not None and pair is not None:
        since = signal.since if _since_current(signal) else None
        start = since or max(first, last - timedelta(days=RECENT_DAYS - 1))
        words = f"since {start.isoformat()}" if since else "recent weeks"
        rows.append(
            {
                "start": start.isoformat(),
                "end": last.isoformat(),
                "value": signal.current,
                "line": f"{words}: {pair[1]}",
                "role": "level",
            }
        )
    return rows


LINE_STYLES: dict[str, tuple[str, tuple[int, ...], float]] = {
    "target": ("#000000", (1, 0), 2.0),
    "baseline": (theme.MUTED, (6, 4), 1.5),
    "level": (theme.WORSE, (1, 0), 4.0),
}
"""Each horizontal line's colour, dash and width: they differ in dash or width, not only
in colour."""


def control_chart(
    *, signal: Signal, series: CheckSeries, changes: Sequence[JudgedChange] = ()
) -> dict[str, Any]:
    """The Vega-Lite spec of one signal's control chart (module docstring).

    Args:
        signal: the signal (its state, ``since``, ``raised``, baseline and current).
        series: its check's weekly series (:func:`~taut.brief.charts.series.check_series`),
            for the signal's slice and metric.
        changes: the recorded changes with their verdicts; those on the signal's check
            inside the chart's weeks are drawn.
    """
    first = series.points[0].week if series.points else signal.since or signal.raised
    if first is None:
        raise ValueError(f"The series of {series.check} has no week to chart.")
    last = series.points[-1].week + timedelta(days=6) if series.points else first
    weeks = _week_rows(series)
    levels = _level_rows(signal, series, first=first, last=last)
    highest = [row["value"] for row in (*weeks, *levels)]
    highest += [series.band[1]] if series.band else []
    days = _day_rows(signal, changes, first=first, last=last)
    # the dated lines' words sit in a strip at the top that no value reaches
    strip = (LABEL_TOP + LABEL_STEP * len(days) + 4) / theme.HEIGHT if days else 0.0
    top = (max(highest, default=0.0) * 1.08 or 1.0) / (1.0 - strip)
    x = _x("week", first=first, last=last)
    y = alt.Y(
        "value:Q",
        title="Share of cases missed" if series.metric == "missed" else "Median hours taken",
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(format=_y_format(series.metric, top), tickCount=5),
    )
    layers: list[alt.Chart | alt.LayerChart] = []
    if series.band is not None:
        band = [
            {"week": day.isoformat(), "low": series.band[0], "high": series.band[1]}
            for day in (first, last)
        ]
        layers.append(
            alt.Chart(alt.InlineData(values=band), name="band")
            .mark_area(color=theme.BAND, opacity=0.8)
            .encode(x=x, y=alt.Y("low:Q"), y2="high:Q")
        )
    if levels:
        layers.append(_levels_layer(levels, first=first, last=last))
    layers.append(_weeks_layer(weeks, x=x, y=y))
    if days:
        layers.append(_days_layer(days, first=first, last=last))
    chart = (
        alt.LayerChart(layer=layers)
        .resolve_scale(
            color="independent",
            shape="independent",
            strokeDash="independent",
            strokeWidth="independent",
        )
        .resolve_legend(color="independent", shape="independent")
        .properties(width=theme.WIDTH, height=theme.HEIGHT)
    )
    where = "" if signal.segment is None else f", {signal.where}"
    return theme.finish(
        chart,
        title=f"{signal.area}: {signal.check}{where}",
        subtitle=(*summary(signal), "One mark a week; grey band: a usual week's range."),
    )


def _y_format(metric: str, top: float) -> str:
    """The value axis's format: whole percentages, tenths below 5%, or hours."""
    if metric != "missed":
        return ",.0f"
    return ".0%" if top > 0.05 else ".1%"


def _levels_layer(rows: list[dict[str, Any]], *, first: date, last: date) -> alt.Chart:
    words = [row["line"] for row in rows]
    styles = [LINE_STYLES[row["role"]] for row in rows]
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows), name="levels")
        .mark_rule()
        .encode(
            x=_x("start", first=first, last=last),
            x2="end:T",
            y="value:Q",
            color=alt.Color(
                "line:N",
                title="Lines",
                sort=words,
                scale=alt.Scale(domain=words, range=[style[0] for style in styles]),
            ),
            strokeDash=alt.StrokeDash(
                "line:N",
                title="Lines",
                sort=words,
                scale=alt.Scale(domain=words, range=[list(style[1]) for style in styles]),
            ),
            strokeWidth=alt.StrokeWidth(
                "line:N",
                title="Lines",
                sort=words,
                scale=alt.Scale(domain=words, range=[style[2] for style in styles]),
            ),
        )
    )
    return chart


def _weeks_layer(rows: list[dict[str, Any]], *, x: alt.X, y: alt.Y) -> alt.LayerChart:
    base = alt.Chart(alt.InlineData(values=rows))
    line = base.mark_line(color=theme.INK, strokeWidth=1.5).encode(x=x, y=y)
    kinds = list(WEEK_KINDS)
    marks = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "kind:N",
            title="Each week",
            scale=alt.Scale(domain=kinds, range=["circle", "triangle-up", "triangle-down"]),
        ),
        color=alt.Color(
            "kind:N",
            title="Each week",
            scale=alt.Scale(domain=kinds, range=[theme.INK, theme.WORSE, theme.BETTER]),
        ),
    )
    return alt.LayerChart(layer=[line, marks], name="weeks")


DAY_STYLES: dict[str, tuple[str, tuple[int, ...]]] = {
    "began": (theme.BEGAN, (4, 3)),
    "flagged": (theme.INK, (1, 0)),
    "change": (theme.CHANGE, (8, 3)),
}
DAY_TEXT: dict[str, str] = {"began": theme.BEGAN_TEXT, "flagged": theme.INK, "change": theme.CHANGE}
"""Each dated line's colour and dash (and its words say what it is)."""


def _days_layer(rows: list[dict[str, Any]], *, first: date, last: date) -> alt.LayerChart:
    x = _x("day", first=first, last=last)
    parts: list[alt.Chart] = []
    for kind, (colour, dash) in DAY_STYLES.items():
        mine = [row for row in rows if row["kind"] == kind]
        if not mine:
            continue
        base = alt.Chart(alt.InlineData(values=mine))
        parts.append(
            base.mark_rule(color=colour, strokeWidth=1.5, strokeDash=list(dash)).encode(
                x=x, y=alt.Y("below:Q", scale=None), y2=alt.value(theme.HEIGHT)
            )
        )
        parts.extend(
            base.transform_filter(alt.datum.align == side)
            .mark_text(
                align=side, baseline="top", dx=4 if side == "left" else -4, color=DAY_TEXT[kind]
            )
            .encode(x=x, y=alt.Y("top:Q", scale=None), text="label:N")
            for side in ("left", "right")
        )
    return alt.LayerChart(layer=parts, name="days")
