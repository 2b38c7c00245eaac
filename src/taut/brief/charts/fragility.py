"""The fragility chart: how much room each check has above its commitment, and for how long.

One bar a check, most fragile first (the report's fragility score, weighted by the area's
risk: :mod:`taut.signal.decide.fragility`): its **headroom**, the share kept recently minus
its commitment, in percentage points (left of the black zero line: already below it).
Above each bar, in words: the check, its share kept and commitment, how much room, and the
**projected break date** when the recent trend would take it below its commitment within
a year. A black tick on each bar marks the commitment. The bar's colour says the same
as the words (below / projected to fall below / room to spare), with a legend: colour is
never the only cue.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from taut.brief.charts import theme
from taut.brief.standing import loose_of
from taut.brief.wording import room_words
from taut.signal.decide.fragility import Fragility
from taut.signal.report import ScanReport
from taut.words import share

BELOW = "below its commitment now"
BREAKS = "projected to fall below it"
ROOM = "room to spare"
STATUSES: tuple[str, ...] = (BELOW, BREAKS, ROOM)
STATUS_COLOURS: tuple[str, ...] = (theme.WORSE, theme.BEGAN, theme.BETTER)
BAR_OFFSET = 10
"""The bar sits this far below the middle of its row, under its words."""
LINE_HEIGHT = 15
BAR_STEP = 62
"""Pixels a check takes: its two lines of words and its bar below them."""


def status_of(item: Fragility) -> str:
    """Where a check stands against its commitment (a :data:`STATUSES` entry)."""
    if item.headroom is not None and item.headroom < 0:
        return BELOW
    if item.breaks is not None:
        return BREAKS
    return ROOM


def words_of(item: Fragility, *, loose: str = "") -> tuple[str, str]:
    """The two lines above a check's bar (the check, then its room), the report's numbers;
    one with room and no fall at this pace but ``loose`` (``is drifting``,
    :func:`taut.brief.standing.loose_of`) holds for now, not holding.

    >>> from datetime import date
    >>> item = Fragility(area="A", check="ack", risk="high", target=0.9, current=0.95,
    ...     cases=400, headroom=0.05, trend=-0.01, breaks=date(2025, 7, 14), score=0.5)
    >>> words_of(item)
    ('ack (A): 95.0% kept, commitment 90%', '5.0 points above it; below it around 2025-07-14')
    """
    head = f"{item.check} ({item.area}): {share(item.current)} kept, commitment {item.target:.0%}"
    headroom = item.headroom or 0.0
    if headroom < 0:
        return head, f"{-headroom * 100:.1f} points below it now"
    room = f"{room_words(headroom)} it"
    if item.breaks is not None:
        return head, f"{room}; below it around {item.breaks.isoformat()}"
    return head, f"{room} for now; it {loose}" if loose else f"{room}, holding"


def fragility_chart(*, report: ScanReport) -> dict[str, Any]:
    """The Vega-Lite spec of the fragility chart (module docstring).

    Raises:
        ValueError: no check has a recent share kept to draw.
    """
    ranked = sorted(
        (item for item in report.checks if item.headroom is not None),
        key=lambda item: (-item.weighted, item.area, item.check),
    )
    if not ranked:
        raise ValueError("No check has a recent share kept to draw its headroom.")
    rows: list[dict[str, Any]] = [
        {
            "check": f"{item.area} · {item.check}",
            "points": round((item.headroom or 0.0) * 100, 1),
            "status": status_of(item),
            "words": list(words_of(item, loose=loose_of(report, check=item.check))),
            "breaks": None if item.breaks is None else item.breaks.isoformat(),
            "order": rank,
        }
        for rank, item in enumerate(ranked)
    ]
    low = min(0.0, *(row["points"] for row in rows))
    high = max(1.0, *(row["points"] for row in rows))
    margin = (high - low) * 0.05
    y = alt.Y("check:N", sort=[row["check"] for row in rows], axis=None, title=None)
    x = alt.X(
        "points:Q",
        title="Room above the commitment (percentage points)",
        scale=alt.Scale(domain=[low - margin, high + margin], nice=False),
        axis=alt.Axis(tickCount=6, grid=True),
    )
    base = alt.Chart(alt.InlineData(values=rows))
    bars = base.mark_bar(size=14, yOffset=BAR_OFFSET).encode(
        x=x,
        x2=alt.datum(0),
        y=y,
        color=alt.Color(
            "status:N",
            title="Each check",
            scale=alt.Scale(domain=list(STATUSES), range=list(STATUS_COLOURS)),
        ),
    )
    words = base.mark_text(
        align="left", baseline="bottom", dy=-LINE_HEIGHT, color=theme.INK, lineHeight=LINE_HEIGHT
    ).encode(x=alt.value(0), y=y, text="words:N")
    # the commitment as a tick across each bar, not a line through the words
    zero = base.mark_tick(
        color="#000000", thickness=2, size=22, orient="vertical", yOffset=BAR_OFFSET
    ).encode(x=alt.datum(0), y=y)
    chart = alt.LayerChart(
        layer=[
            bars.properties(name="bars"),
            zero.properties(name="zero"),
            words.properties(name="words"),
        ]
    ).properties(width=theme.WIDTH, height=BAR_STEP * len(rows))
    below = sum(1 for row in rows if row["status"] == BELOW)
    breaking = sum(1 for row in rows if row["status"] == BREAKS)
    return theme.finish(
        chart,
        title="How much room each check has",
        subtitle=(
            f"Below their commitment as of {report.as_of}: {below} of {len(rows)} checks.",
            (
                f"{breaking} more projected to fall below within a year."
                if breaking
                else "No other is projected to fall below within a year."
            ),
            "Most fragile first, each area's risk weighed in.",
            "Black tick: the commitment.",
        ),
    )
