"""Case-level facts, computed once and shared by every check: first times, attributes, fields.

Every check kind is a comparison between a few per-case facts: when an activity first
happened, when a target activity first happened at or after an anchor, which fields the
first ``at`` event had, and the case's attributes. :func:`collect_case_facts` computes all
of them in two grouped passes, whatever the number of checks:

1. *Times*: one ``group_by(case_id)`` over the events with one filtered aggregate per time:
   the case's first event, ``min(ts) where activity == a`` for every activity the contract
   names, and ``min(ts) where column is not null`` for every attribute.
2. *Second look*: every event joined to its case's times, grouped by case again:

   - *first target at or after the anchor*: ``min(ts) where activity == target and ts >=
     anchor``;
   - *an attribute* (the first non-empty value by ``ts``, ties broken by the smallest
     value): ``min(value) where ts == the attribute's first non-empty ts``;
   - *fields on the first* ``at`` *event*: among the ``at`` events at the first ``at``
     time, the one with the most fields filled, then the one filling the earliest-listed
     fields; found as the maximum of the score ``filled_count * 2**n + sum(filled_i *
     2**(n-1-i))`` over ``n`` fields, which :meth:`CaseFacts.filled` decodes.

The result is one row per case (:class:`CaseFacts`), read by the check kinds through its
accessors; column names inside it are internal.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from taut.contract.models import CompleteRule, Contract, PresentRule, WithinRule
from taut.errors import InputError, Problem, did_you_mean

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.ingest.log import EventLog

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FactNeeds:
    """What the contract asks of each case, gathered from its checks and lagging outcomes.

    Attributes:
        activities: every activity named, in contract order.
        reaches: ``(anchor, target)`` pairs needing "first ``target`` at or after the first
            ``anchor``"; an anchor of ``None`` is the case's first event.
        completes: ``(at, fields)`` pairs needing the fields of the first ``at`` event.
        attributes: case attributes needed (conditions and ``where`` columns).
    """

    activities: tuple[str, ...]
    reaches: tuple[tuple[str | None, str], ...]
    completes: tuple[tuple[str, tuple[str, ...]], ...]
    attributes: tuple[str, ...]

    @classmethod
    def from_contract(cls, contract: Contract) -> FactNeeds:
        """Gather the needs of every check and lagging outcome in ``contract``."""
        reaches: dict[tuple[str | None, str], None] = {}
        completes: dict[tuple[str, tuple[str, ...]], None] = {}
        rules = [check.rule for _, check in contract.checks]
        rules += [outcome.present for outcome in contract.outcomes]
        for rule in rules:
            if isinstance(rule, WithinRule):
                reaches[(rule.from_, rule.to)] = None
            elif isinstance(rule, PresentRule):
                reaches[(rule.after, rule.step)] = None
            elif isinstance(rule, CompleteRule):
                completes[(rule.at, rule.fields)] = None
        attributes = dict.fromkeys((*contract.conditions, *contract.scope_columns))
        return cls(
            activities=contract.activities,
            reaches=tuple(reaches),
            completes=tuple(completes),
            attributes=tuple(attributes),
        )


@dataclass(frozen=True)
class CaseFacts:
    """One row per case with the facts the checks compare; read it through the accessors.

    Attributes:
        table: the per-case table (``case_id`` plus internal columns).
        timezone: the IANA zone local times are expressed in.
        data_end: the end of the data (naive UTC).
        data_start: the first time in the data (naive UTC); ``None`` when not known.
    """

    table: ir.Table
    timezone: str
    data_end: datetime
    first_columns: Mapping[str, str]
    reach_columns: Mapping[tuple[str | None, str], str]
    score_columns: Mapping[tuple[str, tuple[str, ...]], str]
    attribute_columns: Mapping[str, str]
    data_start: datetime | None = None

    @property
    def start(self) -> ir.TimestampColumn:
        """When the case's first event happened."""
        return self.table["_start"]

    @property
    def team(self) -> ir.StringColumn:
        """The case's team: the first non-empty ``team`` by time (null when none)."""
        return self.table["_team"]

    def first(self, activity: str) -> ir.TimestampColumn:
        """When ``activity`` first happened in the case (null when never)."""
        return self.table[self.first_columns[activity]]

    def reach(self, *, anchor: str | None, target: str) -> ir.TimestampColumn:
        """The first ``target`` at or after the first ``anchor`` (``None``: the first event)."""
        return self.table[self.reach_columns[(anchor, target)]]

    def filled(self, *, at: str, fields: tuple[str, ...]) -> tuple[ir.BooleanValue, ...]:
        """Per field, in order, whether it was filled on the judged first ``at`` event."""
        score = self.table[self.score_columns[(at, fields)]]
        count = len(fields)
        return tuple((score // (2 ** (count - 1 - i))) % 2 == 1 for i in range(count))

    def attribute(self, name: str) -> ir.StringColumn:
        """The case's value of attribute ``name``: first non-empty by time, ties -> smallest."""
        return self.table[self.attribute_columns[name]]


def _require_columns(log: EventLog, needs: FactNeeds) -> None:
    wanted = dict.fromkeys(
        (*needs.attributes, *(field for _, fields in needs.completes for field in fields))
    )
    present = set(log.table.columns)
    problems = [
        Problem(
            code="missing-attribute",
            severity="error",
            message=(
                f"The event log from {log.source} has no column '{name}', which the contract "
                "uses as a case attribute or complete-check field. Add the column to the log "
                f"or remove it from taut.yaml.{did_you_mean(name, sorted(present))}"
            ),
        )
        for name in wanted
        if name not in present
    ]
    if problems:
        raise InputError(problems)


def _score(events: ir.Table, fields: tuple[str, ...]) -> ir.IntegerValue:
    count = len(fields)
    filled = [events[name].notnull().cast("int64") for name in fields]
    total: ir.IntegerValue = sum(filled[1:], filled[0]) * (2**count)
    for i, flag in enumerate(filled):
        total = total + flag * (2 ** (count - 1 - i))
    return total


def collect_case_facts(*, contract: Contract, log: EventLog) -> CaseFacts:
    """Compute every per-case fact the contract's checks and lagging outcomes need.

    Args:
        contract: the stability contract.
        log: the canonical event log.

    Returns:
        The per-case facts, one row per case that has at least one event.

    Raises:
        InputError: the log lacks an attribute or field column the contract uses.
    """
    needs = FactNeeds.from_contract(contract)
    _require_columns(log, needs)
    first = {name: f"_first_{i}" for i, name in enumerate(needs.activities)}
    reach = {pair: f"_reach_{i}" for i, pair in enumerate(needs.reaches)}
    score = {pair: f"_score_{i}" for i, pair in enumerate(needs.completes)}
    attribute = {"team": "_team"} | {name: f"_attr_{i}" for i, name in enumerate(needs.attributes)}
    fields = (field for _, names in needs.completes for field in names)

    # Each pass reads its own projection of the events, with the columns in a different
    # order, so the two passes never share a subquery: a subquery read twice is copied
    # into a temporary result first (DuckDB materialises it), which for a view of the
    # events (a filter, a computed column) costs a copy of every event.
    events = log.table.select("case_id", "ts", "activity", *attribute)
    ts, activity = events["ts"], events["activity"]
    times = events.group_by("case_id").aggregate(
        _start=ts.min(),
        **{column: ts.min(where=activity == name) for name, column in first.items()},
        **{
            f"{column}_ts": ts.min(where=events[name].notnull())
            for name, column in attribute.items()
        },
    )

    def anchor_of(table: ir.Table, anchor: str | None) -> ir.TimestampColumn:
        return table["_start"] if anchor is None else table[first[anchor]]

    carried = ("_start", *first.values())
    second_look = log.table.select(
        "case_id", "activity", "ts", *dict.fromkeys((*attribute, *fields))
    )
    # Every event is joined, not only those that can matter (targets, ``at`` events,
    # non-empty attributes): a team on every event keeps them all anyway, and such a filter
    # makes DuckDB guess the events side smaller than the per-case side and build its hash
    # table on the ten million events instead of the two million cases (measured: 4-7 s
    # instead of 1 s on 10M events).
    joined = second_look.join(
        times.select("case_id", *carried, *(f"{column}_ts" for column in attribute.values())),
        "case_id",
    )
    second: dict[str, ir.Value] = {}
    for (anchor, target), column in reach.items():
        second[column] = joined["ts"].min(
            where=(joined["activity"] == target) & (joined["ts"] >= anchor_of(joined, anchor))
        )
    for (at, names), column in score.items():
        second[column] = _score(joined, names).max(
            where=(joined["activity"] == at) & (joined["ts"] == joined[first[at]])
        )
    for name, column in attribute.items():
        second[column] = joined[name].min(where=joined["ts"] == joined[f"{column}_ts"])
    # The first pass's times ride along (one value per case, so ``min`` is that value):
    # the per-case table then comes out of this one aggregate, without joining the first
    # pass again (which DuckDB would materialise, as it is read twice).
    facts = joined.group_by("case_id").aggregate(
        **{column: joined[column].min() for column in carried}, **second
    )
    columns = ["case_id", "_start", *first.values(), *reach.values(), *score.values()]
    logger.debug(
        "case facts: %d activities, %d reaches, %d complete checks, %d attributes",
        len(first),
        len(reach),
        len(score),
        len(attribute),
    )
    return CaseFacts(
        table=facts.select(*columns, *attribute.values()),
        timezone=log.timezone,
        data_end=log.data_end,
        first_columns=first,
        reach_columns=reach,
        score_columns=score,
        attribute_columns=attribute,
        data_start=log.data_start,
    )
