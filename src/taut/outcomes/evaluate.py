"""Evaluate every check of a contract on an event log: the outcomes table.

:func:`evaluate_checks` computes the per-case facts once (:mod:`taut.outcomes.cases`),
asks each check's kind for its judgement (:data:`~taut.outcomes.registry.EVALUATORS`),
keeps the cases the check applies to and its ``where`` scope admits, stacks the checks'
rows and adds the conditions (:mod:`taut.outcomes.conditions`). Nothing runs until the
returned Ibis table is executed (``.to_pandas()``, ``.to_pyarrow()``, ``.execute()``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import ibis

from taut.contract.models import OUTCOME_COLUMNS, ValueRange
from taut.outcomes.cases import CaseFacts, collect_case_facts
from taut.outcomes.conditions import attribute_conditions
from taut.outcomes.present import judge_present
from taut.outcomes.registry import evaluator_for

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Area, Check, Contract
    from taut.ingest.log import EventLog

logger = logging.getLogger(__name__)

FIXED_COLUMNS: tuple[str, ...] = OUTCOME_COLUMNS
"""The columns every outcome row has, before the contract's conditions."""
LAGGING_COLUMNS: tuple[str, ...] = ("case_id", "outcome", "occurred", "time")


def outcome_columns(contract: Contract) -> tuple[str, ...]:
    """The columns of :func:`evaluate_checks`'s table for ``contract``, in order."""
    return (*FIXED_COLUMNS, *contract.conditions)


def _admitted(value: ir.StringColumn, scope: tuple[str, ...] | ValueRange) -> ir.BooleanValue:
    """Whether a case's attribute ``value`` is in ``scope``: one of its values, or its range.

    A value that is not a number is outside a range (its number is null).
    """
    if not isinstance(scope, ValueRange):
        return value.isin(scope)
    number = value.try_cast("float64")
    tests = [number.notnull()]
    if scope.at_least is not None:
        tests.append(number >= scope.at_least)
    if scope.below is not None:
        tests.append(number < scope.below)
    return ibis.and_(*tests)


def _scope(check: Check, cases: CaseFacts) -> ir.BooleanValue:
    admitted = [_admitted(cases.attribute(name), scope) for name, scope in check.where.items()]
    return ibis.and_(*admitted) if admitted else ibis.literal(value=True)


scope_filter = _scope
"""Whether ``check``'s ``where`` admits each case (``scope_filter(check, cases)``)."""


def _rows(*, area: Area, check: Check, cases: CaseFacts, conditions: tuple[str, ...]) -> ir.Table:
    judged = evaluator_for(check.kind)(check=check, cases=cases)
    blanks = judged.blank_fields
    rows = cases.table.select(
        case_id=cases.table["case_id"],
        area=ibis.literal(area.name, type="string"),
        check=ibis.literal(check.id, type="string"),
        kind=ibis.literal(check.kind, type="string"),
        anchor_time=judged.anchor.cast("timestamp"),
        decided_time=judged.decided.cast("timestamp"),
        status=judged.status,
        value=judged.value.cast("float64"),
        blank_fields=blanks if blanks is not None else ibis.null("array<string>"),
        team=cases.team,
        _applies=judged.applies & _scope(check, cases),
        **{name: cases.attribute(name) for name in conditions},
    )
    return rows.filter(rows["_applies"]).drop("_applies")


def evaluate_checks(contract: Contract, log: EventLog) -> ir.Table:
    """One row per case and applicable check, with the conditions the case ran under.

    Args:
        contract: the stability contract.
        log: the canonical event log (see :mod:`taut.ingest.log`).

    Returns:
        A lazy Ibis table with the columns listed in :mod:`taut.outcomes`.

    Raises:
        InputError: the log lacks a column the contract uses.
    """
    cases = collect_case_facts(contract=contract, log=log)
    parts = [
        _rows(area=area, check=check, cases=cases, conditions=contract.conditions)
        for area, check in contract.checks
    ]
    stacked = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    logger.debug("outcomes: %d checks over the log from %s", len(parts), log.source)
    return attribute_conditions(rows=stacked, cases=cases).select(*outcome_columns(contract))


def evaluate_lagging(contract: Contract, log: EventLog) -> ir.Table:
    """Whether each lagging outcome occurred in each case, for consequences later.

    Uses the present rule's semantics: an outcome occurred in a case when its ``step``
    happened at or after the anchor (the first ``after``, or the case's first event when
    ``after`` is left out), at any time. Every case gets a row per outcome; a case without
    the anchor has ``occurred`` false.

    Args:
        contract: the stability contract.
        log: the canonical event log.

    Returns:
        A lazy Ibis table with ``case_id``, ``outcome``, ``occurred`` (bool) and ``time``
        (the first qualifying ``step``, naive UTC, null when none).
    """
    cases = collect_case_facts(contract=contract, log=log)
    parts = []
    for outcome in contract.outcomes:
        judged = judge_present(rule=outcome.present, cases=cases)
        reached = ibis.ifelse(judged.status == "kept", judged.decided, ibis.null("timestamp"))
        parts.append(
            cases.table.select(
                case_id=cases.table["case_id"],
                outcome=ibis.literal(outcome.id, type="string"),
                occurred=reached.notnull(),
                time=reached,
            )
        )
    if not parts:
        empty = cases.table.select(
            case_id=cases.table["case_id"],
            outcome=ibis.null("string"),
            occurred=ibis.literal(value=False),
            time=ibis.null("timestamp"),
        )
        return empty.filter(ibis.literal(value=False))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
