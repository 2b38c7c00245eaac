"""The conditions a case ran under: local hour, weekday and day of the anchor, and workload.

For each outcome row, with ``local`` the anchor's wall-clock time in the contract's zone:

- ``hour``: ``local``'s hour (0..23); ``weekday``: its English name (``Monday`` ..
  ``Sunday``); ``day``: its date.
- ``workload``: how many cases the same team started on ``day``, where a case *starts* at
  its first event, counted on that event's local date, and belongs to its team (the first
  non-empty ``team`` by time). Cases without a team form one team of their own; with no
  team column the whole organisation is one team. A day on which the team started no case
  has workload 0.
- ``workload_pct``: where that day stands among the team's days with at least one case
  started, as the cumulative share ``|{d : workload(d) <= workload(day)}| / |{d}|`` over
  those days ``d`` (SQL ``cume_dist`` ordered by workload; ties count as at or below).
  It is 1.0 on the team's busiest day and 0.0 on a day with no cases started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from taut.outcomes.clock import local_time

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.outcomes.cases import CaseFacts

_NO_TEAM = ""
"""Join key for cases without a team (ingest turns blank strings into nulls, so no team has
this name)."""


def team_workload(*, cases: CaseFacts) -> ir.Table:
    """Cases started per team and local day, with each day's percentile among the team's days.

    Args:
        cases: the per-case facts.

    Returns:
        A table with ``_team_key``, ``_day``, ``workload`` (int64) and ``workload_pct``.
    """
    facts = cases.table
    started = facts.select(
        _team_key=cases.team.fill_null(_NO_TEAM),
        _day=local_time(
            cases.start, timezone=cases.timezone, until=cases.data_end, since=cases.data_start
        ).date(),
    )
    counts = started.group_by("_team_key", "_day").aggregate(workload=started.count())
    return counts.mutate(
        workload_pct=ibis.cume_dist().over(group_by="_team_key", order_by="workload")
    )


def attribute_conditions(*, rows: ir.Table, cases: CaseFacts) -> ir.Table:
    """Add ``hour``, ``weekday``, ``day``, ``workload`` and ``workload_pct`` to outcome rows.

    Args:
        rows: outcome rows with ``anchor_time`` and ``team`` columns.
        cases: the per-case facts the rows came from.

    Returns:
        ``rows`` with the five condition columns added after ``team``.
    """
    local = local_time(
        rows["anchor_time"], timezone=cases.timezone, until=cases.data_end, since=cases.data_start
    )
    timed = rows.mutate(
        hour=local.hour().cast("int64"),
        weekday=local.day_of_week.full_name(),
        day=local.date(),
        _team_key=rows["team"].fill_null(_NO_TEAM),
    )
    workload = team_workload(cases=cases)
    joined = timed.left_join(
        workload,
        [timed["_team_key"] == workload["_team_key"], timed["day"] == workload["_day"]],
    )
    return joined.mutate(
        workload=joined["workload"].fill_null(0).cast("int64"),
        workload_pct=joined["workload_pct"].fill_null(0.0).cast("float64"),
    )
