"""The conditions a case ran under, as one of a check's few distinct covariate rows.

The risk model's covariates (:func:`~taut.signal.model.adjust.design`) are one-hot
levels: a weekday, a late day part, a high workload. However many cases a check holds,
their rows take a few dozen distinct values at most (7 x 2 x 2). A slice's expected rate
or time depends on its case's row alone, so :class:`Conditions` keeps each case's
position among the distinct rows: a slice's expected values are the model's values for
those rows, gathered by position (:meth:`Conditions.expected`), and its rate increments
are taken for each row and outcome once (:func:`level_increments`), the same numbers as
case by case, with no search for the distinct expected rates of every slice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray

IntArray = npt.NDArray[np.intp]
MAX_COLUMNS = 16
"""Columns up to which a 0/1 row is read as one binary number (a count per number)."""
OUTCOMES = 3
"""The values a rate stream holds: 0 kept, 1 missed (or 0, 1, 2 blank fields)."""


@dataclass(frozen=True, eq=False)
class Conditions:
    """Cases' covariate rows as positions among distinct rows.

    Attributes:
        rows: ``(J, p)`` the distinct rows.
        codes: each case's position in ``rows``.
    """

    rows: FloatArray
    codes: IntArray

    @classmethod
    def of(cls, covariates: FloatArray) -> Conditions:
        """The distinct rows of a 0/1 design matrix and each case's position among them.

        >>> found = Conditions.of(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
        >>> found.codes.tolist(), found.rows[found.codes].tolist()
        ([0, 1, 0], [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
        """
        columns = covariates.shape[1]
        if columns > MAX_COLUMNS or not np.all((covariates == 0.0) | (covariates == 1.0)):
            # Not one-hot: each case its own row (the same numbers, no saving).
            return cls(rows=covariates, codes=np.arange(covariates.shape[0], dtype=np.intp))
        number = (covariates @ (2.0 ** np.arange(columns))).astype(np.intp)
        present = np.flatnonzero(np.bincount(number, minlength=1 << columns))
        position = np.zeros(1 << columns, dtype=np.intp)
        position[present] = np.arange(present.size)
        bits = (present[:, None] >> np.arange(columns)) & 1
        return cls(rows=bits.astype(np.float64), codes=position[number])

    def take(self, at: npt.NDArray[np.integer[Any]]) -> Conditions:
        """The cases at positions ``at``, in that order (the same distinct rows)."""
        return Conditions(rows=self.rows, codes=np.take(self.codes, at))

    def design(self) -> FloatArray:
        """The cases' covariate rows themselves, ``(n, p)``."""
        result: FloatArray = np.take(self.rows, self.codes, axis=0)
        return result

    def expected(self, model: Callable[[FloatArray], FloatArray]) -> FloatArray:
        """``model`` of every case's row: computed once per distinct row, then gathered."""
        result: FloatArray = np.take(model(self.rows), self.codes)
        return result


def level_increments(
    values: FloatArray,
    *,
    codes: IntArray,
    levels: FloatArray,
    increments: Callable[[FloatArray, FloatArray], FloatArray],
) -> FloatArray:
    """``increments(values, levels[codes])``, computed once per distinct row and outcome.

    A case's increments depend only on its value (0/1, or 0/1/2 blank fields) and its
    expected rate, the expected rate of its row (``levels``): the logarithms are taken
    for each row and outcome and each case's column is gathered from them. Values other
    than 0, 1 and 2 are computed case by case.

    >>> level_increments(np.array([1.0, 0.0, 1.0]), codes=np.array([0, 1, 0]),
    ...     levels=np.array([0.5, 0.2]), increments=lambda x, p: np.log(p)[None, :] * x)
    ... # doctest: +NORMALIZE_WHITESPACE
    array([[-0.69314718, -0. , -0.69314718]])
    """
    if not np.all((values == 0.0) | (values == 1.0) | (values == 2.0)):
        return increments(values, np.take(levels, codes))
    outcomes = np.arange(float(OUTCOMES))
    table = increments(np.tile(outcomes, levels.size), np.repeat(levels, OUTCOMES))
    result: FloatArray = np.take(table, codes * OUTCOMES + values.astype(np.intp), axis=1)
    return result
