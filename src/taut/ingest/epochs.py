"""Epoch numbers (seconds, milliseconds or microseconds since 1970-01-01 UTC) as times.

A number in the time column, as text (``1736157960000``) or as a number column in Parquet
or JSON, is a count of some unit since 1970-01-01 00:00 UTC. Its unit is the contract's
``timestamp_format`` when that is ``epoch_s``, ``epoch_ms`` or ``epoch_us``; otherwise it
is told from the number's magnitude, value by value::

    n < 10^11            seconds        (1970-01-01 .. 5138-11-16)
    10^11 <= n < 10^14   milliseconds   (1973-03-03 .. 5138-11-16)
    10^14 <= n < 10^17   microseconds   (1973-03-03 .. 5138-11-16)
    n >= 10^17           not a time taut reads (nanoseconds, or not a time at all)

The bands do not overlap for instants from 1973-03-03 to the year 5138, so a column of
one unit is read correctly whatever its dates in that span, and even a column that mixes
units is read value by value without a guess. Only milliseconds or microseconds before
1973-03-03 would be misread (as seconds, thousands of years ahead); set the unit
explicitly for such data. A number that is negative, or whose instant lies past 5138,
gives a null time, and the row is reported as a time that does not parse. Times are kept
to the millisecond.
"""

from __future__ import annotations

from typing import Literal

import ibis
import ibis.expr.types as ir

EpochUnit = Literal["s", "ms", "us"]

UNITS: dict[str, EpochUnit] = {"epoch_s": "s", "epoch_ms": "ms", "epoch_us": "us"}
"""``timestamp_format`` values that name an epoch unit, and the unit each names."""

PER_SECOND: dict[EpochUnit, float] = {"s": 1.0, "ms": 1e3, "us": 1e6}

MAX_EPOCH_SECONDS = 1e11
"""Epoch seconds at or above this (the year 5138) are not taken as times."""

EPOCH_PATTERN = r"^\d+(\.\d+)?$"
"""Text read as an epoch number: digits, perhaps with a decimal part."""


def epoch_unit(timestamp_format: str | None) -> EpochUnit | None:
    """The unit a ``timestamp_format`` names, or ``None`` (told from each magnitude).

    >>> epoch_unit("epoch_ms"), epoch_unit("%d/%m/%Y"), epoch_unit(None)
    ('ms', None, None)
    """
    return UNITS.get(timestamp_format or "")


def epoch_to_utc(number: ir.NumericValue, *, unit: EpochUnit | None) -> ir.TimestampValue:
    """``number`` (an epoch count in ``unit``, or told by magnitude) as naive UTC; null
    when negative, past 5138 or (by magnitude) 10^17 or more."""
    value = number.cast("float64")
    no_number = ibis.null("float64")
    if unit is None:
        seconds = ibis.cases(
            (value < MAX_EPOCH_SECONDS, value),
            (value < MAX_EPOCH_SECONDS * 1e3, value / 1e3),
            (value < MAX_EPOCH_SECONDS * 1e6, value / 1e6),
            else_=no_number,
        )
    else:
        seconds = value / PER_SECOND[unit]
    millis = (seconds * 1000).round().try_cast("int64")
    plausible = (seconds >= 0) & (seconds < MAX_EPOCH_SECONDS)
    return ibis.ifelse(plausible, millis.as_timestamp("ms"), ibis.null("timestamp"))
