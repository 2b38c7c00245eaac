"""Times in an event log, read as instants and shown as UTC and as local wall-clock time.

A log's time column may hold text (CSV, JSON Lines, or string columns in Parquet), native
timestamps (naive or with a time zone), dates, or numbers. Every form is turned into one
instant (``timestamp('UTC')``, a ``TIMESTAMPTZ`` in DuckDB and PostgreSQL), from which
the canonical ``ts`` (naive UTC) and ``local_ts`` (naive wall-clock time in the contract's
``source.timezone``) are derived.

Text is read by these rules, in order (all as Ibis expressions, evaluated in the database):

1. With ``timestamp_format`` set, the text must match it (``strptime`` directives such as
   ``%d/%m/%Y %H:%M``; a ``%z`` in the format reads an offset).
2. ISO 8601 ending in ``Z`` or an offset (``-06:00``, ``+0530``) is that instant.
3. Any other ISO 8601 text (``2025-03-04 16:32:00``, ``2025-03-04T16:32``, a bare date,
   fractional seconds) is wall-clock time in ``source.timezone``.
4. All digits, perhaps with a decimal part, is epoch seconds (UTC), if below 10^11.

Wall-clock times are converted with the database's ``timezone(zone, ts)`` function, which
follows the IANA rules, daylight saving included. As in PostgreSQL, a time that happens twice
when clocks fall back is read as standard time (the later instant), and a time skipped when
clocks spring forward is read with the offset in force before the change (so ``02:30`` on a
spring-forward day in Chicago is ``08:30`` UTC, shown locally as ``03:30``).

Text that fits no rule gives a null instant; the caller counts those rows and sets them aside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import ibis
import ibis.expr.types as ir

from taut.errors import InputError, Problem

OFFSET_PATTERN = r"\d:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$"
EPOCH_PATTERN = r"^\d+(\.\d+)?$"
_SPACE_BEFORE_OFFSET = r"\s+([Zz]|[+-]\d{2}(:?\d{2})?)$"
MAX_EPOCH_SECONDS = 1e11
"""Epoch seconds at or above this (the year 5138) are not taken as times."""


def _timezone(zone: object, timestamp: object) -> object:
    """``timezone(zone, ts)``, a standard database builtin; never called in Python."""
    raise NotImplementedError


def _try_strptime(text: object, format_: object) -> object:
    """DuckDB's ``try_strptime``: ``strptime`` giving null instead of failing; never called."""
    raise NotImplementedError


_BUILTIN = ibis.udf.scalar.builtin
# timezone(zone, naive wall-clock time) -> the instant at which zone's clocks showed it.
_wall_clock_to_instant: Callable[..., ir.TimestampValue] = _BUILTIN(
    _timezone, name="timezone", signature=(("string", "timestamp"), "timestamp('UTC')")
)
# timezone(zone, instant) -> what zone's clocks showed at that instant (naive).
_instant_to_wall_clock: Callable[..., ir.TimestampValue] = _BUILTIN(
    _timezone, name="timezone", signature=(("string", "timestamp('UTC')"), "timestamp")
)
_strptime_naive: Callable[..., ir.TimestampValue] = _BUILTIN(
    _try_strptime, name="try_strptime", signature=(("string", "string"), "timestamp")
)
# With %z in the format, try_strptime gives an instant.
_strptime_instant: Callable[..., ir.TimestampValue] = _BUILTIN(
    _try_strptime, name="try_strptime", signature=(("string", "string"), "timestamp('UTC')")
)


def wall_clock_to_instant(wall: ir.TimestampValue, *, zone: str) -> ir.TimestampValue:
    """The instant at which clocks in ``zone`` showed the naive timestamp ``wall``."""
    return _wall_clock_to_instant(zone, wall)


def instant_to_wall_clock(instant: ir.TimestampValue, *, zone: str) -> ir.TimestampValue:
    """The naive wall-clock time in ``zone`` at ``instant`` (``zone='UTC'`` gives naive UTC)."""
    return _instant_to_wall_clock(zone, instant)


def _epoch_seconds_to_instant(seconds: ir.NumericValue) -> ir.TimestampValue:
    """Epoch seconds as an instant; null outside 1970..5138 (not epoch seconds, or garbage)."""
    value = seconds.cast("float64")
    millis = (value * 1000).round().try_cast("int64")
    plausible = (value >= 0) & (value < MAX_EPOCH_SECONDS)
    return ibis.ifelse(
        plausible, wall_clock_to_instant(millis.as_timestamp("ms"), zone="UTC"), ibis.null()
    )


def text_to_instant(
    text: ir.StringValue, *, zone: str, timestamp_format: str | None
) -> ir.TimestampValue:
    """Read trimmed text as an instant by the module's rules; null when it fits none."""
    if timestamp_format is not None:
        if "%z" in timestamp_format or "%Z" in timestamp_format:
            return _strptime_instant(text, timestamp_format)
        return wall_clock_to_instant(_strptime_naive(text, timestamp_format), zone=zone)
    with_offset = text.re_replace(_SPACE_BEFORE_OFFSET, r"\1").try_cast("timestamp('UTC')")
    wall_clock = text.try_cast("timestamp")
    # CASE evaluates lazily: the epoch pattern is only tried on text that is not ISO 8601.
    return ibis.cases(
        (text.re_search(OFFSET_PATTERN), with_offset),
        (wall_clock.notnull(), wall_clock_to_instant(wall_clock, zone=zone)),
        (text.re_search(EPOCH_PATTERN), _epoch_seconds_to_instant(text.try_cast("float64"))),
        else_=ibis.null("timestamp('UTC')"),
    )


def column_to_instant(
    column: ir.Column, *, name: str, zone: str, timestamp_format: str | None
) -> ir.TimestampValue:
    """Read a time column of any supported type as an instant.

    Args:
        column: the raw time column.
        name: the column's name in the file, for messages.
        zone: the IANA zone of times without an offset.
        timestamp_format: the contract's ``strptime`` format, if any (text only).

    Returns:
        A ``timestamp('UTC')`` expression, null where the value is not a time.

    Raises:
        InputError: the column holds a type that cannot be a time (booleans, lists, ...).
    """
    dtype = column.type()
    if dtype.is_string():
        return text_to_instant(column.strip(), zone=zone, timestamp_format=timestamp_format)
    if dtype.is_timestamp():
        if dtype.timezone is not None:
            return column.cast("timestamp('UTC')")
        return wall_clock_to_instant(column, zone=zone)
    if dtype.is_date():
        return wall_clock_to_instant(column.cast("timestamp"), zone=zone)
    if dtype.is_integer() or dtype.is_floating() or dtype.is_decimal():
        return _epoch_seconds_to_instant(column)
    raise InputError(
        [
            Problem(
                code="time-column-type",
                severity="error",
                message=(
                    f"Column '{name}' holds values of type {dtype}, which cannot be times. "
                    "Map columns.timestamp to a column of times (ISO 8601 text, timestamps "
                    "or epoch seconds)."
                ),
            )
        ]
    )


_NUMERIC_DATE = re.compile(
    r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(:\d{2})?)?\s*(AM|PM|am|pm)?$"
)


def guess_timestamp_format(examples: Sequence[str]) -> str | None:
    """Guess a ``strptime`` format from time texts that did not parse, or ``None``.

    Day-first is chosen when a first number exceeds 12, month-first when a second does,
    day-first when nothing tells them apart. Only ``dd/mm/yyyy``-like shapes are guessed.

    >>> guess_timestamp_format(["31/03/2025 16:32", "01/04/2025 09:00"])
    '%d/%m/%Y %H:%M'
    >>> guess_timestamp_format(["03/31/2025"])
    '%m/%d/%Y'
    >>> guess_timestamp_format(["yesterday"]) is None
    True
    """
    matches = [_NUMERIC_DATE.match(text.strip()) for text in examples]
    found = [match for match in matches if match is not None]
    if not found or len(found) < len(matches):
        return None
    first = found[0]
    separator = first.group(2)
    if len(first.group(1)) == 4:
        date = f"%Y{separator}%m{separator}%d"
    else:
        month_first = any(int(match.group(3)) > 12 for match in found)
        day_first = any(int(match.group(1)) > 12 for match in found)
        if month_first and day_first:
            return None
        year = "%Y" if len(first.group(4)) == 4 else "%y"
        order = ("%m", "%d") if month_first else ("%d", "%m")
        date = separator.join((*order, year))
    if first.group(5) is None:
        return date
    twelve_hour = first.group(8) is not None
    clock = "%I:%M" if twelve_hour else "%H:%M"
    if first.group(7) is not None:
        clock += ":%S"
    if twelve_hour:
        clock += " %p"
    return f"{date} {clock}"
