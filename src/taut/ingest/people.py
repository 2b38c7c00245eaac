"""Who may be shown: people are counted per team, and teams too small to name are held back.

taut reads the person column only to count. The one rule built on those counts::

    a team is *small* when fewer than MIN_PEOPLE (5) distinct people appear on its events

A small team is never named and never a segment of its own: :func:`hold_back_teams`
replaces its name with :data:`SMALL_TEAM` in a table before anything is shown or written
(the outcomes export, the scan's segments, the insights' conditions and handoffs), and the
stages that name teams consult :func:`team_people` and keep only teams that are not small.
A team whose events name no person counts zero people, so it is small: taut cannot tell it
is safe to name. The label itself is never counted as a team.

A value of the person column found in a column taut shows (the activity, a condition) is
an error, :func:`person_values_elsewhere`: that column holds people too, and taut would name
them. Only how many values are shared is said, never which.

The rule needs the person column. With none mapped, taut cannot tell a small team from a
large one: teams are shown as they are and ``taut check`` warns (see
:mod:`taut.contract.review`). A contract may opt out with ``privacy: {show_small_teams:
true}``.

Counting runs in the database (Ibis); only team names and counts leave it, never a
person's value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from taut.errors import Problem

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Contract
    from taut.ingest.log import EventLog

MIN_PEOPLE = 5
"""The fewest distinct people a team needs to be named or watched on its own."""
SMALL_TEAM = f"small team (fewer than {MIN_PEOPLE} people)"
"""What a held-back team is called in every output and export."""


def people_per_team(log: EventLog) -> dict[str, int]:
    """Distinct people seen on each team's events (counts only; names never leave).

    Every team with a value in the log is listed, with 0 when none of its events names a
    person. The :data:`SMALL_TEAM` label is not a team and is never listed.
    """
    table = log.table
    counts = (
        table.filter(table.team.notnull() & (table.team != SMALL_TEAM))
        .group_by("team")
        .aggregate(people=ibis._.person.nunique())
        .to_pyarrow()
    )
    teams = counts.column("team").to_pylist()
    people = counts.column("people").to_pylist()
    return {str(team): int(count) for team, count in zip(teams, people, strict=True)}


def team_people(log: EventLog, *, contract: Contract) -> dict[str, int] | None:
    """People per team when the small-team rule applies, else ``None``.

    ``None`` when the contract maps no team or no person column (people cannot be
    counted) or opts in to show small teams; then no team is held back.
    """
    columns = contract.columns
    if columns.team is None or columns.person is None or contract.privacy.show_small_teams:
        return None
    return people_per_team(log)


def small_teams(people: Mapping[str, int], *, min_people: int = MIN_PEOPLE) -> tuple[str, ...]:
    """The teams with fewer than ``min_people`` people, sorted.

    >>> small_teams({"North": 12, "Solo": 1, "Pair": 2})
    ('Pair', 'Solo')
    """
    return tuple(sorted(team for team, count in people.items() if count < min_people))


def may_name(team: str, people: Mapping[str, int] | None) -> bool:
    """Whether ``team`` may be named or watched on its own (``people=None``: no rule).

    >>> may_name("North", {"North": 12}), may_name(SMALL_TEAM, {}), may_name("Solo", None)
    (True, False, True)
    """
    return people is None or people.get(team, 0) >= MIN_PEOPLE


def hold_back_teams(table: ir.Table, *, people: Mapping[str, int] | None) -> ir.Table:
    """``table`` with each small team's name in its ``team`` column replaced by the label.

    Args:
        table: any table with a text ``team`` column (the outcomes, the event log).
        people: :func:`team_people`; ``None`` holds nothing back.

    Returns:
        The same columns in the same order; lazy, nothing runs here.
    """
    small = small_teams(people) if people is not None else ()
    if not small:
        return table
    team = table["team"]
    held = ibis.ifelse(team.isin(small), ibis.literal(SMALL_TEAM, type="string"), team)
    return table.mutate(team=held)


def person_values_elsewhere(table: ir.Table, *, contract: Contract) -> tuple[Problem, ...]:
    """An error for each shown column (activity, conditions) holding person values.

    Args:
        table: the parsed log, with the canonical ``activity`` column, one column per
            condition and, when it was read, ``person`` (without it nothing is checked).
        contract: for the column names in messages.

    Returns:
        One problem per such column, counting the shared values without naming them.
    """
    person = contract.columns.person
    if person is None or "person" not in table.columns:  # not read (``people=False``)
        return ()
    people = table.filter(table.person.notnull()).select(value=table.person).distinct()
    activity_fix = "Map activity to the column that names the step"
    shown = [("activity", contract.columns.activity, "columns.activity", activity_fix)]
    shown += [
        (name, name, "conditions", "Remove it from conditions") for name in contract.conditions
    ]
    counted = [
        table.filter(table[column].notnull())
        .select(value=table[column])
        .distinct()
        .semi_join(people, "value")
        .aggregate(shared=ibis._.count())
        .mutate(index=ibis.literal(index, type="int64"))
        for index, (column, *_) in enumerate(shown)
    ]
    result = ibis.union(*counted).to_pyarrow() if len(counted) > 1 else counted[0].to_pyarrow()
    found = dict(zip(result["index"].to_pylist(), result["shared"].to_pylist(), strict=True))
    problems = []
    for index, (_, name, role, fix) in enumerate(shown):
        shared = int(found.get(index) or 0)
        if shared:
            problems.append(
                Problem(
                    code="person-values-elsewhere",
                    severity="error",
                    message=(
                        f"Column '{name}' ({role} in taut.yaml) has {shared:,} "
                        f"{'value that also appears' if shared == 1 else 'values that also appear'}"
                        " in the person column "
                        f"'{person}': it names people, and taut would show them. {fix}; "
                        "people are only ever counted, from the person column."
                    ),
                    count=shared,
                )
            )
    return tuple(problems)
