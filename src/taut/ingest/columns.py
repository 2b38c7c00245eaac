"""Which columns of the log the contract needs, and a check that the file has all of them.

The contract needs the case, activity and timestamp columns; the team, person and
transition columns when mapped (and some transition column when ``source.lifecycle`` chooses
a transition); and one column per attribute it uses: every ``complete`` field, every
condition and every ``where`` column. All missing columns are reported together, each
with the closest name the file does have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from taut.contract.models import ALL_TRANSITIONS, TRANSITION_COLUMN, Contract
from taut.errors import InputError, Problem, did_you_mean
from taut.ingest.log import CANONICAL_COLUMNS


@dataclass(frozen=True)
class Needed:
    """One column the contract needs: its name in the file and what it is for."""

    column: str
    role: str


def attribute_names(contract: Contract) -> tuple[str, ...]:
    """The attribute columns the contract uses: fields, then conditions, then scopes.

    Attributes that are the mapped team column need no copy: ``team`` already holds them.
    """
    names = dict.fromkeys((*contract.fields, *contract.conditions, *contract.scope_columns))
    return tuple(name for name in names if name != "team" or contract.columns.team != "team")


def needed_columns(contract: Contract) -> tuple[Needed, ...]:
    """Every column the contract needs from the file, once each, in contract order."""
    columns = contract.columns
    needed = [
        Needed(columns.case, "columns.case"),
        Needed(columns.activity, "columns.activity"),
        Needed(columns.timestamp, "columns.timestamp"),
    ]
    if columns.team is not None:
        needed.append(Needed(columns.team, "columns.team"))
    if columns.person is not None:
        needed.append(Needed(columns.person, "columns.person"))
    if columns.transition is not None:
        needed.append(Needed(columns.transition, "columns.transition"))
    for name in attribute_names(contract):
        if name in contract.fields:
            role = "a field of a complete check"
        elif name in contract.conditions:
            role = "conditions"
        else:
            role = "a where scope"
        needed.append(Needed(name, role))
    seen: dict[str, Needed] = {}
    for item in needed:
        seen.setdefault(item.column, item)
    return tuple(seen.values())


def columns_have_no_transition(contract: Contract, *, available: Sequence[str]) -> bool:
    """Whether the log has no transition column to read (none mapped, none by its usual name)."""
    return contract.columns.transition is None and TRANSITION_COLUMN not in available


def _closest(name: str, available: Sequence[str]) -> str:
    same_but_case = [column for column in available if column.lower() == name.lower()]
    if same_but_case:
        return f" Did you mean '{same_but_case[0]}'?"
    return did_you_mean(name, available)


def check_columns(contract: Contract, *, available: Sequence[str], path: Path) -> None:
    """Raise one :class:`InputError` naming every needed column the file lacks.

    Also refuses attribute names that would clash with a canonical column. (The contract
    itself refuses the person column in any other role: :mod:`taut.contract.privacy`.)

    Raises:
        InputError: one problem per missing or clashing column.
    """
    listed = ", ".join(f"'{column}'" for column in available)
    problems = [
        Problem(
            code="missing-column",
            severity="error",
            message=(
                f"Column '{item.column}' ({item.role} in taut.yaml) is not in "
                f"'{path}'.{_closest(item.column, available)} The file has: {listed}. "
                "Rename the column in taut.yaml or in the file."
            ),
        )
        for item in needed_columns(contract)
        if item.column not in available
    ]
    problems.extend(
        Problem(
            code="attribute-name-clash",
            severity="error",
            message=(
                f"Attribute '{name}' has the name of one of taut's own columns "
                f"({', '.join(CANONICAL_COLUMNS)}). Rename the column in the file "
                "and in taut.yaml."
            ),
        )
        for name in attribute_names(contract)
        if name in CANONICAL_COLUMNS
    )
    chosen = contract.source.lifecycle
    if chosen != ALL_TRANSITIONS and columns_have_no_transition(contract, available=available):
        problems.append(
            Problem(
                code="no-transition-column",
                severity="error",
                message=(
                    f"source.lifecycle is '{chosen}' in taut.yaml, but '{path}' has no "
                    f"column of lifecycle transitions (none is mapped in columns.transition "
                    f"and there is no column '{TRANSITION_COLUMN}'). Map columns.transition "
                    "to the column that holds them, or remove source.lifecycle."
                    + did_you_mean(TRANSITION_COLUMN, available)
                ),
            )
        )
    if problems:
        raise InputError(problems)
