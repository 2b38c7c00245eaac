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
  when taut ``flagged`` it, and each recorded change to the work on the check with its
  verdict (``change: ... (working)``). With the state store, ``flagged`` is the store's
  first raising of the signal, the one date every face of the brief quotes (issue 12), and
  no day at all for a slice the store does not track as open; without a store, the scan's
  ``raised``.

Its title names the check and the segment; its subtitle says in one sentence what moved,
with the report's numbers (:func:`~taut.brief.wording.metric_pair`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

import altair as alt

from taut.brief.briefing import CheckSeries
from taut.brief.charts import theme
from taut.brief.wording import metric_pair
from taut.reinforce.changes import JudgedChange
from taut.signal.decide.cap import Signal
from taut.signal.state import segment_words
from taut.words import METRIC_NAMES, hours, share

ABOVE = "above the usual range"
INSIDE = "inside the usual range"
BELOW = "below the usual range"
BEFORE = "before its new baseline"
WEEK_KINDS: tuple[str, ...] = (INSIDE, ABOVE, BELOW, BEFORE)
WEEK_SHAPES: tuple[str, ...] = ("circle", "triangle-up", "triangle-down", "square")
WEEK_COLOURS: tuple[str, ...] = (theme.INK, theme.WORSE, theme.BETTER, theme.MUTED)
RECENT_DAYS = 28
"""The recent stretch a state other than a drift reads its current value over."""
LABEL_CHARACTERS = 60
"""A dated line's words are at most about this long (a plot's width at 12 pixels)..."""
MIN_CHANGE_WORDS = 16
"""... though a recorded change keeps at least this many characters of its own words."""
Flagged = date | None | Literal["raised"]
"""The day a chart says taut flagged its signal: a day (the store's first raising), ``None``
(no stored signal backs one) or ``"raised"`` (the scan's own ``raised``, without a store)."""
GOOD_STATES = frozenset({"improved", "recovered"})
FAR_ABOVE = 3.0
"""A time limit more than this many times the highest week is not drawn (words say it)."""
CHAR_PIXELS = 6.5
"""About how wide a character of the chart's 12-pixel text is (a little more, to be safe)."""
LABEL_GAP = 4.0
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


def current_since(signal: Signal) -> date | None:
    """The day the report's ``current`` is read from (a drift's ``since``), or ``None`` when
    it is the recent weeks' level (:class:`~taut.signal.state.CheckState`)."""
    if signal.state == "drifting" or (signal.state == "loosening" and signal.raised is not None):
        return signal.since
    return None


def flagged_day(signal: Signal, flagged: Flagged) -> date | None:
    """The day the chart says taut flagged ``signal`` (:data:`Flagged`)."""
    return signal.raised if flagged == "raised" else flagged


def summary(signal: Signal, *, flagged: Flagged = "raised") -> tuple[str, str]:
    """The subtitle's two lines: the state and the current value, then the usual one, and
    the day taut flagged it (:data:`Flagged`).

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
    since = current_since(signal)
    when = f"since {since.isoformat()}" if since is not None else "in recent weeks"
    day = flagged_day(signal, flagged)
    flagged_words = f"; flagged on {day.isoformat()}" if day else ""
    state = signal.state.capitalize()
    if signal.metric == "missed":
        first = f"{state}: {now} of cases missed {when},"
    else:
        first = f"{state}: {METRIC_NAMES[signal.metric]} {now} {when},"
    return first, f"against a usual {usual}{flagged_words}."


def change_label(item: JudgedChange) -> str:
    """A recorded change's words on the chart: its own words cut short, where it was made
    when on one segment only, and its verdict.

    >>> from taut.reinforce.changes import Change, Effect
    >>> effect = Effect(verdict="relapsing", metric="missed", method="did", before=0.3,
    ...     after=0.2, effect=-0.1, interval=(-0.2, 0.0), cases_before=300, cases_since=200,
    ...     cases_needed=None, reason="")
    >>> change_label(JudgedChange(change=Change(id=3, area="A", check="ack",
    ...     applied_on=date(2025, 5, 5), change="Late-day reminder to acknowledge new deals",
    ...     segment={"team": "West"}), effect=effect))
    'change in team West: Late-day reminder... (slipping back)'
    """
    where = f" in {segment_words(item.change.segment)}" if item.change.segment else ""
    head, tail = f"change{where}: ", f" ({VERDICT_WORDS[item.effect.verdict]})"
    room = max(MIN_CHANGE_WORDS, LABEL_CHARACTERS - len(head) - len(tail))
    words = item.change.change
    if len(words) > room:
        cut = words[: room - 3]
        words = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "..."
    return f"{head}{words}{tail}"


def _day_rows(
    signal: Signal,
    changes: Sequence[JudgedChange],
    *,
    first: date,
    last: date,
    flagged: Flagged,
) -> list[dict[str, Any]]:
    """The dated vertical lines, each with its words, its kind and its label's row."""
    rows: list[dict[str, Any]] = []
    if signal.since is not None:
        rows.append({"day": signal.since, "kind": "began", "label": f"began {signal.since}"})
    day = flagged_day(signal, flagged)
    if day is not None:
        rows.append({"day": day, "kind": "flagged", "label": f"flagged {day}"})
    rows.extend(
        {"day": item.change.applied_on, "kind": "change", "label": change_label(item)}
        for item in changes
        if item.change.check == signal.check and first <= item.change.applied_on <= last
    )
    span = max((last - first).days, 1)
    for row_number, row in enumerate(rows):
        row["top"] = LABEL_TOP + LABEL_STEP * row_number
        # every line starts under the strip of words, so no line crosses another's words
        row["below"] = LABEL_TOP + LABEL_STEP * len(rows)
        row["at"] = label_at((row["day"] - first).days / span * theme.WIDTH, row["label"])
        row["day"] = row["day"].isoformat()
    return rows


def label_at(line: float, label: str) -> float:
    """Where a dated line's words start (pixels from the plot's left), so they stay inside it.

    Right of the line when they fit there, else left of it, else as far right as fits.

    >>> label_at(10.0, "began 2025-04-07"), label_at(370.0, "began 2025-04-07")
    (14.0, 262.0)
    """
    width = CHAR_PIXELS * len(label)
    if line + LABEL_GAP + width <= theme.WIDTH:
        return line + LABEL_GAP
    if line - LABEL_GAP - width >= 0:
        return line - LABEL_GAP - width
    return max(0.0, theme.WIDTH - width)


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
            "kind": (
                BEFORE
                if series.baseline_from and point.week + timedelta(days=6) < series.baseline_from
                else week_kind(point.value, series.band)
            ),
        }
        for point in series.points
        if point.cases
    ]


def limit_far_above(series: CheckSeries) -> bool:
    """Whether a time's limit lies so far above its weeks that drawing it would flatten them.

    A median of minutes under a limit of a day: the limit is said in words instead.
    """
    if series.metric != "latency" or series.target is None:
        return False
    highest = [p.value for p in series.points if p.cases]
    highest += [series.band[1]] if series.band else []
    return series.target > FAR_ABOVE * max(highest, default=series.target)


def _level_rows(
    signal: Signal, series: CheckSeries, *, first: date, last: date
) -> list[dict[str, Any]]:
    """The horizontal lines, each over its stretch, with its words for the legend."""
    metric = series.metric
    rows: list[dict[str, Any]] = []
    whole = {"start": first.isoformat(), "end": last.isoformat()}
    normal = {
        "start": max(first, series.baseline_from or first).isoformat(),
        "end": last.isoformat(),
    }
    if series.target is not None and not limit_far_above(series):
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
            {
                **normal,
                "value": series.baseline,
                "line": f"usual level: {usual}",
                "role": "baseline",
            }
        )
    if signal.current is not None and pair is not None:
        since = current_since(signal)
        start = since or max(first, last - timedelta(days=RECENT_DAYS - 1))
        words = f"since {start.isoformat()}" if since else "recent weeks"
        rows.append(
            {
                "start": start.isoformat(),
                "end": last.isoformat(),
                "value": signal.current,
                "line": f"{words}: {pair[1]}",
                # green for a check back at or better than its baseline, vermillion otherwise
                "role": "level-better" if signal.state in GOOD_STATES else "level",
            }
        )
    return rows


LINE_STYLES: dict[str, tuple[str, tuple[int, ...], float]] = {
    "target": ("#000000", (1, 0), 2.0),
    "baseline": (theme.MUTED, (6, 4), 1.5),
    "level": (theme.WORSE, (1, 0), 4.0),
    "level-better": (theme.BETTER, (1, 0), 4.0),
}
"""Each horizontal line's colour, dash and width: they differ in dash or width, not only
in colour."""


def control_chart(
    *,
    signal: Signal,
    series: CheckSeries,
    changes: Sequence[JudgedChange] = (),
    flagged: Flagged = "raised",
) -> dict[str, Any]:
    """The Vega-Lite spec of one signal's control chart (module docstring).

    Args:
        signal: the signal (its state, ``since``, ``raised``, baseline and current).
        series: its check's weekly series (:func:`~taut.brief.charts.series.check_series`),
            for the signal's slice and metric.
        changes: the recorded changes with their verdicts; those on the signal's check
            inside the chart's weeks are drawn.
        flagged: the day taut flagged it (:data:`Flagged`): the store's first raising, or
            ``None`` when no stored signal backs one; ``"raised"`` (no store), the scan's.
    """
    first = series.points[0].week if series.points else signal.since or signal.raised
    if first is None:
        raise ValueError(f"The series of {series.check} has no week to chart.")
    last = series.points[-1].week + timedelta(days=6) if series.points else first
    weeks = _week_rows(series)
    levels = _level_rows(signal, series, first=first, last=last)
    highest = [row["value"] for row in (*weeks, *levels)]
    if series.band and series.metric == "missed":
        highest.append(series.band[1])  # a time's band may reach far above its weeks: cut
    days = _day_rows(signal, changes, first=first, last=last, flagged=flagged)
    # the dated lines' words sit in a strip at the top that no value reaches
    strip = (LABEL_TOP + LABEL_STEP * len(days) + 4) / theme.HEIGHT if days else 0.0
    data_top = max(highest, default=0.0) * 1.08 or 1.0
    top = data_top / (1.0 - strip)
    x = _x("week", first=first, last=last)
    steps = ticks(series.metric, data_top)  # none up in the strip of words
    y = alt.Y(
        "value:Q",
        title="Share of cases missed" if series.metric == "missed" else "Median hours taken",
        scale=alt.Scale(domain=[0, top], nice=False),
        # Vega thins explicit values to tickCount (height / 40 by default): keep them all
        axis=alt.Axis(format=_y_format(series.metric, steps), values=steps, tickCount=len(steps)),
    )
    layers: list[alt.Chart | alt.LayerChart] = []
    if series.band is not None:
        band = [
            {"week": day.isoformat(), "low": series.band[0], "high": series.band[1]}
            for day in (max(first, series.baseline_from or first), last)
        ]
        layers.append(
            alt.Chart(alt.InlineData(values=band), name="band")
            .mark_area(color=theme.BAND, opacity=0.8, clip=True)
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
        subtitle=(
            *summary(signal, flagged=flagged),
            "One mark a week (larger: more cases).",
            "Grey band: the range of a usual week.",
            *(
                (f"The limit for each case, {hours(series.target)}, is far above these weeks.",)
                if series.target is not None and limit_far_above(series)
                else ()
            ),
        ),
    )


TICK_STEPS: tuple[float, ...] = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5)
MOST_TICKS = 6
MOST_DECIMALS = 3


def ticks(metric: str, top: float) -> list[float]:
    """The value axis's ticks: a round step, at most six, never above 100% for a share.

    The scale may reach above the highest value (room for the dated lines' words); the
    ticks stop where the values can.

    >>> ticks("missed", 1.3)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> ticks("latency", 130.0)
    [0.0, 25.0, 50.0, 75.0, 100.0, 125.0]
    """
    highest = min(top, 1.0) if metric == "missed" else top
    scale = 1.0 if metric == "missed" else 10.0 ** max(0, len(str(int(highest))) - 1)
    step = next(
        (
            s * scale
            for s in (*TICK_STEPS, 1.0, 2.0, 2.5, 5.0)
            if highest / (s * scale) < MOST_TICKS
        ),
        highest,
    )
    count = int(highest / step + 1e-9)
    return [round(k * step, 6) for k in range(count + 1)]


def _y_format(metric: str, steps: list[float]) -> str:
    """The value axis's format, as many decimals as its step needs (``2.5%``, ``0.05``).

    >>> _y_format("missed", [0.0, 0.2, 0.4]), _y_format("latency", [0.0, 0.05, 0.1])
    ('.0%', ',.2f')
    """
    step = steps[1] - steps[0] if len(steps) > 1 else 1.0
    if metric == "missed":
        step *= 100.0
    decimals = 0
    while decimals < MOST_DECIMALS and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f".{decimals}%" if metric == "missed" else f",.{decimals}f"


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
    present = {row["kind"] for row in rows}
    # a week before a new baseline is in the legend only where there is one
    shown = [k for k in range(len(WEEK_KINDS)) if WEEK_KINDS[k] != BEFORE or BEFORE in present]
    kinds = [WEEK_KINDS[k] for k in shown]
    marks = base.mark_point(filled=True, opacity=1).encode(
        x=x,
        y=y,
        # a week of few cases is a small mark: read it lightly (the subtitle says so)
        size=alt.Size("cases:Q", scale=alt.Scale(range=[25, 100], zero=True), legend=None),
        shape=alt.Shape(
            "kind:N",
            title="Each week",
            scale=alt.Scale(domain=kinds, range=[WEEK_SHAPES[k] for k in shown]),
        ),
        color=alt.Color(
            "kind:N",
            title="Each week",
            scale=alt.Scale(domain=kinds, range=[WEEK_COLOURS[k] for k in shown]),
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
        parts.append(
            base.mark_text(align="left", baseline="top", color=DAY_TEXT[kind]).encode(
                x=alt.X("at:Q", scale=None), y=alt.Y("top:Q", scale=None), text="label:N"
            )
        )
    return alt.LayerChart(layer=parts, name="days")
