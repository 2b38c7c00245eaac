"""A check's ``where`` scope that admits no case of the log is an error, not a vanished check.

A ``where`` names case attributes and the values a case must have for the check to apply
(:func:`taut.outcomes.evaluate`'s scope). A value misspelt, in the wrong case, or simply
absent from the log admits no case: the check would then have no outcome at all, and a
scan could only list it as not watched. :func:`refuse_empty_scopes` counts, in one query,
how many cases each scoped check's ``where`` admits (before the check's own rule) and
raises one :class:`~taut.errors.ContractError` naming every check whose scope admits none,
with the values the log does hold for each attribute and the closest one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from taut.errors import ContractError, ContractIssue, did_you_mean
from taut.outcomes.cases import collect_case_facts
from taut.outcomes.evaluate import scope_filter

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import ibis.expr.types as ir

    from taut.contract.models import Contract
    from taut.ingest.log import EventLog

MAX_VALUES_SHOWN = 8
"""The most values of an attribute a message lists (the commonest first)."""


def _seen_values(cases_attribute: ibis.Column) -> list[str]:
    """The attribute's commonest non-empty values, most cases first."""
    table = cases_attribute.name("value").as_table()
    counts = (
        table.filter(table["value"].notnull())
        .group_by("value")
        .aggregate(n=ibis._.count())
        .order_by([ibis.desc("n"), "value"])
        .limit(MAX_VALUES_SHOWN + 1)
        .execute()
    )
    return [str(value) for value in counts["value"]]


def refuse_empty_scopes(
    contract: Contract,
    *,
    log: EventLog,
    file: Path | None = None,
    line_of: Callable[[tuple[str | int, ...]], int | None] | None = None,
) -> None:
    """Refuse a contract with a check whose ``where`` admits no case of ``log``.

    Args:
        contract: the contract.
        log: the event log (its errors, if any, already reported: not called then).
        file: the contract file, to name in the message.
        line_of: the line of a path in that file, when known.

    Raises:
        ContractError: one issue per check whose ``where`` admits no case.
    """
    scoped = [
        (a, c, check)
        for a, area in enumerate(contract.areas)
        for c, check in enumerate(area.checks)
        if check.where
    ]
    if not scoped:
        return
    cases = collect_case_facts(contract=contract, log=log)
    counts = (
        cases.table.aggregate(
            **{
                f"n{index}": scope_filter(check, cases).cast("int64").sum()
                for index, (_, _, check) in enumerate(scoped)
            }
        )
        .execute()
        .iloc[0]
    )
    issues: list[ContractIssue] = []
    for index, (a, c, check) in enumerate(scoped):
        if int(counts[f"n{index}"] or 0) > 0:
            continue
        parts: list[str] = []
        for name, wanted in check.where.items():
            seen = _seen_values(cases.attribute(name))
            shown = ", ".join(f"'{value}'" for value in seen[:MAX_VALUES_SHOWN])
            more = " and more" if len(seen) > MAX_VALUES_SHOWN else ""
            held = f"the log holds {shown}{more}" if seen else "no case of the log has a value"
            hint = "".join(did_you_mean(str(value), seen) for value in list(wanted)[:1])
            parts.append(f"{name}: {held}.{hint}")
        path: tuple[str | int, ...] = ("areas", a, "checks", c, "where")
        issues.append(
            ContractIssue(
                f"check '{check.id}': where {_where_words(check.where)} admits no case of the "
                f"log, so the check would have no outcome to watch. {' '.join(parts)} Write "
                "values as the log spells them, or remove the where to take every case.",
                line=None if line_of is None else line_of(path),
                path=path,
            )
        )
    if issues:
        raise ContractError(issues, file=file)


def _where_words(where: object) -> str:
    """A ``where`` as written: ``{team: North}``.

    >>> _where_words({"team": ("North", "South"), "channel": ("web",)})
    '{team: [North, South], channel: web}'
    """
    if not isinstance(where, dict):
        return str(where)
    items = []
    for name, values in where.items():
        listed = list(values) if isinstance(values, tuple | list) else [values]
        text = str(listed[0]) if len(listed) == 1 else f"[{', '.join(map(str, listed))}]"
        items.append(f"{name}: {text}")
    return "{" + ", ".join(items) + "}"


def checks_without_outcomes(contract: Contract, *, outcomes: ir.Table) -> tuple[str, ...]:
    """The scoped checks (those with a ``where``) that have no row in ``outcomes``.

    A scoped check with an outcome has a ``where`` that admits a case, so a scan that
    stores its outcomes anyway learns it without :func:`refuse_empty_scopes`' pass over
    every case; only a check listed here needs that pass (its ``where`` may admit cases
    whose outcome is missing for another reason: the check's own rule, a clipped log, a
    team held back).

    Args:
        contract: the contract.
        outcomes: the outcomes table (one row per case and applicable check).
    """
    scoped = [check.id for _, check in contract.checks if check.where]
    if not scoped:
        return ()
    found = outcomes.filter(outcomes.check.isin(scoped)).select("check").distinct()
    present = set(found.to_pyarrow().column("check").to_pylist())
    return tuple(name for name in scoped if name not in present)
