"""Wall-clock time of a UTC instant in the contract's time zone, as an Ibis expression.

The canonical log carries ``local_ts`` on every event, but the outcomes table needs the local
time of a *case-level* instant (an anchor, the start of a case) after the events are grouped.
Carrying ``local_ts`` through the grouping would need an ``arg_min`` aggregate, which Ibis
compiles to an ordered ``FIRST(... ORDER BY ...)`` on DuckDB (slow) and which not every engine
has. Instead the UTC offset is looked up from the time zone's rules, written into the query as
a balanced tree of ``CASE`` branches over the zone's transitions (see
:mod:`taut.ingest.zones`, which ingest uses for ``ts`` and ``local_ts`` too):

    local = utc + offset(utc),   offset(utc) = the zone's UTC offset in force at instant utc

The table reaches the end of the data's year; a zone with no change (UTC) gives the instant
back unchanged. The result agrees with ``local_ts`` as ingest computes it, because both come
from the same table.

>>> from datetime import datetime
>>> offsets_until("America/Chicago", until=datetime(2024, 12, 31))[-1]
(datetime.datetime(2024, 11, 3, 7, 0), -21600)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taut.ingest.zones import offsets_until, utc_to_wall_clock

if TYPE_CHECKING:
    from datetime import datetime

    import ibis.expr.types as ir

__all__ = ["local_time", "offsets_until"]


def local_time(
    utc: ir.TimestampValue, *, timezone: str, until: datetime, since: datetime | None = None
) -> ir.TimestampValue:
    """The wall-clock time in ``timezone`` of the naive UTC instants in ``utc``.

    Args:
        utc: a naive UTC timestamp expression.
        timezone: the IANA zone to express it in (the contract's ``source.timezone``).
        until: the latest instant ``utc`` can hold (the log's ``data_end``).
        since: the earliest instant ``utc`` can hold (the log's ``data_start``), when known:
            the table of offsets then starts there, and the query compares each row with
            the few changes in the log's span, not with every change since 1900.

    Returns:
        A naive timestamp expression holding local wall-clock time.
    """
    return utc_to_wall_clock(utc, timezone=timezone, until=until, since=since)
