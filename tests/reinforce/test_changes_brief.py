"""The scan's briefs with recorded changes: a "Changes made" section, the JSON's list."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from taut.brief import FORMATS, render
from taut.reinforce.changes import Change, Effect, JudgedChange
from taut.reinforce.wording import verdict_line
from tests.golden import ROOT, assert_golden
from tests.reinforce.cases import report, signal

GOLDEN = ROOT / "reinforce" / "changes"


def _effect(**given: object) -> Effect:
    fields: dict[str, object] = {
        "verdict": "working",
        "metric": "missed",
        "method": "its",
        "before": 0.162,
        "after": 0.041,
        "effect": -0.118,
        "interval": (-0.142, -0.094),
        "cases_before": 1210,
        "cases_since": 412,
        "cases_needed": None,
        "reason": "Working.",
    }
    fields.update(given)
    return Effect(**fields)  # type: ignore[arg-type]


def _change(change_id: int, check: str, text: str, **given: object) -> Change:
    fields: dict[str, object] = {
        "id": change_id,
        "area": "Customer handoff",
        "check": check,
        "applied_on": date(2025, 4, 21),
        "change": text,
    }
    fields.update(given)
    return Change(**fields)  # type: ignore[arg-type]


CHANGES = (
    JudgedChange(
        change=_change(
            1,
            "intake-complete",
            "Billing contact and scope now mandatory before intake can close",
            playbook="mandatory-fields",
            signal_id=4,
        ),
        effect=_effect(),
    ),
    JudgedChange(
        change=_change(
            2, "ack-within-24h", "Escalation timer at 18 hours", applied_on=date(2025, 5, 5)
        ),
        effect=_effect(
            verdict="not-yet-clear",
            metric="latency",
            before=20.0,
            after=17.5,
            effect=None,
            interval=None,
            cases_since=35,
            cases_needed=90,
        ),
    ),
    JudgedChange(
        change=_change(
            3, "ack-present", "Acknowledgment gate for team North", segment={"team": "North"}
        ),
        effect=_effect(
            verdict="not-working",
            method="did",
            before=0.05,
            after=0.048,
            effect=-0.002,
            interval=(-0.021, 0.017),
            cases_since=640,
        ),
    ),
    JudgedChange(
        change=_change(4, "ack-before-kickoff", "A short checklist before kickoff"),
        effect=_effect(
            verdict="relapsing",
            before=0.09,
            after=0.07,
            effect=-0.02,
            interval=(-0.035, -0.005),
            cases_since=802,
        ),
    ),
    JudgedChange(
        change=_change(5, "ack-present", "Late-day reminder", applied_on=date(2025, 5, 26)),
        effect=_effect(
            verdict="not-yet-clear",
            before=None,
            after=None,
            effect=None,
            interval=None,
            cases_before=0,
            cases_since=0,
            reason="The log ends on 2025-05-18, before the change's day (2025-05-26): no "
            "case since it yet.",
        ),
    ),
)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_shows_the_changes_made_and_their_verdicts(fmt: str) -> None:
    scan = report(signal("ack-within-24h"))
    text = render(scan, fmt=fmt, changes=CHANGES)
    assert_golden(GOLDEN / f"{fmt}.txt", text)
    plain = render(scan, fmt=fmt)
    assert "Changes made" not in plain
    assert ("Changes made" in text) is (fmt != "json")


def test_every_verdict_line_quotes_its_own_numbers() -> None:
    working, waiting, flat, relapsing, unreached = (verdict_line(item) for item in CHANGES)
    assert working == (
        "working: 16.2% missed before, 4.1% since; allowing for the weekday pattern, volume "
        "and trend, -11.8 points (95% interval -14.2 to -9.4 points), on 412 cases since"
    )
    assert waiting == (
        "not yet clear: 35 cases since the change, about 90 more cases needed; so far median "
        "20.0 h before, 17.5 h since"
    )
    assert flat == (
        "not working: 5.0% missed before, 4.8% since; against the segments it did not touch, "
        "-0.2 points (95% interval -2.1 to +1.7 points), on 640 cases since"
    )
    assert relapsing.startswith("relapsing: 9.0% missed before, 7.0% since")
    assert relapsing.endswith("it worked at first, then slipped back")
    assert unreached == (
        "not yet clear: the log ends on 2025-05-18, before the change's day (2025-05-26): "
        "no case since it yet."
    )


def test_json_lists_each_change_with_its_effect_under_reinforcements() -> None:
    doc = json.loads(render(report(signal("ack-within-24h")), fmt="json", changes=CHANGES))
    first = doc["reinforcements"][0]
    assert (first["check"], first["applied_on"], first["change"]) == (
        "intake-complete",
        "2025-04-21",
        "Billing contact and scope now mandatory before intake can close",
    )
    assert first["effect"]["verdict"] == "working"
    assert first["effect"]["interval"] == [-0.142, -0.094]
    assert {"verdict", "before", "after", "cases_since", "interval"} <= set(first["effect"])
    assert [item["id"] for item in doc["reinforcements"]] == [1, 2, 3, 4, 5]
    assert json.loads(render(report(signal("ack-within-24h")), fmt="json"))["reinforcements"] == []


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_a_users_change_text_is_shown_not_run(fmt: str) -> None:
    hostile = replace(
        CHANGES[0], change=replace(CHANGES[0].change, change="<script>x</script> *b* \x1b[2J")
    )
    text = render(report(signal("ack-within-24h")), fmt=fmt, changes=(hostile,))
    assert "\x1b" not in text
    if fmt != "text":  # markup is text in a terminal, and must stay text in md and html
        assert "<script>" not in text


def test_an_unclear_verdict_no_number_of_cases_settles_says_why() -> None:
    change = _change(9, "ack-present", "Acknowledgment gate")
    effect = _effect(
        verdict="not-yet-clear",
        effect=-0.01,
        interval=(-0.09, 0.07),
        cases_before=30,
        cases_since=60,
        cases_needed=None,
        reason="Not yet clear: too few cases before.",
    )
    line = verdict_line(JudgedChange(change=change, effect=effect))
    assert "60 cases since the change" in line
    assert "the 30 cases before the change are too few to compare against" in line
    assert "needed" not in line
