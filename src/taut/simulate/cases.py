"""The simulated deals (cases): when each closed, who handled it, and its attributes.

Cases are drawn day by day and team by team from :mod:`taut.simulate.calendar`, then sorted
by closing time so that deal ids grow with time. Every attribute is an integer code into a
vocabulary of :mod:`taut.simulate.people`.

Workload is defined the way taut computes it (``taut.outcomes.conditions``): the number of
cases a (sales) team started on a local calendar day, placed among that team's days with at
least one case by SQL's ``CUME_DIST`` (the share of those days with a count at or below
it). A day is a high-workload day for the team when that share is at least 0.75 (the top
quartile; ties at the boundary count as high).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from taut.simulate.calendar import (
    LATE_FROM_MINUTE,
    Calendar,
    draw_close_minutes,
    draw_team_counts,
)
from taut.simulate.people import (
    DEAL_SIZE_WEIGHTS,
    PRIORITY_BY_SIZE,
    REGION_WEIGHTS,
    SALES_TEAM_WEIGHTS,
    draw_by_row,
    draw_codes,
    draw_coordinators,
    draw_ops_teams,
    draw_reps,
)

HIGH_WORKLOAD_SHARE = 0.75
MINUTES_PER_DAY = 24 * 60

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]


@dataclass(frozen=True)
class CaseTable:
    """One entry per simulated deal, sorted by closing time.

    Attributes:
        closed: minutes from midnight of the first day to the deal's closing (local time).
        day: the index of the local day the deal closed on.
        weekday: 0 (Monday) .. 6 (Sunday) of that day.
        team: the sales team (code into SALES_TEAMS).
        rep: the sales rep (code into REPS).
        region, deal_size, priority: attribute codes (REGIONS, DEAL_SIZES, PRIORITIES).
        ops_team: the Operations team (code into OPS_TEAMS).
        coordinator: who acknowledges and schedules the kickoff (code into COORDINATORS).
        deliverer: who starts delivery (code into COORDINATORS).
        high_workload: whether the deal closed on a high-workload day of its sales team.
        late: whether the deal closed at or after 16:00 local time.
    """

    closed: Ints
    day: Ints
    weekday: Ints
    team: Ints
    rep: Ints
    region: Ints
    deal_size: Ints
    priority: Ints
    ops_team: Ints
    coordinator: Ints
    deliverer: Ints
    high_workload: Flags
    late: Flags

    @property
    def size(self) -> int:
        """The number of cases."""
        return int(self.closed.size)


def high_workload_days(
    counts: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Mark each (day, team) whose count is in the team's top quartile of active days.

    >>> high_workload_days(np.array([[1], [2], [3], [4], [5], [0], [2], [3]])).ravel().tolist()
    [False, False, False, True, True, False, False, False]
    """
    high = np.zeros(counts.shape, dtype=np.bool_)
    for team in range(counts.shape[1]):
        column = counts[:, team]
        active = np.sort(column[column > 0])
        if active.size == 0:
            continue
        at_or_below = np.searchsorted(active, column, side="right")
        high[:, team] = (column > 0) & (at_or_below / active.size >= HIGH_WORKLOAD_SHARE)
    return high


def draw_cases(
    *, calendar: Calendar, counts_rng: np.random.Generator, case_rng: np.random.Generator
) -> CaseTable:
    """Draw every deal of the period: counts per team and day, then times and attributes."""
    counts = draw_team_counts(counts_rng, calendar=calendar, team_weights=SALES_TEAM_WEIGHTS)
    high = high_workload_days(counts)
    teams = counts.shape[1]
    flat = counts.ravel()
    day = np.repeat(np.arange(counts.size, dtype=np.int64) // teams, flat)
    team = np.repeat(np.arange(counts.size, dtype=np.int64) % teams, flat)
    weekday = calendar.weekday[day]
    minute = draw_close_minutes(case_rng, weekend=weekday >= 5)
    closed = day * MINUTES_PER_DAY + minute
    order = np.argsort(closed * teams + team, kind="stable")
    day, team, closed, minute = day[order], team[order], closed[order], minute[order]
    size = closed.size
    deal_size = draw_codes(case_rng, size=size, weights=DEAL_SIZE_WEIGHTS)
    ops_team = draw_ops_teams(case_rng, deal_size=deal_size)
    return CaseTable(
        closed=closed,
        day=day,
        weekday=calendar.weekday[day],
        team=team,
        rep=draw_reps(case_rng, team=team),
        region=draw_codes(case_rng, size=size, weights=REGION_WEIGHTS),
        deal_size=deal_size,
        priority=draw_by_row(case_rng, rows=deal_size, table=PRIORITY_BY_SIZE),
        ops_team=ops_team,
        coordinator=draw_coordinators(case_rng, ops_team=ops_team),
        deliverer=draw_coordinators(case_rng, ops_team=ops_team),
        high_workload=high[day, team],
        late=minute >= LATE_FROM_MINUTE,
    )
