"""Synthetic event logs with known, injected drifts: a Sales-to-Operations handoff, and a
seven-day IT service desk (:mod:`taut.simulate.service_desk`) that differs from it in every
respect a contract can see.

>>> from datetime import date
>>> from taut.simulate import Condition, Drift, sales_handoff
>>> sim = sales_handoff(seed=0, weeks=4, deals_per_day=10.0, drifts=(
...     Drift(kind="skip", onset=date(2025, 1, 20), size=0.3,
...           condition=Condition(field="workload", value="high")),))
>>> sim.truth[0].checks
('ack-within-24h', 'ack-present')
"""

from __future__ import annotations

from taut.simulate.changes import ChangeTruth, InjectedChange
from taut.simulate.drifts import Condition, Drift, DriftKind, DriftTruth
from taut.simulate.handoff import demo_simulation, sales_handoff
from taut.simulate.service_desk import DeskDrift, DeskSimulation, service_desk
from taut.simulate.shapes import LogShape, Pause
from taut.simulate.simulation import EventFormat, Simulation

__all__ = [
    "ChangeTruth",
    "Condition",
    "DeskDrift",
    "DeskSimulation",
    "Drift",
    "DriftKind",
    "DriftTruth",
    "EventFormat",
    "InjectedChange",
    "LogShape",
    "Pause",
    "Simulation",
    "demo_simulation",
    "sales_handoff",
    "service_desk",
]
