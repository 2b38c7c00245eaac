"""Read an XES event log (``.xes``, ``.xes.gz``) as a flat table, streamed in bounded memory.

XES (IEEE 1849) is the XML format process-mining tools export: a ``<log>`` of ``<trace>``
elements (one a case), each with attributes and ``<event>`` elements (one a row). The file
is read once (:func:`xml.etree.ElementTree.iterparse`, the standard library's expat parser;
gzip is told by the file's first bytes); each trace is turned into rows when it ends and
then dropped from memory, so memory grows with the largest trace and :data:`BATCH_EVENTS`,
never with the file (measured: the same peak for 262,200 and 1,311,000 events). Rows are
written in batches to Parquet files in the connection's scratch folder, which DuckDB then
reads as one table (columns matched by name, so a key first seen late is still a column).

Columns, one a key:

- an **event attribute** keeps its key as written: ``concept:name`` (the activity),
  ``time:timestamp``, ``org:resource``, ``lifecycle:transition``, ``amount``, ...;
- a **trace attribute** becomes a column of every event of the trace, under its key
  prefixed with :data:`TRACE_PREFIX`: ``case:concept:name`` (the case id),
  ``case:AMOUNT_REQ``. These are the names pm4py gives them when it writes a log as CSV,
  so a contract written for such a CSV reads the XES file unchanged.

Every attribute type is read: ``string``, ``date``, ``int``, ``float``, ``boolean`` and
``id``, each as the text of its ``value`` as written (as a CSV file would give it); a
``date`` is then read as a time like any other text (ISO 8601 with its offset). Nested
attributes (an attribute's children, XES meta-data) and ``list`` / ``container`` values are
not columns; the parent's own value is. Log-level attributes, globals, classifiers and
extensions describe the file and are skipped.

A file that is not well-formed XML is an :class:`~taut.errors.InputError` naming the line
and column where the parser stopped; so is one with no event.
"""

from __future__ import annotations

import gzip
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from taut.errors import InputError, Problem
from taut.ingest.connection import scratch_folder

logger = logging.getLogger(__name__)

XES_EXTENSIONS: tuple[str, ...] = (".xes", ".xes.gz")
_GZIP_MAGIC = b"\x1f\x8b"
TRACE_PREFIX = "case:"
"""What a trace attribute's key is prefixed with to name its column."""
BATCH_EVENTS = 50_000
"""Events held in memory before they are written out as one Parquet file."""
VALUE_TYPES = frozenset({"string", "date", "int", "float", "boolean", "id"})
"""XES attribute elements whose ``value`` becomes a column."""


def _local(tag: str) -> str:
    """An element's name without its namespace (``{http://...}trace`` is ``trace``)."""
    return tag.rpartition("}")[2]


def _open(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when they start as gzip does (whatever its name)."""
    with path.open("rb") as handle:
        compressed = handle.read(2) == _GZIP_MAGIC
    if compressed:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


class _Batch:
    """Rows as columns of text; a key first seen late is padded with nulls before it."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str | None]] = {}
        self.rows = 0

    def add(self, row: dict[str, str]) -> None:
        for key, value in row.items():
            column = self.columns.get(key)
            if column is None:
                column = self.columns[key] = [None] * self.rows
            column.append(value)
        self.rows += 1
        for column in self.columns.values():
            if len(column) < self.rows:
                column.append(None)

    def table(self) -> pa.Table:
        return pa.table(
            {key: pa.array(values, type=pa.string()) for key, values in self.columns.items()}
        )


class _Names:
    """Elements' names without their namespace, worked out once per distinct tag."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, tag: str) -> str:
        name = self.known.get(tag)
        if name is None:
            name = self.known[tag] = _local(tag)
        return name


def _attributes(element: ET.Element, *, names: _Names, prefix: str = "") -> dict[str, str]:
    """The attributes directly inside ``element`` as ``{prefix + key: value}``."""
    found: dict[str, str] = {}
    for child in element:
        if names(child.tag) in VALUE_TYPES:
            key, value = child.get("key"), child.get("value")
            if key is not None and value is not None:
                found[prefix + key] = value
    return found


def _trace_rows(trace: ET.Element, *, names: _Names) -> list[dict[str, str]]:
    """One row per event of a finished trace, the trace's attributes in each (they may be
    written before or after its events)."""
    case = _attributes(trace, names=names, prefix=TRACE_PREFIX)
    return [
        {**case, **_attributes(event, names=names)}
        for event in trace
        if names(event.tag) == "event"
    ]


def _events(path: Path) -> Iterator[dict[str, str]]:
    """Every event of the file as ``{column: text}``, trace attributes included.

    Only the end of a ``<trace>`` does work: its events and attributes are read from the
    finished element, then everything the root holds so far is dropped.

    Raises:
        InputError: the file is not well-formed XML.
    """
    names = _Names()
    root: ET.Element | None = None
    with _open(path) as handle:
        # Expat (2.4 and later, bundled with every Python taut supports) refuses entity
        # expansion attacks, and ElementTree never fetches external entities.
        parsed = ET.iterparse(handle, events=("start", "end"))  # noqa: S314
        try:
            for kind, element in parsed:
                if kind == "start":
                    root = element if root is None else root
                elif element.tag.endswith("trace") and names(element.tag) == "trace":
                    yield from _trace_rows(element, names=names)
                    if root is not None:
                        root.clear()  # this trace, and extensions, globals, classifiers
        except ET.ParseError as error:
            raise _malformed(path, error) from None


def _malformed(path: Path, error: ET.ParseError) -> InputError:
    line, column = error.position
    reason = str(error).split(":", 1)[0]
    return InputError(
        [
            Problem(
                code="malformed-xes",
                severity="error",
                message=(
                    f"The XES file '{path}' is not well-formed XML at line {line:,}, column "
                    f"{column + 1}: {reason}. Export the log again, or mend the file at that "
                    "line (a value with a bare '&' or '<' must be written '&amp;' or '&lt;')."
                ),
            )
        ]
    )


def read_xes(con: ibis.BaseBackend, path: Path) -> ir.Table:
    """The events of the XES file ``path`` as a table of text columns (see module docstring).

    Raises:
        InputError: the file is not well-formed XML, or holds no event.
    """
    folder = scratch_folder(con, prefix="xes-")
    files: list[Path] = []
    batch = _Batch()
    for row in _events(path):
        batch.add(row)
        if batch.rows >= BATCH_EVENTS:
            files.append(_write(batch, folder=folder, number=len(files)))
            batch = _Batch()
    if batch.rows:
        files.append(_write(batch, folder=folder, number=len(files)))
    if not files:
        raise InputError(
            [
                Problem(
                    code="no-xes-events",
                    severity="error",
                    message=(
                        f"The XES file '{path}' holds no <event> inside a <trace>, so there is "
                        "nothing to read. Export the log again with its traces and events."
                    ),
                )
            ]
        )
    logger.debug("read %s into %d batch files", path, len(files))
    return con.read_parquet(files, union_by_name=True)


def _write(batch: _Batch, *, folder: Path, number: int) -> Path:
    target = folder / f"batch-{number:06d}.parquet"
    pq.write_table(batch.table(), target)
    return target
