"""The shipped playbook: what it holds, that it is about the work, and how a broken one reads."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from taut.errors import ContractError
from taut.reinforce import load_playbook, parse_playbook, shipped_playbook
from taut.reinforce.playbook import PATTERNS, QUESTIONS
from tests.golden import ROOT, assert_golden

GOLDEN = ROOT / "reinforce" / "errors"
SHIPPED_TEXT = resources.files("taut.reinforce").joinpath("playbook.yaml").read_text("utf-8")

# Words that would make an entry about a person rather than the work. Written here, apart
# from the implementation's own list, so the test does not copy what it checks.
ABOUT_A_PERSON = (
    "coach",
    "coaching",
    "train",
    "training",
    "retrain",
    "blame",
    "reprimand",
    "discipline",
    "rank",
    "ranking",
    "ranked",
    "leaderboard",
    "league table",
    "top performer",
    "underperformer",
    "underperforming",
    "performance review",
    "individual",
    "naming",
    "name the people",
    "warn the",
    "who missed",
    "worst",
    "best performer",
    "feedback to",
    "talk to",
)


def test_the_shipped_playbook_holds_what_the_issue_asks_for() -> None:
    book = shipped_playbook()
    wanted = {
        "mandatory-fields",  # fields most often left blank made mandatory
        "late-day-cutoff",  # a reminder or cut-off for late-day submissions
        "acknowledgment-gate",  # a lightweight acknowledgment gate
        "escalation-timer",  # an escalation timer before the limit
        "realistic-limit",  # a realistic limit where timing is the cause
        "busy-day-cover",  # staffing where capacity is the cause
        "weekend-cover",  # weekend cover
        "split-or-prefill-form",  # splitting or pre-filling a complex form
        "handoff-owner",  # the handoff's owner made explicit
        "order-checklist",  # a checklist where order slips
    }
    assert wanted <= set(book.ids)


def test_every_question_and_every_pattern_has_an_entry() -> None:
    book = shipped_playbook()
    assert {entry.answers for entry in book.entries} == set(QUESTIONS)
    assert {p for entry in book.entries for p in entry.when.found} == set(PATTERNS)
    assert {entry.effort for entry in book.entries} == {"low", "medium", "high"}


@pytest.mark.parametrize("word", ABOUT_A_PERSON)
def test_no_shipped_entry_is_about_a_person(word: str) -> None:
    assert not re.search(rf"\b{re.escape(word)}\b", SHIPPED_TEXT, re.IGNORECASE), word


def test_each_entry_says_its_change_and_its_judgment_in_one_sentence() -> None:
    for entry in shipped_playbook().entries:
        for text in (entry.change, entry.judged_by):
            assert text.endswith(".")
            assert text.count(". ") == 0, (entry.id, text)
        assert not entry.helps.endswith(".")
        assert entry.helps[0].islower()


def test_the_playbook_ships_inside_the_package_data() -> None:
    # Wheels and sdists take every file of src/taut (pyproject: hatch packages); the file
    # must sit in the package, not beside it.
    path = Path(str(resources.files("taut.reinforce").joinpath("playbook.yaml")))
    assert path.parent.name == "reinforce"
    assert path.parent.parent.name == "taut"


OWN = """
entries:
  - id: busy-day-cover
    title: Move work that can wait off the busiest days
    change: Move the work that can wait off the days the queue runs highest.
    helps: moving work that can wait off those days frees the step when the volume peaks
    when: {found: [busy-days]}
    answers: capacity
    effort: low
    judged_by: taut will compare busy days with the others, before and after.
  - id: intake-call
    title: A short intake call for large deals
    change: Hold a ten-minute intake call for each large deal before its form is sent on.
    helps: a short call for these cases settles what the form needs before it moves on
    when: {kinds: [complete], found: [case-kind]}
    answers: too-complex
    effort: medium
    judged_by: taut will compare large deals with the others, before and after the calls.
"""


def test_a_users_entries_replace_shipped_ones_by_id_and_add_the_rest(tmp_path: Path) -> None:
    own = tmp_path / "my-playbook.yaml"
    own.write_text(OWN, encoding="utf-8")
    shipped = shipped_playbook()
    book = load_playbook(path=own)
    assert book.ids == (*shipped.ids, "intake-call")
    replaced = book.entries[book.ids.index("busy-day-cover")]
    assert replaced.title == "Move work that can wait off the busiest days"
    assert replaced.effort == "low"


BROKEN: dict[str, str] = {
    "unknown_pattern": OWN.replace("[busy-days]", "[busy-day]"),
    "unknown_key": OWN.replace(
        "judged_by: taut will compare busy", "judged_bye: taut will compare busy"
    ),
    "missing_key": OWN.replace("    answers: capacity\n", ""),
    "bad_id": OWN.replace("id: intake-call", "id: Intake Call"),
    "two_sentences": OWN.replace(
        "change: Move the work that can wait off the days the queue runs highest.",
        "change: Move the work that can wait. Do it on the days the queue runs highest.",
    ),
    "about_a_person": OWN.replace(
        "title: A short intake call for large deals", "title: Coach the reps on large deals"
    ),
    "repeated_id": OWN.replace("id: intake-call", "id: busy-day-cover"),
    "unknown_kind": OWN.replace("kinds: [complete]", "kinds: [completed]"),
    "helps_is_a_sentence": OWN.replace(
        "helps: moving work that can wait off those days frees the step when the volume peaks",
        "helps: Moving work off those days frees the step.",
    ),
    "not_yaml": "entries: [{id: x\n",
    "a_list": "- id: x\n",
    "no_entries": "entries: []\n",
    "entry_not_mapping": "entries: [null]\n",
    "when_not_mapping": OWN.replace("when: {found: [busy-days]}", "when: busy-days"),
    "title_not_text": OWN.replace("title: A short intake call for large deals", "title: [a, b]"),
    "nested_too_deep": "entries: " + "[" * 200 + "]" * 200 + "\n",
    "empty_file": "",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_playbook_is_located_and_says_the_fix(case: str, tmp_path: Path) -> None:
    own = tmp_path / "my-playbook.yaml"
    own.write_text(BROKEN[case], encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_playbook(path=own)
    message = str(caught.value).replace(str(tmp_path), "<folder>")
    assert message.startswith("<folder>/my-playbook.yaml")
    assert_golden(GOLDEN / f"{case}.txt", message + "\n")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"entries: [{id: caf\xe9}]\n", "is not UTF-8 text"),
        (b"# a comment\n" * 30_000, "a playbook is a few KB"),
    ],
)
def test_a_playbook_that_is_not_text_or_too_large_is_refused_before_parsing(
    data: bytes, says: str, tmp_path: Path
) -> None:
    own = tmp_path / "my-playbook.yaml"
    own.write_bytes(data)
    with pytest.raises(ContractError, match=says):
        load_playbook(path=own)


def test_a_missing_playbook_names_the_contract_key_and_the_closest_file(tmp_path: Path) -> None:
    (tmp_path / "my-playbook.yaml").write_text(OWN, encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_playbook(path=tmp_path / "my-playbok.yaml")
    message = str(caught.value)
    assert "reinforce: playbook in taut.yaml" in message
    assert "Did you mean 'my-playbook.yaml'?" in message


def test_the_unknown_pattern_error_suggests_the_closest_name(tmp_path: Path) -> None:
    with pytest.raises(ContractError) as caught:
        parse_playbook(BROKEN["unknown_pattern"], file=tmp_path / "p.yaml")
    assert "Did you mean 'busy-days'?" in str(caught.value)
    assert "entry 'busy-day-cover'" in str(caught.value)
    assert "line 7" in str(caught.value)


def test_the_docs_list_every_shipped_entry_as_it_is() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reinforce.md").read_text("utf-8")
    for entry in shipped_playbook().entries:
        when = entry.when
        row = (
            f"| `{entry.id}` | {entry.title} | {', '.join(when.kinds) or 'any'} | "
            f"{', '.join(when.metrics) or 'any'} | {', '.join(when.found)} | {entry.answers} | "
            f"{entry.effort} |"
        )
        assert row in docs, row
