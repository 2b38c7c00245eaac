"""A finished simulation: the events, the truth about what was injected, and its files.

:meth:`Simulation.write` stores the log as ``events.csv``, ``events.parquet`` or
``events.jsonl`` with a matching ``taut.yaml`` beside it. In every format ``at`` is written
as a string, local wall-clock ISO 8601 without an offset (``2025-03-04 16:32:00``), and the
contract says ``timezone: America/Chicago``; empty attributes are written as empty (null).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from taut.files import output_error, whole_file
from taut.simulate.changes import ChangeTruth
from taut.simulate.drifts import DriftTruth
from taut.simulate.process import contract_text
from taut.simulate.shapes import LogShape

logger = logging.getLogger(__name__)

EventFormat = Literal["csv", "parquet", "jsonl"]
FORMATS: tuple[str, ...] = get_args(EventFormat)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True, eq=False)
class Simulation:
    """The result of :func:`taut.simulate.sales_handoff`.

    Attributes:
        events: one row per event; see :mod:`taut.simulate.events` for the columns.
        truth: one record per injected drift, naming the contract's checks it moves.
        seed: the seed it was drawn with.
        start: the first simulated day.
        end: the day after the last simulated day (events stop before it).
        shape: the shapes of real logs it was given (:mod:`taut.simulate.shapes`); the
            contract written beside it ignores them, as an analyst new to the log would
            (it names no transition and no amount).
        changes: one record per injected change to the work (:mod:`taut.simulate.changes`).
    """

    events: pd.DataFrame
    truth: tuple[DriftTruth, ...]
    seed: int
    start: date
    end: date
    shape: LogShape = field(default_factory=LogShape)
    changes: tuple[ChangeTruth, ...] = ()

    @property
    def contract_yaml(self) -> str:
        """The ``taut.yaml`` text for the log written as ``events.csv``."""
        return contract_text(path="events.csv")

    @property
    def cases(self) -> int:
        """The number of deals (cases)."""
        return int(self.events["deal_id"].nunique())

    def write(self, directory: Path | str, *, fmt: EventFormat = "csv") -> Path:
        """Write the events and a matching ``taut.yaml`` into ``directory``.

        Args:
            directory: where to write; created when missing. Existing files are replaced,
                each whole or not at all (:func:`taut.files.whole_file`).
            fmt: ``csv``, ``parquet`` or ``jsonl``.

        Returns:
            The path of the written ``taut.yaml``.

        Raises:
            ValueError: when ``fmt`` is not a known format.
            OutputError: when the folder or a file cannot be written.
        """
        if fmt not in FORMATS:
            raise ValueError(f"Format {fmt!r} is not one of {', '.join(map(repr, FORMATS))}.")
        folder = Path(directory)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise output_error(error, target=str(folder)) from None
        events_path = folder / f"events.{fmt}"
        table = _as_text(self.events)
        with whole_file(events_path) as part:
            if fmt == "csv":
                pa_csv.write_csv(table, part)
            elif fmt == "parquet":
                pq.write_table(table, part)
            else:
                frame = table.to_pandas()
                frame.to_json(part, orient="records", lines=True, force_ascii=False)
        contract_path = folder / "taut.yaml"
        with whole_file(contract_path) as part:
            part.write_text(contract_text(path=events_path.name), encoding="utf-8")
        logger.info("Wrote %d events and taut.yaml to %s", table.num_rows, folder)
        return contract_path


def _as_text(events: pd.DataFrame) -> pa.Table:
    """The events as an Arrow table of strings, ``at`` formatted as local ISO 8601."""
    table = pa.Table.from_pandas(events, preserve_index=False)
    columns: list[pa.Array[Any] | pa.ChunkedArray[Any]] = []
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_timestamp(column.type):
            columns.append(pc.strftime(column, format=TIME_FORMAT))
        else:
            columns.append(pc.cast(column, pa.string()))
    return pa.table(columns, names=table.column_names)
