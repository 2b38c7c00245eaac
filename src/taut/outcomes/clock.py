"""Wall-clock time of a UTC instant in the contract's time zone, as an Ibis expression.

The canonical log carries ``local_ts`` on every event, but the outcomes table needs the local
time of a *case-level* instant (an anchor, the start of a case) after the events are grouped.
Carrying ``local_ts`` through the grouping would need an ``arg_min`` aggregate, which Ibis
compiles to an ordered ``FIRST(... ORDER BY ...)`` on DuckDB (slow) and which not every engine
has. Instead the UTC offset is looked up from the time zone's rules, written into the query as
a balanced tree of ``CASE`` branches over the zone's transitions:

    local = utc + offset(utc),   offset(utc) = the zone's UTC offset in force at instant utc

Transitions are found from :mod:`zoneinfo` by sampling the offset every six hours from 1900 to
the end of the data's year and bisecting each change to the second (no zone changes its offset
twice within six hours); a zone with no change (UTC) gives
the instant back unchanged. The result agrees with ``local_ts`` as ingest computes it, because
both come from the same IANA rules.

>>> from datetime import datetime
>>> offsets_until("America/Chicago", until=datetime(2024, 12, 31))[-1]
(datetime.datetime(2024, 11, 3, 7, 0), -21600)
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import ibis

if TYPE_CHECKING:
    import ibis.expr.types as ir

_FIRST = datetime(1900, 1, 1, tzinfo=UTC)
_STEP = timedelta(hours=6)


def _offset_seconds(zone: ZoneInfo, instant: datetime) -> int:
    offset = instant.astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@functools.lru_cache(maxsize=32)
def _offsets_until(timezone: str, year: int) -> tuple[tuple[datetime, int], ...]:
    zone = ZoneInfo(timezone)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    current = _offset_seconds(zone, _FIRST)
    found: list[tuple[datetime, int]] = [(_FIRST.replace(tzinfo=None), current)]
    moment = _FIRST
    while moment < end:
        following = moment + _STEP
        offset = _offset_seconds(zone, following)
        if offset != current:
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset_seconds(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(microsecond=0, tzinfo=None), offset))
            current = offset
        moment = following
    return tuple(found)


def offsets_until(timezone: str, *, until: datetime) -> tuple[tuple[datetime, int], ...]:
    """The zone's UTC offsets as ``(naive UTC start, offset in seconds)``, oldest first.

    Args:
        timezone: an IANA time zone name.
        until: the last instant that needs converting (naive UTC); transitions up to the end
            of its year are listed.

    Returns:
        One pair per stretch of constant offset, starting with the offset in force in 1900.
    """
    return _offsets_until(timezone, until.year)


def _offset_tree(
    utc: ir.TimestampValue, stretches: tuple[tuple[datetime, int], ...]
) -> ir.IntegerValue:
    if len(stretches) == 1:
        return ibis.literal(stretches[0][1], type="int64")
    middle = len(stretches) // 2
    boundary = ibis.literal(stretches[middle][0], type="timestamp")
    return ibis.ifelse(
        utc < boundary,
        _offset_tree(utc, stretches[:middle]),
        _offset_tree(utc, stretches[middle:]),
    )


def local_time(utc: ir.TimestampValue, *, timezone: str, until: datetime) -> ir.TimestampValue:
    """The wall-clock time in ``timezone`` of the naive UTC instants in ``utc``.

    Args:
        utc: a naive UTC timestamp expression.
        timezone: the IANA zone to express it in (the contract's ``source.timezone``).
        until: the latest instant ``utc`` can hold (the log's ``data_end``).

    Returns:
        A naive timestamp expression holding local wall-clock time.
    """
    stretches = offsets_until(timezone, until=until)
    if len({offset for _, offset in stretches}) == 1:
        if stretches[0][1] == 0:
            return utc
        return utc + ibis.literal(stretches[0][1]).as_interval("s")
    return utc + _offset_tree(utc, stretches).as_interval("s")
