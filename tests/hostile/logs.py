"""Hypothesis strategies for event logs: the valid project's log, mutated.

A drawn log starts from :func:`tests.hostile.project.base_rows` and takes one to three
mutations (rows shuffled or repeated, blank cells, garbage or extreme times, ragged rows,
hostile text in any column, raw bytes in a cell, a header changed), in CSV, JSON Lines or
Parquet. Mutations are registered by class name so :mod:`tests.hostile.known` can hold one
back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from tests.hostile.known import allowed
from tests.hostile.project import HEADER, LOG_FORMATS, Cell, LogFormat, Row, base_rows
from tests.hostile.texts import hostile_text

AT = HEADER.index("at")


@dataclass(frozen=True)
class HostileLog:
    """A log's rows, header and format, and the mutations that made them."""

    rows: tuple[Row, ...]
    header: tuple[str, ...]
    fmt: LogFormat
    mutations: tuple[str, ...]

    def describe(self) -> str:
        changed = [row for row in self.rows if row not in set(base_rows())][:8]
        return (
            f"format: {self.fmt}; mutations: {', '.join(self.mutations)}\n"
            f"header: {self.header}\nrows not in the valid log (first 8): {changed}"
        )


Rows = list[Row]


def _with_cell(row: Row, index: int, value: Cell) -> Row:
    cells = list(row.cells)
    if index < len(cells):
        cells[index] = value
    return Row(tuple(cells))


def _row_index(draw: st.DrawFn, rows: Rows) -> int:
    return draw(st.integers(min_value=0, max_value=max(len(rows) - 1, 0)))


def _some_rows(draw: st.DrawFn, rows: Rows) -> list[int]:
    return draw(st.lists(st.integers(min_value=0, max_value=len(rows) - 1), max_size=6))


def _shuffle(draw: st.DrawFn, rows: Rows) -> Rows:
    draw(st.randoms(use_true_random=False)).shuffle(rows)
    return rows


def _repeat(draw: st.DrawFn, rows: Rows) -> Rows:
    return rows + [rows[index] for index in _some_rows(draw, rows)]


def _blank(draw: st.DrawFn, rows: Rows) -> Rows:
    column = draw(st.integers(min_value=0, max_value=len(HEADER) - 1))
    blank = draw(st.sampled_from(("", None, " ")))
    for index in _some_rows(draw, rows):
        rows[index] = _with_cell(rows[index], column, blank)
    return rows


GARBAGE_TIMES = ("soon", "2025-13-45 25:61", "31/02/2025", "1741000000", "NaT", "", "0", "T")


def _garbage_times(draw: st.DrawFn, rows: Rows) -> Rows:
    for index in _some_rows(draw, rows):
        value = draw(st.sampled_from(GARBAGE_TIMES) | hostile_text())
        rows[index] = _with_cell(rows[index], AT, value)
    return rows


PLACEHOLDER_TIMES = ("1900-01-01 00:00", "1970-01-01 00:00", "2100-01-01 00:00", "2000-01-01")
OUT_OF_RANGE_TIMES = (
    "0001-01-01 00:00",
    "1677-09-21 00:00",
    "2262-04-12 00:00",
    "9999-12-31 23:59",
    "10000-01-01 00:00",
)


def _placeholder_times(draw: st.DrawFn, rows: Rows) -> Rows:
    for index in _some_rows(draw, rows):
        rows[index] = _with_cell(rows[index], AT, draw(st.sampled_from(PLACEHOLDER_TIMES)))
    return rows


def _out_of_range_times(draw: st.DrawFn, rows: Rows) -> Rows:
    for index in _some_rows(draw, rows):
        rows[index] = _with_cell(rows[index], AT, draw(st.sampled_from(OUT_OF_RANGE_TIMES)))
    return rows


def _ragged(draw: st.DrawFn, rows: Rows) -> Rows:
    for index in _some_rows(draw, rows):
        cells = rows[index].cells
        size = draw(st.integers(min_value=0, max_value=len(HEADER) + 3))
        rows[index] = Row((*cells, "extra", "more", "most")[:size])
    return rows


def _hostile_values(draw: st.DrawFn, rows: Rows) -> Rows:
    column = draw(st.integers(min_value=0, max_value=len(HEADER) - 1))
    value = draw(hostile_text())
    every = draw(st.booleans())
    indexes = range(len(rows)) if every else _some_rows(draw, rows)
    original = {row.cells[column] for row in rows if column < len(row.cells)}
    if every and original and column != AT:
        # Rename one value everywhere (an activity, a team, a case), so it stays in use.
        old = draw(st.sampled_from(sorted(str(cell) for cell in original)))
        return [
            _with_cell(row, column, value)
            if column < len(row.cells) and str(row.cells[column]) == old
            else row
            for row in rows
        ]
    for index in indexes:
        rows[index] = _with_cell(rows[index], column, value)
    return rows


def _raw_bytes(draw: st.DrawFn, rows: Rows) -> Rows:
    column = draw(st.integers(min_value=0, max_value=len(HEADER) - 1))
    for index in _some_rows(draw, rows):
        rows[index] = _with_cell(rows[index], column, draw(st.binary(min_size=1, max_size=12)))
    return rows


def _header_only(draw: st.DrawFn, rows: Rows) -> Rows:
    return rows[: draw(st.sampled_from((0, 1, 3)))]


LOG_MUTATIONS: dict[str, Callable[[st.DrawFn, Rows], Rows]] = {
    "shuffle": _shuffle,
    "repeat-rows": _repeat,
    "blank-cells": _blank,
    "garbage-times": _garbage_times,
    "placeholder-times": _placeholder_times,
    "out-of-range-times": _out_of_range_times,
    "ragged-rows": _ragged,
    "hostile-values": _hostile_values,
    "raw-bytes": _raw_bytes,
    "few-rows": _header_only,
}
"""Mutations of the log's rows, by class name."""


@st.composite
def hostile_headers(draw: st.DrawFn) -> tuple[str, ...]:
    """The header, or the header with one column renamed, dropped or repeated."""
    header = list(HEADER)
    choice = draw(st.integers(min_value=0, max_value=5))
    index = draw(st.integers(min_value=0, max_value=len(header) - 1))
    if choice == 0:
        header[index] = draw(hostile_text())
    elif choice == 1:
        header[index] = header[(index + 1) % len(header)]
    return tuple(header)


@st.composite
def hostile_logs(draw: st.DrawFn) -> HostileLog:
    """The valid log with one to three mutations, in a drawn format."""
    names = [name for name in LOG_MUTATIONS if allowed(name)]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3))
    rows = base_rows()
    for name in chosen:
        if rows:
            rows = LOG_MUTATIONS[name](draw, rows)
    header = draw(hostile_headers()) if allowed("header") else HEADER
    if header != HEADER:
        chosen.append("header")
    fmt = draw(st.sampled_from(LOG_FORMATS))
    return HostileLog(rows=tuple(rows), header=header, fmt=fmt, mutations=tuple(chosen))
