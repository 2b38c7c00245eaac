"""The handoff each case passed through: from its own team to the next team on it.

A case's *own* team is the team on its first event that has one (ties at the same time
broken by the smallest name, as :mod:`taut.outcomes` does); the *receiving* team is the
team on the first later-or-equal event whose team differs from it (ties broken the same
way). The handoff is ``"<own> to <receiving>"``; a case that never changes team has none.
A handoff is kept only when both teams have at least five people, when people are known,
so a handoff never points at a person.

Computed with Ibis on the event log: two grouped passes and two joins, no loop over
cases. Only case ids and team names leave the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis
import pandas as pd

from taut.ingest.people import may_name

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.ingest.log import EventLog


def _first_team(events: ir.Table, *, name: str) -> ir.Table:
    """Per case, the team on its earliest event in ``events`` (ties: smallest name)."""
    first = events.group_by("case_id").aggregate(_t=events["ts"].min())
    hits = events.join(
        first, [events["case_id"] == first["case_id"], events["ts"] == first["_t"]]
    ).select(case_id=events["case_id"], team=events["team"])
    return hits.group_by("case_id").aggregate(**{name: hits["team"].min()})


def handoff_table(log: EventLog, *, people: Mapping[str, int] | None) -> ir.Table:
    """``case_id`` and its ``handoff``, ``"<own> to <receiving>"`` (module docstring).

    A lazy Ibis table on the log's connection, one row per case with a handoff between
    teams that may be named: it can be joined to a check's rows in the database, so the
    labels of every case never become Python strings.

    Args:
        log: the canonical event log.
        people: people per team (:func:`taut.ingest.people.team_people`); ``None`` keeps
            every handoff (no person column, or small teams shown by choice).
    """
    events = log.table.select("case_id", "ts", "team")
    events = events.filter(events["team"].notnull())
    own = _first_team(events, name="own")
    later = events.join(own, events["case_id"] == own["case_id"]).select(
        case_id=events["case_id"], ts=events["ts"], team=events["team"], own=own["own"]
    )
    others = later.filter(later["team"] != later["own"])
    receiving = _first_team(others.select("case_id", "ts", "team"), name="to")
    pairs = own.join(receiving, own["case_id"] == receiving["case_id"]).select(
        case_id=own["case_id"], own=own["own"], to=receiving["to"]
    )
    if people is not None:
        allowed = sorted(team for team in people if may_name(team, people))
        if not allowed:
            pairs = pairs.filter(ibis.literal(value=False))
        else:
            pairs = pairs.filter(pairs["own"].isin(allowed) & pairs["to"].isin(allowed))
    label = pairs["own"].cast("string") + " to " + pairs["to"].cast("string")
    return pairs.select(case_id=pairs["case_id"].cast("string"), handoff=label)


def handoff_labels(log: EventLog, *, people: Mapping[str, int] | None) -> pd.Series:
    """``"<own> to <receiving>"`` per case id (module docstring), indexed by case id.

    Args:
        log: the canonical event log.
        people: people per team (:func:`taut.ingest.people.team_people`); ``None`` keeps
            every handoff (no person column, or small teams shown by choice).

    Returns:
        A string series indexed by ``case_id``; cases without a handoff are absent.
    """
    frame = handoff_table(log, people=people).to_pandas()
    return pd.Series(
        frame["handoff"].to_numpy(dtype=object),
        index=frame["case_id"].astype(str).to_numpy(),
        dtype=object,
    )


__all__ = ["handoff_labels", "handoff_table"]
