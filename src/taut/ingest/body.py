"""The log's body in time, and the placeholder times set aside because they lie far outside it.

Exports carry placeholder times: ``1900-01-01`` for "unknown", ``1970-01-01`` from a zero
epoch, ``9999-12-31`` for "open", even year 10000 once a time zone is applied. One such row
would move the start of the baseline (the first weeks of data) decades back, or the end of
the data (the as-of day, every pending deadline) centuries ahead, and a scan would compare
nothing with nothing and report calm. So ingest finds the *body* of the log and sets every
usable row outside it aside, counted and with examples, like rows without a time.

Rule, over the usable rows' UTC event days:

1. A time before 1678-01-01 or from 2262-01-01 on is outside: no log of work happens there,
   and pandas' timestamps (what a user's analysis of the outcomes reads) cannot hold it.
2. The remaining days are cut into stretches wherever two consecutive event days are more
   than :data:`GAP` (365 days) apart. The body is the stretch holding the most rows (on a
   tie, the later one); rows in every other stretch are outside.

A real log, however long, has events at least every few weeks, so it is one stretch and
nothing is trimmed; a placeholder lies decades from the body, across a gap no real log has.
A log whose events really pause for more than a year keeps only its larger part, and says so.

When nothing lies outside the plausible years and the whole log spans at most :data:`GAP`,
no stretch can be cut off, and no query is run: the counts of
:func:`~taut.ingest.problems.count_rows` already tell.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from taut.errors import Problem
from taut.ingest.canonical import plausible, usable
from taut.ingest.problems import ERROR_SHARE, RowCounts
from taut.ingest.zones import HORIZON, utc_to_wall_clock

GAP = timedelta(days=365)
"""Event days further apart than this split the log into stretches (rule 2)."""
_EXAMPLES = 5


def _body(table: ir.Table, *, weight: str | None) -> tuple[datetime, datetime]:
    """The first and last time of the stretch of event days holding the most rows."""
    candidates = table.filter(usable(table) & plausible(table.ts))
    rows = candidates[weight].sum() if weight is not None else candidates.count()
    days = candidates.group_by(day=candidates.ts.date()).aggregate(
        rows=rows, first=candidates.ts.min(), last=candidates.ts.max()
    )
    ordered = ibis.window(order_by=days.day)
    gap = days.day.delta(days.day.lag().over(ordered), unit="day")
    flagged = days.mutate(
        starts=ibis.coalesce(gap > GAP.days, ibis.literal(value=False)).cast("int64")
    )
    stretches = flagged.mutate(stretch=flagged.starts.cumsum().over(ordered))
    best = (
        stretches.group_by("stretch")
        .aggregate(
            rows=stretches.rows.sum(), first=stretches.first.min(), last=stretches["last"].max()
        )
        .order_by([ibis.desc("rows"), ibis.desc("last")])
        .limit(1)
        .to_pyarrow()
        .to_pylist()[0]
    )
    return best["first"], best["last"]


def _share(count: int, rows_read: int) -> str:
    rows = f"{rows_read:,} row" + ("" if rows_read == 1 else "s")
    return f"{count:,} of {rows} ({count / rows_read:.1%})"


def _examples(outside: ir.Table, *, timezone: str) -> tuple[str, ...]:
    """The first few distinct times outside the body, as local wall-clock text, in time order.

    The local time is derived from ``ts`` here, for these few rows, so the examples do not
    depend on the table storing ``local_ts`` (the outcomes' table does not).
    """
    local = utc_to_wall_clock(outside.ts, timezone=timezone, until=HORIZON)
    shown = ibis.coalesce(local, outside.ts).strftime("%Y-%m-%d %H:%M")
    texts = (
        outside.group_by(text=shown)
        .aggregate(at=outside.ts.min())
        .order_by("at")
        .limit(_EXAMPLES)
        .to_pyarrow()
    )
    return tuple(str(text) for text in texts.column("text").to_pylist())


def _local_day(moment: datetime, *, timezone: str) -> str:
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date().isoformat()


def keep_body(
    table: ir.Table, *, counts: RowCounts, weight: str | None, column: str, timezone: str
) -> tuple[ir.Table, RowCounts, Problem | None]:
    """Set aside the usable rows of ``table`` whose time lies outside the log's body.

    Args:
        table: parsed rows (canonical columns), usable or not.
        counts: :func:`~taut.ingest.problems.count_rows` of those rows.
        weight: the column saying how many raw rows each row stands for, or ``None``
            when each row is one.
        column: the time column's name in the file, for the message.
        timezone: the contract's time zone, in which the message shows the body's days.

    Returns:
        ``table`` without the rows outside the body (unchanged when there are none), the
        counts with those rows taken out of the usable ones and ``data_start`` and
        ``data_end`` set to the body's first and last time, and the problem that reports
        them (``None`` when there were none).
    """
    start, end = counts.data_start, counts.data_end
    if start is None or end is None:
        return table, counts, None
    if not counts.implausible and end - start <= GAP:
        return table, counts, None
    first, last = _body(table, weight=weight)
    inside = (table.ts >= ibis.literal(first, type="timestamp")) & (
        table.ts <= ibis.literal(last, type="timestamp")
    )
    outside = usable(table) & ~inside
    distinct_rows = outside.cast("int64").sum()
    raw_rows = table[weight].sum(where=outside) if weight is not None else distinct_rows
    found = table.aggregate(raw=raw_rows, distinct=distinct_rows)
    numbers = found.to_pyarrow().to_pylist()[0]
    raw, distinct = int(numbers["raw"] or 0), int(numbers["distinct"] or 0)
    body = dataclasses.replace(counts, data_start=first, data_end=last)
    if raw == 0:
        return table, body, None
    problem = Problem(
        code="outside-body",
        severity="error" if raw > ERROR_SHARE * counts.rows_read else "warning",
        message=(
            f"Column '{column}' has {_share(raw, counts.rows_read)} whose times lie far outside "
            f"the rest of the log ({_local_day(first, timezone=timezone)} to "
            f"{_local_day(last, timezone=timezone)}), such as placeholder "
            "dates; those rows were set aside so they cannot move the baseline or the end of "
            "the data. A time is that far out when it is before 1678, after 2261, or more "
            "than a year of no events away from the bulk of the log. Fix those times in the "
            "source system or drop those rows."
        ),
        count=raw,
        examples=_examples(table.filter(outside), timezone=timezone),
    )
    kept = dataclasses.replace(
        body, usable_rows=counts.usable_rows - raw, kept=counts.kept - distinct
    )
    return table.filter(~outside), kept, problem
