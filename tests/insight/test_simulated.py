"""Insights on simulated logs with a known, condition-bound drift."""

from __future__ import annotations

import copy
import json
import logging
import re
from pathlib import Path

import pandas as pd
import pytest

from taut.api import open_workspace, scan
from taut.insight import explain_signals
from taut.insight.readability import reading_ease
from taut.outcomes import evaluate_checks
from taut.simulate import Drift, sales_handoff
from tests.brief.test_counting_words import wrong_words
from tests.insight.scenarios import (
    DEALS_PER_DAY,
    EXPECTED,
    ONSET,
    SKIP_SIZE,
    WEEKS,
    Explained,
    explain_scenario,
)

pytestmark = pytest.mark.slow  # five simulated logs scanned and explained: about 20 s

BANNED = re.compile(r"\b(who|whom|whose|blame\w*|fault\w*)\b", re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_injected_condition_is_named_first(explained: dict[str, Explained], name: str) -> None:
    insights = explained[name].insights
    assert insights, f"no signal raised for the {name} scenario"
    first = insights[0]
    assert not first.widespread
    assert (first.conditions[0].field, first.conditions[0].value) == EXPECTED[name]
    assert first.conditions[0].holds
    assert first.conditions[0].share_explained > 0.6


def test_an_even_drift_is_widespread(explained: dict[str, Explained]) -> None:
    insights = explained["even"].insights
    assert insights
    assert all(item.widespread and item.conditions == () for item in insights)
    assert "across the board" in insights[0].headline


def test_headlines_read_plainly(explained: dict[str, Explained]) -> None:
    headlines = [i.headline for e in explained.values() for i in e.insights]
    assert headlines
    for headline in headlines:
        assert reading_ease(headline) >= 60, headline


def test_no_person_value_and_no_blame_in_any_output(explained: dict[str, Explained]) -> None:
    for scenario in explained.values():
        assert scenario.people  # the simulated log does name people
        for insight in scenario.insights:
            dumped = json.dumps(insight.to_json_dict())
            words = set(re.findall(r"[\w-]+", f"{dumped} {insight.text} {insight.headline}"))
            assert not words & scenario.people
            assert not re.search(r"\b(rep|ops)-\d\d\b", dumped)
            assert not BANNED.search(f"{insight.headline} {insight.text}")


def test_no_group_under_five_is_shown(explained: dict[str, Explained]) -> None:
    for scenario in explained.values():
        for insight in scenario.insights:
            for effect in insight.conditions:
                assert effect.inside_cases >= 5
                assert effect.outside_cases >= 5
            spread = insight.spread
            assert spread is not None
            assert spread.people is None or spread.people >= 5
            assert spread.teams_showing <= spread.teams


def test_a_team_bound_slip_is_not_in_every_team(explained: dict[str, Explained]) -> None:
    even = explained["even"].insights[0].spread
    team = explained["team"].insights[0].spread
    assert even is not None
    assert team is not None
    assert team.people_showing is not None
    assert even.people_showing is not None
    assert team.people_showing < even.people_showing


def test_consequences_count_complaints(explained: dict[str, Explained]) -> None:
    consequence = explained["even"].insights[0].consequences[0]
    assert consequence.outcome == "complaint"
    assert consequence.missed_cases > 0
    assert 0 <= consequence.missed_with <= consequence.missed_cases
    assert 0 < consequence.kept_with <= consequence.kept_cases


def test_the_input_tables_are_not_changed_and_logs_name_no_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    drift = Drift(kind="skip", onset=ONSET, size=SKIP_SIZE)
    sim = sales_handoff(seed=2, weeks=WEEKS, deals_per_day=DEALS_PER_DAY, drifts=(drift,))
    path = sim.write(tmp_path, fmt="csv")
    report = scan(path)
    workspace = open_workspace(path, duplicates="keep")
    contract = workspace.contract_file.contract
    frame = evaluate_checks(contract, workspace.log).to_pandas()
    kept = copy.deepcopy(frame)
    kept_report = copy.deepcopy(report)
    first = explain_signals(report=report, outcomes=frame, contract=contract, log=None)
    again = explain_signals(report=report, outcomes=frame, contract=contract, log=None)
    pd.testing.assert_frame_equal(frame, kept)
    assert report == kept_report
    assert first == again
    assert first
    assert all(item.spread is None or item.spread.people is None for item in first)
    with caplog.at_level(logging.DEBUG, logger="taut"):
        explain_signals(report=report, outcomes=frame, contract=contract, log=workspace.log)
    assert "Explained" in caplog.text
    people = {str(v) for v in sim.events["rep"].dropna().unique()}
    assert not set(re.findall(r"[\w-]+", caplog.text)) & people


@pytest.mark.slow
def test_missed_cases_draw_more_complaints_on_a_long_log(tmp_path: Path) -> None:
    scenario = explain_scenario(tmp_path, condition=None, seed=5, weeks=30)
    consequence = scenario.insights[0].consequences[0]
    assert consequence.relative_risk is not None
    assert consequence.relative_risk > 1.2


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_paragraphs_count_and_compare_right(explained: dict[str, Explained], name: str) -> None:
    """The patterns of tests/brief/test_counting_words.py, on insights of real scans."""
    for insight in explained[name].insights:
        assert wrong_words(f"{insight.headline} {insight.text}") == [], insight.text
        assert "0 conditions" not in insight.text
