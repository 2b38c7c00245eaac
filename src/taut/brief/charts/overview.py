"""The overview: every watched check in a sparkline, grouped by area, with its state in words.

One small chart a check, stacked (a phone scrolls down, never sideways), areas in the
contract's order: the check's weekly share missed (:func:`~taut.brief.charts.series.check_series`)
over the scan's weeks, the range of a usual week shaded, the commitment as a black line,
and the latest week marked in its state's colour. Above each, in words: the area and the
check, its state, and its share missed recently, the report's own fragility numbers
(:class:`~taut.signal.decide.fragility.Fragility`: the last four weeks, or the latest 20
cases when fewer were decided in them), so colour is never the only cue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt

from taut.brief.briefing import CheckSeries
from taut.brief.charts import theme
from taut.signal.decide.fragility import CURRENT_WEEKS, Fragility
from taut.signal.report import ScanReport
from taut.words import counted, share

SPARK_HEIGHT = 44
AXIS_EXTENT = 34
"""Pixels for every sparkline's value axis, so the sparklines line up one under another."""


def recent_words(item: Fragility, *, as_of: date) -> str:
    """The check's recent share missed in words, over the stretch the report read it on.

    >>> item = Fragility(area="A", check="c", risk="high", target=0.9, current=0.656,
    ...     cases=400, headroom=-0.244, trend=None, breaks=None, score=5.0,
    ...     recent_from=date(2025, 4, 28), state="drifting")
    >>> recent_words(item, as_of=date(2025, 5, 24))
    '34.4% missed in the last four weeks'
    """
    if item.current is None:
        return "no case decided recently"
    missed = share(1.0 - item.current)
    first_day = as_of - timedelta(weeks=CURRENT_WEEKS, days=-1)
    if item.recent_from is not None and item.recent_from < first_day:
        return f"{missed} missed in its latest {counted(item.cases, 'case', digits=True)}"
    return f"{missed} missed in the last four weeks"


def _rows(series: CheckSeries) -> list[dict[str, Any]]:
    return [
        {"week": point.week.isoformat(), "value": point.value}
        for point in series.points
        if point.cases and not math.isnan(point.value)
    ]


def _spark(
    series: CheckSeries, item: Fragility | None, *, first: date, last: date, as_of: date
) -> alt.LayerChart:
    """One check's sparkline with its words above it."""
    rows = _rows(series)
    x = alt.X(
        "week:T",
        title=None,
        scale=alt.Scale(type="utc", domain=[first.isoformat(), last.isoformat()]),
        axis=alt.Axis(format="%b %-d", labelAngle=0, tickCount=5, grid=False),
    )
    values = [row["value"] for row in rows]
    values += [series.target] if series.target is not None else []
    values += [series.band[1]] if series.band else []
    top = max(values, default=0.0) * 1.1 or 0.1
    y = alt.Y(
        "value:Q",
        title=None,
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(
            format=".0%" if top > 0.05 else ".1%",
            tickCount=2,
            grid=False,
            minExtent=AXIS_EXTENT,
            maxExtent=AXIS_EXTENT,
        ),
    )
    layers: list[alt.Chart] = []
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
    if series.target is not None:
        layers.append(
            alt.Chart(alt.InlineData(values=[{"value": series.target}]), name="target")
            .mark_rule(color="#000000", strokeWidth=1.5)
            .encode(y="value:Q")
        )
    state = item.state if item is not None else "steady"
    layers.append(
        alt.Chart(alt.InlineData(values=rows), name="sparkline")
        .mark_line(color=theme.INK, strokeWidth=1.5)
        .encode(x=x, y=y)
    )
    layers.append(
        alt.Chart(alt.InlineData(values=rows[-1:]), name="latest")
        .mark_point(filled=True, size=60, color=theme.STATE_COLOURS[state], opacity=1)
        .encode(x=x, y=y)
    )
    words = recent_words(item, as_of=as_of) if item is not None else "no fragility reading"
    target = "" if series.target is None else f"; commitment at most {share(series.target)}"
    return alt.LayerChart(layer=layers).properties(
        width=theme.WIDTH,
        height=SPARK_HEIGHT,
        title=alt.TitleParams(
            text=f"{series.area} · {series.check}",
            subtitle=f"{state}: {words}{target}",
            fontSize=theme.LABEL_SIZE + 1,
            subtitleFontSize=theme.LABEL_SIZE,
            subtitleColor=theme.STATE_COLOURS[state],
            anchor="start",
            offset=4,
        ),
    )


def overview_chart(*, report: ScanReport, series: Sequence[CheckSeries]) -> dict[str, Any]:
    """The Vega-Lite spec of the overview (module docstring).

    Args:
        report: the scan (each check's fragility and state).
        series: the series of the brief; each check's whole share missed is drawn, in
            the order given (:func:`~taut.brief.charts.series.series_for` gives them in
            contract order, which groups them by area).

    Raises:
        ValueError: no check has a series to draw.
    """
    whole = [s for s in series if s.metric == "missed" and s.segment is None and s.points]
    if not whole:
        raise ValueError("No check has weeks to draw in the overview.")
    first = min(s.points[0].week for s in whole)
    last = max(s.points[-1].week for s in whole) + timedelta(days=6)
    fragility = {item.check: item for item in report.checks}
    charts = [
        _spark(s, fragility.get(s.check), first=first, last=last, as_of=report.as_of) for s in whole
    ]
    chart = alt.vconcat(*charts, spacing=22)
    count = sum(1 for item in fragility.values() if item.state != "steady")
    return theme.finish(
        chart,
        title="Every watched check, week by week",
        subtitle=(
            f"Not steady as of {report.as_of}: {count} of {len(whole)} checks.",
            "Line: share of cases missed each week. Grey band: a usual",
            "week's range. Black line: the commitment.",
        ),
    )
