"""A shipped table of thresholds, so a scan reads them instead of simulating them.

Simulating one false-alarm curve (:mod:`taut.signal.thresholds.lookup`) takes about a third of a
second, and a scan of the demo needs a few dozen: most of its time. The curves depend
only on the detector and the snapped baseline (a rate from ``RATE_GRID`` and a case
count of 1, 2 or 5 times a power of ten, for blank fields also a share of several blanks
from ``MULTI_GRID`` in the ``shape`` column, or only the case count for the standardised
latency detectors), so they are computed once, ahead of time, and shipped as
``thresholds.csv`` beside this module: one row per detector and snapped baseline, the
threshold ``h`` at ``ARL0 = 10^a`` for ``a`` on ``LOG_ARL0`` (2 to 8 by 0.25).

Lookup: ``h(ARL0)`` is interpolated linearly in ``log10 ARL0`` between the two nearest
columns (the curve ``log rate(h)`` is close to linear in ``h``, Wald's identity, so
``h`` is close to linear in ``log ARL0``; a test checks the interpolation against the
simulation). A key missing from the table, or an ``ARL0`` outside the columns, falls
back to simulating the curve.

Regenerate (about ten minutes on two cores) with::

    python -m taut.signal.thresholds.table
"""

from __future__ import annotations

import csv
import functools
import logging
import math
from pathlib import Path

import numpy as np

from taut.files import whole_file
from taut.signal.detectors.baseline import (
    BaselineEstimate,
    BlankBaseline,
    RateBaseline,
    round_significant,
)
from taut.signal.detectors.detector import Detector, FloatArray

logger = logging.getLogger(__name__)

TABLE_PATH = Path(__file__).with_name("thresholds.csv")
LOG_ARL0: FloatArray = np.round(np.arange(2.0, 8.0001, 0.25), 2)
TABLE_CASES: tuple[int, ...] = tuple(m * 10**e for e in range(1, 6) for m in (1, 2, 5))
BLANK_MIN_RATE = 0.001
Key = tuple[str, float, float | None, int | None]


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
    """The shipped thresholds by key (empty when the file is missing)."""
    if not path.exists():
        logger.warning("No threshold table at %s; thresholds will be simulated", path)
        return {}
    rows: dict[Key, FloatArray] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            cases = None if row["cases"] == "" else int(row["cases"])
            shape = None if row["shape"] == "" else float(row["shape"])
            key = (row["detector"], round_significant(float(row["level"]), 6), shape, cases)
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


def tabulated() -> list[tuple[Detector, BaselineEstimate]]:
    """Every detector and snapped baseline the table holds."""
    from taut.signal.detectors.blanks import BlankGlr  # noqa: PLC0415 - avoid an import cycle
    from taut.signal.detectors.glr import BernoulliGlr  # noqa: PLC0415
    from taut.signal.detectors.latency import LatencyGlr  # noqa: PLC0415
    from taut.signal.detectors.scale import ScaleGlr  # noqa: PLC0415
    from taut.signal.detectors.spread import SpreadBand  # noqa: PLC0415
    from taut.signal.model.scoring import standard_latency  # noqa: PLC0415
    from taut.signal.thresholds.lookup import MULTI_GRID, RATE_GRID  # noqa: PLC0415

    detectors: list[tuple[Detector, BaselineEstimate]] = []
    for cases in TABLE_CASES:
        detectors.extend(
            (BernoulliGlr(), RateBaseline(rate=float(rate), cases=cases)) for rate in RATE_GRID
        )
        detectors.append((LatencyGlr(), standard_latency(cases)))
        detectors.append((SpreadBand(), standard_latency(cases)))
        detectors.append((ScaleGlr(), standard_latency(cases)))
        detectors.extend(
            (BlankGlr(), BlankBaseline(rate=float(rate), cases=cases, multi=multi))
            for rate in RATE_GRID
            if rate >= BLANK_MIN_RATE
            for multi in MULTI_GRID
        )
    return detectors


def tabulate(item: tuple[Detector, BaselineEstimate]) -> tuple[Key, FloatArray]:
    """One row of the table: the simulated threshold at every ``ARL0`` of ``LOG_ARL0``."""
    from taut.signal.thresholds.lookup import simulated_threshold  # noqa: PLC0415

    detector, baseline = item
    values = np.full(LOG_ARL0.size, np.nan)
    for index, position in enumerate(LOG_ARL0):
        try:
            values[index] = simulated_threshold(detector, baseline, 10.0**position)
        except ValueError:  # the curve never gets that rare: left blank (NaN)
            break
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
    kept = {k: v for k, v in load_table(path).items() if only is not None and k[0] != only}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        made = dict(pool.map(tabulate, todo, chunksize=8))
    rows = {**kept, **made}
    with whole_file(path) as part, part.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["detector", "level", "shape", "cases", *(f"{a:g}" for a in LOG_ARL0)])
        for (name, level, shape, cases), values in rows.items():
            cells = [f"{v:.4f}" if math.isfinite(v) else "nan" for v in values]
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
