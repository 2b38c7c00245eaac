"""The shipped table of thresholds: a scan reads every threshold here and never simulates.

Simulating one false-alarm curve (:mod:`taut.signal.thresholds.lookup`) takes about half a
second, and a scan needs dozens. The curves depend only on the detector and the snapped
baseline (a rate from ``RATE_GRID`` and a case count of 1, 2 or 5 times a power of ten up
to 500,000, for blank fields also a share of several blanks from ``MULTI_GRID`` in the
``shape`` column, for the spread band the share outside the band, or only the case count
for the other standardised latency detectors), so they are computed once, ahead of time,
and shipped as ``thresholds.csv`` beside this module: one row per detector and snapped
baseline, for every key :func:`~taut.signal.thresholds.lookup.snapped` can produce, with the
threshold ``h`` at ``ARL0 = 10^a`` for ``a`` on ``LOG_ARL0`` (2 to 10 by 0.25).

What a row promises (tests/signal/test_threshold_table.py checks the whole table):

- **non-decreasing in ARL0**: a simulated threshold below one for a smaller ``ARL0`` is
  raised to it, which only lowers the false alarms;
- **no empty cell**: a cell is a threshold up to the grid's end (80), or ``inf`` where
  no threshold keeps the promise because the baseline is too small (a stable stream
  scored against a baseline of a few cases, estimated low by chance, looks like a rise
  more often than once in ``ARL0`` cases at any threshold). ``inf`` cells occur only in
  rows of small baselines and only towards high ``ARL0``; a scan does not watch such a
  slice and says why (:class:`NoThreshold`).

Lookup (:func:`row_threshold`), for any ``ARL0``:

- below the first column, the first column's threshold (higher than needed: safe);
- between columns, linear in ``log10 ARL0`` (``log rate(h)`` is close to linear in ``h``
  by Wald's identity, so ``h`` is close to linear in ``log ARL0``; a test checks the
  interpolation against the simulation). On a curve made of steps (a rare miss moves the
  statistic by one fixed jump) the true threshold may sit at either end of the interval,
  so between two columns the realised run length can fall short of the nominal by at
  most the columns' ratio, ``10^0.25 = 1.8``; at the columns it does not;
- past the last column, the closed form ``h = h_last + s ln(ARL0 / 10^10)``, ``s`` the
  slope of the row's last segment in ``h`` per e-fold of ``ARL0`` and at least 1: for a
  CUSUM on log-likelihood ratios ``rate(h) <= K e^{-h}`` (Wald; Lorden 1971), an estimated
  baseline only makes the tail heavier, and the last columns are themselves on the line
  extrapolated from the simulated curve, so the closed form continues the same line
  (a test checks it against the simulated curve past the table's end).

Regenerate (about fifteen minutes on two cores; nice it on a shared machine) with::

    python -m taut.signal.thresholds.table            # every row
    python -m taut.signal.thresholds.table blank_glr  # one detector's rows
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import logging
import math
from pathlib import Path
from typing import Literal

import numpy as np

from taut.errors import ThresholdTableError
from taut.files import whole_file
from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    LatencyBaseline,
    RateBaseline,
    round_significant,
)
from taut.signal.detectors.detector import Detector, FloatArray

logger = logging.getLogger(__name__)

TABLE_PATH = Path(__file__).with_name("thresholds.csv")
LOG_ARL0: FloatArray = np.round(np.arange(2.0, 10.0001, 0.25), 2)
TABLE_CASES: tuple[int, ...] = tuple(m * 10**e for e in range(1, 6) for m in (1, 2, 5))
SPREAD_LEVELS: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5)
WALD_SLOPE = 1.0
Key = tuple[str, float, float | None, int | None]
Reason = Literal["baseline_too_small", "not_tabulated"]


class NoThreshold(ValueError):  # noqa: N818 - a result ("no threshold"), not a failure name
    """No threshold keeps the promise for this detector, baseline and ``ARL0``.

    The scan does not watch such a slice and lists it as "not watched, because
    :attr:`because`".

    Attributes:
        reason: ``"baseline_too_small"`` when the baseline's own estimation error makes a
            stable stream look like a change more often than once in ``arl0`` cases at
            every threshold up to the grid's end; ``"not_tabulated"`` when the table holds
            no row for the detector (only default configurations are tabulated).
        detector: the detector's registry name.
        cases: the (snapped) baseline cases.
        arl0: the run length asked for, in cases.
    """

    def __init__(
        self, *, reason: Reason, detector: Detector, baseline: BaselineEstimate, arl0: float
    ) -> None:
        self.reason: Reason = reason
        self.detector = detector.name
        self.cases = baseline.cases
        self.arl0 = arl0
        super().__init__(f"No threshold for {detector!r}: {self.because}.")

    @property
    def because(self) -> str:
        """Why, as the end of a sentence "not watched, because ...".

        >>> from taut.signal.detectors.glr import BernoulliGlr
        >>> NoThreshold(
        ...     reason="baseline_too_small",
        ...     detector=BernoulliGlr(),
        ...     baseline=RateBaseline(rate=0.5, cases=10),
        ...     arl0=1e6,
        ... ).because[:61]
        'its baseline of 10 cases is too few to hold it to one false a'
        """
        if self.reason == "baseline_too_small":
            return (
                f"its baseline of {self.cases:,} cases is too few to hold it to one false alarm "
                f"in {self.arl0:,.0f} cases (a longer baseline window would)"
            )
        return f"the threshold table has no row for {self.detector} in this configuration"


def table_key(detector: Detector, baseline: BaselineEstimate) -> Key:
    """The row of a detector (its registry name) on a snapped baseline.

    >>> from taut.signal.detectors.glr import BernoulliGlr
    >>> table_key(BernoulliGlr(), RateBaseline(rate=0.05, cases=2000))
    ('bernoulli_glr', 0.05, None, 2000)
    """
    level = baseline.rate if isinstance(baseline, RateBaseline) else baseline.outside
    shape = baseline.multi if isinstance(baseline, BlankBaseline) else None
    return (detector.name, round_significant(float(level), 6), shape, baseline.cases)


@functools.cache
def load_table(path: Path = TABLE_PATH) -> dict[Key, FloatArray]:
    """The shipped thresholds by key.

    Raises:
        ThresholdTableError: when the file is missing or is not a table of thresholds.
    """
    fix = "Reinstall taut, or regenerate it with `python -m taut.signal.thresholds.table`."
    if not path.is_file():
        raise ThresholdTableError(f"The threshold table {path} is missing. {fix}", path=path)
    rows: dict[Key, FloatArray] = {}
    try:
        with path.open(newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                cases = None if row["cases"] == "" else int(row["cases"])
                shape = None if row["shape"] == "" else float(row["shape"])
                key = (row["detector"], round_significant(float(row["level"]), 6), shape, cases)
                values = np.array([float(row[f"{a:g}"]) for a in LOG_ARL0])
                if not (np.all(values > 0.0) and np.all(values[1:] >= values[:-1])):
                    raise ValueError(f"line {line} is not positive and non-decreasing")
                values.setflags(write=False)
                rows[key] = values
    except (OSError, KeyError, TypeError, ValueError, csv.Error) as error:
        raise ThresholdTableError(
            f"The threshold table {path} cannot be read ({type(error).__name__}: {error}). {fix}",
            path=path,
        ) from error
    if not rows:
        raise ThresholdTableError(f"The threshold table {path} is empty. {fix}", path=path)
    return rows


@functools.lru_cache(maxsize=64)
def _default(detector: Detector) -> bool:
    """Whether ``detector`` is its class's default configuration (built once per one)."""
    return bool(detector == type(detector)())


def table_threshold(detector: Detector, baseline: BaselineEstimate, arl0: float) -> float:
    """The threshold for a snapped ``baseline`` at any ``arl0`` (module docstring).

    Raises:
        NoThreshold: when the detector is not tabulated, or its baseline cannot hold
            ``arl0`` (an ``inf`` cell).
        ThresholdTableError: when the table is missing or unreadable.
    """
    row = load_table(TABLE_PATH).get(table_key(detector, baseline))
    if row is None or not _default(detector):  # only default configurations
        raise NoThreshold(reason="not_tabulated", detector=detector, baseline=baseline, arl0=arl0)
    value = row_threshold(row, math.log10(arl0))
    if not math.isfinite(value):
        raise NoThreshold(
            reason="baseline_too_small", detector=detector, baseline=baseline, arl0=arl0
        )
    return value


def row_threshold(row: FloatArray, position: float) -> float:
    """A row's threshold at ``log10 ARL0 = position``; ``inf`` where the row cannot hold it.

    Below the first column the first column's threshold (higher than needed: safe);
    between columns linear in ``log10 ARL0``; past the last column the closed form
    ``h = h_last + slope * ln(ARL0 / ARL0_last)`` with the slope of the row's last
    segment, at least Wald's ``1`` per e-fold (module docstring).

    >>> row = np.linspace(2.0, 18.0, LOG_ARL0.size)
    >>> row_threshold(row, 1.0), row_threshold(row, 2.125)
    (2.0, 2.25)
    >>> round(row_threshold(row, 11.0), 3)
    20.303
    """
    if position <= LOG_ARL0[0]:
        return float(row[0])
    if position <= LOG_ARL0[-1]:
        above = int(np.searchsorted(LOG_ARL0, position))
        if not math.isfinite(row[above]):
            return math.inf
        return float(np.interp(position, LOG_ARL0, row))
    last, before = float(row[-1]), float(row[-2])
    if not math.isfinite(last):
        return math.inf
    step = math.log(10.0) * float(LOG_ARL0[-1] - LOG_ARL0[-2])
    slope = max(WALD_SLOPE, (last - before) / step)
    return last + slope * math.log(10.0) * (position - float(LOG_ARL0[-1]))


def tabulated() -> list[tuple[Detector, BaselineEstimate]]:
    """Every detector and snapped baseline the table holds: all a scan can ask for."""
    from taut.signal.detectors.blanks import BlankGlr  # noqa: PLC0415 - avoid an import cycle
    from taut.signal.detectors.glr import BernoulliGlr  # noqa: PLC0415
    from taut.signal.detectors.latency import LatencyGlr  # noqa: PLC0415
    from taut.signal.detectors.scale import ScaleGlr  # noqa: PLC0415
    from taut.signal.detectors.spread import SpreadBand  # noqa: PLC0415
    from taut.signal.model.scoring import standard_latency  # noqa: PLC0415
    from taut.signal.thresholds.lookup import MULTI_GRID, RATE_GRID, snapped  # noqa: PLC0415

    detectors: list[tuple[Detector, BaselineEstimate]] = []
    rates = sorted({float(rate) for rate in RATE_GRID})
    for cases in TABLE_CASES:
        detectors.extend((BernoulliGlr(), RateBaseline(rate=rate, cases=cases)) for rate in rates)
        detectors.append((LatencyGlr(), standard_latency(cases)))
        detectors.extend(
            (SpreadBand(), snapped(SpreadBand(), _outside(standard_latency(cases), level)))
            for level in SPREAD_LEVELS
        )
        detectors.append((ScaleGlr(), standard_latency(cases)))
        detectors.extend(
            (BlankGlr(), BlankBaseline(rate=rate, cases=cases, multi=multi))
            for rate in rates
            for multi in MULTI_GRID
        )
    return detectors


def _outside(baseline: LatencyBaseline, level: float) -> LatencyBaseline:
    return dataclasses.replace(baseline, outside=level)


def tabulate(item: tuple[Detector, BaselineEstimate]) -> tuple[Key, FloatArray]:
    """One row of the table: the simulated threshold at every ``ARL0`` of ``LOG_ARL0``.

    Where no threshold up to the grid's end holds an ``ARL0``, the cell is ``inf`` (the
    baseline is too small to be watched at that ``ARL0``), and so is every cell after
    it. The row is then made non-decreasing by raising any threshold below one for a
    smaller ``ARL0`` (a higher threshold never raises more false alarms).
    """
    from taut.signal.thresholds.lookup import simulated_threshold  # noqa: PLC0415

    detector, baseline = item
    values = np.full(LOG_ARL0.size, math.inf)
    for index, position in enumerate(LOG_ARL0):
        try:
            values[index] = simulated_threshold(detector, baseline, 10.0**position)
        except ValueError:  # the curve never gets that rare: inf from here on
            break
    np.maximum.accumulate(values, out=values)
    logger.info("Tabulated %s", table_key(detector, baseline))
    return table_key(detector, baseline), values


def write_table(path: Path = TABLE_PATH, *, only: str | None = None, jobs: int = 2) -> None:
    """Simulate the table and write it as CSV (module docstring).

    Args:
        path: where to write it.
        only: simulate only this detector's rows and keep the other rows of ``path``.
        jobs: processes to simulate with.
    """
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    todo = [item for item in tabulated() if only is None or item[0].name == only]
    kept = {}
    if only is not None:
        kept = {k: v for k, v in load_table(path).items() if k[0] != only}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        made = dict(pool.map(tabulate, todo, chunksize=8))
    rows = {**kept, **made}
    with whole_file(path) as part, part.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["detector", "level", "shape", "cases", *(f"{a:g}" for a in LOG_ARL0)])
        for (name, level, shape, cases), values in rows.items():
            cells = [f"{v:.4f}" if math.isfinite(v) else "inf" for v in values]
            writer.writerow(
                [
                    name,
                    f"{level:g}",
                    "" if shape is None else f"{shape:g}",
                    "" if cases is None else cases,
                    *cells,
                ]
            )


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    write_table(only=sys.argv[1] if len(sys.argv) > 1 else None)
