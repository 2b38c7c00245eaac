"""The protocol every check kind implements: expressions over :class:`CaseFacts` rows.

A check kind is a function ``evaluate(*, check, cases) -> Judgement`` (see
:mod:`taut.outcomes.registry`). It reads per-case facts (first times, fields, attributes)
and returns Ibis expressions over ``cases.table`` saying, per case, whether the check
applies and what happened. The caller (:func:`taut.outcomes.evaluate_checks`) turns them
into rows, adds the ``where`` scope and the conditions. Building expressions rather than
tables keeps every check a projection of the same per-case table: no join per check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import ibis

if TYPE_CHECKING:
    import ibis.expr.types as ir


KEPT, MISSED, PENDING = "kept", "missed", "pending"
STATUSES: tuple[str, ...] = (KEPT, MISSED, PENDING)
_MICROSECONDS_PER_HOUR = 3_600_000_000


@dataclass(frozen=True)
class Judgement:
    """Per-case expressions describing one check's outcome.

    Attributes:
        applies: whether the check applies to the case (before any ``where`` scope).
        anchor: when the case's clock for this check started (naive UTC).
        decided: when the status became known (null while pending).
        status: ``kept``, ``missed`` or ``pending``.
        value: hours (``within``, ``present``), share of fields filled (``complete``), or null.
        blank_fields: the blank fields in contract order (``complete`` only, else ``None``).
    """

    applies: ir.BooleanValue
    anchor: ir.TimestampValue
    decided: ir.TimestampValue
    status: ir.StringValue
    value: ir.FloatingValue
    blank_fields: ir.ArrayValue | None = None


def hours_between(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.FloatingValue:
    """Hours from ``start`` to ``end``, exact to the microsecond (null if either is null)."""
    return end.delta(start, unit="microsecond").cast("float64") / _MICROSECONDS_PER_HOUR


def after(moment: ir.TimestampValue, span: timedelta) -> ir.TimestampValue:
    """The instant ``span`` after ``moment``, exact to the microsecond.

    The interval is built from whole microseconds, one unit, whatever units ``span`` was
    written in: a ``timedelta`` of days and seconds (``1.5d``, ``36h``) has no single
    interval unit of its own for an engine to infer.
    """
    return moment + ibis.interval(microseconds=span // timedelta(microseconds=1))


def no_time() -> ir.TimestampValue:
    """A null timestamp."""
    return ibis.null("timestamp")


def no_value() -> ir.FloatingValue:
    """A null float."""
    return ibis.null("float64")
