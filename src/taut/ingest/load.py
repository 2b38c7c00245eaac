"""Read an event-log file into an :class:`~taut.ingest.log.EventLog`: the whole ingest stage.

Steps, each a module of this package:

1. :mod:`~taut.ingest.readers` opens the file by its extension;
2. :mod:`~taut.ingest.columns` checks that every column the contract needs is there;
3. :mod:`~taut.ingest.canonical` (with :mod:`~taut.ingest.times`) builds the canonical
   columns as one lazy expression;
4. with ``duplicates="drop"`` (the default), the distinct parsed rows, each with how many
   raw rows it stood for, are materialised once in a temporary table: one pass over the file
   that also drops exact duplicates. With ``duplicates="keep"`` the parsed rows are
   materialised as they are, exact repeats included, canonical columns only;
5. :mod:`~taut.ingest.problems` counts everything in one aggregate over that table and
   fetches a few examples (only for the kinds of problem that occurred); with
   ``duplicates="drop"``, :mod:`~taut.ingest.lifecycle` adds an error for a chosen
   transition no event has, or its hint when the contract's activities merge several;
6. the event table is a lazy filter of that table to the usable rows, canonical columns only
   (with ``duplicates="keep"`` on a clean log, a plain projection of the table).

The temporary table lives as long as the connection; a connection :func:`read_log` opens
itself comes from :func:`~taut.ingest.connection.connect`, with a spill folder of its own.

Measured on 10M rows (2M cases, text times, 2 cores), materialising the usable rows a
second time cost about a second more and made later group-by-case queries no faster than
filtering the grouped table, so the event table stays a view over the one materialised
table.

``duplicates="keep"`` is for callers whose results exact repeats cannot change, such as
the outcomes (first times, minima, the first non-empty value): it skips the grouping over
every column, which on 10M rows costs about as much as evaluating every check. Repeats are
then neither dropped nor counted. ``people=False`` leaves the person column out of the
table (it reads as null), for callers that never count people, such as the outcomes;
``local_times=False`` leaves ``local_ts`` out (it reads as null), for callers that never
read it, such as the outcomes.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Literal

import duckdb
import ibis
import ibis.expr.types as ir
from ibis.common.exceptions import IbisError

from taut.contract.models import Contract
from taut.errors import InputError, Problem
from taut.ingest.body import keep_body
from taut.ingest.canonical import TIME_TEXT, output_columns, parse_events, usable
from taut.ingest.columns import attribute_names, check_columns
from taut.ingest.connection import connect, out_of_memory
from taut.ingest.lifecycle import transition_problems
from taut.ingest.log import EventLog
from taut.ingest.problems import (
    ROWS,
    RowCounts,
    count_rows,
    find_problems,
    present_activities,
)
from taut.ingest.readers import open_table, read_failure

logger = logging.getLogger(__name__)

DuplicateRows = Literal["drop", "keep"]
"""What :func:`read_log` does with exact repeats of a row: drop and count them, or keep them."""


def _unreadable(path: Path, error: Exception, *, contract: Contract) -> InputError:
    # Only the error's kind: the database's text can quote a row, a person's value in it.
    logger.debug("querying %s failed: %s", path, type(error).__name__)
    return read_failure(path, source=contract.source, error=error)


def _materialize(con: ibis.BaseBackend, expr: ir.Table, *, stem: str) -> ir.Table:
    name = f"taut_{stem}_{uuid.uuid4().hex[:12]}"
    return con.create_table(name, expr, temp=True)


def _named_present(table: ir.Table, *, counts: RowCounts, contract: Contract) -> tuple[str, ...]:
    """The contract's activities found in ``table`` (no query when the counts tell)."""
    if counts.all_named_present:
        return contract.activities
    return present_activities(table) if counts.usable_rows else ()


def _checked(
    grouped: ir.Table, *, contract: Contract
) -> tuple[ir.Table, RowCounts, tuple[Problem, ...]]:
    """Count and describe the problems of ``grouped`` (parsed rows with ``_rows`` and
    ``_time_text``); return its usable rows, the counts and the problems."""
    counts = count_rows(grouped, activities=contract.activities)
    present = _named_present(grouped, counts=counts, contract=contract)
    problems = find_problems(grouped, counts=counts, contract=contract, present=present)
    return grouped.filter(usable(grouped)), counts, problems


def _kept(
    con: ibis.BaseBackend, parsed: ir.Table, *, contract: Contract, people: bool, local_times: bool
) -> tuple[ir.Table, RowCounts, tuple[Problem, ...]]:
    """The ``duplicates="keep"`` path: materialise the columns read from the file once.

    ``person`` is left out when ``people`` is false (the view shows it as null): an
    in-memory table is not compressed, and every byte it holds is a byte the queries after
    it cannot use before they spill to disk. ``local_ts`` is stored, not derived in the
    view: its conversion falls back to a database function, which Ibis treats as impure
    and so will not inline into each pass, and a view both passes of the outcomes read
    would then be copied in full inside their query (DuckDB materialises a subquery read
    twice). With ``local_times`` false it is neither computed nor stored (the view shows it
    as null), for a caller that never reads it.

    The first aggregate over the materialised table tells whether any row is unusable. In
    a clean log (the usual case) that aggregate is all the checking there is. Only when
    some row is unusable are the problems counted again, on the lazy parse of the file,
    which still has the time text that tells a blank time from one that does not parse.
    """
    left_out = {"person"} if not people else set()
    left_out |= {"local_ts"} if not local_times else set()
    stored = [name for name in output_columns(contract) if name not in left_out]
    events = _materialize(con, parsed.select(*stored), stem="events")
    quick = count_rows(
        events.mutate(**{ROWS: ibis.literal(1, type="int64"), TIME_TEXT: ibis.null("string")}),
        activities=contract.activities,
    )
    if quick.usable_rows == quick.rows_read:
        present = _named_present(events, counts=quick, contract=contract)
        problems = find_problems(events, counts=quick, contract=contract, present=present)
        counts, usable_events = quick, events
    else:
        _, counts, problems = _checked(
            parsed.mutate(**{ROWS: ibis.literal(1, type="int64")}), contract=contract
        )
        usable_events = events.filter(usable(events))
    derived = {"person": ibis.null("string"), "local_ts": ibis.null("timestamp")}
    view = usable_events.select(
        *(name if name in stored else derived[name].name(name) for name in output_columns(contract))
    )
    return view, counts, problems


_AFTER_SET_ASIDE = ("missing-activity", "missing-outcome-activity", "duplicate-rows")


def _within_body(
    table: ir.Table,
    *,
    counts: RowCounts,
    problems: tuple[Problem, ...],
    weight: str | None,
    contract: Contract,
) -> tuple[ir.Table, RowCounts, tuple[Problem, ...]]:
    """Set aside the rows far outside the log's body (:mod:`~taut.ingest.body`); its
    problem goes after the other kinds of row set aside."""
    table, counts, found = keep_body(
        table,
        counts=counts,
        weight=weight,
        column=contract.columns.timestamp,
        timezone=contract.source.timezone,
    )
    if found is None:
        return table, counts, problems
    at = next(
        (i for i, problem in enumerate(problems) if problem.code in _AFTER_SET_ASIDE),
        len(problems),
    )
    return table, counts, (*problems[:at], found, *problems[at:])


def _with_transitions(
    problems: tuple[Problem, ...], found: tuple[Problem, ...]
) -> tuple[Problem, ...]:
    """``problems`` with the transitions' problems ``found`` first (an unknown transition
    explains the missing activities after it) or, for a hint, before the notes."""
    if not found:
        return problems
    if found[0].severity == "error":
        return (*found, *problems)
    at = next((i for i, p in enumerate(problems) if p.severity == "info"), len(problems))
    return (*problems[:at], *found, *problems[at:])


def read_log(
    contract: Contract,
    *,
    path: Path,
    con: ibis.BaseBackend | None = None,
    duplicates: DuplicateRows = "drop",
    people: bool = True,
    local_times: bool = True,
) -> EventLog:
    """Read, clean and check the event log the contract points at.

    Args:
        contract: the loaded contract (columns, time zone, time format, activities).
        path: the event-log file, already resolved against the contract's folder.
        con: an Ibis connection to run on; a new in-memory DuckDB (:func:`connect`) when
            ``None``.
        duplicates: ``"drop"`` to drop exact repeats of a row and report how many there
            were; ``"keep"`` to leave them in the table uncounted (for results repeats
            cannot change, such as the outcomes; much faster).
        people: ``False`` to leave the person column out (null in the table), which saves
            memory for callers that never count people.
        local_times: ``False`` to leave ``local_ts`` out (null in the table), for callers
            that never read it, such as the outcomes: no event's local time is computed
            or stored. Applies to ``duplicates="keep"``.

    Returns:
        The canonical event log (a view of a temporary table on ``con``) with every
        problem found.
        Problems of severity ``error`` are returned, not raised, so ``taut check`` can
        show them all; callers that evaluate checks should refuse ``log.errors``.

    Raises:
        InputError: the file cannot be read, lacks needed columns, or has no usable row.
    """
    if duplicates not in ("drop", "keep"):
        raise ValueError(f"duplicates must be 'drop' or 'keep', not {duplicates!r}")
    connection = con if con is not None else connect()
    raw = open_table(path, con=connection, source=contract.source)
    check_columns(contract, available=raw.columns, path=path)
    try:
        parsed = parse_events(raw, contract=contract)
        if duplicates == "drop":
            grouped = _materialize(
                connection,
                parsed.group_by(parsed.columns).aggregate(**{ROWS: parsed.count()}),
                stem="events",
            )
            table, counts, problems = _checked(grouped, contract=contract)
            problems = _with_transitions(
                problems, transition_problems(table, contract=contract, weight=ROWS)
            )
            table, counts, problems = _within_body(
                table, counts=counts, problems=problems, weight=ROWS, contract=contract
            )
            table = table.select(*output_columns(contract))
        else:
            table, counts, problems = _kept(
                connection, parsed, contract=contract, people=people, local_times=local_times
            )
            table, counts, problems = _within_body(
                table, counts=counts, problems=problems, weight=None, contract=contract
            )
        if counts.data_end is None:
            raise _nothing_usable(path, counts.rows_read, problems)
    except duckdb.OutOfMemoryException as error:
        raise out_of_memory(error, doing=f"reading the event log '{path}'") from None
    except (duckdb.Error, IbisError) as error:
        raise _unreadable(path, error, contract=contract) from None
    logger.info(
        "read %s: %d rows, %d kept, %d problems", path, counts.rows_read, counts.kept, len(problems)
    )
    return EventLog(
        table=table,
        attributes=attribute_names(contract),
        timezone=contract.source.timezone,
        data_end=counts.data_end,
        data_start=counts.data_start,
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
