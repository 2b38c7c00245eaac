"""Open an event-log file as a raw Ibis table, chosen by the file's extension.

=====================================  =================================================
extension                              how it is read
=====================================  =================================================
``.csv``, ``.csv.gz``, ``.tsv``        DuckDB's CSV reader, header row, every column as
                                       text, so taut (not a sniffer) decides what a time is
``.parquet``                           native column types (timestamps, numbers, text)
``.jsonl``, ``.ndjson`` (``.gz``)      one JSON object a line, every value as text
=====================================  =================================================

Every failure a user can cause (no file, a folder, an empty or malformed file, an unknown
extension) becomes an :class:`~taut.errors.InputError` that says what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir

from taut.errors import InputError, Problem, did_you_mean

logger = logging.getLogger(__name__)

_CSV = (".csv", ".csv.gz", ".tsv", ".tsv.gz")
_PARQUET = (".parquet",)
_JSON = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
EXTENSIONS: tuple[str, ...] = _CSV + _PARQUET + _JSON


def _read_csv(con: ibis.BaseBackend, path: Path) -> ir.Table:
    # The delimiter is fixed, not sniffed: a sniffer faced with one ragged row guesses a
    # single column, and the user would see a baffling "missing columns" message.
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    return con.read_csv(path, all_varchar=True, header=True, delim=delimiter)


def _read_parquet(con: ibis.BaseBackend, path: Path) -> ir.Table:
    return con.read_parquet(path)


def _read_json(con: ibis.BaseBackend, path: Path) -> ir.Table:
    sniffed = con.read_json(path, format="newline_delimited")
    as_text = dict.fromkeys(sniffed.columns, "VARCHAR")
    return con.read_json(path, format="newline_delimited", columns=as_text)


def _reader(path: Path) -> Callable[[ibis.BaseBackend, Path], ir.Table]:
    name = path.name.lower()
    if name.endswith(_CSV):
        return _read_csv
    if name.endswith(_PARQUET):
        return _read_parquet
    if name.endswith(_JSON):
        return _read_json
    extension = "".join(path.suffixes[-2:]) or "(none)"
    raise _fail(
        "unknown-extension",
        f"Cannot read '{path}': the extension '{extension}' is not one taut reads. "
        f"Use one of {', '.join(EXTENSIONS)} and point source.path in taut.yaml at it."
        + did_you_mean(path.suffix.lower(), EXTENSIONS),
    )


def _fail(code: str, message: str) -> InputError:
    return InputError([Problem(code=code, severity="error", message=message)])


def open_table(path: Path, *, con: ibis.BaseBackend) -> ir.Table:
    """Open ``path`` as a raw table on ``con`` (lazily: nothing is loaded yet).

    Args:
        path: the event-log file, already resolved.
        con: an Ibis DuckDB connection.

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
    reader = _reader(path)
    if path.stat().st_size == 0:
        raise _fail(
            "empty-file",
            f"The event log '{path}' is empty. Export the events again, with a header row.",
        )
    try:
        table = reader(con, path)
    except (duckdb.Error, OSError) as error:
        logger.debug("reading %s failed", path, exc_info=True)
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise _fail(
            "unreadable-file",
            f"Cannot read the event log '{path}': {first_line}. Check that the file is a "
            f"valid {path.suffix.lstrip('.').upper() or 'data'} file, exported in full.",
        ) from None
    logger.debug("opened %s with columns %s", path, table.columns)
    return table
