"""One signal's cases as a slip indicator, split into *before* and *during* the drift.

For a signal on check ``c`` the cases are the rows of the outcomes table with
``check == c``, and each decided case gets a slip indicator ``y``:

- metric ``missed``: ``y = 1`` when the status is ``missed``, ``0`` when ``kept``;
- metric ``latency`` or ``spread``: ``y = 1[value > q90]`` with ``q90`` the 90th
  percentile of ``value`` over the baseline window's cases, and ``y = 1`` for a missed
  case that has no value (the step never came); so before the drift ``P(y = 1)`` is about
  a tenth, and a slower or wider tail raises it. The upper tail (rather than the median)
  keeps the contrast sharp when a few cases slip far, and counts skipped steps too.

Pending cases have no ``y`` (NaN) and count nowhere. The windows are by the anchor's
local day ``d``: *before* is ``d <= baseline_until``; *during* is ``start <= d <= as_of``
and anchored before the first case still pending (the *settled prefix* the scan reads,
:mod:`taut.signal.inputs.streams`), with
``start = max(baseline_until + 1, min(since, as_of - 27 days))``: from the signal's
estimated start (``since``; the day after the baseline when unknown), but at least four
weeks long when the data after the baseline allow. A ``since`` estimated late (a
change-point estimate is uncertain, more so for a segment) would otherwise leave too few
cases to compare; starting too early only dilutes the difference, it does not move it
towards another condition. The settled prefix keeps the whole the same population as the
signal's own figures: without it, cases anchored after a still-open one (mostly quick,
kept ones, since a miss of a long limit is known last) made the insight's whole read
better than the signal line above it (on the helpdesk log 20.8% missed against the
signal's 24.1%), so a condition's parts could both sit below the headline's whole.

>>> import pandas as pd
>>> frame = pd.DataFrame({"check": ["c"] * 4, "status": ["kept", "missed", "missed", "pending"],
...     "value": [1.0, 2.0, None, None], "day": pd.to_datetime(["2025-01-01"] * 2
...     + ["2025-03-01"] * 2)})
>>> slip_indicator(frame, metric="missed", before=frame["day"] <= "2025-02-01").tolist()
[0.0, 1.0, 1.0, nan]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

if TYPE_CHECKING:
    from taut.signal.decide.cap import Signal

FloatArray = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
SLOW_QUANTILE = 0.9
MIN_DURING_DAYS = 28


@dataclass(frozen=True, eq=False)
class SlipCases:
    """One check's cases with their slip indicator and windows (arrays of equal length).

    Attributes:
        check: the check's id.
        frame: the check's outcome rows (index reset), for the conditions.
        slip: 1.0 slipped, 0.0 held, NaN pending.
        before: the case falls in the baseline window.
        during: the case falls in the drift window.
        during_from: the first day of the drift window.
    """

    check: str
    frame: pd.DataFrame
    slip: FloatArray
    before: Mask
    during: Mask
    during_from: date | None = None

    @property
    def size(self) -> int:
        """The number of cases."""
        return int(self.slip.size)

    @property
    def decided(self) -> Mask:
        """Cases with a slip indicator (not pending)."""
        return np.asarray(~np.isnan(self.slip), dtype=bool)


def slip_indicator(frame: pd.DataFrame, *, metric: str, before: pd.Series | Mask) -> FloatArray:
    """The slip indicator ``y`` of every row (module docstring).

    Args:
        frame: outcome rows of one check, with ``status`` and ``value``.
        metric: the signal's metric: ``missed``, ``latency`` or ``spread``.
        before: which rows fall in the baseline window (for the latency quantile).
    """
    status = frame["status"].to_numpy(dtype=object)
    pending = status == "pending"
    missed = status == "missed"
    if metric == "missed":
        slip = np.where(missed, 1.0, 0.0)
    else:
        value = frame["value"].to_numpy(dtype=np.float64, na_value=np.nan)
        base = value[np.asarray(before, dtype=bool) & ~pending & ~np.isnan(value)]
        limit = float(np.quantile(base, SLOW_QUANTILE)) if base.size else np.inf
        slow = np.greater(np.nan_to_num(value, nan=-np.inf), limit)
        slip = np.where(slow | (missed & np.isnan(value)), 1.0, 0.0)
    return np.asarray(np.where(pending, np.nan, slip), dtype=np.float64)


def _settled(rows: pd.DataFrame) -> Mask:
    """The cases anchored before the first one still pending (all, when none is)."""
    pending = rows["status"].to_numpy(dtype=object) == "pending"
    if "anchor_time" not in rows or not pending.any():
        return np.ones(len(rows), dtype=bool)
    anchor = pd.to_datetime(rows["anchor_time"], utc=True)
    first_open = anchor[pending].min()
    return np.asarray(anchor < first_open, dtype=bool)


def slip_cases(
    frame: pd.DataFrame, *, signal: Signal, baseline_until: date, as_of: date
) -> SlipCases:
    """The signal's check's cases as :class:`SlipCases` (module docstring).

    Args:
        frame: the whole outcomes table as a data frame.
        signal: the signal to explain.
        baseline_until: the last local day of the baseline window.
        as_of: the last local day of data.
    """
    mine = (frame["check"] == signal.check).to_numpy(dtype=bool)
    if mine.all() and frame.index.equals(pd.RangeIndex(len(frame))):
        rows = frame  # one check's rows already (the rows are never written to)
    else:
        rows = frame[mine].reset_index(drop=True)
    day = pd.to_datetime(rows["day"]).to_numpy(dtype="datetime64[D]")
    first = baseline_until + timedelta(days=1)
    start = min(signal.since or first, as_of - timedelta(days=MIN_DURING_DAYS - 1))
    start = max(start, first)
    before = np.asarray(day <= np.datetime64(baseline_until, "D"), dtype=bool)
    during = np.asarray(
        (day >= np.datetime64(start, "D")) & (day <= np.datetime64(as_of, "D")), dtype=bool
    )
    during &= _settled(rows)
    slip = slip_indicator(rows, metric=signal.metric, before=before)
    return SlipCases(
        check=signal.check,
        frame=rows,
        slip=slip,
        before=before,
        during=during,
        during_from=start,
    )
