"""Turn a raw log table into taut's canonical columns, each row flagged for what it lacks.

The result (an Ibis expression, nothing runs here) has the canonical columns of
:mod:`taut.ingest.log`, the attribute columns, and two helper columns: ``_time_text``,
the trimmed time text (or a number as text) of a row whose time did not parse (null
otherwise), kept so the problems report can show examples; and, only when the log has a
transition column, ``_transition``, the row's lifecycle transition, for the hint on merged
transitions. With a transition column, the activity is named by the rules of
:mod:`taut.ingest.lifecycle`. A row is *usable* when it has a case id, an activity
and a time; :func:`usable` says so as an expression.

Cleaning: case ids, activities, teams, people and attributes are trimmed, and blank text
becomes null. Non-text columns (numbers in Parquet, say) are cast to text first.
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from taut.contract.models import Contract
from taut.ingest.columns import attribute_names
from taut.ingest.lifecycle import TRANSITION, event_name, transition_column
from taut.ingest.log import CANONICAL_COLUMNS
from taut.ingest.times import with_utc_time
from taut.ingest.zones import HORIZON, utc_to_wall_clock

TIME_TEXT = "_time_text"
FIRST_PLAUSIBLE = datetime(1678, 1, 1)  # noqa: DTZ001 - naive UTC, as ts
"""No event of a log is earlier than this (pandas' earliest nanosecond timestamp is in 1677);
see :mod:`taut.ingest.body`."""
END_PLAUSIBLE = datetime(2262, 1, 1)  # noqa: DTZ001 - naive UTC, as ts
"""No event of a log is at or after this (pandas' latest nanosecond timestamp is in 2262)."""
_TIME = "_time"


_LAST_SPACE = 32
"""Whitespace that trimming removes (tab, newlines, vertical tab, form feed, space) has a
code point at or below this."""


def clean_text(column: ir.Value) -> ir.StringValue:
    """Trimmed text, with blank text (and null) as null.

    Trimming is only asked for when the first or last character could be whitespace: most
    values need none, and a trim that tests every end against six characters costs several
    times a look at the two end characters.
    """
    text = column if column.type().is_string() else column.cast("string")
    clean_ends = (text.ascii_str() > _LAST_SPACE) & (text.right(1).ascii_str() > _LAST_SPACE)
    return ibis.ifelse(clean_ends, text, text.strip().nullif(""))


def output_columns(contract: Contract) -> tuple[str, ...]:
    """The canonical columns followed by the contract's attribute columns."""
    return CANONICAL_COLUMNS + attribute_names(contract)


def parse_events(raw: ir.Table, *, contract: Contract) -> ir.Table:
    """Project ``raw`` onto the canonical columns plus ``_time_text`` (lazily).

    Args:
        raw: the table as read from the file; the needed columns must exist.
        contract: the contract, for column names, time zone and time format.

    Returns:
        One row per raw row, with canonical columns (nulls where a value is missing or
        does not parse), attribute columns and ``_time_text``.

    Raises:
        InputError: the time column holds a type that cannot be a time.
    """
    columns = contract.columns
    source = contract.source
    time_column = raw[columns.timestamp]
    is_text = time_column.type().is_string()
    null_text = ibis.null("string")
    lifecycle = transition_column(contract, available=raw.columns)
    activity = clean_text(raw[columns.activity])
    # The transition is kept (for the hint) only when there is one: no column of nulls.
    transition = {TRANSITION: clean_text(raw[lifecycle])} if lifecycle else {}
    named = (
        event_name(activity, transition[TRANSITION], contract=contract) if lifecycle else activity
    )
    cleaned = raw.select(
        case_id=clean_text(raw[columns.case]),
        activity=named,
        **transition,
        team=clean_text(raw[columns.team]) if columns.team else null_text,
        person=clean_text(raw[columns.person]) if columns.person else null_text,
        **{name: clean_text(raw[name]) for name in attribute_names(contract)},
        **{_TIME: clean_text(time_column) if is_text else time_column},
    )
    timed = with_utc_time(
        cleaned,
        column=_TIME,
        zone=source.timezone,
        timestamp_format=source.timestamp_format,
        name="ts",
        reported=columns.timestamp,
    )
    ts = timed["ts"]
    # A number (or any value) that gives no time is shown as text, like unparsed text.
    raw_time = timed[_TIME] if is_text else timed[_TIME].cast("string")
    time_text = ibis.ifelse(ts.isnull(), raw_time, null_text)
    return timed.select(
        "case_id",
        "activity",
        "ts",
        local_ts=utc_to_wall_clock(ts, timezone=source.timezone, until=HORIZON),
        team="team",
        person="person",
        **{name: name for name in attribute_names(contract)},
        **{TIME_TEXT: time_text},
        **dict.fromkeys(transition, TRANSITION),
    )


def usable(table: ir.Table) -> ir.BooleanValue:
    """Whether a parsed row has a case id, an activity and a time."""
    return table.case_id.notnull() & table.activity.notnull() & table.ts.notnull()


def plausible(ts: ir.TimestampValue) -> ir.BooleanValue:
    """Whether a naive UTC time lies in the years a log can hold (:mod:`taut.ingest.body`)."""
    return (ts >= ibis.literal(FIRST_PLAUSIBLE, type="timestamp")) & (
        ts < ibis.literal(END_PLAUSIBLE, type="timestamp")
    )
