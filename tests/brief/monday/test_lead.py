"""The Monday brief's lead, area lines and "What held steady" never call an area fine over
a step that is getting loose or a signal left open (the review of 2026-12-05 on helpdesk
and bpic2013-incidents), and count every step question 2 names."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from taut.brief.briefing import Briefing
from taut.brief.charts.fragility import fragility_chart
from taut.brief.monday import compose_brief, render_brief
from taut.brief.text import render_text
from taut.signal.report import AreaFragility
from taut.store.records import TrackedSignal
from tests.brief.monday.records import (
    ACK,
    BELOW,
    HEADING,
    HOLDING,
    INSIGHTS,
    INTAKE,
    KICKOFF,
    MEMORY,
    PREVIOUS,
    REINFORCEMENTS,
    REPORT,
    briefing,
)

AS_OF = REPORT.as_of

# Every area holds its commitment with no fall at this pace.
HOLDS = replace(BELOW, current=0.95, headroom=0.05, score=0.3)
CALM = replace(HEADING, current=0.95, headroom=0.05, trend=0.0, breaks=None, score=0.3)
QUIET = replace(
    REPORT,
    signals=(ACK,),
    watching=(KICKOFF,),
    fragility=(
        AreaFragility(area="Customer handoff", risk="high", score=0.3, weakest=HOLDS),
        AreaFragility(area="Delivery start", risk="low", score=0.3, weakest=CALM),
        AreaFragility(area="Billing", risk="medium", score=0.3, weakest=HOLDING),
    ),
    checks=(HOLDS, CALM, HOLDING),
)
QUIET_MEMORY = replace(MEMORY, tracked=tuple(t for t in MEMORY.tracked if t.check != INTAKE.check))
"""The memory of ``QUIET``: intake-complete not open (else it is open and not judged)."""
SETTLED_MEMORY = replace(QUIET_MEMORY, tracked=QUIET_MEMORY.tracked[1:])
"""A memory with no signal open but invoice-sent's, in its week of grace."""


def _quiet(**fields: object) -> Briefing:
    base: dict[str, object] = {
        "report": QUIET,
        "insights": INSIGHTS[:1],
        "reinforcements": REINFORCEMENTS[:1],
        "memory": QUIET_MEMORY,
    }
    return briefing("coo", **(base | fields))


def test_an_area_with_a_loose_step_meets_its_commitment_only_for_now() -> None:
    """helpdesk, 2014-01-03: "Every step of Resolution meets its commitment, with no fall in
    sight." beside resolved-within-30d "About 1 in 3 now missed"."""
    brief = compose_brief(_quiet())
    assert (
        "Every step of Customer handoff meets its commitment for now, but ack-within-24h is "
        "drifting (see question 2)."
    ) in brief.steady
    assert (
        "Every step of Delivery start meets its commitment for now, but kickoff-within-2d is "
        "starting to loosen (see question 2)."
    ) in brief.steady
    assert "Every step of Billing meets its commitment, with no fall in sight." in brief.steady
    assert "Every area meets its commitment for now." in brief.lead
    assert not any("no fall in sight" in line for line in brief.lead)
    handoff = next(line for line in brief.fragile if line.area == "Customer handoff")
    assert handoff.sentence.endswith(
        "5.0 points above its 90% commitment for now, though it is drifting (see question 2)."
    )
    billing = next(line for line in brief.fragile if line.area == "Billing")
    assert billing.sentence.endswith("holding.")


def test_a_calm_week_still_has_no_fall_in_sight() -> None:
    calm = replace(QUIET, signals=(), watching=())
    brief = compose_brief(
        _quiet(report=calm, insights=(), reinforcements=(), memory=SETTLED_MEMORY)
    )
    assert "Every area meets its commitment, with no fall in sight." in brief.lead
    assert (
        "Every step of Customer handoff, Delivery start and Billing meets its commitment, "
        "with no fall in sight."
    ) in brief.steady


def test_the_lead_counts_every_step_question_two_names() -> None:
    """helpdesk, 2013-10-27: "One step is getting loose, in Resolution" while
    taken-in-charge-1d in Ticket triage is "starting to loosen" just below."""
    both = compose_brief(_quiet())
    assert both.lead[0] == (
        "Two steps are getting loose, in two areas (one drifting, one starting to); one new "
        "since last week."
    )
    only = compose_brief(
        _quiet(
            report=replace(QUIET, signals=()), insights=(), reinforcements=(), memory=SETTLED_MEMORY
        )
    )
    assert only.lead[0] == (
        "No step is getting loose enough to raise this week; one is starting to, in "
        "Delivery start (low risk)."
    )


def test_question_one_is_pointed_to_only_when_it_shows_the_step() -> None:
    """helpdesk, 2013-10-27: "Of these, taken-in-charge still needs watching ... (see
    question 1)" where question 1 shows another step of its area."""
    weakest = replace(HEADING, check="kickoff-within-2d", current=0.92, headroom=0.02)
    report = replace(
        REPORT,
        fragility=(
            REPORT.fragility[0],
            AreaFragility(area="Delivery start", risk="low", score=0.9, weakest=weakest),
            REPORT.fragility[2],
        ),
        checks=(BELOW, weakest, HEADING, HOLDING),
    )
    lines = compose_brief(briefing(report=report)).steady
    watch = next(line for line in lines if line.startswith("Of these"))
    assert "question 1" not in watch
    assert watch.endswith(
        "but near its commitment. delivery-within-5d kept in 93.4% of cases in the last four "
        "weeks; at this pace it falls below its 90% commitment in about eight weeks (around "
        "24 August 2025)."
    )
    shown = compose_brief(briefing()).steady
    assert any(line.endswith("(see question 1).") for line in shown if line.startswith("Of"))


UNJUDGED = TrackedSignal(
    id=9,
    area="Billing",
    check="invoice-checked",
    metric="missed",
    direction="up",
    segment=None,
    lifecycle="ongoing",
    state="recovering",
    first_raised=date(2025, 6, 1),
    first_scan=date(2025, 6, 1),
    last_seen=PREVIOUS,
)


def test_an_open_signal_the_scan_did_not_judge_stays_in_the_brief() -> None:
    """bpic2013-incidents, 2012-05-20: ``taut scan`` lists completed under "Still open"
    ("its check last seen recovering on 2012-05-13"), the brief said nothing of it and
    "Every step of Incident resolution meets its commitment, with no fall in sight."."""
    memory = replace(MEMORY, tracked=(*MEMORY.tracked, UNJUDGED))
    brief = compose_brief(briefing(memory=memory))
    assert (
        "One signal stays open that this week's scan could not judge: invoice-checked (Billing)."
    ) in brief.lead
    assert (
        "invoice-checked (Billing) keeps its signal open, not judged this week: its check "
        "last seen recovering on 22 June 2025. Open 4 weeks, first raised 1 June 2025."
    ) in brief.steady
    assert (
        "Every step of Billing meets its commitment for now, but invoice-checked keeps a "
        "signal open, not judged this week."
    ) in brief.steady
    assert not any("no fall in sight" in line for line in brief.steady)
    # The scan's own brief words it with the same rule: last seen how and when.
    scan = " ".join(render_text(REPORT, memory=memory).split())
    assert "invoice-checked [Billing]: missed rising; its check last seen recovering on " in scan
    # A signal in its week of grace is said so, never "not judged this week".
    text = " ".join(render_brief(briefing(), fmt="text").split())
    assert "not judged this week" not in text
    assert "could not judge" not in text


def test_the_scan_and_the_fragility_chart_say_for_now_of_a_loose_step() -> None:
    """helpdesk, 2014-01-03, ``taut scan``: "resolved-within-30d ... 2.9 points above its 80%
    commitment, holding" beside it watched loosening; the brief's chart said holding too."""
    text = " ".join(render_text(QUIET).split())
    assert (
        "Customer handoff: ack-within-24h [Customer handoff, high risk]: 95.0% kept in the "
        "last four weeks, 5.0 points above its 90% commitment for now, though it is drifting"
    ) in text
    assert "Billing: invoice-sent [Billing, medium risk]: 99.1% kept" in text
    assert "4.1 points above its 95% commitment, holding" in text
    spec = json.dumps(fragility_chart(report=QUIET))
    assert '"5.0 points above it for now; it is drifting"' in spec
    assert '"4.1 points above it, holding"' in spec
