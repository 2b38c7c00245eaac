"""Recommendations: which entries fit which findings, in what order, and in what words."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from taut.insight.records import BlankFields, FieldShare, Insight, Spread
from taut.reinforce import (
    MAX_REINFORCEMENTS,
    Playbook,
    Recommendation,
    load_playbook,
    recommend,
    shipped_playbook,
)
from taut.reinforce.evidence import gather_evidence
from taut.reinforce.playbook import PATTERNS
from taut.signal.decide.cap import Signal
from tests.reinforce import cases
from tests.reinforce.cases import (
    BASELINE_UNTIL,
    BLANKS,
    contract,
    effect,
    insight,
    report,
    signal,
)

BOOK = shipped_playbook()


def _one(item: Signal, found: Insight, *, book: Playbook = BOOK) -> Recommendation:
    (only,) = recommend(report=report(item), insights=(found,), playbook=book, contract=contract())
    return only


def _ids(item: Recommendation) -> list[str]:
    return [entry.id for entry in item.reinforcements]


@pytest.mark.parametrize(
    ("check", "field", "value", "first"),
    [
        ("ack-within-24h", "workload", "high-workload days", "busy-day-cover"),
        ("ack-within-24h", "hour", "16:00 or later", "late-day-cutoff"),
        ("ack-within-24h", "weekday", "Friday", "weekend-cover"),
        ("ack-within-24h", "handoff", "North to Ops Field", "handoff-owner"),
        ("ack-present", "team", "North", "acknowledgment-gate"),
        ("ack-before-kickoff", "deal_size", "large", "order-checklist"),
        ("ack-within-24h", "deal_size", "large", "complex-case-route"),
    ],
)
def test_the_first_reinforcement_answers_the_condition_found(
    check: str, field: str, value: str, first: str
) -> None:
    item = signal(check)
    found = _one(item, insight(item, named=(effect(field, value),)))
    assert _ids(found)[0] == first
    assert found.look_first is None


def test_a_weekday_that_is_not_before_a_weekend_gets_no_weekend_cover() -> None:
    item = signal("ack-within-24h")
    found = _one(item, insight(item, named=(effect("weekday", "Tuesday"),)))
    assert "weekend-cover" not in _ids(found)
    assert "realistic-limit" in _ids(found)


def test_a_form_gets_its_blank_fields_made_mandatory_naming_them() -> None:
    item = signal("intake-complete")
    found = _one(item, insight(item, blank_fields=BLANKS))
    assert _ids(found)[:2] == ["mandatory-fields", "split-or-prefill-form"]
    why = found.reinforcements[0].why
    assert "'billing_contact' and 'scope' are left blank more often" in why
    assert "start_date" not in why  # it barely moved: not one of the fields to require


def test_a_form_with_one_risen_field_names_it_with_its_shares() -> None:
    blanks = BlankFields(
        fields=(
            FieldShare(field="billing_contact", before=0.01, during=0.1),
            FieldShare(field="scope", before=0.01, during=0.01),
        ),
        several_before=0.002,
        several_during=0.003,
        before_cases=1210,
        during_cases=905,
    )
    item = signal("intake-complete")
    found = _one(item, insight(item, blank_fields=blanks))
    assert _ids(found) == ["mandatory-fields"]  # several blanks did not rise: no form split
    assert found.reinforcements[0].why.startswith(
        "'billing_contact' is left blank on about 1 in 10 forms, against about 1 in 100 before;"
    )


def test_entries_for_another_check_kind_or_metric_are_not_offered() -> None:
    timed = signal("ack-within-24h")
    found = _one(timed, insight(timed, named=(effect("team", "North"),)))
    assert "acknowledgment-gate" not in _ids(found)  # a present or order check's gate
    late = signal("ack-within-24h", metric="latency")
    slow = _one(late, insight(late, named=(effect("team", "North"),)))
    assert "acknowledgment-gate" not in _ids(slow)
    assert "escalation-timer" in _ids(slow)


def test_at_most_three_best_first_and_the_same_every_time() -> None:
    item = signal("ack-present")
    named = (effect("team", "North"), effect("workload", "high-workload days", explained=0.4))
    found = insight(item, named=named)
    first = _one(item, found)
    assert len(first.reinforcements) == MAX_REINFORCEMENTS
    assert first == _one(item, found)
    # The first condition's entries come before the second's.
    assert _ids(first) == ["acknowledgment-gate", "handoff-owner", "escalation-timer"]


def test_only_the_first_entry_on_a_finding_repeats_its_numbers() -> None:
    item = signal("ack-within-24h")
    found = _one(item, insight(item, named=(effect("workload", "high-workload days"),)))
    first, second = found.reinforcements[:2]
    assert "about 1 in 17 to about 1 in 3" in first.why
    assert second.why.startswith("Misses are concentrated on high-workload days (about 92%")


_SAID = re.compile(r"(?:about|fewer than) [\d,]+ in [\d,]+|none|about \d+%")


@pytest.mark.parametrize(
    "named",
    [
        (effect("workload", "high-workload days"),),
        (effect("hour", "16:00 or later"), effect("weekday", "Friday", explained=0.3)),
        (effect("handoff", "North to Ops Field"),),
    ],
)
def test_every_figure_a_reinforcement_quotes_is_one_its_insight_says(named: tuple) -> None:  # type: ignore[type-arg]
    item = signal("ack-within-24h")
    found = insight(item, named=named)
    for entry in _one(item, found).reinforcements:
        for figure in _SAID.findall(entry.why):
            assert figure in found.text, (figure, entry.why)


def test_a_cause_not_pinned_says_what_to_look_at_first_instead_of_guessing() -> None:
    item = signal("ack-within-24h")
    found = _one(item, insight(item))
    assert found.reinforcements == ()
    assert found.look_first is not None
    assert "look first at what changed in the step itself around 7 April 2025" in found.look_first


def test_a_drift_dated_to_the_first_watched_week_names_no_day_it_began() -> None:
    """Dated to the first day taut watches, a drift began then or before (perhaps months
    before, a signal long open): that day is no time to look at, and it moves every week."""
    first_watched = BASELINE_UNTIL + timedelta(days=1)
    for since in (first_watched, first_watched + timedelta(days=4)):  # its first case's day
        item = signal("ack-within-24h", since=since)
        found = _one(item, insight(item)).look_first
        assert found is not None
        day = f"{since:%d %B %Y}".lstrip("0")
        assert f"the drift dates from the first week taut watches ({day}) or before" in found
        assert "look first at what changed in the step itself by then" in found
        assert "around" not in found
    day = f"{first_watched:%d %B %Y}".lstrip("0")
    segment = signal("ack-within-24h", since=first_watched, segment={"team": "West"})
    found = _one(segment, insight(segment)).look_first
    assert found is not None
    assert f"what is done differently for team West since {day} or before" in found


def test_a_segment_signal_not_pinned_looks_first_at_its_segment() -> None:
    item = signal("ack-within-24h", segment={"team": "West"})
    found = _one(item, insight(item))
    assert found.look_first is not None
    assert found.look_first.startswith("The alarm rang for team West")


def test_a_thin_baseline_not_pinned_asks_to_confirm_first() -> None:
    item = signal("ack-within-24h", thin_baseline=True)
    found = _one(item, insight(item))
    assert found.look_first is not None
    assert "confirm it over the next weeks" in found.look_first


def test_a_seasonal_change_looks_at_the_season_not_the_step() -> None:
    item = signal("ack-within-24h")
    found = _one(item, replace(insight(item), seasonal=True))
    assert found.look_first is not None
    assert "same weeks a year earlier" in found.look_first
    assert "step itself around" not in found.look_first


def test_a_finding_no_entry_answers_says_so_and_where_to_look(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        "entries:\n"
        "  - id: only-forms\n"
        "    title: Pre-fill the form\n"
        "    change: Pre-fill the form from what the system knows.\n"
        "    helps: a pre-filled form leaves fewer fields to miss\n"
        "    when: {kinds: [complete], found: [blank-fields]}\n"
        "    answers: too-complex\n"
        "    effort: low\n"
        "    judged_by: taut will compare the share missed before and after.\n",
        encoding="utf-8",
    )
    book = Playbook.model_validate(
        {"entries": [e.model_dump(by_alias=True) for e in load_playbook(path=own).entries[-1:]]}
    )
    item = signal("ack-within-24h")
    found = _one(item, insight(item, named=(effect("weekday", "Tuesday"),)), book=book)
    assert found.reinforcements == ()
    assert found.look_first is not None
    assert "no entry of the playbook answers that for a time-limit check" in found.look_first
    assert "look first at how the work runs on Tuesdays" in found.look_first


def test_spread_narrows_an_entry_to_slips_every_team_shows_or_not(tmp_path: Path) -> None:
    wide = BOOK.entries[BOOK.ids.index("busy-day-cover")]
    narrowed = Playbook(
        entries=(wide.model_copy(update={"when": wide.when.model_copy(update={"spread": "wide"})}),)
    )
    item = signal("ack-within-24h")
    named = (effect("workload", "high-workload days"),)
    everyone = insight(item, named=named, spread=cases.SPREAD)
    some = insight(
        item, named=named, spread=Spread(people_showing=5, people=20, teams_showing=1, teams=4)
    )
    unknown = insight(item, named=named, spread=None)
    assert _ids(_one(item, everyone, book=narrowed)) == ["busy-day-cover"]
    assert _ids(_one(item, some, book=narrowed)) == []
    assert _ids(_one(item, unknown, book=narrowed)) == ["busy-day-cover"]
    # The one judged team shows it, two more were on its cases with too few to judge:
    # not known to be wide, so it suits a wide entry and a narrow one alike.
    thin = Spread(people_showing=None, people=None, teams_showing=1, teams=1, teams_seen=3)
    local = Playbook(
        entries=(
            wide.model_copy(update={"when": wide.when.model_copy(update={"spread": "narrow"})}),
        )
    )
    partly = insight(item, named=named, spread=thin)
    assert _ids(_one(item, partly, book=narrowed)) == ["busy-day-cover"]
    assert _ids(_one(item, partly, book=local)) == ["busy-day-cover"]
    assert _ids(_one(item, everyone, book=local)) == []


def test_the_inputs_are_not_changed() -> None:
    item = signal("ack-within-24h")
    found = insight(item, named=(effect("workload", "high-workload days"),))
    scan, book, model = report(item), BOOK, contract()
    before = copy.deepcopy((scan, found, book, model))
    recommend(report=scan, insights=(found,), playbook=book, contract=model)
    assert (scan, found, book, model) == before


def test_no_insight_gives_no_recommendation_and_a_mismatch_is_refused() -> None:
    item, other = signal("ack-within-24h"), signal("ack-present")
    assert recommend(report=report(item), insights=(), playbook=BOOK, contract=contract()) == ()
    with pytest.raises(ValueError, match="report's signals"):
        recommend(
            report=report(item), insights=(insight(other),), playbook=BOOK, contract=contract()
        )


EXAMPLES: dict[str, Insight] = {
    "blank-fields": insight(signal("intake-complete"), blank_fields=BLANKS),
    "several-blank": insight(signal("intake-complete"), blank_fields=BLANKS),
    "busy-days": insight(
        signal("ack-within-24h"), named=(effect("workload", "high-workload days"),)
    ),
    "late-day": insight(signal("ack-within-24h"), named=(effect("hour", "16:00 or later"),)),
    "weekday": insight(signal("ack-within-24h"), named=(effect("weekday", "Tuesday"),)),
    "weekend": insight(signal("ack-within-24h"), named=(effect("weekday", "Sunday"),)),
    "team": insight(signal("ack-within-24h"), named=(effect("team", "North"),)),
    "handoff": insight(signal("ack-within-24h"), named=(effect("handoff", "North to Ops"),)),
    "case-kind": insight(signal("ack-within-24h"), named=(effect("deal_size", "large"),)),
}
"""One insight per pattern that finds it: a new pattern needs its example here."""


def test_every_pattern_has_an_insight_that_finds_it() -> None:
    assert set(EXAMPLES) == set(PATTERNS)
    for pattern, found in EXAMPLES.items():
        item = signal(found.check)
        evidence = gather_evidence(found, signal=item)
        assert any(pattern in each.patterns for each in evidence), pattern


def test_a_pair_of_conditions_is_evidence_for_both() -> None:
    pair = effect("workload+hour", "high-workload days and 16:00 or later")
    (evidence,) = gather_evidence(
        insight(signal("ack-within-24h"), named=(pair,)), signal=signal("ack-within-24h")
    )
    assert evidence.patterns == {"busy-days", "late-day"}
