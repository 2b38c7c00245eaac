"""The event log as taut's later stages see it: one canonical Ibis table and what ingest found.

Canonical columns of :attr:`EventLog.table` (every later stage relies on exactly these):

============  ===========================  =====================================================
column        type                         meaning
============  ===========================  =====================================================
``case_id``   string, never null           the case identifier
``activity``  string, never null           the activity (step) name, trimmed
``ts``        timestamp (naive, UTC)       when the event happened, converted to UTC
``local_ts``  timestamp (naive, local)     the same instant as wall-clock time in the
                                           contract's ``source.timezone``; used for hour of day,
                                           weekday and the day a workload is counted on
``team``      string, nullable             the team on the event (null when not mapped)
``person``    string, nullable             the person on the event (null when not mapped);
                                           used only to count distinct people, never shown
<attribute>   string, nullable             one column per attribute the contract uses
                                           (``complete`` fields, ``conditions``, ``where``
                                           columns), under its own name; empty strings and
                                           whitespace are null
============  ===========================  =====================================================

Rows whose time does not parse or that have no case id are set aside (and counted in
:attr:`EventLog.problems`), and so are rows whose time lies far outside the log's body, such
as placeholder dates (:mod:`taut.ingest.body`); exact duplicate rows appear once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from taut.errors import Problem

if TYPE_CHECKING:
    import ibis.expr.types as ir

CANONICAL_COLUMNS: tuple[str, ...] = ("case_id", "activity", "ts", "local_ts", "team", "person")


@dataclass(frozen=True)
class EventLog:
    """A normalised event log.

    Attributes:
        table: the canonical Ibis table described in this module's docstring.
        attributes: the attribute columns present in ``table``, in contract order.
        timezone: the IANA time zone ``local_ts`` is expressed in.
        data_end: the latest ``ts`` in the log (naive UTC): "the end of the data".
        problems: what ingest found, errors and warnings, counted with examples.
        source: a readable name of where the log came from (a path).
        rows_read: how many rows the file had (``None`` when the log was built in memory).
        duplicates_dropped: usable rows dropped because an identical row was kept.
        data_start: the earliest ``ts`` in the log (naive UTC); ``None`` when the log was
            built without it.
    """

    table: ir.Table
    attributes: tuple[str, ...]
    timezone: str
    data_end: datetime
    problems: tuple[Problem, ...]
    source: str
    rows_read: int | None = None
    duplicates_dropped: int = 0
    data_start: datetime | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the log unfit to check as it stands."""
        return tuple(problem for problem in self.problems if problem.severity == "error")
