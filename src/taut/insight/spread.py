"""How widespread a slip is: how many people and teams show it, counted and never named.

A slip everywhere points at the system; one confined to a team points at that team's
conditions. During the drift window, each person (and each team) who worked on at least
``min_cases`` decided cases of the check *shows the slip* when the slip rate of those
cases, ``k / n``, exceeds the baseline rate ``p0`` of the whole check by more than two
binomial standard errors:

    k / n > p0 + 2 * sqrt(p0 * (1 - p0) / n),    p0 floored at 0.01,

a one-sided test at about the 2.3% level under independence (the normal approximation
to the binomial; Agresti 2013, *Categorical Data Analysis*, 1.3). A person or team is
linked to a case when it appears on any of the case's events. The teams *seen* (on any
decided case of the drift, judged or not) are counted too, so the text can tell a team
judged alone from a team that worked alone.

Computed with Ibis on the event log joined to the check's decided cases by ``case_id``;
only two counts per dimension leave the database, never a person's value.

No group of fewer than five people is shown or can be inferred:

- people are reported only when at least five are judged, and only when the count splits
  them into groups of none or at least five (showing it, and not): "two of eight people"
  beside a team named by a condition would point at two people in it;
- when the small-team rule applies (a person column, :mod:`taut.ingest.people`), a team is
  counted only when at least five people appear on its events of the drift's cases, so
  "one of five teams shows it" is never a statement about one or two people.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis
import numpy as np
import pandas as pd

from taut.ingest.people import MIN_PEOPLE, SMALL_TEAM
from taut.insight.records import Spread

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.ingest.log import EventLog
    from taut.insight.slip import SlipCases

logger = logging.getLogger(__name__)

MIN_CASES = 10
RATE_FLOOR = 0.01


def _counts(
    linked: ir.Table, *, key: str, p0: float, min_cases: int, min_people: int = 0
) -> tuple[int, int, int]:
    """How many values of ``key`` are seen, how many are judged, and how many of those
    show the slip; with ``min_people``, only values on whose rows at least that many
    distinct people appear are counted at all."""
    rows = linked.filter(linked[key].notnull())
    pairs = rows.select("case_id", key, "slip").distinct()
    per = pairs.group_by(key).aggregate(n=pairs.count(), k=pairs["slip"].sum())
    if min_people:
        crowd = rows.group_by(key).aggregate(crowd=rows["person"].nunique())
        per = per.join(crowd, key)
        per = per.filter(per["crowd"] >= min_people)
    bound = p0 + 2.0 * (p0 * (1.0 - p0) / per["n"].cast("float64")).sqrt()
    judged = (per["n"] >= min_cases).cast("int64")
    showing = judged * (per["k"].cast("float64") / per["n"].cast("float64") > bound).cast("int64")
    result = per.aggregate(seen=per.count(), total=judged.sum(), showing=showing.sum())
    row = result.to_pyarrow().to_pylist()[0]
    return int(row["seen"] or 0), int(row["total"] or 0), int(row["showing"] or 0)


def _in_groups_of_five(showing: int, total: int) -> bool:
    """Whether ``showing`` of ``total`` people splits them into groups of none or at least
    five on each side (showing it, and not): otherwise the count shows a group of one to
    four people, and beside a team named by a condition it points at them.

    >>> _in_groups_of_five(0, 8), _in_groups_of_five(5, 12), _in_groups_of_five(2, 8)
    (True, True, False)
    >>> _in_groups_of_five(9, 12), _in_groups_of_five(12, 12)
    (False, True)
    """
    return all(group == 0 or group >= MIN_PEOPLE for group in (showing, total - showing))


def measure_spread(
    cases: SlipCases,
    *,
    log: EventLog | None,
    min_cases: int = MIN_CASES,
    people: Mapping[str, int] | None = None,
) -> Spread | None:
    """Count the people and teams showing the slip (module docstring).

    Args:
        cases: the signal's cases with their slip indicator.
        log: the event log the outcomes came from; ``None`` counts teams from the cases'
            own ``team`` and leaves people unknown.
        min_cases: the fewest decided cases a person or team needs to be judged.
        people: people per team (:func:`taut.ingest.people.team_people`) when the
            small-team rule applies: then a team is counted only when at least five
            people appear on its events of the drift's cases. ``None``: every team.

    Returns:
        The counts, or ``None`` when there is no decided case before or during the drift.
    """
    decided = cases.decided
    before = decided & cases.before
    during = decided & cases.during
    if not before.any() or not during.any():
        return None
    p0 = max(float(np.nanmean(cases.slip[before])), RATE_FLOOR)
    rows = pd.DataFrame(
        {
            "case_id": cases.frame["case_id"].to_numpy(dtype=object)[during].astype(str),
            "slip": cases.slip[during].astype(np.int64),
        }
    )
    if log is None:
        rows["team"] = cases.frame["team"].to_numpy(dtype=object)[during]
        rows.loc[rows["team"] == SMALL_TEAM, "team"] = None  # held back: not a team
        linked = ibis.memtable(rows)
        seen, teams, teams_showing = _counts(linked, key="team", p0=p0, min_cases=min_cases)
        return Spread(
            people_showing=None,
            people=None,
            teams_showing=teams_showing,
            teams=teams,
            teams_seen=seen,
        )
    events = log.table.select("case_id", "team", "person")
    mine = ibis.memtable(rows)
    linked = events.join(mine, events["case_id"] == mine["case_id"]).select(
        case_id=events["case_id"], team=events["team"], person=events["person"], slip=mine["slip"]
    )
    crowd = 0 if people is None else MIN_PEOPLE
    seen, teams, teams_showing = _counts(
        linked, key="team", p0=p0, min_cases=min_cases, min_people=crowd
    )
    _, judged, judged_showing = _counts(linked, key="person", p0=p0, min_cases=min_cases)
    logger.debug("spread of %s: %d teams judged, %d people judged", cases.check, teams, judged)
    told = judged >= MIN_PEOPLE and _in_groups_of_five(judged_showing, judged)
    return Spread(
        people_showing=judged_showing if told else None,
        people=judged if told else None,
        teams_showing=teams_showing,
        teams=teams,
        teams_seen=seen,
    )


def people_on_cases(cases: SlipCases, *, log: EventLog) -> dict[str, int]:
    """Per team, the fewest distinct people on its events of the check's decided cases in
    either window (before, during): a team condition compares those two groups, so each
    must be five or more for "concentrated in team X" not to be about a few people.

    Only counts leave the database, never a person's value.
    """
    decided = cases.decided
    ids = cases.frame["case_id"].to_numpy(dtype=object).astype(str)
    windows = pd.DataFrame(
        {
            "case_id": np.concatenate([ids[decided & cases.before], ids[decided & cases.during]]),
            "window": np.concatenate(
                [
                    np.zeros(int((decided & cases.before).sum()), dtype=np.int64),
                    np.ones(int((decided & cases.during).sum()), dtype=np.int64),
                ]
            ),
        }
    )
    events = log.table.select("case_id", "team", "person")
    events = events.filter(events["team"].notnull())
    mine = ibis.memtable(windows)
    linked = events.join(mine, events["case_id"] == mine["case_id"])
    per = linked.group_by(["team", "window"]).aggregate(people=linked["person"].nunique())
    fewest = per.group_by("team").aggregate(people=per["people"].min(), windows=per.count())
    read = fewest.to_pyarrow().to_pylist()
    # a team missing from a window has no one there
    return {str(row["team"]): int(row["people"]) if row["windows"] == 2 else 0 for row in read}
