"""The person column plays no other role: every place a contract names a column refuses it.

Each case names the example contract's person column (``rep``) in one other role; the
message, located at its line, is compared with ``tests/golden/hostile/privacy/<case>.txt``
(regenerate with ``TAUT_UPDATE_GOLDEN=1`` and read the diff). The privacy settings' own
mistakes are golden here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taut.contract import parse_contract
from taut.contract.models import Contract
from taut.contract.privacy import column_uses
from taut.errors import ContractError
from tests.golden import assert_golden

EXAMPLE = Path(__file__).with_name("example.yaml")
GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "privacy"
EDITS: dict[str, list[tuple[str, str]]] = {
    "person_as_case": [("case: deal_id", "case: rep")],
    "person_as_activity": [("activity: step", "activity: rep")],
    "person_as_timestamp": [("timestamp: at", "timestamp: rep")],
    "person_as_team": [("team: team", "team: rep")],
    "person_as_condition": [("[region, deal_size]", "[region, rep]")],
    "person_as_scope": [("{priority: [P1, P2]}", "{rep: [P1, P2]}")],
    "person_as_field": [("scope, start_date", "scope, rep")],
    "person_in_three_roles": [
        ("team: team", "team: rep"),
        ("[region, deal_size]", "[rep, deal_size]"),
        ("{priority: [P1, P2]}", "{priority: [P1], rep: [x]}"),
    ],
    "privacy_not_bool": [("outcomes:", "privacy: {show_small_teams: sometimes}\noutcomes:")],
    "privacy_unknown_key": [("outcomes:", "privacy: {min_people: 3}\noutcomes:")],
}


def _edited(edits: list[tuple[str, str]]) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the case no longer applies to the example: {old!r}"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("name", sorted(EDITS))
def test_golden_message(name: str) -> None:
    with pytest.raises(ContractError) as caught:
        parse_contract(_edited(EDITS[name]))
    message = str(caught.value) + "\n"
    path = GOLDEN / f"{name}.txt"
    assert_golden(path, message)


def test_every_golden_file_has_a_case() -> None:
    cases = {path.stem for path in GOLDEN.glob("person_*.txt")}
    cases |= {path.stem for path in GOLDEN.glob("privacy_*.txt")}
    assert cases == set(EDITS)
    assert {path.stem for path in GOLDEN.glob("*.txt")} - cases == {"warning_team_without_person"}


def test_each_role_is_located_at_its_own_line() -> None:
    with pytest.raises(ContractError) as caught:
        parse_contract(_edited(EDITS["person_in_three_roles"]))
    issues = caught.value.issues
    assert [issue.line for issue in issues] == [6, 7, 25]
    assert [issue.path for issue in issues] == [
        ("columns", "team"),
        ("conditions", 0),
        ("areas", 0, "checks", 3, "where", "rep"),
    ]


def test_a_contract_built_in_python_is_refused_too() -> None:
    data = parse_contract(EXAMPLE.read_text(encoding="utf-8")).contract.model_dump(by_alias=True)
    data["columns"]["team"] = "rep"
    with pytest.raises(ValueError, match="person column 'rep' is also the team column"):
        Contract.model_validate(data)


def test_column_uses_lists_every_named_column_but_the_person() -> None:
    contract = parse_contract(EXAMPLE.read_text(encoding="utf-8")).contract
    named = {(use.role, use.column) for use in column_uses(contract)}
    assert named == {
        ("case", "deal_id"),
        ("activity", "step"),
        ("timestamp", "at"),
        ("team", "team"),
        ("condition", "region"),
        ("condition", "deal_size"),
        ("field", "billing_contact"),
        ("field", "scope"),
        ("field", "start_date"),
        ("scope", "priority"),
    }


def test_show_small_teams_is_off_unless_asked_for() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert parse_contract(text).contract.privacy.show_small_teams is False
    opted = text.replace("outcomes:", "privacy: {show_small_teams: true}\noutcomes:", 1)
    assert parse_contract(opted).contract.privacy.show_small_teams is True


def test_a_team_without_a_person_column_warns_that_small_teams_cannot_be_held_back() -> None:
    text = _edited([("team: team, person: rep", "team: team")])
    (warning,) = parse_contract(text).warnings
    path = GOLDEN / "warning_team_without_person.txt"
    assert_golden(path, warning + "\n")
    opted = text.replace("outcomes:", "privacy: {show_small_teams: true}\noutcomes:", 1)
    assert parse_contract(opted).warnings == ()
    assert parse_contract(_edited([("team: team, person: rep", "")])).warnings == ()
