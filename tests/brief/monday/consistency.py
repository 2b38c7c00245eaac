"""What every Monday brief must agree with, whatever its log: its own records.

:func:`assert_consistent` checks a composed brief against the briefing it came from: the
lead's counts against the sections and the report, each step's figures against its signal,
each area's share against its fragility, the verdict counts against the changes.
"""

from __future__ import annotations

import re

from taut.brief.briefing import Briefing
from taut.brief.monday.content import MondayBrief
from taut.brief.monday.moved import FEW_CASES
from taut.brief.wording import metric_pair
from taut.words import NUMBERS, share


def _number(word: str) -> int:
    word = word.lower()
    return 0 if word == "none" else NUMBERS.index(word) if word in NUMBERS else int(word)


def assert_consistent(brief: MondayBrief, briefing: Briefing) -> None:
    """Raise AssertionError at the first sentence that disagrees with its record."""
    report = briefing.report
    assert [step.check for step in brief.steps] == [s.check for s in report.signals]
    # Every step question 2 names, raised or starting to loosen, is counted once.
    named = {step.check for step in brief.steps}
    named |= {line.split(" (", 1)[0] for line in brief.loosening}
    loose = re.match(r"(\w+) steps? (?:is|are) getting loose", brief.lead[0])
    if report.signals:
        assert loose is not None
        assert _number(loose.group(1)) == len(named)
    new = re.search(r"; (\w+) new since", brief.lead[0])
    if new is not None:
        assert sum(step.new for step in brief.steps) <= _number(new.group(1)) <= len(named)
    # No area with a step question 2 names is said fine with no fall in sight.
    said_fine = [line for line in (*brief.lead, *brief.steady) if "no fall in sight" in line]
    if named:
        assert "Every area meets its commitment, with no fall in sight." not in said_fine
    areas_of = {s.area for s in (*report.signals, *report.watching) if s.check in named}
    for line in said_fine:
        listed = line.removeprefix("Every step of ").split(" meets ", 1)[0]
        assert not any(area in listed for area in areas_of), line
    for step, signal in zip(brief.steps, report.signals, strict=True):
        before, now = metric_pair(signal)
        # a figure over too few cases is said by its count, never as a share or median
        assert (now in step.change) == (signal.cases >= FEW_CASES)
        if signal.metric != "missed" or signal.baseline_cases >= FEW_CASES:
            assert before in step.change
        assert f"{signal.cases:,} case" in step.change
        assert f"{signal.baseline_cases:,} in the baseline" in step.change
    areas = {area.area: area for area in report.fragility}
    assert sorted(areas) == sorted(said.area for said in brief.fragile)
    for said in brief.fragile:
        area = areas[said.area]
        assert said.check == area.weakest.check
        if area.weakest.current is not None:
            assert share(area.weakest.current) in said.sentence
    ranks = [(not said.below, not said.at_risk) for said in brief.fragile]
    assert ranks == sorted(ranks)
    for line in brief.lead:
        held = re.match(r"(\w+) steps? held steady\.", line)
        if held is not None:
            assert _number(held.group(1)) == len(report.steady)
        below = re.match(r"(\w+) areas? (?:is|are) below", line)
        if below is not None:
            assert _number(below.group(1)) == sum(a.below for a in brief.fragile)
    recorded = re.match(r"(\w+) changes? recorded", brief.changes_intro)
    assert (recorded is None) == (not brief.changes)
    if recorded is not None:
        assert _number(recorded.group(1)) == len(briefing.changes)
