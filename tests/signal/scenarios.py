"""Simulated handoff logs with and without a known drift, written once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from taut.simulate import Drift, sales_handoff

ONSET = date(2025, 4, 7)
SKIP_SIZE = 0.3


def write_drift_log(folder: Path, *, seed: int = 3) -> Path:
    """20 weeks, a sudden +30% skip of 'Operations acknowledged' from ONSET."""
    drift = Drift(kind="skip", onset=ONSET, size=SKIP_SIZE)
    sim = sales_handoff(seed=seed, weeks=20, deals_per_day=20.0, drifts=(drift,))
    return sim.write(folder, fmt="csv")


def write_steady_log(folder: Path, *, seed: int = 4) -> Path:
    """20 weeks with nothing injected (weekday pattern, growth and holidays only)."""
    sim = sales_handoff(seed=seed, weeks=20, deals_per_day=20.0, drifts=())
    return sim.write(folder, fmt="csv")
