"""Read an event-log file into an :class:`~taut.ingest.log.EventLog`: the whole ingest stage.

Steps, each a module of this package:

1. :mod:`~taut.ingest.readers` opens the file by its extension;
2. :mod:`~taut.ingest.columns` checks that every column the contract needs is there;
3. :mod:`~taut.ingest.canonical` (with :mod:`~taut.ingest.times`) builds the canonical
   columns as one lazy expression;
4. the distinct parsed rows, each with how many raw rows it stood for, are materialised
   once in a temporary table: one pass over the file that also drops exact duplicates;
5. :mod:`~taut.ingest.problems` counts everything in one aggregate over that table and
   fetches a few examples;
6. the event table is a lazy filter of that table to the usable rows, canonical columns only.

The temporary table lives as long as the connection. Measured on 9M rows (2M cases, native
timestamps, 2 cores), materialising the usable rows a second time cost about a second more
and made later group-by-case queries no faster than filtering the grouped table, so the
event table stays a view over the one materialised table.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
from ibis.common.exceptions import IbisError

from taut.contract.models import Contract
from taut.errors import InputError, Problem
from taut.ingest.canonical import output_columns, parse_events, usable
from taut.ingest.columns import attribute_names, check_columns
from taut.ingest.log import EventLog
from taut.ingest.problems import ROWS, count_rows, find_problems, present_activities
from taut.ingest.readers import open_table

logger = logging.getLogger(__name__)


def _unreadable(path: Path, error: Exception) -> InputError:
    logger.debug("querying %s failed: %r", path, error)
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else type(error).__name__
    return InputError(
        [
            Problem(
                code="unreadable-file",
                severity="error",
                message=(
                    f"Cannot read the event log '{path}': {first_line}. Check that the file "
                    "is complete and that every row has the same columns as the header."
                ),
            )
        ]
    )


def _materialize(con: ibis.BaseBackend, expr: ir.Table, *, stem: str) -> ir.Table:
    name = f"taut_{stem}_{uuid.uuid4().hex[:12]}"
    return con.create_table(name, expr, temp=True)


def read_log(contract: Contract, *, path: Path, con: ibis.BaseBackend | None = None) -> EventLog:
    """Read, clean and check the event log the contract points at.

    Args:
        contract: the loaded contract (columns, time zone, time format, activities).
        path: the event-log file, already resolved against the contract's folder.
        con: an Ibis connection to run on; a new in-memory DuckDB when ``None``.

    Returns:
        The canonical event log (a view of a temporary table on ``con``) with every
        problem found.
        Problems of severity ``error`` are returned, not raised, so ``taut check`` can
        show them all; callers that evaluate checks should refuse ``log.errors``.

    Raises:
        InputError: the file cannot be read, lacks needed columns, or has no usable row.
    """
    connection = con if con is not None else ibis.duckdb.connect()
    raw = open_table(path, con=connection)
    check_columns(contract, available=raw.columns, path=path)
    try:
        parsed = parse_events(raw, contract=contract)
        grouped = _materialize(
            connection,
            parsed.group_by(parsed.columns).aggregate(**{ROWS: parsed.count()}),
            stem="events",
        )
        counts = count_rows(grouped)
        present = present_activities(grouped) if counts.usable_rows else ()
        problems = find_problems(grouped, counts=counts, contract=contract, present=present)
        if counts.data_end is None:
            raise _nothing_usable(path, counts.rows_read, problems)
        table = grouped.filter(usable(grouped)).select(*output_columns(contract))
    except (duckdb.Error, IbisError) as error:
        raise _unreadable(path, error) from None
    logger.info(
        "read %s: %d rows, %d kept, %d problems", path, counts.rows_read, counts.kept, len(problems)
    )
    return EventLog(
        table=table,
        attributes=attribute_names(contract),
        timezone=contract.source.timezone,
        data_end=counts.data_end,
        problems=problems,
        source=str(path),
        rows_read=counts.rows_read,
        duplicates_dropped=counts.duplicates,
    )


def _nothing_usable(path: Path, rows_read: int, problems: tuple[Problem, ...]) -> InputError:
    reasons = tuple(problem for problem in problems if problem.code != "missing-activity")
    summary = Problem(
        code="no-usable-rows",
        severity="error",
        message=(
            f"The event log '{path}' has no usable rows"
            + (f" ({rows_read:,} read, all set aside)." if rows_read else " (only a header).")
            + " Every row needs a case id, an activity and a time."
        ),
    )
    return InputError((summary, *reasons))
