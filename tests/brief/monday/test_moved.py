"""A step's figures, each beside its own count; few cases said by their count; why a step
is not judged surely; and what keeps a step coming back from plain good news.

From the review of the Monday brief on real logs (bpic2013-incidents, helpdesk).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taut.brief.monday import compose_brief, render_brief
from taut.signal.inputs.window import BaselineWindow, ThinBaseline, thin_reason
from tests.brief.monday.records import (
    BELOW,
    HOLDING,
    INTAKE,
    KICKOFF_SCHEDULED,
    REPORT,
    briefing,
)

WINDOW = BaselineWindow(start=date(2011, 2, 28), until=date(2011, 11, 23), rule="recent")


def _thin(check: str, *, cases: int, misses: int) -> ThinBaseline:
    reason = thin_reason(metric="missed", cases=cases, misses=misses)
    assert reason is not None
    return ThinBaseline(
        area="Delivery start", check=check, cases=cases, misses=misses, reason=reason, window=WINDOW
    )


def _flat(lines: tuple[str, ...]) -> str:
    return " ".join(" ".join(lines).split())


def test_each_count_sits_beside_the_figure_it_counts() -> None:
    """bpic 2013: "Missed in 17.8% of recent cases, against 94.7% in the baseline (3,649
    cases)", where 3,649 are the recent cases and the baseline holds 19."""
    better = replace(
        KICKOFF_SCHEDULED, state="improved", baseline=0.947, current=0.178, cases=3649,
        baseline_cases=190,
    )  # fmt: skip
    steady = _flat(compose_brief(briefing(report=replace(REPORT, watching=(better,)))).steady)
    assert "Missed in 17.8% of the 3,649 recent cases, against 94.7% of the 190 in the" in steady
    assert "baseline (3,649" not in steady
    step = compose_brief(briefing()).steps[0].change
    assert step == (
        "Missed in 28.1% of the 2,821 cases since 16 June 2025, against 6.3% of the 1,762 in "
        "the baseline."
    )


def test_a_share_on_a_handful_of_cases_is_said_by_its_count() -> None:
    """helpdesk 2013-12-15: "Missed in 100.0% of cases since 28 November 2013, against 0.7%
    in the baseline (1 case since then)", while the step was kept in 96.6% of 59 cases in
    the last four weeks."""
    one = replace(
        KICKOFF_SCHEDULED, check="ack-within-24h", area="Customer handoff", state="loosening",
        since=date(2025, 6, 20), baseline=0.007, current=1.0, cases=1, baseline_cases=845,
    )  # fmt: skip
    weeks = replace(BELOW, current=0.966, cases=59, headroom=0.066)
    report = replace(REPORT, watching=(one,), checks=(weeks, *REPORT.checks[1:]))
    (line,) = compose_brief(briefing(report=report)).loosening
    assert "100.0%" not in line
    assert line == (
        "ack-within-24h (Customer handoff) is starting to loosen. 1 case since 20 June 2025, "
        "missed, against 0.7% of the 845 in the baseline: too few cases yet to quote a share. "
        "Over the last four weeks the step was kept in 96.6% of 59 cases."
    )
    few = replace(one, current=3 / 17, cases=17)
    (line,) = compose_brief(briefing(report=replace(report, watching=(few,)))).loosening
    assert "17.6%" not in line
    assert "3 of 17 cases since 20 June 2025 missed" in line
    slow = replace(REPORT.watching[0], cases=3)  # a median time on three cases
    (line,) = compose_brief(briefing(report=replace(report, watching=(slow,)))).loosening
    assert "31.5 h" not in line
    assert line.endswith(
        "In team West, only the latest 3 cases timed since 2 June 2025, against 26.0 h over "
        "the 700 in the baseline: too few cases yet to quote a median time."
    )
    enough = replace(one, current=0.25, cases=20)
    (line,) = compose_brief(briefing(report=replace(report, watching=(enough,)))).loosening
    assert "Missed in 25.0% of the 20 cases since 20 June 2025" in line


def test_a_thin_baseline_is_said_with_every_reason_its_record_carries() -> None:
    """helpdesk 2010-10-03: "too little history to judge surely (its baseline holds only
    138 decided cases)" when no case of the 138 was missed."""
    thin = (
        _thin("kickoff-within-2d", cases=138, misses=0),
        _thin("kickoff-scheduled", cases=845, misses=0),
        _thin("ack-present", cases=160, misses=84),
    )
    notes = compose_brief(briefing(report=replace(REPORT, thin=thin))).notes
    assert notes == (
        "kickoff-within-2d: its baseline holds only 138 decided cases and no miss among them: "
        "too few to know its usual level, or how rare a miss was.",
        "kickoff-scheduled: its baseline holds no miss in 845 decided cases: too few to know "
        "how rare a miss was.",
        "ack-present: its baseline holds only 160 decided cases: too few to know its usual level.",
    )


def test_a_step_better_than_a_thin_usual_level_and_below_its_commitment_says_so() -> None:
    """bpic 2012-05-06: "completed-within-7d is better than its usual level" under What
    held steady, its usual level 16 misses of 17 cases and question 1 "below its 75%
    commitment now"."""
    better = replace(
        KICKOFF_SCHEDULED, check="invoice-sent", area="Billing", state="improved",
        baseline=16 / 17, current=0.70, cases=963, baseline_cases=17,
    )  # fmt: skip
    below = replace(HOLDING, target=0.75, current=0.30, headroom=-0.45)
    report = replace(
        REPORT,
        watching=(better,),
        checks=(*REPORT.checks[:2], below),
        steady=REPORT.steady[:1],
        thin=(_thin("invoice-sent", cases=17, misses=16),),
    )
    text = " ".join(render_brief(briefing(report=report), fmt="text").split())
    assert (
        "invoice-sent (Billing) is better than its usual level, though that usual level "
        "rests on only 17 decided cases, and it is still below its 75% commitment (see "
        "question 1). Missed in 70.0% of the 963 recent cases, against 16 of the 17 in the "
        "baseline."
    ) in text
    every = replace(better, baseline=1.0, baseline_cases=18)
    steady = _flat(compose_brief(briefing(report=replace(report, watching=(every,)))).steady)
    assert "against all 18 in the baseline." in steady
    plain = replace(report, checks=REPORT.checks, thin=())
    steady = _flat(compose_brief(briefing(report=plain)).steady)
    assert "invoice-sent (Billing) is better than its usual level. Missed" in steady


def test_a_step_raised_on_a_handful_of_cases_is_not_headlined_by_a_share() -> None:
    """helpdesk 2013-10-20: "[NEW] taken-in-charge: About 1 in 6 now missed." on 17 cases."""
    few = replace(INTAKE, current=3 / 17, cases=17)
    report = replace(REPORT, signals=(REPORT.signals[0], few))
    step = compose_brief(briefing(report=report)).steps[1]
    assert (
        step.headline == "Raised on 17 cases so far: too few yet to say how often it is now missed."
    )
    assert step.change.startswith("3 of 17 cases since 5 May 2025 missed, against 2.6% of")
    enough = compose_brief(briefing()).steps[1]
    assert enough.headline == "About 1 in 16 now missed."
