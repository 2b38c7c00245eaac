"""A hand-made briefing: every section of the Monday brief has something to say.

Two raised signals (one new this week, one open five weeks and acknowledged), a step
starting to loosen, one coming back, three areas (one below its commitment, one heading
there, one holding), two steps held steady (one of them first seen steady again this week,
its signal acknowledged before and now in its week of grace), one signal settled since last
week, and three recorded changes (one not working, one working, one recorded this week and
not yet clear).
"""

from __future__ import annotations

from datetime import date

from taut.brief.briefing import Audience, Briefing
from taut.insight.records import ConditionEffect, Consequence, Insight, Spread
from taut.reinforce.changes import Change, Effect, JudgedChange
from taut.reinforce.records import Recommendation, Reinforcement
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.report import AreaFragility, ScanReport
from taut.store.records import Memory, TrackedSignal

AS_OF = date(2025, 6, 29)
PREVIOUS = date(2025, 6, 22)


def _signal(check: str, area: str, risk: str, **fields: object) -> Signal:
    base: dict[str, object] = {
        "state": "drifting",
        "since": date(2025, 5, 5),
        "raised": date(2025, 5, 12),
        "segment": None,
        "metric": "missed",
        "baseline": 0.063,
        "current": 0.281,
        "cases": 2821,
        "baseline_cases": 1762,
        "direction": "up",
        "confidence": 9.0,
    }
    return Signal(area=area, check=check, risk=risk, **(base | fields))  # type: ignore[arg-type]


ACK = _signal(
    "ack-within-24h", "Customer handoff", "high", since=date(2025, 6, 16), raised=date(2025, 6, 24)
)
INTAKE = _signal(
    "intake-complete",
    "Customer handoff",
    "high",
    baseline=0.026,
    current=0.061,
    cases=2310,
    baseline_cases=1753,
)
KICKOFF = _signal(
    "kickoff-within-2d",
    "Delivery start",
    "low",
    state="loosening",
    raised=None,
    metric="latency",
    baseline=26.0,
    current=31.5,
    cases=640,
    baseline_cases=700,
    since=date(2025, 6, 2),
    segment={"team": "West"},
)
PRESENT = _signal(
    "ack-present",
    "Customer handoff",
    "high",
    state="recovering",
    baseline=0.01,
    current=0.018,
    drifted=0.05,
    cases=900,
    baseline_cases=1700,
)


KICKOFF_SCHEDULED = _signal("kickoff-scheduled", "Delivery start", "low", state="recovered")
"""A signal settled since last week (not in this scan's report)."""


def _fragility(check: str, area: str, risk: str, **fields: object) -> Fragility:
    base: dict[str, object] = {
        "target": 0.9,
        "current": 0.95,
        "cases": 900,
        "headroom": 0.05,
        "trend": 0.0,
        "breaks": None,
        "score": 0.3,
    }
    return Fragility(area=area, check=check, risk=risk, **(base | fields))  # type: ignore[arg-type]


BELOW = _fragility(
    "ack-within-24h", "Customer handoff", "high", current=0.689, headroom=-0.211, score=5.2
)
HEADING = _fragility(
    "delivery-within-5d",
    "Delivery start",
    "low",
    current=0.934,
    headroom=0.034,
    trend=-0.005,
    breaks=date(2025, 8, 24),
    score=0.5,
)
HOLDING = _fragility(
    "invoice-sent", "Billing", "medium", target=0.95, current=0.991, headroom=0.041, score=0.4
)

REPORT = ScanReport(
    process="Sales to Operations handoff",
    as_of=AS_OF,
    data_end="2025-06-30 04:59:00",
    baseline_until=date(2025, 3, 2),
    budget=3,
    signals=(ACK, INTAKE),
    watching=(KICKOFF, PRESENT),
    fragility=(
        AreaFragility(area="Customer handoff", risk="high", score=15.6, weakest=BELOW),
        AreaFragility(area="Delivery start", risk="low", score=0.5, weakest=HEADING),
        AreaFragility(area="Billing", risk="medium", score=0.8, weakest=HOLDING),
    ),
    checks=(BELOW, HEADING, HOLDING),
    steady=(("Delivery start", "delivery-within-5d"), ("Billing", "invoice-sent")),
)

BUSY = ConditionEffect(
    field="workload",
    value="high-workload days",
    share_of_cases=0.3,
    inside_before=0.06,
    inside_during=0.5,
    outside_before=0.06,
    outside_during=0.07,
    inside_cases=850,
    outside_cases=1971,
    diff_in_diff=0.43,
    share_explained=0.98,
    p_value=1e-12,
    holds=True,
)
INSIGHTS = (
    Insight(
        check="ack-within-24h",
        headline="ack-within-24h: about 1 in 4 now missed, most of all on busy days.",
        text="Since 16 June 2025 ...",
        conditions=(BUSY,),
        widespread=False,
        spread=Spread(people_showing=29, people=29, teams_showing=7, teams=7),
        consequences=(
            Consequence(
                outcome="complaint",
                missed_cases=507,
                missed_with=30,
                kept_cases=4303,
                kept_with=105,
                relative_risk=2.4,
                lead_days=None,
            ),
        ),
        confidence="very sure",
    ),
    Insight(
        check="intake-complete",
        headline="intake-complete: about 1 in 16 now missed.",
        text="Since 5 May 2025 ...",
        conditions=(),
        widespread=True,
        spread=Spread(people_showing=None, people=None, teams_showing=4, teams=7),
        consequences=(),
        confidence="fairly sure",
    ),
)
REINFORCEMENTS = (
    Recommendation(
        check="ack-within-24h",
        reinforcements=(
            Reinforcement(
                id="busy-day-cover",
                title="Add cover on the busiest days",
                why="Misses are concentrated on high-workload days.",
            ),
            Reinforcement(
                id="escalation-timer",
                title="An escalation timer before the limit",
                why="An alert at three quarters of the limit brings a case forward.",
            ),
        ),
        look_first=None,
    ),
    Recommendation(
        check="intake-complete",
        reinforcements=(),
        look_first="Look first at how the intake form is filled in on the busiest days.",
    ),
)


def _tracked(id_: int, signal: Signal, **fields: object) -> TrackedSignal:
    base: dict[str, object] = {
        "id": id_,
        "area": signal.area,
        "check": signal.check,
        "metric": signal.metric,
        "direction": "up",
        "segment": signal.segment,
        "lifecycle": "ongoing",
        "state": signal.state,
        "first_raised": signal.raised or AS_OF,
        "first_scan": PREVIOUS,
        "last_seen": AS_OF,
    }
    return TrackedSignal(**(base | fields))  # type: ignore[arg-type]


MEMORY = Memory(
    as_of=AS_OF,
    previous_as_of=PREVIOUS,
    tracked=(
        _tracked(3, ACK, lifecycle="new", first_scan=AS_OF),
        _tracked(
            1,
            INTAKE,
            lifecycle="acknowledged",
            first_raised=date(2025, 5, 20),
            first_scan=date(2025, 5, 25),
            note="Form owners review it on Mondays",
        ),
        _tracked(
            2,
            KICKOFF_SCHEDULED,
            lifecycle="resolved",
            state="recovered",
            first_raised=date(2025, 5, 1),
            closed_on=AS_OF,
            last_seen=PREVIOUS,
        ),
        TrackedSignal(
            id=4,
            area="Billing",
            check="invoice-sent",
            metric="missed",
            direction="up",
            segment=None,
            lifecycle="recovering",
            state="steady",
            first_raised=date(2025, 5, 11),
            first_scan=date(2025, 5, 18),
            last_seen=AS_OF,
            settled_on=AS_OF,
            note="Invoices now go out the day the work is delivered",
        ),
    ),
)

CHANGES = (
    JudgedChange(
        change=Change(
            id=1,
            area="Customer handoff",
            check="intake-complete",
            applied_on=date(2025, 4, 14),
            change="New intake form layout",
        ),
        effect=Effect(
            verdict="not-working",
            metric="missed",
            method="its",
            before=0.026,
            after=0.061,
            effect=0.02,
            interval=(0.005, 0.035),
            cases_before=1753,
            cases_since=2900,
            cases_needed=None,
            reason="Not working: misses went from 2.6% to 6.1% over 2,900 cases since the change.",
        ),
    ),
    JudgedChange(
        change=Change(
            id=2,
            area="Customer handoff",
            check="ack-present",
            applied_on=date(2025, 5, 26),
            change="Acknowledgment step required before kickoff",
        ),
        effect=Effect(
            verdict="working",
            metric="missed",
            method="its",
            before=0.05,
            after=0.018,
            effect=-0.032,
            interval=(-0.045, -0.02),
            cases_before=1200,
            cases_since=900,
            cases_needed=None,
            reason="Working: misses fell from 5.0% to 1.8% over 900 cases since the change.",
        ),
    ),
    JudgedChange(
        change=Change(
            id=3,
            area="Customer handoff",
            check="ack-within-24h",
            applied_on=date(2025, 6, 23),
            change="Late-day reminder to Operations",
            segment={"team": "West"},
        ),
        effect=Effect(
            verdict="not-yet-clear",
            metric="missed",
            method="did",
            before=0.28,
            after=0.25,
            effect=None,
            interval=None,
            cases_before=2821,
            cases_since=60,
            cases_needed=240,
            reason="Not yet clear: 60 cases since the change; about 240 more are needed.",
        ),
    ),
)


def briefing(audience: Audience = "coo", **fields: object) -> Briefing:
    """The hand-made briefing (module docstring), for ``audience``."""
    base: dict[str, object] = {
        "report": REPORT,
        "insights": INSIGHTS,
        "reinforcements": REINFORCEMENTS,
        "memory": MEMORY,
        "changes": CHANGES,
        "audience": audience,
    }
    return Briefing(**(base | fields))  # type: ignore[arg-type]
