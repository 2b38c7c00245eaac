"""Open an event-log file as a raw Ibis table, chosen by the file's extension.

=====================================  =================================================
extension                              how it is read
=====================================  =================================================
``.csv``, ``.tsv`` (``.gz``)           DuckDB's CSV reader, header row, every column as
                                       text, so taut (not a sniffer) decides what a time
                                       is; encoding and delimiter as
                                       :mod:`~taut.ingest.dialect` decides
``.parquet``                           native column types (timestamps, numbers, text)
``.jsonl``, ``.ndjson``, ``.json``     JSON Lines, one JSON array of objects, or
(``.gz``)                              pretty-printed objects (the layout is told from the
                                       first line), every value as text; a file that
                                       starts with a UTF-8 byte-order mark is read from
                                       a copy without it (DuckDB refuses the mark)
``.xes``, ``.xes.gz``                  streamed by :mod:`~taut.ingest.xes`: one row an
                                       event, trace attributes as ``case:`` columns,
                                       every value as text
=====================================  =================================================

``source.format`` (``csv``, ``parquet``, ``json``, ``xes``) reads a file whatever its
extension. Every failure a user can cause (no file, a folder, an empty or malformed file, an unknown
extension, bytes the encoding does not allow, NUL bytes, ragged rows, a header read as one
column) becomes an :class:`~taut.errors.InputError` that names the cause and what to do;
:mod:`~taut.ingest.faults` names the faults of a text file DuckDB could not read.
"""

from __future__ import annotations

import codecs
import logging
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir

from taut.contract.models import DELIMITERS, FORMATS, FileFormat, Source
from taut.errors import InputError, Problem, did_you_mean
from taut.ingest.connection import out_of_memory, scratch_folder
from taut.ingest.dialect import (
    Dialect,
    csv_dialect,
    describe_delimiter,
    json_layout,
    open_bytes,
    read_head,
)
from taut.ingest.faults import diagnose, has_nul_bytes
from taut.ingest.xes import XES_EXTENSIONS, read_xes

logger = logging.getLogger(__name__)

_CSV = (".csv", ".csv.gz", ".tsv", ".tsv.gz")
_PARQUET = (".parquet",)
_JSON = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
EXTENSIONS: tuple[str, ...] = _CSV + _PARQUET + _JSON + XES_EXTENSIONS

_COPY_CHUNK = 1 << 20
Reader = Callable[[ibis.BaseBackend, Path, "Source | None"], ir.Table]


def _read_csv(con: ibis.BaseBackend, path: Path, source: Source | None) -> ir.Table:
    # Delimiter, quote and encoding are given, not sniffed: a sniffer faced with one ragged
    # row guesses a single column, and the user would see a baffling "missing columns".
    dialect = csv_dialect(path, source=source)
    if dialect.encoding != "utf-16" and has_nul_bytes(path):
        raise InputError(diagnose(path, dialect=dialect))
    table = con.read_csv(
        path,
        all_varchar=True,
        header=True,
        delim=dialect.delimiter,
        quote='"',
        escape='"',
        encoding=dialect.encoding,
    )
    _check_one_column(path, columns=table.columns, dialect=dialect)
    return table


def _check_one_column(path: Path, *, columns: tuple[str, ...], dialect: Dialect) -> None:
    """Refuse a header read as one column that holds another candidate delimiter."""
    if len(columns) != 1:
        return
    header = columns[0]
    others = [c for c in DELIMITERS if c != dialect.delimiter and c in header]
    if not others:
        return
    likely = max(others, key=header.count)
    shown = header if len(header) <= 60 else header[:57] + "..."
    raise _fail(
        "one-column",
        f"The header of '{path}' reads as one column, '{shown}', with the delimiter "
        f"{describe_delimiter(dialect.delimiter)} set in taut.yaml, and it holds "
        f"{describe_delimiter(likely)} {header.count(likely)} times. Set source.delimiter "
        f"to {describe_delimiter(likely)} in taut.yaml, or leave delimiter out to detect "
        "it from the header line.",
    )


def _read_parquet(con: ibis.BaseBackend, path: Path, source: Source | None) -> ir.Table:
    del source  # a Parquet file says its own encoding and types
    return con.read_parquet(path)


def _without_bom(con: ibis.BaseBackend, path: Path) -> Path:
    """``path``, or when it starts with a UTF-8 byte-order mark (which DuckDB's JSON reader
    refuses), a copy without it in the connection's scratch folder (decompressed)."""
    if not read_head(path).startswith(codecs.BOM_UTF8):
        return path
    name = path.name.removesuffix(".gz").removesuffix(".GZ")
    copy = scratch_folder(con, prefix="json-") / name
    with open_bytes(path) as original, copy.open("wb") as target:
        original.read(len(codecs.BOM_UTF8))
        shutil.copyfileobj(original, target, _COPY_CHUNK)
    logger.debug("copied %s without its byte-order mark to %s", path, copy)
    return copy


def _read_json(con: ibis.BaseBackend, path: Path, source: Source | None) -> ir.Table:
    del source  # JSON is UTF-8 by definition and has no delimiter
    if has_nul_bytes(path):
        raise InputError(diagnose(path, dialect=None))
    path = _without_bom(con, path)
    layout = json_layout(path)
    sniffed = con.read_json(path, format=layout)
    as_text = dict.fromkeys(sniffed.columns, "VARCHAR")
    return con.read_json(path, format=layout, columns=as_text)


def _read_xes(con: ibis.BaseBackend, path: Path, source: Source | None) -> ir.Table:
    del source  # an XES file says its own encoding and has no delimiter
    return read_xes(con, path)


def file_format(path: Path, *, source: Source | None) -> FileFormat | None:
    """How ``path`` is read: ``source.format`` when set, else by its extension (``None``
    for an extension taut does not know)."""
    if source is not None and source.format is not None:
        return source.format
    name = path.name.lower()
    for extensions, kind in _BY_EXTENSION:
        if name.endswith(extensions):
            return kind
    return None


def _reader(path: Path, *, source: Source | None) -> Reader:
    kind = file_format(path, source=source)
    if kind is not None:
        return _READERS[kind]
    extension = "".join(path.suffixes[-2:]) or "(none)"
    raise _fail(
        "unknown-extension",
        f"Cannot read '{path}': the extension '{extension}' is not one taut reads. "
        f"Use one of {', '.join(EXTENSIONS)} and point source.path in taut.yaml at it, "
        f"or set source.format to one of {', '.join(FORMATS)}."
        + did_you_mean(path.suffix.lower(), EXTENSIONS),
    )


_READERS: dict[FileFormat, Reader] = {
    "csv": _read_csv,
    "parquet": _read_parquet,
    "json": _read_json,
    "xes": _read_xes,
}
_BY_EXTENSION: tuple[tuple[tuple[str, ...], FileFormat], ...] = (
    (_CSV, "csv"),
    (_PARQUET, "parquet"),
    (_JSON, "json"),
    (XES_EXTENSIONS, "xes"),
)


def _fail(code: str, message: str) -> InputError:
    return InputError([Problem(code=code, severity="error", message=message)])


def open_table(path: Path, *, con: ibis.BaseBackend, source: Source | None = None) -> ir.Table:
    """Open ``path`` as a raw table on ``con`` (lazily: nothing is loaded yet).

    Args:
        path: the event-log file, already resolved.
        con: an Ibis DuckDB connection.
        source: the contract's ``source`` (encoding, delimiter), if any.

    Returns:
        The file's rows with the file's own column names.

    Raises:
        InputError: the file is missing, a folder, empty, unreadable or of an unknown kind.
    """
    try:
        exists = path.exists()
    except (OSError, ValueError) as error:  # a name too long, or a NUL byte in it
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise _fail(
            "unusable-path",
            f"The event log '{path}' cannot be opened: {reason}. Check source.path in "
            "taut.yaml: it must name one file (a relative path is read from the folder "
            "taut.yaml is in).",
        ) from None
    if not exists:
        siblings = sorted(p.name for p in path.parent.glob("*")) if path.parent.is_dir() else []
        raise _fail(
            "missing-file",
            f"The event log '{path}' does not exist. Check source.path in taut.yaml "
            "(a relative path is read from the folder taut.yaml is in)."
            + did_you_mean(path.name, siblings),
        )
    if path.is_dir():
        raise _fail(
            "not-a-file",
            f"The event log '{path}' is a folder. Point source.path in taut.yaml at one file.",
        )
    reader = _reader(path, source=source)
    if path.stat().st_size == 0:
        raise _fail(
            "empty-file",
            f"The event log '{path}' is empty. Export the events again, with a header row.",
        )
    try:
        table = reader(con, path, source)
    except duckdb.OutOfMemoryException as error:
        raise out_of_memory(error, doing=f"reading the event log '{path}'") from None
    # EOFError: a .gz cut short; zlib.error: a .gz damaged inside
    except (duckdb.Error, OSError, EOFError, zlib.error) as error:
        raise read_failure(path, source=source, error=error) from None
    logger.debug("opened %s with columns %s", path, table.columns)
    return table


def read_failure(path: Path, *, source: Source | None, error: Exception) -> InputError:
    """The error for a file the database failed to read: its faults named line by line
    when it is a text file that has any, else the database's first line of explanation."""
    # Only the error's kind: the database's text can quote a row, a person's value in it.
    logger.debug("reading %s failed: %s", path, type(error).__name__)
    kind = file_format(path, source=source)
    problems: tuple[Problem, ...] = ()
    try:
        if kind == "csv":
            problems = diagnose(path, dialect=csv_dialect(path, source=source))
        elif kind == "json":
            lines = json_layout(path) == "newline_delimited"
            problems = diagnose(path, dialect=None, json_lines=lines)
    except (OSError, EOFError, zlib.error):  # gone, or not decompressible: say what the reader said
        problems = ()
    if problems:
        return InputError(problems)
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else type(error).__name__
    return _fail(
        "unreadable-file",
        f"Cannot read the event log '{path}': {first_line}. Check that the file is a "
        f"valid {(kind or path.suffix.lstrip('.')).upper() or 'data'} file, exported in full.",
    )
