"""Back-testing: the event log as it stood at the end of a given local day.

``taut scan --as-of 2025-04-30`` asks what a scan run that evening would have said. The
log is cut at the end of that day in the contract's time zone: every event whose local
wall-clock time is on or before the day is kept, later ones are dropped, and
:attr:`~taut.ingest.log.EventLog.data_end` becomes the end of that day (in UTC, never
later than the log's own end). A case whose deadline falls after that instant is pending
again, exactly as it was that evening.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import ibis

from taut.ingest.log import EventLog

logger = logging.getLogger(__name__)


def end_of_local_day(day: date, *, timezone: str) -> datetime:
    """The first instant after ``day`` in ``timezone``, as naive UTC.

    >>> end_of_local_day(date(2025, 3, 4), timezone="America/Chicago")
    datetime.datetime(2025, 3, 5, 6, 0)
    """
    local = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC).replace(tzinfo=None)


def clip_log(log: EventLog, *, as_of: date) -> EventLog:
    """The log as if the data ended at the end of local day ``as_of``.

    Args:
        log: the full log (not changed).
        as_of: the last local day whose events are kept.

    Returns:
        A new :class:`EventLog` over a lazy filter of ``log.table`` (events at local times
        before the day after ``as_of``), with ``data_end`` set to the end of that day
        (naive UTC) or the log's own ``data_end`` when that is earlier. Problems found on
        the full log are kept as they were.
    """
    next_day = datetime.combine(as_of + timedelta(days=1), time(0, 0))
    table = log.table.filter(log.table.local_ts < ibis.literal(next_day, type="timestamp"))
    end = min(end_of_local_day(as_of, timezone=log.timezone), log.data_end)
    logger.debug("Clipped the log at the end of %s (data_end %s)", as_of, end)
    return dataclasses.replace(log, table=table, data_end=end)
