"""Times in an event log, read as naive UTC (``ts``) and shown as local wall-clock time.

A log's time column may hold text (CSV, JSON Lines, or string columns in Parquet), native
timestamps (naive or with a time zone), dates, or numbers. Every form is read as the naive
UTC instant the canonical ``ts`` holds; ``local_ts`` (naive wall-clock time in the
contract's ``source.timezone``) is derived from it.

Text is read by these rules, in order (all as Ibis expressions, evaluated in the database):

1. With ``timestamp_format`` set, the text must match it (``strptime`` directives such as
   ``%d/%m/%Y %H:%M``; a ``%z`` in the format reads an offset).
2. ISO 8601 ending in ``Z`` or an offset (``-06:00``, ``+0530``) is that instant.
3. Any other ISO 8601 text (``2025-03-04 16:32:00``, ``2025-03-04T16:32``, a bare date,
   fractional seconds) is wall-clock time in ``source.timezone``.
4. All digits, perhaps with a decimal part, is an epoch number: seconds, milliseconds or
   microseconds since 1970 UTC, the unit told by its magnitude or named by
   ``timestamp_format: epoch_s | epoch_ms | epoch_us`` (see :mod:`taut.ingest.epochs`).

Number columns (Parquet, JSON) are epoch numbers by the same rule.

Wall-clock times are converted by :mod:`taut.ingest.zones` from the IANA rules, daylight
saving included. As in PostgreSQL, a time that happens twice when clocks fall back is read
as standard time (the later instant), and a time skipped when clocks spring forward is read
with the offset in force before the change (so ``02:30`` on a spring-forward day in Chicago
is ``08:30`` UTC, shown locally as ``03:30``).

Text that fits no rule gives a null time; the caller counts those rows and sets them aside.

The expressions are built in stages, each a projection over the previous one, so that the
database computes each intermediate value once per row: the zone conversion compares its
input with several boundaries, and an inlined ``try_cast`` would be repeated in every
comparison.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from taut.errors import InputError, Problem
from taut.ingest.epochs import EPOCH_PATTERN, EpochUnit, epoch_to_utc, epoch_unit
from taut.ingest.zones import database_instant_to_wall_clock, wall_clock_to_utc

OFFSET_PATTERN = r"\d:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$"
_SPACE_BEFORE_OFFSET = r"\s+([Zz]|[+-]\d{2}(:?\d{2})?)$"

_WALL = "_wall"
_OTHER = "_other"
_HAS_OFFSET = "_has_offset"


def _try_strptime(text: object, format_: object) -> object:
    """DuckDB's ``try_strptime``: ``strptime`` giving null instead of failing; never called."""
    raise NotImplementedError


_BUILTIN = ibis.udf.scalar.builtin
_strptime_naive: Callable[..., ir.TimestampValue] = _BUILTIN(
    _try_strptime, name="try_strptime", signature=(("string", "string"), "timestamp")
)
# With %z in the format, try_strptime gives an instant.
_strptime_instant: Callable[..., ir.TimestampValue] = _BUILTIN(
    _try_strptime, name="try_strptime", signature=(("string", "string"), "timestamp('UTC')")
)


def _epoch_us(instant: object) -> object:
    """DuckDB's ``epoch_us``: microseconds since 1970 UTC of an instant; never called."""
    raise NotImplementedError


def _make_timestamp(micros: object) -> object:
    """DuckDB's ``make_timestamp``: the naive time ``micros`` after 1970; never called."""
    raise NotImplementedError


_instant_micros: Callable[..., ir.IntegerValue] = _BUILTIN(
    _epoch_us, name="epoch_us", signature=(("timestamp('UTC')",), "int64")
)
_naive_from_micros: Callable[..., ir.TimestampValue] = _BUILTIN(
    _make_timestamp, name="make_timestamp", signature=(("int64",), "timestamp")
)


def _instant_to_utc(instant: ir.TimestampValue) -> ir.TimestampValue:
    """The naive UTC time of an instant, as arithmetic: its microseconds since 1970 read as a
    naive time. ``timezone('UTC', instant)`` calls the time-zone library on every row (ten
    times the cost on 8.7M typed times); it is kept only for the infinite instants, which
    have no microsecond count, so that they read as before."""
    return ibis.coalesce(
        _naive_from_micros(_instant_micros(instant)),
        database_instant_to_wall_clock("UTC", instant),
    )


def _unusable_type(dtype: object, name: str) -> InputError:
    return InputError(
        [
            Problem(
                code="time-column-type",
                severity="error",
                message=(
                    f"Column '{name}' holds values of type {dtype}, which cannot be times. "
                    "Map columns.timestamp to a column of times (ISO 8601 text, timestamps "
                    "or epoch numbers)."
                ),
            )
        ]
    )


def _has_offset(text: ir.StringValue) -> ir.BooleanValue:
    """Whether ``text`` ends with an offset (:data:`OFFSET_PATTERN`).

    The pattern is only tried on text that could match it: an offset ends the text with
    ``Z`` or puts its sign among the last six characters (``+05:30``), so wall-clock text
    such as ``2025-03-04 16:32:00`` is told apart by looking at its end, not by a regular
    expression on every row.
    """
    could = (
        text.right(1).isin(["Z", "z"]) | text.right(6).contains("+") | text.right(6).contains("-")
    )
    return ibis.ifelse(could, text.re_search(OFFSET_PATTERN), ibis.literal(value=False))


def _wall_and_other(
    table: ir.Table, *, column: str, timestamp_format: str | None, reported: str
) -> ir.Table:
    """``table`` with ``_wall`` (a wall-clock time read from the row, else null) and
    ``_other`` (the naive UTC time of a row whose time is not wall-clock: offset, epoch)."""
    value = table[column]
    dtype = value.type()
    no_time = ibis.null("timestamp")
    unit = epoch_unit(timestamp_format)
    if dtype.is_string():
        if unit is not None:
            number = ibis.ifelse(
                value.re_search(EPOCH_PATTERN), value.try_cast("float64"), ibis.null("float64")
            )
            return table.mutate(**{_WALL: no_time, _OTHER: epoch_to_utc(number, unit=unit)})
        if timestamp_format is not None:
            if "%z" in timestamp_format or "%Z" in timestamp_format:
                other = _instant_to_utc(_strptime_instant(value, timestamp_format))
                return table.mutate(**{_WALL: no_time, _OTHER: other})
            wall = _strptime_naive(value, timestamp_format)
            return table.mutate(**{_WALL: wall, _OTHER: no_time})
        flagged = table.mutate(**{_HAS_OFFSET: _has_offset(value)})
        text, has_offset = flagged[column], flagged[_HAS_OFFSET]
        with_offset = text.re_replace(_SPACE_BEFORE_OFFSET, r"\1").try_cast("timestamp('UTC')")
        # CASE evaluates lazily: the epoch pattern is only tried on text that is not ISO 8601.
        return flagged.mutate(
            **{
                _WALL: ibis.ifelse(has_offset, no_time, text.try_cast("timestamp")),
                _OTHER: ibis.cases(
                    (has_offset, _instant_to_utc(with_offset)),
                    (
                        text.re_search(EPOCH_PATTERN),
                        epoch_to_utc(text.try_cast("float64"), unit=None),
                    ),
                    else_=no_time,
                ),
            }
        ).drop(_HAS_OFFSET)
    return _native_wall_and_other(table, column=column, reported=reported, unit=unit)


def _native_wall_and_other(
    table: ir.Table, *, column: str, reported: str, unit: EpochUnit | None
) -> ir.Table:
    """:func:`_wall_and_other` for a column of timestamps, dates or numbers."""
    value = table[column]
    dtype = value.type()
    no_time = ibis.null("timestamp")
    if dtype.is_timestamp():
        if dtype.timezone is not None:
            other = _instant_to_utc(value.cast("timestamp('UTC')"))
            return table.mutate(**{_WALL: no_time, _OTHER: other})
        return table.mutate(**{_WALL: value, _OTHER: no_time})
    if dtype.is_date():
        return table.mutate(**{_WALL: value.cast("timestamp"), _OTHER: no_time})
    if dtype.is_integer() or dtype.is_floating() or dtype.is_decimal():
        return table.mutate(**{_WALL: no_time, _OTHER: epoch_to_utc(value, unit=unit)})
    raise _unusable_type(dtype, reported)


def with_utc_time(
    table: ir.Table,
    *,
    column: str,
    zone: str,
    timestamp_format: str | None,
    name: str,
    reported: str,
) -> ir.Table:
    """``table`` with ``name`` added: ``column`` read as a naive UTC time (null if not a time).

    Text in ``column`` must be trimmed already (blank as null). Intermediate values are
    computed in projections of their own (see the module docstring).

    Args:
        table: a table holding the raw time column (text trimmed).
        column: the time column in ``table``.
        zone: the IANA zone of times without an offset.
        timestamp_format: the contract's ``strptime`` format, if any (text only).
        name: the name of the new column.
        reported: the time column's name in the file, for messages.

    Returns:
        ``table``'s columns followed by ``name``.

    Raises:
        InputError: the column holds a type that cannot be a time (booleans, lists, ...).
    """
    staged = _wall_and_other(
        table, column=column, timestamp_format=timestamp_format, reported=reported
    )
    wall = staged[_WALL]
    utc = ibis.ifelse(wall.notnull(), wall_clock_to_utc(wall, timezone=zone), staged[_OTHER])
    return staged.mutate(**{name: utc}).drop(_WALL, _OTHER)
