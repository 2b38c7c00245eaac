"""Ingest: read an event log (CSV, Parquet, JSON Lines, XES) into taut's canonical event table.

``read_log(contract, path=...)`` gives an :class:`EventLog`; ``summarize_log(log)`` a
:class:`LogSummary` for ``taut check`` to print.
"""

from __future__ import annotations

from taut.ingest.load import read_log
from taut.ingest.log import CANONICAL_COLUMNS, EventLog
from taut.ingest.summary import LogSummary, summarize_log

__all__ = ["CANONICAL_COLUMNS", "EventLog", "LogSummary", "read_log", "summarize_log"]
