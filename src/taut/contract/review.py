"""Advice on a contract that is valid but probably not what its author wants.

These are warnings, not errors: the contract loads and can be evaluated, but a demanding
reader would want to know before trusting it.

- More than :data:`MAX_AREAS` areas. A stability contract is a short list on purpose:
  when every area is critical, none of them is, and a real slip hides among the rest.
- A target of 100%: a single missed case breaks it, so it will read as broken almost
  always and people learn to ignore it.
- A target under 50%: the rule holds for fewer cases than it misses, so a drift
  barely moves the share.
- ``baseline`` with both ``until`` and ``weeks``: ``until`` wins and ``weeks`` is ignored.
- A condition listed twice.
- A team column without a person column: taut cannot count the people in a team, so it
  cannot hold back teams of fewer than five people (:mod:`taut.contract.privacy`); every
  team is named. Silenced by ``privacy: {show_small_teams: true}``, which says so on purpose.
"""

from __future__ import annotations

from taut.contract.document import Document, PathPart
from taut.contract.models import Contract
from taut.errors import ContractIssue, cap_examples

MAX_AREAS = 5
LOW_TARGET = 0.5
SMALL_TEAMS_UNKNOWN = (
    "columns: team is mapped but person is not, so taut cannot count the people in a team "
    "and cannot hold back teams of fewer than five people: every team is named in the scan "
    "and in the outcomes. Map person to the column that says who did each step (taut only "
    "counts it, never shows it), or set privacy: {show_small_teams: true} if every team may "
    "be named."
)


def review_contract(contract: Contract, *, document: Document | None = None) -> list[ContractIssue]:
    """Warnings about a valid contract, located at their lines when ``document`` is given.

    Args:
        contract: the validated contract.
        document: the YAML it was read from, for line numbers.

    Returns:
        One issue per warning, in file order.
    """

    def at(message: str, path: tuple[PathPart, ...], *, key: bool = False) -> ContractIssue:
        line = document.line_of(path, key=key) if document is not None else None
        return ContractIssue(message, line=line, path=path)

    warnings: list[ContractIssue] = []
    columns = contract.columns
    unknown = columns.team is not None and columns.person is None
    if unknown and not contract.privacy.show_small_teams:
        warnings.append(at(SMALL_TEAMS_UNKNOWN, ("columns", "team")))
    if len(contract.areas) > MAX_AREAS:
        names = [area.name for area in contract.areas]
        warnings.append(
            at(
                f"the contract names {len(names)} critical areas ({cap_examples(names, limit=8)}). "
                "When every area is critical, none of them is: attention spreads thin and a real "
                f"slip hides among the rest. Keep the {MAX_AREAS} that must not wobble and "
                "watch the others elsewhere.",
                ("areas",),
                key=True,
            )
        )
    if contract.baseline.until is not None and "weeks" in contract.baseline.model_fields_set:
        warnings.append(
            at(
                "baseline: weeks is ignored because until is set. Keep one of them.",
                ("baseline", "weeks"),
            )
        )
    seen: set[str] = set()
    for index, condition in enumerate(contract.conditions):
        if condition in seen:
            warnings.append(
                at(f"conditions list '{condition}' twice. List it once.", ("conditions", index))
            )
        seen.add(condition)
    for area_index, area in enumerate(contract.areas):
        for check_index, check in enumerate(area.checks):
            path: tuple[PathPart, ...] = ("areas", area_index, "checks", check_index, "target")
            if check.target >= 1:
                warnings.append(
                    at(
                        f"check '{check.id}': target 100% allows no slip at all: a single "
                        "missed case breaks it, so it reads as broken most weeks and people "
                        "stop looking. Set what a good week delivers, e.g. '98%'.",
                        path,
                    )
                )
            elif check.target < LOW_TARGET:
                warnings.append(
                    at(
                        f"check '{check.id}': target {check.target * 100:g}% holds fewer cases to "
                        "the rule than it lets miss, so a drift barely moves the share. "
                        "Set what a good week delivers, e.g. '90%'.",
                        path,
                    )
                )
    return warnings
