"""A shipped table of thresholds, so a scan reads them instead of simulating them.

Simulating one false-alarm curve (:mod:`taut.signal.thresholds`) takes about a third of a
second, and a scan of the demo needs a few dozen: most of its time. The curves depend
only on the detector and the snapped baseline (a rate from ``RATE_GRID`` and a case
count of 1, 2 or 5 times a power of ten, or only the case count for the standardised
latency detectors), so they are computed once, ahead of time, and shipped as
``thresholds.csv`` beside this module: one row per detector and snapped baseline, the
threshold ``h`` at ``ARL0 = 10^a`` for ``a`` on ``LOG_ARL0`` (2 to 8 by 0.25).

Lookup: ``h(ARL0)`` is interpolated linearly in ``log10 ARL0`` between the two nearest
columns (the curve ``log rate(h)`` is close to linear in ``h``, Wald's identity, so
``h`` is close to linear in ``log ARL0``; a test checks the interpolation against the
simulation). A key missing from the table, or an ``ARL0`` outside the columns, falls
back to simulating the curve.

Regenerate (about three minutes on two cores) with::

    python -m taut.signal.table
"""

from __future__ import annotations

import csv
import functools
import logging
import math
from pathlib import Path

import numpy as np

from taut.signal.baseline import BaselineEstimate, RateBaseline, round_significant
from taut.signal.detector import Detector, FloatArray

logger = logging.getLogger(__name__)

TABLE_PATH = Path(__file__).with_name("thresholds.csv")
LOG_ARL0: FloatArray = np.round(np.arange(2.0, 8.0001, 0.25), 2)
TABLE_CASES: tuple[int, ...] = tuple(m * 10**e for e in range(1, 6) for m in (1, 2, 5))
Key = tuple[str, float, int | None]


def table_key(detector: Detector, baseline: BaselineEstimate) -> Key:
    """The row of a detector (its registry name) on a snapped baseline.

    >>> from taut.signal.glr import BernoulliGlr
    >>> table_key(BernoulliGlr(), RateBaseline(rate=0.05, cases=2000))
    ('bernoulli_glr', 0.05, 2000)
    """
    level = baseline.rate if isinstance(baseline, RateBaseline) else baseline.outside
    return (detector.name, round_significant(float(level), 6), baseline.cases)


@functools.cache
def load_table(path: Path = TABLE_PATH) -> dict[Key, FloatArray]:
    """The shipped thresholds by key (empty when the file is missing)."""
    if not path.exists():
        logger.warning("No threshold table at %s; thresholds will be simulated", path)
        return {}
    rows: dict[Key, FloatArray] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            cases = None if row["cases"] == "" else int(row["cases"])
            key = (row["detector"], round_significant(float(row["level"]), 6), cases)
            values = np.array([float(row[f"{a:g}"]) for a in LOG_ARL0])
            values.setflags(write=False)
            rows[key] = values
    return rows


def table_threshold(detector: Detector, baseline: BaselineEstimate, arl0: float) -> float | None:
    """The threshold from the table, or ``None`` when the key or ``arl0`` is not covered."""
    if detector != type(detector)():  # only default configurations are tabulated
        return None
    row = load_table().get(table_key(detector, baseline))
    position = math.log10(arl0)
    if row is None or not LOG_ARL0[0] <= position <= LOG_ARL0[-1]:
        return None
    value = float(np.interp(position, LOG_ARL0, row))
    return value if math.isfinite(value) else None


def build_rows() -> list[tuple[Key, FloatArray]]:
    """Simulate every tabulated curve (slow: minutes)."""
    from taut.signal.glr import BernoulliGlr  # noqa: PLC0415 - avoid an import cycle
    from taut.signal.latency import LatencyGlr  # noqa: PLC0415
    from taut.signal.scale import ScaleGlr  # noqa: PLC0415
    from taut.signal.scoring import standard_latency  # noqa: PLC0415
    from taut.signal.spread import SpreadBand  # noqa: PLC0415
    from taut.signal.thresholds import RATE_GRID, simulated_threshold  # noqa: PLC0415

    detectors: list[tuple[Detector, BaselineEstimate]] = []
    for cases in TABLE_CASES:
        detectors.extend(
            (BernoulliGlr(), RateBaseline(rate=float(rate), cases=cases)) for rate in RATE_GRID
        )
        detectors.append((LatencyGlr(), standard_latency(cases)))
        detectors.append((SpreadBand(), standard_latency(cases)))
        detectors.append((ScaleGlr(), standard_latency(cases)))
    rows: list[tuple[Key, FloatArray]] = []
    for detector, baseline in detectors:
        values = np.full(LOG_ARL0.size, np.nan)
        for index, position in enumerate(LOG_ARL0):
            try:
                values[index] = simulated_threshold(detector, baseline, 10.0**position)
            except ValueError:  # the curve never gets that rare: left blank (NaN)
                break
        logger.info("Tabulated %s", table_key(detector, baseline))
        rows.append((table_key(detector, baseline), values))
    return rows


def write_table(path: Path = TABLE_PATH) -> None:
    """Simulate the table and write it as CSV (module docstring)."""
    rows = build_rows()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["detector", "level", "cases", *(f"{a:g}" for a in LOG_ARL0)])
        for (name, level, cases), values in rows:
            cells = [f"{v:.4f}" if math.isfinite(v) else "nan" for v in values]
            writer.writerow([name, f"{level:g}", "" if cases is None else cases, *cells])


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    write_table()
