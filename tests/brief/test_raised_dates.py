"""A signal's "raised" date with the state store: the store's first raising or none.

Issue 12: a signal's first raising is the store's, kept from the scan that first raised it,
and every face quotes that one date. The scan's own ``raised`` (the day its detector would
have flagged the slice had it run every day) is another date: it is quoted only without a
store. The records are hand-made: a drifting signal the store first raised on 2025-03-20
(the scan's detector says 2025-04-09), and a watched slice coming back from a drift the
scan's detector raised on 2025-03-05 that the store never tracked (the reviewer's
helpdesk scan as of 2013-10-06, first on record: "recovered from a drift that began
2013-04-08, raised 2013-05-07", a signal ``taut signals list`` does not know).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taut.brief import render
from taut.brief.charts.control import summary
from taut.brief.charts.gallery import flagged_of
from taut.brief.monday import compose_brief, render_brief
from taut.signal.report import ScanReport
from taut.store.records import Memory, TrackedSignal
from tests.brief.monday.records import ACK, INTAKE, MEMORY, briefing
from tests.brief.test_formats import fixed_report

STORE_FIRST = date(2025, 3, 20)
SCAN_RAISED = date(2025, 4, 9)
UNTRACKED_RAISED = date(2025, 3, 5)
TEXT_FORMATS = ("text", "md", "html")


def _report() -> ScanReport:
    report = fixed_report()
    watch = replace(
        report.watching[0],
        state="recovering",
        raised=UNTRACKED_RAISED,
        drifted=70.0,
        since=date(2025, 2, 24),
    )
    assert report.signals[0].raised == SCAN_RAISED
    return replace(report, watching=(watch,))


def _memory(report: ScanReport, *, previous: date | None) -> Memory:
    signal = report.signals[0]
    tracked = TrackedSignal(
        id=1,
        area=signal.area,
        check=signal.check,
        metric=signal.metric,
        direction=signal.direction,
        segment=None,
        lifecycle="ongoing" if previous else "new",
        state="drifting",
        first_raised=STORE_FIRST,
        first_scan=previous or report.as_of,
        last_seen=report.as_of,
    )
    return Memory(as_of=report.as_of, previous_as_of=previous, tracked=(tracked,))


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("previous", [None, date(2025, 5, 17)])
def test_with_a_store_only_the_stores_first_raising_is_quoted(
    fmt: str, previous: date | None
) -> None:
    report = _report()
    text = render(report, fmt=fmt, memory=_memory(report, previous=previous))
    assert STORE_FIRST.isoformat() in text
    assert SCAN_RAISED.isoformat() not in text
    # the watched slice names no stored signal: no raising at all, and no column for one
    assert UNTRACKED_RAISED.isoformat() not in text
    assert "recovering from a drift that began 2025-02-24" in text or fmt != "text"
    assert ">raised<" not in text
    assert "| raised |" not in text


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_without_a_store_the_scans_raising_is_quoted(fmt: str) -> None:
    text = render(_report(), fmt=fmt)
    assert SCAN_RAISED.isoformat() in text
    assert UNTRACKED_RAISED.isoformat() in text


def test_the_first_monday_brief_with_a_store_quotes_the_stores_first_raising() -> None:
    """On the first brief on record (nothing marked new), a step's age still reads from the
    store: intake-complete was first raised on 20 May 2025 by the store, on 12 May 2025 by
    this scan's detector."""
    first = Memory(as_of=MEMORY.as_of, previous_as_of=None, tracked=MEMORY.tracked)
    ages = {step.check: step.age for step in compose_brief(briefing(memory=first)).steps}
    assert INTAKE.raised == date(2025, 5, 12)
    assert ages[INTAKE.check].startswith("Raised 20 May 2025, ")
    without = {step.check: step.age for step in compose_brief(briefing(memory=None)).steps}
    assert without[INTAKE.check].startswith("Raised 12 May 2025, ")


def test_a_monday_step_no_stored_signal_backs_quotes_no_raising() -> None:
    untracked = replace(MEMORY, tracked=tuple(t for t in MEMORY.tracked if t.check != ACK.check))
    brief = compose_brief(briefing(memory=untracked))
    step = next(step for step in brief.steps if step.check == ACK.check)
    assert step.age == ""
    assert "24 June 2025" not in render_brief(briefing(memory=untracked), fmt="text")


def test_a_control_chart_flags_the_stores_first_raising() -> None:
    """The chart beside a step says the day the brief's words quote: the store's."""
    assert flagged_of(INTAKE, MEMORY) == date(2025, 5, 20)
    assert summary(INTAKE, flagged=flagged_of(INTAKE, MEMORY))[1].endswith("flagged on 2025-05-20.")
    untracked = replace(MEMORY, tracked=tuple(t for t in MEMORY.tracked if t.check != ACK.check))
    assert flagged_of(ACK, untracked) is None
    assert "flagged" not in summary(ACK, flagged=flagged_of(ACK, untracked))[1]
    assert flagged_of(INTAKE, None) == "raised"
    assert summary(INTAKE)[1].endswith("flagged on 2025-05-12.")
