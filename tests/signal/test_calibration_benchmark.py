"""The shipped scan calibration is the scan calibration benchmark's stored fit.

``benchmarks/scan_calibration.py`` stores what it measured in
``benchmarks/scan_calibration.json``; these tests hold the shipped constants, the fit and
``docs/scan.md`` to that file, so a re-run that moves the fit fails here until the
constants and the page follow.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, stats  # type: ignore[import-untyped]  # no stubs in the lock

# The benchmarks folder is not a package: its modules import each other by name.
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from results_marks import marks
from scan_calibration_store import Count, Measurement, doc_block, load, poisson_interval
from taut.signal.allocation import SCAN_CALIBRATION

DOCS = Path(__file__).parents[2] / "docs" / "scan.md"


@pytest.fixture(scope="module")
def stored() -> Measurement:
    return load()


def test_the_shipped_constants_are_the_stored_fit(stored: Measurement) -> None:
    # the benchmark rounds cases to whole cases and scale and power to three decimals
    assert len(SCAN_CALIBRATION.curves) == len(stored.curves)
    for shipped, fitted in zip(SCAN_CALIBRATION.curves, stored.curves, strict=True):
        assert shipped[0] == pytest.approx(fitted[0], abs=0.5)
        assert shipped[1:] == pytest.approx(fitted[1:], abs=5e-4)


def poisson_fit(counts: list[Count]) -> tuple[float, float]:
    """``(scale, power)`` minimising the Poisson deviance of ``counts``, by SciPy."""
    log_nominal = np.log([count.nominal for count in counts])
    found = np.array([count.false_signals for count in counts], dtype=np.float64)
    years = np.array([count.check_years for count in counts])

    def loss(theta: np.ndarray) -> float:
        expected = years * np.exp(theta[0] + theta[1] * log_nominal)
        return float(np.sum(expected - found * np.log(expected)))

    options = {"xatol": 1e-9, "fatol": 1e-12, "maxiter": 10_000}
    best = optimize.minimize(loss, x0=np.array([0.0, 1.0]), method="Nelder-Mead", options=options)
    return math.exp(best.x[0]), float(best.x[1])


def test_the_stored_fit_is_the_poisson_fit_of_the_stored_counts(stored: Measurement) -> None:
    volumes = sorted({count.cases_per_year for count in stored.fit_counts})
    assert len(volumes) == len(stored.curves)
    for volume, (cases, scale, power) in zip(volumes, stored.curves, strict=True):
        mine = [count for count in stored.fit_counts if count.cases_per_year == volume]
        assert cases == pytest.approx(volume, abs=0.5)
        assert (scale, power) == pytest.approx(poisson_fit(mine), abs=1e-3)


def test_the_held_out_rate_keeps_the_budget(stored: Measurement) -> None:
    # on logs the fit never saw, a budget of one is not refuted by the count
    assert stored.check_seeds > 0
    pooled = stored.pooled_check(1.0)
    assert pooled.check_years > 100
    low, _ = pooled.interval()
    assert low <= 1.0


def test_docs_quote_the_stored_measurement(stored: Measurement) -> None:
    start, end = marks("scan_calibration.py")
    page = DOCS.read_text(encoding="utf-8")
    block = page.split(start, 1)[1].split(end, 1)[0]
    assert block.strip("\n") == doc_block(stored)


@pytest.mark.parametrize("count", [0, 1, 17, 51])
def test_the_exact_interval_has_its_tails(count: int) -> None:
    # Garwood: at the lower end P(X >= k) = 5%, at the upper end P(X <= k) = 5%
    low, high = poisson_interval(count, 2.0)
    if count:
        assert stats.poisson.sf(count - 1, low * 2.0) == pytest.approx(0.05, abs=1e-9)
    else:
        assert low == 0.0
    assert stats.poisson.cdf(count, high * 2.0) == pytest.approx(0.05, abs=1e-9)
    rate = Count(deals=1.0, cases_per_year=1.0, budget=1.0, nominal=1.0, false_signals=count,
                 check_years=2.0)  # fmt: skip
    assert rate.interval() == (low, high)
