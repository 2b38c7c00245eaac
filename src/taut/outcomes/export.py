"""Write the outcomes table to Parquet or CSV, streaming, in one pass over the data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

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


def write_outcomes(table: ir.Table, path: Path | str, *, batch_rows: int = 1_000_000) -> int:
    """Compute ``table`` once and stream it to ``path`` (``-`` is CSV on stdout).

    Returns:
        The number of rows written.

    Raises:
        ValueError: the path's suffix is neither ``.parquet`` nor ``.csv``.
    """
    fmt = output_format(path)
    if fmt is None:
        raise ValueError(f"cannot write outcomes to '{path}': use a .parquet or .csv file.")
    if fmt == "parquet":
        # The engine writes Parquet itself, on every core, without a trip through Python.
        table.to_parquet(path)
        return int(pq.ParquetFile(str(path)).metadata.num_rows)
    batches = _flatten(table).to_pyarrow_batches(chunk_size=batch_rows)
    rows = 0
    sink: str | IO[bytes] = sys.stdout.buffer if str(path) == "-" else str(path)
    with pa_csv.CSVWriter(sink, batches.schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows
