"""Each rule of ``rules.py`` on a hand-made bad example (caught) and good one (passed)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.corpus import rules
from tests.corpus.rules import ScanOutput


def _scan(
    text: str = "",
    day_recorded: bool = False,
    has_team: bool = True,
    baseline_kept: dict[str, float] | None = None,
    **doc: Any,
) -> ScanOutput:
    return ScanOutput(
        name="hand-made",
        text=text,
        doc=doc,
        day_recorded=day_recorded,
        has_team=has_team,
        baseline_kept=baseline_kept or {},
    )


def _entry(**fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "check": "ack-24h",
        "segment": None,
        "state": "drifting",
        "metric": "missed",
        "baseline": 0.1,
        "current": 0.3,
        "baseline_cases": 400,
        "insight": None,
    }
    return entry | fields


@pytest.mark.parametrize(
    "text",
    [
        "  ! ack [Intake, high risk]: median time 0.1 h -> 0.1 h over 90 cases",
        "Since 1 May, the middle time is about 3 minutes, up from about 3 minutes before.",
        "It has been missed in about 5 in 10 cases, against about 1 in 2 in the baseline.",
        "there misses went from about 1 in 8 to about 1 in 8, while elsewhere ...",
        "  - ack: recovering since 2025-03-01; missed 0.0% -> 0.0% over 41 cases",
    ],
)
def test_alike_before_after_catches_changes_that_read_alike(text: str) -> None:
    assert rules.alike_before_after(_scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "  ! ack [Intake, high risk]: median time 0.1 h -> 0.2 h over 90 cases",
        "It has been missed in about 6 in 10 cases, against about 1 in 2 in the baseline.",
        "the middle time is about three weeks, up from about 13 days in the baseline.",
        "  - ack: 95.0% kept, 2.0 points above its 93% commitment",
    ],
)
def test_alike_before_after_passes_changes_that_read_apart(text: str) -> None:
    assert rules.alike_before_after(_scan(text)) == []


def test_reading_takes_words_and_fractions_as_a_reader_does() -> None:
    assert rules.reading("about 5 in 10") == rules.reading("about 1 in 2") == 0.5
    assert rules.reading("about a day") == 24.0
    assert rules.reading("about 45 minutes") == 0.75
    assert rules.reading("12.5%") == 0.125
    assert rules.reading("fewer than 1 in 100") is None


def test_sure_on_thin_baseline_catches_very_sure_on_one_case() -> None:
    insight = {"confidence": "taut is very sure this step has changed", "text": ""}
    bad = _scan(signals=[_entry(baseline_cases=1, insight=insight)])
    assert rules.sure_on_thin_baseline(bad)
    quite = _scan(signals=[_entry(baseline_cases=29, insight={"confidence": "quite sure"})])
    assert rules.sure_on_thin_baseline(quite)


def test_sure_on_thin_baseline_passes_a_thick_baseline_or_a_hedged_word() -> None:
    sure = {"confidence": "taut is very sure this step has changed"}
    hedged = {"confidence": "not sure yet: the baseline is thin (12 cases)"}
    assert (
        rules.sure_on_thin_baseline(_scan(signals=[_entry(baseline_cases=30, insight=sure)])) == []
    )
    assert (
        rules.sure_on_thin_baseline(_scan(signals=[_entry(baseline_cases=12, insight=hedged)]))
        == []
    )


def test_contradictory_states_catches_drifting_and_recovering_on_one_screen() -> None:
    bad = _scan(
        signals=[_entry(state="drifting", metric="latency")],
        watching=[_entry(state="recovering", metric="missed")],
    )
    assert rules.contradictory_states(bad) == [
        "ack-24h: shown as drifting and recovering on one screen"
    ]


def test_contradictory_states_catches_held_steady_while_falling_below_commitment() -> None:
    row = {"check": "ack-24h", "current": 0.047, "target": 0.50}
    bad = _scan(steady=[{"check": "ack-24h"}], checks=[row], baseline_kept={"ack-24h": 0.48})
    assert rules.contradictory_states(bad)
    always_below = _scan(
        steady=[{"check": "ack-24h"}], checks=[row], baseline_kept={"ack-24h": 0.06}
    )
    assert rules.contradictory_states(always_below) == []


def test_contradictory_states_passes_one_state_and_a_steady_check_meeting_its_target() -> None:
    row = {"check": "other", "current": 0.96, "target": 0.95}
    good = _scan(
        baseline_kept={"other": 0.70},
        signals=[_entry(state="drifting", metric="latency")],
        watching=[_entry(state="drifting", metric="missed")],
        steady=[{"check": "other"}],
        checks=[row],
    )
    assert rules.contradictory_states(good) == []


@pytest.mark.parametrize(
    "text",
    [
        "All two teams show it.",
        "It shows in one of one teams.",
        "missed 0.0% -> 60.0% over 95 cases (baseline 1 cases)",
        "Watching 1 checks.",
        "none of the 0 conditions tried stands out.",
        "Look for a upgrade of the ticket.",
        "It takes an step back.",
    ],
)
def test_counting_words_catches_wrong_counts_and_articles(text: str) -> None:
    assert rules.counting_words(_scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "Both teams show it.",
        "missed 0.0% -> 60.0% over 95 cases (baseline 1 case)",
        "95.0% kept, 5.0 points above its 90% commitment",
        "It takes about an hour, a one-off, an upgrade, a user, an 8-hour day.",
        "over 21 cases (baseline 31 cases); 1.5 days",
    ],
)
def test_counting_words_passes_right_counts_and_articles(text: str) -> None:
    assert rules.counting_words(_scan(text)) == []


def test_time_of_day_on_day_times_catches_day_parts_on_a_day_recorded_log() -> None:
    text = "It shows on busy and quiet days, early and late, in each team."
    segment = {"day_part": "late"}
    assert rules.time_of_day_on_day_times(_scan(text, day_recorded=True))
    assert rules.time_of_day_on_day_times(
        _scan(day_recorded=True, watching=[_entry(segment=segment)])
    )


def test_time_of_day_on_day_times_passes_times_of_day_where_they_are_recorded() -> None:
    text = "It shows on busy and quiet days, early and late, in each team."
    assert rules.time_of_day_on_day_times(_scan(text, day_recorded=False)) == []
    assert rules.time_of_day_on_day_times(_scan("Thursdays 1 in 8", day_recorded=True)) == []


def _split(before: float, current: float, text: str) -> ScanOutput:
    insight = {"text": text}
    return _scan(signals=[_entry(baseline=before, current=current, insight=insight)])


def test_parts_bracket_whole_catches_a_whole_outside_its_parts() -> None:
    text = (
        "It is concentrated on Thursdays: there misses went from about 1 in 8 to about 1 in 3, "
        "while elsewhere they went from about 1 in 34 to about 1 in 20."
    )
    assert rules.parts_bracket_whole(_split(0.05, 0.6, text))


def test_parts_bracket_whole_passes_a_whole_between_its_parts() -> None:
    text = (
        "It is concentrated on Thursdays: there misses went from about 1 in 8 to about 6 in 10, "
        "while elsewhere they went from about 1 in 20 to about 1 in 10."
    )
    assert rules.parts_bracket_whole(_split(0.07, 0.2, text)) == []


def test_recovering_towards_baseline_catches_worse_values_and_improvements() -> None:
    worse = _entry(state="recovering", baseline=0.169, current=0.282)
    further = worse | {"drifted": 0.25}
    better = _entry(state="recovering", baseline=0.573, current=0.455, drifted=0.7)
    assert rules.recovering_towards_baseline(_scan(watching=[worse]))
    assert rules.recovering_towards_baseline(_scan(watching=[further]))
    assert rules.recovering_towards_baseline(_scan(watching=[better]))


def test_recovering_towards_baseline_passes_a_recent_level_coming_back() -> None:
    coming_back = _entry(state="recovering", baseline=0.169, current=0.19, drifted=0.282)
    drifting = _entry(state="drifting", baseline=0.169, current=0.282)
    assert rules.recovering_towards_baseline(_scan(watching=[coming_back, drifting])) == []


def test_every_rule_is_registered() -> None:
    assert set(rules.RULES) == {
        "alike_before_after",
        "sure_on_thin_baseline",
        "contradictory_states",
        "counting_words",
        "time_of_day_on_day_times",
        "parts_bracket_whole",
        "recovering_towards_baseline",
        "teams_the_log_has",
        "one_story",
        "steadied_from_its_insight",
    }


_SAID = (
    "Since 4 October 2012, ack has been missed in about 1 in 3 cases. It is concentrated on "
    "high-workload days: there misses went from about 1 in 17 to about 1 in 3. That accounts "
    "for about 92% of the slip."
)


def _steadied(why: str | None, look: str | None = None) -> ScanOutput:
    item = [] if why is None else [{"id": "busy-day-cover", "title": "Cover", "why": why}]
    entry = _entry(insight={"text": _SAID}, reinforcements=item, look_first=look)
    return _scan(signals=[entry])


def test_steadied_from_its_insight_catches_figures_and_days_the_insight_does_not_say() -> None:
    made_up = "Misses went from about 1 in 17 to about 1 in 2 on busy days (about 92% of it); x."
    assert rules.steadied_from_its_insight(_steadied(made_up))
    wrong_day = "look first at what changed in the step itself around 5 October 2012."
    assert rules.steadied_from_its_insight(_steadied(None, wrong_day))
    assert rules.steadied_from_its_insight(_steadied(None))


def test_steadied_from_its_insight_passes_what_the_insight_says() -> None:
    quoted = "Misses went from about 1 in 17 to about 1 in 3 on busy days (about 92% of it); x."
    assert rules.steadied_from_its_insight(_steadied(quoted)) == []
    day = "look first at what changed in the step itself around 4 October 2012."
    assert rules.steadied_from_its_insight(_steadied(None, day)) == []


def _told(text: str) -> ScanOutput:
    insight = {"headline": "ack-24h: about 1 in 6 now missed, across the board.", "text": text}
    return _scan(signals=[_entry(insight=insight)])


@pytest.mark.parametrize(
    "text",
    ["It shows in each team. One of two teams shows it.", "None of the six teams show it."],
)
def test_one_story_catches_across_the_board_told_of_some_teams(text: str) -> None:
    assert rules.one_story(_told(text))


@pytest.mark.parametrize(
    "text", ["Both teams show it.", "Four of four teams show it.", "It shows on busy days."]
)
def test_one_story_passes_a_paragraph_that_agrees_with_itself(text: str) -> None:
    assert rules.one_story(_told(text)) == []


def test_contradictory_states_catches_held_steady_on_a_check_not_watched() -> None:
    unwatched = {"check": "ack-24h", "metric": "missed", "segment": None, "reason": "no case"}
    times_only = unwatched | {"metric": "latency"}
    steady = [{"check": "ack-24h"}]
    assert rules.contradictory_states(_scan(steady=steady, not_watched=[unwatched]))
    assert rules.contradictory_states(_scan(steady=steady, not_watched=[times_only])) == []


def test_teams_the_log_has_catches_team_words_on_a_log_without_teams() -> None:
    text = "It shows on busy and quiet days, in each team and for each kind of case."
    assert rules.teams_the_log_has(_scan(text, has_team=False))
    assert rules.teams_the_log_has(_scan("Two of three teams show it.", has_team=False))


def test_teams_the_log_has_passes_team_words_where_the_log_has_teams() -> None:
    text = "It shows on busy and quiet days, in each team and for each kind of case."
    assert rules.teams_the_log_has(_scan(text, has_team=True)) == []
    assert rules.teams_the_log_has(_scan("It shows on busy days.", has_team=False)) == []
