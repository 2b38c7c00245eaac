"""The outcomes table as numpy arrays per check: computed once, sliced many times.

A scan looks at every check as a whole and in many segments; running the outcomes query
once per segment would repeat the whole evaluation each time. :func:`read_casebook`
selects the few columns a scan needs with Ibis and splits them by check into
:class:`CheckCases` (numpy arrays, one entry per case). From the outcomes stored as a
table in the database (what ``taut scan`` does, :mod:`taut.api`) it reads one check at a
time, so the whole table is never in memory at once; a query or an Arrow table is
materialised once and split.

Times become hours since the Unix epoch (UTC) so detectors and censoring
(:mod:`taut.signal.inputs.streams`) can work on plain floats. Segment labels are derived here,
one per dimension of :data:`~taut.signal.inputs.dimensions.DIMENSIONS` (team, workload,
day part, weekday: their columns and cut-offs are declared there), and one per declared
condition attribute, under its own name. A check whose times are recorded to the day
(:mod:`taut.signal.inputs.resolution`) is marked ``day_only`` and gets no day-part label.

Person values never enter: the outcomes table has no person column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from ibis.expr import operations as ops

from taut.contract.models import PresentRule, WithinRule
from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.dimensions import DAY_PART, DIMENSIONS, Dimension, dimension_columns
from taut.signal.inputs.resolution import recorded_to_the_day

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Check, Contract

HOUR_US = 3_600_000_000
DayArray = npt.NDArray[np.datetime64]
BASE_COLUMNS: tuple[str, ...] = (
    "check",
    "anchor_time",
    "decided_time",
    "status",
    "value",
    "day",
    *dimension_columns(),
)


@dataclass(frozen=True, eq=False)
class Labels:
    """Each case's label on one dimension, as a small integer code per case.

    A label column has a handful of distinct values over millions of cases: one byte or
    two per case instead of an eight-byte pointer to a shared ``str``. It answers what the
    scan asks of a label array, as an object array of the labels would: ``labels == word``
    (a boolean mask), ``labels[mask]`` or ``labels[positions]`` (the labels of those
    cases), ``tolist()`` and ``size``.

    Attributes:
        codes: each case's position in ``words``.
        words: the distinct labels; ``None`` is an unknown label.

    >>> labels = Labels.of(np.array(["b", "a", None, "b"], dtype=object))
    >>> (labels == "b").tolist(), labels[np.array([1, 2])].tolist(), labels.codes.dtype.name
    ([True, False, False, True], ['a', None], 'int8')
    """

    codes: npt.NDArray[np.signedinteger[Any]]
    words: tuple[str | None, ...]

    @classmethod
    def of(cls, values: npt.NDArray[np.object_]) -> Labels:
        """The labels of an object array (its distinct values, ``None`` kept as unknown)."""
        words = tuple(dict.fromkeys(values.tolist()))
        lookup = {word: code for code, word in enumerate(words)}
        codes = np.fromiter((lookup[value] for value in values.tolist()), dtype=np.int64)
        return cls(codes=codes.astype(np.min_scalar_type(-max(len(words), 1))), words=words)

    @property
    def size(self) -> int:
        """The number of cases."""
        return int(self.codes.size)

    def __len__(self) -> int:
        return self.size

    def __eq__(self, word: object) -> npt.NDArray[np.bool_]:  # type: ignore[override]
        found = [code for code, known in enumerate(self.words) if known == word]
        if not found:
            return np.zeros(self.codes.shape, dtype=bool)
        return np.asarray(self.codes == found[0], dtype=bool)

    def __ne__(self, word: object) -> npt.NDArray[np.bool_]:  # type: ignore[override]
        return ~(self == word)

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, index: npt.NDArray[np.bool_] | npt.NDArray[np.integer[Any]]) -> Labels:
        return Labels(codes=self.codes[index], words=self.words)

    def distinct(self) -> set[str | None]:
        """The labels that occur (without a Python object per case)."""
        used = np.flatnonzero(np.bincount(self.codes.astype(np.intp), minlength=len(self.words)))
        return {self.words[code] for code in used.tolist()}

    def tolist(self) -> list[str | None]:
        """Each case's label (as :meth:`numpy.ndarray.tolist` of an object array)."""
        words: list[str | None] = np.asarray(self.words, dtype=object)[self.codes].tolist()
        return words


LabelArray = npt.NDArray[np.object_] | Labels
"""A label per case: :class:`Labels` as the casebook reads them, or an object array (the
same answers, for tests and callers that build cases by hand)."""


def distinct_labels(labels: LabelArray) -> set[Any]:
    """The distinct labels of a label array (``None`` included when it occurs).

    >>> sorted(distinct_labels(Labels.of(np.array(["b", "a", "b"], dtype=object))))
    ['a', 'b']
    """
    if isinstance(labels, Labels):
        return labels.distinct()
    return set(labels.tolist())


@dataclass(frozen=True, eq=False)
class CheckCases:
    """One check's cases as arrays of equal length (one entry per case).

    Attributes:
        check: the check's id.
        anchor: when each case's clock started, hours since the epoch (UTC).
        decided: when its status became known (hours); NaN while pending.
        missed: 1.0 missed, 0.0 kept, NaN pending.
        value: the outcomes table's ``value`` (hours for within/present); NaN when null.
        day: the local day of the anchor.
        labels: segment dimension -> the case's label (``None`` when unknown).
        day_only: the check's times are recorded to the day
            (:func:`~taut.signal.inputs.resolution.recorded_to_the_day`).
    """

    check: str
    anchor: FloatArray
    decided: FloatArray
    missed: FloatArray
    value: FloatArray
    day: DayArray
    labels: dict[str, LabelArray]
    day_only: bool = False

    @property
    def size(self) -> int:
        """The number of cases."""
        return int(self.anchor.size)

    def subset(
        self,
        mask: npt.NDArray[np.bool_],
        *,
        labels: bool = True,
        rows: npt.NDArray[np.intp] | None = None,
    ) -> CheckCases:
        """The cases where ``mask`` is true (these very cases when it holds everywhere).

        ``labels=False`` leaves the segment labels out: the times, status and value of a
        segment's cases without a copy of every label. ``rows``, when the caller has
        them, are ``np.flatnonzero(mask)`` (not found again).
        """
        if rows is None:
            if mask.all():
                return self  # the arrays are never written to, so sharing them is safe
            rows = np.flatnonzero(mask)  # found once, taken from every array
        elif rows.size == self.size:
            return self  # every row: the mask holds everywhere
        return CheckCases(
            check=self.check,
            anchor=self.anchor[rows],
            decided=self.decided[rows],
            missed=self.missed[rows],
            value=self.value[rows],
            day=self.day[rows],
            labels={name: values[rows] for name, values in self.labels.items()} if labels else {},
            day_only=self.day_only,
        )


def _hours(column: Any) -> FloatArray:
    stamps = np.asarray(column.to_numpy(zero_copy_only=False), dtype="datetime64[us]")
    micros = stamps.astype(np.int64).astype(np.float64)
    return np.where(np.isnat(stamps), np.nan, micros / HOUR_US)


def _floats(column: Any) -> FloatArray:
    values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
    return np.asarray(values, dtype=np.float64)


def _labels(column: Any) -> Labels:
    """A column's values as :class:`Labels`: text is dictionary-encoded by Arrow.

    Converting a column whole would make a Python string per row (about 55 bytes each);
    the codes take one byte a row while there are fewer than 128 distinct values.
    """
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return Labels.of(np.asarray(column.to_numpy(zero_copy_only=False), dtype=object))
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks() if encoded.num_chunks else None
    if encoded is None:
        return Labels(codes=np.empty(0, dtype=np.int8), words=(None,))
    words = (*encoded.dictionary.to_pylist(), None)
    codes = pc.fill_null(encoded.indices, len(words) - 1).to_numpy(zero_copy_only=False)
    return Labels(codes=codes.astype(np.min_scalar_type(-len(words))), words=words)


def _choose(test: npt.NDArray[np.bool_], *, yes: str, no: str) -> Labels:
    """``yes`` where ``test`` holds, else ``no``: a one-byte code per case."""
    return Labels(codes=test.astype(np.int8), words=(no, yes))


def _dimension_labels(table: pa.Table, dimension: Dimension) -> Labels:
    """Each case's label on ``dimension``: its column's value, or the side of its cut."""
    column = table.column(dimension.column)
    if dimension.cut is None:
        return _labels(column)
    inside = _floats(column) >= dimension.cut.at_least
    return _choose(inside, yes=dimension.cut.inside, no=dimension.cut.outside)


def _check_cases(
    check: str, table: pa.Table, conditions: tuple[str, ...], *, steps_timed: bool
) -> CheckCases:
    status = _labels(table.column("status"))
    missed = np.where(status == "missed", 1.0, np.where(status == "kept", 0.0, np.nan))
    anchor = _hours(table.column("anchor_time"))
    value = _floats(table.column("value"))
    # ``value`` is the hours to the step for within and present checks, a share otherwise.
    day_only = recorded_to_the_day(anchor, value if steps_timed else np.full_like(value, np.nan))
    labels: dict[str, LabelArray] = {
        dimension.name: _dimension_labels(table, dimension)
        for dimension in DIMENSIONS
        if not (day_only and dimension is DAY_PART)
    }
    for name in conditions:
        labels[name] = _labels(table.column(name))
    days = table.column("day").to_numpy(zero_copy_only=False)
    return CheckCases(
        check=check,
        anchor=anchor,
        decided=_hours(table.column("decided_time")),
        missed=np.asarray(missed, dtype=np.float64),
        value=value,
        day=np.asarray(days, dtype="datetime64[D]"),
        labels=labels,
        day_only=day_only,
    )


def _steps_timed(check: Check) -> bool:
    """Whether a check's ``value`` is the hours to its step (within and present checks)."""
    return isinstance(check.rule, PresentRule | WithinRule)


ORDER: list[tuple[str, Literal["ascending", "descending"]]] = [
    ("anchor_time", "ascending"),
    ("case_id", "ascending"),
]
"""A check's cases in anchor then case id order (ids are unique within a check), so the
streams, and so every scan, are the same from run to run (ties at one anchor included)."""


def _check_table(outcomes: ir.Table, check: str, columns: list[str]) -> pa.Table:
    """One check's rows of a stored table, its columns only, in anchor then case id order.

    The database reads the rows unordered and Arrow sorts them through one index array:
    the same order as an ``ORDER BY`` (Arrow and DuckDB both compare text byte by byte and
    put nulls last), without the database's sort, which spills to disk while the scan
    holds the database to a quarter of its memory (:func:`taut.ingest.connection.scan_memory`).
    """
    rows: pa.Table = (
        outcomes.filter(outcomes["check"] == check).select("case_id", *columns).to_pyarrow()
    )
    order = pc.sort_indices(rows, sort_keys=ORDER)
    return rows.drop_columns(["case_id"]).take(order)


def read_casebook(outcomes: ir.Table | pa.Table, *, contract: Contract) -> dict[str, CheckCases]:
    """Materialise the outcomes table once and split it by check (module docstring).

    Args:
        outcomes: the table of :func:`taut.outcomes.evaluate_checks`, that table already
            computed to Arrow (its columns are then selected without a copy), or that table
            stored in the database (a table of its own, not a query over the log): its
            checks are then read one at a time, their columns only, so the whole table is
            never held in memory at once.
        contract: the contract it was evaluated for (its checks and conditions).

    Returns:
        Check id -> its cases, for every check of the contract (empty arrays when none).
    """
    conditions = tuple(contract.conditions)
    # The engine returns rows in no set order; sorting by anchor then case id makes the
    # streams, and so every scan, the same from run to run (ties at one anchor included).
    kept = [name for name in (*BASE_COLUMNS, *conditions) if name != "check"]
    if not isinstance(outcomes, pa.Table) and isinstance(outcomes.op(), ops.PhysicalTable):
        return {
            check.id: _check_cases(
                check.id,
                _check_table(outcomes, check.id, kept),
                conditions,
                steps_timed=_steps_timed(check),
            )
            for _, check in contract.checks
        }
    # A query (not a stored table) is run once: reading it check by check would run it
    # once per check.
    columns = ["case_id", *BASE_COLUMNS, *conditions]
    selected = (
        outcomes.select(columns)
        if isinstance(outcomes, pa.Table)
        else outcomes.select(*columns).to_pyarrow()
    )
    # Sorted through one index array, each check's rows taken from the table once: no
    # sorted copy of the whole table beside the per-check ones.
    order = pc.sort_indices(
        selected,
        sort_keys=[("check", "ascending"), ("anchor_time", "ascending"), ("case_id", "ascending")],
    ).to_numpy()
    checks = _labels(selected.column("check").take(order))
    # The ids only order the rows: each check's rows are taken without them.
    rest = selected.select(kept)
    book: dict[str, CheckCases] = {}
    for _, check in contract.checks:
        rows = order[np.flatnonzero(checks == check.id)]
        book[check.id] = _check_cases(
            check.id, rest.take(rows), conditions, steps_timed=_steps_timed(check)
        )
    return book
