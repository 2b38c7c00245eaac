"""Time-zone conversion as plain arithmetic: the zone's UTC offsets written into the query.

Converting between wall-clock time and UTC with the database's ``timezone(zone, ts)`` calls
the time-zone library once per row, which on millions of events costs more than parsing
them. Instead the zone's offsets are looked up from :mod:`zoneinfo` once and written into
the query as a balanced tree of ``CASE`` branches over the zone's transitions, so each
conversion is a few comparisons and one addition::

    local = utc + offset(utc)             offset(utc)  = the offset in force at instant utc
    utc   = wall - offset_at_wall(wall)   offset_at_wall(wall) = o_i for the last transition i
                                          with t_i + o_i <= wall

where transition ``i`` happens at the UTC instant ``t_i`` and brings offset ``o_i``. The
second rule reads a wall-clock time that happens twice (clocks fall back) with the new,
later offset (standard time, the later instant) and a wall-clock time that never happens
(clocks spring forward) with the offset in force before the change, as PostgreSQL and
DuckDB's ``timezone`` do: ``02:30`` on a spring-forward day in Chicago is ``08:30`` UTC.

Transitions are found by sampling the offset every six hours from 1900 to the end of the
horizon year and bisecting each change to the second (no zone changes its offset twice
within six hours). Times outside the table (before 1900, after the horizon) fall back to the
database's ``timezone`` function, so the result is exact everywhere.

>>> from datetime import datetime
>>> offsets_until("America/Chicago", until=datetime(2024, 12, 31))[-1]
(datetime.datetime(2024, 11, 3, 7, 0), -21600)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

_FIRST = datetime(1900, 1, 1, tzinfo=UTC)
_STEP = timedelta(hours=6)
_MARGIN = timedelta(days=2)
"""Wall-clock times this close to the table's ends use the database function instead."""
HORIZON = datetime(2037, 12, 31, tzinfo=UTC).replace(tzinfo=None)
"""Ingest converts times up to this year with the table, later ones with the database."""

Stretches = tuple[tuple[datetime, int], ...]


def _timezone(zone: object, timestamp: object) -> object:
    """``timezone(zone, ts)``, a standard database builtin; never called in Python."""
    raise NotImplementedError


_BUILTIN = ibis.udf.scalar.builtin
# timezone(zone, naive wall-clock time) -> the instant at which zone's clocks showed it.
database_wall_clock_to_instant: Callable[..., ir.TimestampValue] = _BUILTIN(
    _timezone, name="timezone", signature=(("string", "timestamp"), "timestamp('UTC')")
)
# timezone(zone, instant) -> what zone's clocks showed at that instant (naive).
database_instant_to_wall_clock: Callable[..., ir.TimestampValue] = _BUILTIN(
    _timezone, name="timezone", signature=(("string", "timestamp('UTC')"), "timestamp")
)


def _start_of_year_after(moment: datetime) -> datetime:
    """New Year after ``moment``'s year, naive like the canonical times."""
    return datetime(moment.year + 1, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def _offset_seconds(zone: ZoneInfo, instant: datetime) -> int:
    offset = instant.astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@functools.lru_cache(maxsize=32)
def _offsets_until(timezone: str, year: int) -> Stretches:
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


def offsets_until(timezone: str, *, until: datetime) -> Stretches:
    """The zone's UTC offsets as ``(naive UTC start, offset in seconds)``, oldest first.

    The zone is sampled once per process up to :data:`HORIZON` (every caller up to then
    shares that table, cut at ``until``'s year); only a later ``until`` samples again.

    Args:
        timezone: an IANA time zone name.
        until: the last instant that needs converting (naive UTC); transitions up to the end
            of its year are listed.

    Returns:
        One pair per stretch of constant offset, starting with the offset in force in 1900.
    """
    if until.year > HORIZON.year:
        return _offsets_until(timezone, until.year)
    end = _start_of_year_after(until)
    return tuple(stretch for stretch in _offsets_until(timezone, HORIZON.year) if stretch[0] < end)


def _since(stretches: Stretches, since: datetime | None) -> Stretches:
    """The stretches in force at or after ``since`` (all of them when ``None``)."""
    if since is None:
        return stretches
    first = max((i for i, (start, _) in enumerate(stretches) if start <= since), default=0)
    return stretches[first:]


def _tree(
    moment: ir.TimestampValue, boundaries: tuple[tuple[datetime, int], ...]
) -> ir.IntegerValue:
    if len(boundaries) == 1:
        return ibis.literal(boundaries[0][1], type="int64")
    middle = len(boundaries) // 2
    boundary = ibis.literal(boundaries[middle][0], type="timestamp")
    return ibis.ifelse(
        moment < boundary,
        _tree(moment, boundaries[:middle]),
        _tree(moment, boundaries[middle:]),
    )


def _shifted(moment: ir.TimestampValue, stretches: Stretches) -> ir.TimestampValue:
    """``moment`` plus the offset the table gives it (the table's start times are in
    ``moment``'s own clock)."""
    if len({offset for _, offset in stretches}) == 1:
        offset = stretches[0][1]
        return moment if offset == 0 else moment + ibis.literal(offset).as_interval("s")
    return moment + _tree(moment, stretches).as_interval("s")


def utc_to_wall_clock(
    utc: ir.TimestampValue, *, timezone: str, until: datetime, since: datetime | None = None
) -> ir.TimestampValue:
    """The wall-clock time in ``timezone`` of the naive UTC instants in ``utc``.

    Args:
        utc: a naive UTC timestamp expression.
        timezone: the IANA zone to express it in.
        until: the latest instant ``utc`` is known to hold; later instants (and instants
            before 1900) are converted by the database's ``timezone`` function.
        since: the earliest instant ``utc`` is known to hold, when known: the table then
            starts with the stretch in force at ``since`` (a few comparisons per row
            instead of one per level of a tree over every change since 1900); earlier
            instants are converted by the database's function, so the result is the same.

    Returns:
        A naive timestamp expression holding local wall-clock time.
    """
    table = offsets_until(timezone, until=until)
    if len(table) == 1 and table[0][1] == 0:
        return utc
    stretches = _since(table, since)
    last = _start_of_year_after(until)
    covered = (utc >= stretches[0][0]) & (utc < last)
    exact = database_instant_to_wall_clock(timezone, utc.cast("timestamp('UTC')"))
    return ibis.ifelse(covered, _shifted(utc, stretches), exact)


def _wall_clock_boundaries(stretches: Stretches) -> Stretches | None:
    """Each stretch's start as the wall-clock time its own offset shows there, or ``None``
    when those times do not increase (a zone whose changes overlap on the wall clock)."""
    shifted = ((start + timedelta(seconds=offset), offset) for start, offset in stretches)
    boundaries = tuple(shifted)
    increasing = all(a[0] < b[0] for a, b in itertools.pairwise(boundaries))
    return boundaries if increasing else None


def wall_clock_to_utc(
    wall: ir.TimestampValue, *, timezone: str, until: datetime = HORIZON
) -> ir.TimestampValue:
    """The naive UTC instant at which clocks in ``timezone`` showed the naive time ``wall``.

    Args:
        wall: a naive wall-clock timestamp expression.
        timezone: the IANA zone the wall clock is in.
        until: the table covers wall-clock times up to the end of this year; later ones
            (and ones before 1900) are converted by the database's ``timezone`` function.

    Returns:
        A naive UTC timestamp expression.
    """
    stretches = offsets_until(timezone, until=until)
    if len(stretches) == 1 and stretches[0][1] == 0:
        return wall
    exact = database_instant_to_wall_clock("UTC", database_wall_clock_to_instant(timezone, wall))
    boundaries = _wall_clock_boundaries(stretches)
    if boundaries is None:
        return exact
    negated = tuple((start, -offset) for start, offset in boundaries)
    first = stretches[0][0] + _MARGIN
    last = _start_of_year_after(until) - _MARGIN
    covered = (wall >= first) & (wall < last)
    return ibis.ifelse(covered, _shifted(wall, negated), exact)
