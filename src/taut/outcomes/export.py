"""Write the outcomes table to Parquet or CSV, streaming, in one pass over the data.

A file is written whole or not at all (:func:`taut.files.whole_file`). In CSV, a text cell
that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) gets a leading single quote, as OWASP's guidance on CSV injection
recommends; numbers and Parquet are written as they are.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

import ibis
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from taut.files import output_error, whole_file

if TYPE_CHECKING:
    import ibis.expr.types as ir

OutputFormat = Literal["parquet", "csv"]
SUFFIXES: dict[str, OutputFormat] = {".parquet": "parquet", ".csv": "csv"}


def output_format(path: Path | str) -> OutputFormat | None:
    """The format a path asks for by its suffix, ``csv`` for ``-`` (stdout), else ``None``.

    >>> output_format("out.parquet"), output_format("-"), output_format("out.xlsx")
    ('parquet', 'csv', None)
    """
    if str(path) == "-":
        return "csv"
    return SUFFIXES.get(Path(path).suffix.lower())


def _flatten(table: ir.Table) -> ir.Table:
    """CSV has no lists: blank fields become one comma-separated string."""
    if "blank_fields" not in table.columns:
        return table
    return table.mutate(blank_fields=table.blank_fields.join(", "))


FORMULA_START = r"^[=+\-@\t\r]"
"""A text cell starting like this is a formula to a spreadsheet (OWASP, CSV injection)."""


def defuse_formulas(table: ir.Table) -> ir.Table:
    """Prefix ``'`` to every text cell a spreadsheet would run as a formula.

    >>> import ibis
    >>> t = ibis.memtable({"team": ["=HYPERLINK(1)", "North", "-1+1", None], "n": [-1, 2, 3, 4]})
    >>> defuse_formulas(t).to_pandas().to_dict("list")
    {'team': ["'=HYPERLINK(1)", 'North', "'-1+1", None], 'n': [-1, 2, 3, 4]}
    """
    text = [name for name, kind in table.schema().items() if kind.is_string()]
    if not text:
        return table
    return table.mutate(
        **{
            name: ibis.ifelse(table[name].re_search(FORMULA_START), "'" + table[name], table[name])
            for name in text
        }
    )


def _write_csv(table: ir.Table, sink: str | IO[bytes], *, batch_rows: int) -> int:
    rows = 0
    with warnings.catch_warnings():
        # Ibis 12 streams through DuckDB's fetch_record_batch(), deprecated in DuckDB 1.5 but
        # working on the whole 1.x line the lock allows: not the user's to act on, and under
        # ``-W error`` it would surface as an internal error in the middle of the stream.
        warnings.filterwarnings(
            "ignore", message=r"fetch_record_batch\(\) is deprecated", category=DeprecationWarning
        )
        batches = defuse_formulas(_flatten(table)).to_pyarrow_batches(chunk_size=batch_rows)
        with pa_csv.CSVWriter(sink, batches.schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                rows += batch.num_rows
    return rows


def write_outcomes(table: ir.Table, path: Path | str, *, batch_rows: int = 1_000_000) -> int:
    """Compute ``table`` once and stream it to ``path`` (``-`` is CSV on stdout).

    Returns:
        The number of rows written.

    Raises:
        ValueError: the path's suffix is neither ``.parquet`` nor ``.csv``.
        OutputError: the file or standard output cannot be written.
    """
    fmt = output_format(path)
    if fmt is None:
        raise ValueError(f"cannot write outcomes to '{path}': use a .parquet or .csv file.")
    if str(path) == "-":
        try:
            sys.stdout.flush()
            rows = _write_csv(table, sys.stdout.buffer, batch_rows=batch_rows)
            sys.stdout.buffer.flush()
        except OSError as error:
            raise output_error(error, target="standard output") from None
        return rows
    with whole_file(Path(path)) as part:
        if fmt == "csv":
            return _write_csv(table, str(part), batch_rows=batch_rows)
        # The engine writes Parquet itself, on every core, without a trip through Python.
        table.to_parquet(part)
        return int(pq.ParquetFile(str(part)).metadata.num_rows)
