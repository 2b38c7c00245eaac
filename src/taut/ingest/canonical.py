"""Turn a raw log table into taut's canonical columns, each row flagged for what it lacks.

The result (an Ibis expression, nothing runs here) has the canonical columns of
:mod:`taut.ingest.log`, the attribute columns, and one helper column, ``_time_text``:
the trimmed time text of a row whose time did not parse (null otherwise), kept so the
problems report can show examples. A row is *usable* when it has a case id, an activity
and a time; :func:`usable` says so as an expression.

Cleaning: case ids, activities, teams, people and attributes are trimmed, and blank text
becomes null. Non-text columns (numbers in Parquet, say) are cast to text first.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from taut.contract.models import Contract
from taut.ingest.columns import attribute_names
from taut.ingest.log import CANONICAL_COLUMNS
from taut.ingest.times import column_to_instant, instant_to_wall_clock

TIME_TEXT = "_time_text"
_INSTANT = "_instant"


def clean_text(column: ir.Value) -> ir.StringValue:
    """Trimmed text, with blank text (and null) as null."""
    text = column if column.type().is_string() else column.cast("string")
    trimmed = text.strip()
    return trimmed.nullif("")


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
    """
    columns = contract.columns
    source = contract.source
    time_column = raw[columns.timestamp]
    instant = column_to_instant(
        time_column,
        name=columns.timestamp,
        zone=source.timezone,
        timestamp_format=source.timestamp_format,
    )
    null_text = ibis.null("string")
    time_text = clean_text(time_column) if time_column.type().is_string() else null_text
    staged = raw.select(
        case_id=clean_text(raw[columns.case]),
        activity=clean_text(raw[columns.activity]),
        team=clean_text(raw[columns.team]) if columns.team else null_text,
        person=clean_text(raw[columns.person]) if columns.person else null_text,
        **{name: clean_text(raw[name]) for name in attribute_names(contract)},
        **{_INSTANT: instant, TIME_TEXT: time_text},
    )
    moment = staged[_INSTANT]
    return staged.select(
        "case_id",
        "activity",
        ts=instant_to_wall_clock(moment, zone="UTC"),
        local_ts=instant_to_wall_clock(moment, zone=source.timezone),
        team="team",
        person="person",
        **{name: name for name in attribute_names(contract)},
        **{TIME_TEXT: ibis.ifelse(moment.isnull(), staged[TIME_TEXT], null_text)},
    )


def usable(table: ir.Table) -> ir.BooleanValue:
    """Whether a parsed row has a case id, an activity and a time."""
    return table.case_id.notnull() & table.activity.notnull() & table.ts.notnull()
