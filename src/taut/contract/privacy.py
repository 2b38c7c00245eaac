"""What the contract promises about people: the person column is only ever counted.

taut reads the person column (``columns.person``) for one purpose: to count how many people
a slip touches, and how many people work in a team, so that no statement is about one
person. Two rules hold that promise by construction:

1. **The person column plays no other role.** Every place a contract names a column of the
   log is listed by :func:`column_uses`: the case, activity, timestamp and team columns, each
   condition, each ``where`` scope and each field of a ``complete`` check. A column named
   there is shown in some output (an activity in ``taut check``, a team in the outcomes, a
   condition value in an insight), so :func:`refuse_person_roles` refuses a contract that
   names the person column in any of them.
2. **Small teams are held back.** A team of fewer than five people is never named and never
   a segment of its own (see :mod:`taut.ingest.people`), unless the contract opts in with
   :class:`Privacy` ``show_small_teams: true``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from taut.contract.models import Contract

ColumnRole = Literal[
    "case", "activity", "timestamp", "team", "transition", "condition", "scope", "field"
]
ROLE_WORDS: dict[str, str] = {
    "case": "the case column",
    "activity": "the activity column",
    "timestamp": "the timestamp column",
    "team": "the team column",
    "transition": "the lifecycle transition column",
    "condition": "a condition",
    "scope": "a where scope",
    "field": "a field of a complete check",
}
ROLE_FIXES: dict[str, str] = {
    "case": "Map case to the column that identifies a case",
    "activity": "Map activity to the column that names the step",
    "timestamp": "Map timestamp to the column that holds the time",
    "team": "Map team to the column that names the team, or leave team out",
    "transition": "Map transition to the column of lifecycle transitions, or leave it out",
    "condition": "Remove it from conditions",
    "scope": "Scope the check by another column, or remove the scope",
    "field": "Remove it from the fields",
}


class Privacy(BaseModel):
    """How much of the people behind a log taut may show.

    ``show_small_teams``: ``false`` (the default) holds back every team of fewer than five
    people: its name is replaced by one label in every output and export, and it is never a
    segment of its own. ``true`` shows such teams by name, for organisations where a team's
    name is not personal data (say, teams of one that are themselves a public role).

    >>> Privacy().show_small_teams
    False
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    show_small_teams: bool = False


@dataclass(frozen=True)
class ColumnUse:
    """One place a contract names a column of the log.

    Attributes:
        column: the column's name in the log.
        role: what the contract uses it for.
        loc: where it is named, as a path through the contract's models (``rule`` for a
            check's rule; :func:`taut.contract.explain.yaml_path` maps it to the YAML).
    """

    column: str
    role: ColumnRole
    loc: tuple[str | int, ...]


def column_uses(contract: Contract) -> tuple[ColumnUse, ...]:
    """Every place ``contract`` names a column, except ``columns.person`` itself, in file order."""
    columns = contract.columns
    mapped: tuple[tuple[ColumnRole, str | None], ...] = (
        ("case", columns.case),
        ("activity", columns.activity),
        ("timestamp", columns.timestamp),
        ("team", columns.team),
        ("transition", columns.transition),
    )
    uses = [
        ColumnUse(column=name, role=role, loc=("columns", role))
        for role, name in mapped
        if name is not None
    ]
    uses += [
        ColumnUse(column=name, role="condition", loc=("conditions", index))
        for index, name in enumerate(contract.conditions)
    ]
    for area_index, area in enumerate(contract.areas):
        for check_index, check in enumerate(area.checks):
            at: tuple[str | int, ...] = ("areas", area_index, "checks", check_index)
            fields: tuple[str, ...] = getattr(check.rule, "fields", ())
            uses += [
                ColumnUse(column=name, role="field", loc=(*at, "rule", "fields", index))
                for index, name in enumerate(fields)
            ]
            uses += [
                ColumnUse(column=name, role="scope", loc=(*at, "where", name))
                for name in check.where
            ]
    return tuple(uses)


def refuse_person_roles(contract: Contract) -> None:
    """Refuse a contract that names the person column in any other role.

    Raises:
        PydanticCustomError: of type ``person_role``; its context holds ``person`` (the
            column) and ``places``, the :class:`ColumnUse` of each other role it plays, which
            :mod:`taut.contract.explain` turns into one located issue each.
    """
    person = contract.columns.person
    if person is None:
        return
    places = tuple(use for use in column_uses(contract) if use.column == person)
    if places:
        roles = ", ".join(dict.fromkeys(ROLE_WORDS[use.role] for use in places))
        raise PydanticCustomError(
            "person_role",
            "the person column '{person}' is also {roles}; taut only counts people.",
            {"person": person, "roles": roles, "places": places},
        )


def person_role_message(use: ColumnUse, *, thing: str) -> str:
    """The sentence for one place the person column is named in another role.

    >>> use = ColumnUse(column="rep", role="team", loc=("columns", "team"))
    >>> person_role_message(use, thing="team")  # doctest: +NORMALIZE_WHITESPACE
    "team names 'rep', the person column (columns.person). taut only counts people and
    never shows who they are, so the person column cannot also be the team column. Map team
    to the column that names the team, or leave team out."
    """
    return (
        f"{thing} names '{use.column}', the person column (columns.person). taut only counts "
        "people and never shows who they are, so the person column cannot also be "
        f"{ROLE_WORDS[use.role]}. {ROLE_FIXES[use.role]}."
    )
