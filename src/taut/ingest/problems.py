"""Count what is wrong with a log in one pass, and describe each kind with a few examples.

Input is the *grouped* log: every distinct parsed row once, with ``_rows`` (how many raw
rows it stood for) and ``_time_text`` (see :mod:`taut.ingest.canonical`). One aggregate
counts everything; small ``limit`` queries fetch examples only for kinds that occurred.

Severity rule for rows set aside (no case id, no activity, no time, a time that does not
parse), applied to each kind separately::

    error    if count > 5% of the rows read (the rest cannot be trusted to be representative)
    warning  otherwise (the rows are set aside and the rest is used)

An activity the contract names but the data lacks is always an error (its checks could
never apply). Exact duplicate rows are ``info``: they are dropped, which is harmless.
Person values never appear in examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import ibis
import ibis.expr.types as ir

from taut.contract.models import Contract
from taut.errors import Problem, did_you_mean
from taut.ingest.canonical import TIME_TEXT, plausible, usable
from taut.ingest.people import person_values_elsewhere
from taut.ingest.time_hints import time_hint

ERROR_SHARE = 0.05
"""Above this share of rows read, a kind of set-aside row is an error, not a warning."""

ROWS = "_rows"
_EXAMPLES = 5


@dataclass(frozen=True)
class RowCounts:
    """How many raw rows were read, set aside (by reason), duplicated and kept."""

    rows_read: int
    no_case: int
    no_activity: int
    no_time: int
    bad_time: int
    usable_rows: int
    kept: int
    data_end: datetime | None
    all_named_present: bool = True
    data_start: datetime | None = None
    implausible: int = 0

    @property
    def duplicates(self) -> int:
        """Usable rows dropped because an identical row was kept."""
        return self.usable_rows - self.kept


def count_rows(grouped: ir.Table, *, activities: Sequence[str] = ()) -> RowCounts:
    """Count rows by reason in one aggregate over the grouped log.

    ``data_start`` and ``data_end`` are the first and last plausible time of a usable row,
    ``implausible`` the usable rows whose time is not plausible (see
    :mod:`taut.ingest.body`, which sets those aside and may narrow the span).

    Args:
        grouped: the grouped log (distinct parsed rows with ``_rows``).
        activities: activities whose presence among usable rows is checked in the same
            pass (``all_named_present``).
    """
    ok = usable(grouped)
    no_time = grouped.ts.isnull() & grouped[TIME_TEXT].isnull()
    bad_time = grouped.ts.isnull() & grouped[TIME_TEXT].notnull()
    rows = grouped[ROWS]
    result = grouped.aggregate(
        rows_read=rows.sum(),
        no_case=rows.sum(where=grouped.case_id.isnull()),
        no_activity=rows.sum(where=grouped.activity.isnull()),
        no_time=rows.sum(where=no_time),
        bad_time=rows.sum(where=bad_time),
        usable_rows=rows.sum(where=ok),
        kept=ok.cast("int64").sum(),
        data_start=grouped.ts.min(where=ok & plausible(grouped.ts)),
        data_end=grouped.ts.max(where=ok & plausible(grouped.ts)),
        implausible=rows.sum(where=ok & ~plausible(grouped.ts)),
        **{
            f"_named_{i}": (ok & (grouped.activity == name)).any()
            for i, name in enumerate(activities)
        },
    ).to_pyarrow()
    row = result.to_pylist()[0]
    named = [bool(row.pop(f"_named_{i}")) for i in range(len(activities))]
    times = ("data_start", "data_end")
    counts = {key: int(value or 0) for key, value in row.items() if key not in times}
    return RowCounts(
        **counts,
        data_end=row["data_end"],
        data_start=row["data_start"],
        all_named_present=all(named),
    )


def _severity(count: int, rows_read: int) -> str:
    return "error" if count > ERROR_SHARE * rows_read else "warning"


def _share(count: int, rows_read: int) -> str:
    return f"{count:,} of {_rows(rows_read)} ({count / rows_read:.1%})"


def _when(row: dict[str, object]) -> str:
    moment = row.get("ts")
    return f" at {moment:%Y-%m-%d %H:%M} UTC" if isinstance(moment, datetime) else ""


def _ts(grouped: ir.Table) -> ir.TimestampValue:
    """The row's time for an example; null when no date can hold it (year 10000, say)."""
    return ibis.ifelse(plausible(grouped.ts), grouped.ts, ibis.null("timestamp"))


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def _examples(table: ir.Table, *, limit: int = _EXAMPLES) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = table.limit(limit).to_pyarrow().to_pylist()
    return rows


def _time_problem(grouped: ir.Table, *, counts: RowCounts, contract: Contract) -> Problem:
    bad = grouped.filter(grouped.ts.isnull() & grouped[TIME_TEXT].notnull())
    # The first texts in order, so the examples do not depend on how the scan was split.
    first = bad.select(TIME_TEXT).distinct().order_by(TIME_TEXT)
    texts = [str(row[TIME_TEXT]) for row in _examples(first)]
    column = contract.columns.timestamp
    given = contract.source.timestamp_format
    hint = time_hint(bad[TIME_TEXT], given=given)
    if given is not None:
        rule = f"do not match timestamp_format '{given}'"
    else:
        rule = "are not times (expected ISO 8601, with or without an offset, or epoch numbers)"
    return Problem(
        code="bad-time",
        severity=_severity(counts.bad_time, counts.rows_read),
        message=(
            f"Column '{column}' has {_share(counts.bad_time, counts.rows_read)} whose values "
            f"{rule}; those rows were set aside. {hint.fix}"
        ),
        count=counts.bad_time,
        examples=tuple(sorted(texts)[:_EXAMPLES]),
    )


def _set_aside(
    *, code: str, count: int, counts: RowCounts, what: str, fix: str, examples: Sequence[str]
) -> Problem:
    return Problem(
        code=code,
        severity=_severity(count, counts.rows_read),
        message=f"{_share(count, counts.rows_read)} have no {what}; they were set aside. {fix}",
        count=count,
        examples=tuple(examples),
    )


def find_problems(
    grouped: ir.Table,
    *,
    counts: RowCounts,
    contract: Contract,
    present: Sequence[str],
) -> tuple[Problem, ...]:
    """Describe every kind of problem found, with counts and examples.

    Args:
        grouped: the grouped log (distinct parsed rows with ``_rows``).
        counts: the result of :func:`count_rows` on it.
        contract: the contract, for names in messages and the activities it needs.
        present: the activities that occur in usable rows.

    Returns:
        Problems in a stable order: rows set aside, missing activities, duplicates.
    """
    columns = contract.columns
    problems: list[Problem] = []
    if counts.no_case:
        rows = _examples(
            grouped.filter(grouped.case_id.isnull()).select("activity", ts=_ts(grouped))
        )
        problems.append(
            _set_aside(
                code="no-case-id",
                count=counts.no_case,
                counts=counts,
                what=f"case id (column '{columns.case}')",
                fix="Fill the case id in the source system or drop those rows.",
                examples=[f"{row['activity']}{_when(row)}" for row in rows],
            )
        )
    if counts.no_activity:
        rows = _examples(
            grouped.filter(grouped.activity.isnull()).select("case_id", ts=_ts(grouped))
        )
        problems.append(
            _set_aside(
                code="no-activity",
                count=counts.no_activity,
                counts=counts,
                what=f"activity (column '{columns.activity}')",
                fix="Fill the activity in the source system or drop those rows.",
                examples=[f"case {row['case_id']}{_when(row)}" for row in rows],
            )
        )
    if counts.no_time:
        missing = grouped.ts.isnull() & grouped[TIME_TEXT].isnull()
        rows = _examples(grouped.filter(missing).select("case_id", "activity"))
        problems.append(
            _set_aside(
                code="no-time",
                count=counts.no_time,
                counts=counts,
                what=f"time (column '{columns.timestamp}')",
                fix="Fill the time in the source system or drop those rows.",
                examples=[f"case {row['case_id']}, {row['activity']}" for row in rows],
            )
        )
    if counts.bad_time:
        problems.append(_time_problem(grouped, counts=counts, contract=contract))
    checked = {name for _, check in contract.checks for name in check.activities}
    problems.extend(
        _missing_activity(name, present=present, column=columns.activity, checked=name in checked)
        for name in contract.activities
        if name not in present
    )
    problems.extend(person_values_elsewhere(grouped, contract=contract))
    if counts.duplicates:
        problems.append(
            Problem(
                code="duplicate-rows",
                severity="info",
                message=(
                    f"{_rows(counts.duplicates)} repeated another row exactly and "
                    f"{'was' if counts.duplicates == 1 else 'were'} dropped; each event is kept "
                    "once."
                ),
                count=counts.duplicates,
            )
        )
    return tuple(problems)


def present_activities(grouped: ir.Table) -> tuple[str, ...]:
    """The distinct activities of usable rows, sorted."""
    names = grouped.filter(usable(grouped)).select("activity").distinct().to_pyarrow()
    return tuple(sorted(str(name) for name in names.column("activity").to_pylist()))


def _missing_activity(name: str, *, present: Sequence[str], column: str, checked: bool) -> Problem:
    """An activity the contract names that the data never shows.

    For a check it is an error: the check would silently judge nothing or everything. For a
    step used only by a lagging outcome (a complaint, say) it is a warning: such steps can
    honestly be absent for a while, and only the consequences wait for it.
    """
    hint = did_you_mean(name, present)
    if checked:
        return Problem(
            code="missing-activity",
            severity="error",
            message=(
                f"Activity '{name}' is named in taut.yaml but never occurs in column "
                f"'{column}'.{hint} Correct the name in taut.yaml (names must match exactly) "
                "or check the export."
            ),
        )
    return Problem(
        code="missing-outcome-activity",
        severity="warning",
        message=(
            f"Activity '{name}', used only by a lagging outcome, never occurs in column "
            f"'{column}'.{hint} Consequences cannot be measured until it does; if the name "
            "is wrong, correct it in taut.yaml."
        ),
    )
