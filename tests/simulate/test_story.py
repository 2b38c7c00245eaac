"""Each area's demo story: a scan of its simulated log finds the drifts the story injects,
when it injects them, and raises nothing on the checks no drift moves."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from taut import api
from taut.contract.templates import names, template_contract
from taut.signal import ScanReport
from taut.simulate.story import DEFAULT_SEED, FIRST_FIX, NEW_SLIP, demo_story

RAISED = frozenset({"drifting", "recovering", "recovered"})
"""A slice had an alarm (the detection benchmark's rule): the budget may list it as
watched rather than a signal, but it was found."""


def _raised(report: ScanReport) -> set[str]:
    return {item.check for item in (*report.signals, *report.watching) if item.state in RAISED}


@pytest.mark.parametrize("area", names())
def test_a_scan_finds_the_story_and_nothing_on_its_steady_checks(
    tmp_path: Path, area: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    story = demo_story(area, seed=DEFAULT_SEED)
    contract = story.write(tmp_path)
    before_fix = api.scan(contract, as_of=FIRST_FIX - timedelta(days=1))
    at_end = api.scan(contract)
    early = {check for drift in story.drifts if drift.onset < FIRST_FIX for check in drift.checks}
    new = {check for drift in story.drifts if drift.onset >= NEW_SLIP for check in drift.checks}
    assert early <= _raised(before_fix)
    assert not _raised(before_fix) & (set(story.steady) | (new - early))
    assert new <= _raised(at_end)
    assert not {signal.check for signal in at_end.signals} & set(story.steady)
    assert story.steady, "every story keeps a check steady, to show what held"


@pytest.mark.parametrize("area", names())
def test_the_story_changes_each_answer_a_drift_on_the_check_they_name(area: str) -> None:
    story = demo_story(area, seed=DEFAULT_SEED)
    checks = {check.id for _, check in template_contract(area).checks}
    for change in story.changes:
        assert change.check in checks
        stops = {drift.until for drift in story.drifts if change.check in drift.checks}
        assert change.applied_on in stops
    assert [change.applied_on for change in story.changes] == sorted(
        change.applied_on for change in story.changes
    )
