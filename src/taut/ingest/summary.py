"""A short description of a loaded event log, for ``taut check`` to print.

People are only counted: :class:`LogSummary` holds how many distinct people the log names,
never who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import ibis

from taut.ingest.log import EventLog


@dataclass(frozen=True)
class LogSummary:
    """What a loaded event log holds.

    Attributes:
        source: where the log came from.
        rows_read: rows in the file (equal to ``events`` for a log built in memory).
        rows_kept: rows in the canonical table (``events``).
        duplicates_dropped: exact duplicate rows dropped.
        rows_set_aside: rows without a case id, an activity or a readable time.
        cases: distinct case ids.
        events: rows in the canonical table.
        activities: each activity with its number of events, most frequent first.
        first_time: the earliest event time (naive UTC).
        last_time: the latest event time (naive UTC), the end of the data.
        teams: distinct teams (0 when no team column is mapped).
        people: distinct people (0 when no person column is mapped); a count only.
        attributes: the attribute columns, in contract order.
        timezone: the zone local times are shown in.
    """

    source: str
    rows_read: int
    rows_kept: int
    duplicates_dropped: int
    rows_set_aside: int
    cases: int
    events: int
    activities: tuple[tuple[str, int], ...]
    first_time: datetime | None
    last_time: datetime | None
    teams: int
    people: int
    attributes: tuple[str, ...]
    timezone: str


def summarize_log(log: EventLog) -> LogSummary:
    """Summarise ``log`` with one aggregate and one small group-by.

    Args:
        log: a loaded event log.

    Returns:
        Counts, the time span and the activities with their event counts.
    """
    table = log.table
    totals = (
        table.aggregate(
            events=table.count(),
            cases=table.case_id.nunique(),
            first_time=table.ts.min(),
            last_time=table.ts.max(),
            teams=table.team.nunique(),
            people=table.person.nunique(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    # An activity that is also a person's value is not listed (taut.ingest.people).
    people = table.filter(table.person.notnull()).select(activity=table.person).distinct()
    by_activity = (
        table.anti_join(people, "activity")
        .group_by("activity")
        .aggregate(events=ibis._.count())
        .to_pyarrow()
        .to_pylist()
    )
    activities = sorted(
        ((str(row["activity"]), int(row["events"])) for row in by_activity),
        key=lambda pair: (-pair[1], pair[0]),
    )
    events = int(totals["events"])
    rows_read = log.rows_read if log.rows_read is not None else events + log.duplicates_dropped
    return LogSummary(
        source=log.source,
        rows_read=rows_read,
        rows_kept=events,
        duplicates_dropped=log.duplicates_dropped,
        rows_set_aside=rows_read - events - log.duplicates_dropped,
        cases=int(totals["cases"]),
        events=events,
        activities=tuple(activities),
        first_time=totals["first_time"],
        last_time=totals["last_time"],
        teams=int(totals["teams"]),
        people=int(totals["people"]),
        attributes=log.attributes,
        timezone=log.timezone,
    )
