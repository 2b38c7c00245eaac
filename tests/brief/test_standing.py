"""The scan's "Most fragile" line never says "holding" over a signal the store keeps open
that this week's scan could not judge (bpic2013-incidents, 2012-05-20: "completed ... 5.0
points above its 95% commitment, holding" just under its "Still open" line)."""

from __future__ import annotations

from datetime import date

import pytest

from taut.brief import render
from taut.brief.monday import render_brief
from taut.signal.decide.fragility import Fragility
from taut.signal.report import AreaFragility, ScanReport
from taut.store.records import Memory, TrackedSignal
from tests.brief.monday.records import briefing

AS_OF = date(2012, 5, 20)
HOLDING = Fragility(
    area="Incident resolution",
    check="completed",
    risk="medium",
    target=0.95,
    current=1.0,
    cases=120,
    headroom=0.05,
    trend=None,
    breaks=None,
    score=0.2,
)
REPORT = ScanReport(
    process="Incidents",
    as_of=AS_OF,
    data_end="2012-05-20T23:00:00",
    baseline_until=date(2012, 1, 1),
    budget=3,
    signals=(),
    watching=(),
    fragility=(
        AreaFragility(area="Incident resolution", risk="medium", score=0.2, weakest=HOLDING),
    ),
    checks=(HOLDING,),
    steady=(),
)
OPEN = TrackedSignal(
    id=1,
    area="Incident resolution",
    check="completed",
    metric="missed",
    direction="up",
    segment=None,
    lifecycle="recovering",
    state="recovering",
    first_raised=date(2012, 5, 4),
    first_scan=date(2012, 5, 6),
    last_seen=date(2012, 5, 13),
)
MEMORY = Memory(as_of=AS_OF, previous_as_of=date(2012, 5, 13), tracked=(OPEN,))


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_an_area_holding_over_an_open_unjudged_signal_holds_for_now(fmt: str) -> None:
    kept = " ".join(render(REPORT, fmt=fmt, memory=MEMORY).split())
    assert (
        "5.0 points above its 95% commitment for now, though it keeps a signal open, "
        "not judged this week"
    ) in kept
    assert "holding" not in kept
    plain = " ".join(render(REPORT, fmt=fmt).split())  # no store: nothing open to know of
    assert "5.0 points above its 95% commitment, holding" in plain


def test_the_monday_brief_never_calls_it_holding_either() -> None:
    brief = briefing(report=REPORT, insights=(), reinforcements=(), changes=(), memory=MEMORY)
    text = " ".join(render_brief(brief, fmt="text").split())
    assert (
        "completed kept in 100.0% of cases in the last four weeks, 5.0 points above its 95% "
        "commitment for now, though it keeps a signal open, not judged this week (see What "
        "held steady)."
    ) in text
    assert "commitment, holding." not in text
    alone = briefing(report=REPORT, insights=(), reinforcements=(), changes=(), memory=None)
    assert "commitment, holding." in " ".join(render_brief(alone, fmt="text").split())
