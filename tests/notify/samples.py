"""Hand-made records for the notification tests: a scan, its memory, changes with verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taut.reinforce.changes import Change, Effect, JudgedChange, Verdict
from taut.signal.report import ScanReport
from taut.store.records import Lifecycle, Memory, TrackedSignal
from tests.brief.test_formats import fixed_report

REPORT: ScanReport = fixed_report()
"""A scan as of 2025-05-24 raising ack-within-24h and watching delivery-within-5d (West)."""
AS_OF = REPORT.as_of


def tracked(
    signal_id: int,
    *,
    check: str = "ack-within-24h",
    lifecycle: Lifecycle = "new",
    metric: str = "missed",
) -> TrackedSignal:
    """A tracked signal of the report's scan."""
    return TrackedSignal(
        id=signal_id,
        area="Customer handoff" if check.startswith("ack") else "Delivery start",
        check=check,
        metric=metric,
        direction="up",
        segment=None,
        lifecycle=lifecycle,
        state="drifting",
        first_raised=date(2025, 4, 9),
        first_scan=AS_OF,
        last_seen=AS_OF,
    )


MEMORY = Memory(
    as_of=AS_OF,
    previous_as_of=date(2025, 5, 17),
    tracked=(
        tracked(7),
        replace(tracked(3, check="delivery-within-5d", metric="latency"), lifecycle="ongoing"),
    ),
)
"""ack-within-24h new this week (id 7), delivery-within-5d open since before (id 3)."""


def judged(change_id: int, verdict: Verdict, *, text: str = "Acknowledgment gate") -> JudgedChange:
    """A change made on 2025-04-21 to ack-within-24h, judged ``verdict``."""
    change = Change(
        id=change_id,
        area="Customer handoff",
        check="ack-within-24h",
        applied_on=date(2025, 4, 21),
        change=text,
    )
    effect = Effect(
        verdict=verdict,
        metric="missed",
        method="its",
        before=0.30,
        after=0.12,
        effect=-0.18,
        interval=(-0.24, -0.12),
        cases_before=400,
        cases_since=380,
        cases_needed=None,
        reason="Misses fell from 30% to 12% over 380 cases since the change.",
    )
    return JudgedChange(change=change, effect=effect)
