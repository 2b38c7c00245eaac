"""Few places: at most ``budget`` new signals a scan, the rest listed as watching.

Many slices of many checks can stir at once; a brief that lists them all is one nobody
reads. From the states of every watched slice (:mod:`taut.signal.decide.watch`):

1. per check, one **lead** state, so a screen never shows one check in two states: the
   most severe of all its slices and metrics (:data:`~taut.signal.state.STATES`:
   drifting, loosening, recovering, recovered, then improved; steady last, so a check
   with one improved slice is shown improved, never dropped), ties broken by the
   commitment's own metric first (``missed``: the share the target is about, then the
   time taken, then the spread, so the headline says what the target says), then the
   whole check before a segment, then higher confidence. A check drifting on its share
   missed and recovering on its time taken is shown drifting, on its share missed;
   ``taut scan --format json`` and :func:`taut.api.states` keep every slice;
2. the checks whose lead is ``drifting`` are ranked by the area's risk first
   (:data:`~taut.contract.models.RISK_WEIGHT`), then by size (the cases behind the
   current value), then by confidence (statistic over threshold);
3. the first ``budget`` become :class:`Signal` records of state ``drifting``; every other
   lead state that is not steady is listed as ``watching``.

Because risk comes first, a low-risk area can never push a high-risk one out of the
budget: it only gets a place when no higher-risk signal is waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from taut.contract.models import RISK_WEIGHT
from taut.signal.state import METRICS, CheckState, Metric, State, segment_words, severity


@dataclass(frozen=True, kw_only=True)
class Signal:
    """One check (or segment) that is not steady, as a brief shows it.

    Attributes mirror :class:`~taut.signal.state.CheckState`: ``area``, ``check``,
    ``risk``, ``state``, ``since``, ``raised``, ``segment`` (``None`` or e.g.
    ``{"team": "North"}``), ``metric``, ``baseline``, ``current``, ``cases`` (behind
    ``current``), ``baseline_cases``, ``direction``, ``confidence``, ``p90``,
    ``thin_baseline`` and ``drifted``.
    """

    area: str
    check: str
    risk: str
    state: State
    since: date | None
    raised: date | None
    segment: dict[str, str] | None
    metric: Metric
    baseline: float
    current: float | None
    cases: int
    baseline_cases: int
    direction: Literal["up", "down"]
    confidence: float
    p90: tuple[float, float | None] | None = None
    thin_baseline: bool = False
    drifted: float | None = None

    @classmethod
    def from_state(cls, state: CheckState) -> Signal:
        """The signal of one state."""
        return cls(
            area=state.area,
            check=state.check,
            risk=state.risk,
            state=state.state,
            since=state.since,
            raised=state.raised,
            segment=state.segment,
            metric=state.metric,
            baseline=state.baseline,
            current=state.current,
            cases=state.cases,
            baseline_cases=state.baseline_cases,
            direction=state.direction,
            confidence=state.confidence,
            p90=state.p90,
            thin_baseline=state.thin_baseline,
            drifted=state.drifted,
        )

    @property
    def where(self) -> str:
        """The segment in words (``all cases`` for the whole check)."""
        return segment_words(self.segment)


def _lead_key(state: CheckState) -> tuple[bool, int, int, int, float]:
    whole = 0 if state.segment is None else 1
    steady = state.state == "steady"  # below improved here: a change is worth showing
    return (steady, -state.severity, METRICS.index(state.metric), whole, -state.confidence)


def _rank_key(state: CheckState) -> tuple[float, int, float, str, str]:
    return (-RISK_WEIGHT[state.risk], -state.cases, -state.confidence, state.check, state.metric)


def lead_states(states: list[CheckState]) -> list[CheckState]:
    """The lead state per check (step 1 of the module docstring)."""
    leads: dict[str, CheckState] = {}
    for state in states:
        if state.check not in leads or _lead_key(state) < _lead_key(leads[state.check]):
            leads[state.check] = state
    return list(leads.values())


def apply_budget(
    states: list[CheckState], *, budget: int
) -> tuple[tuple[Signal, ...], tuple[Signal, ...]]:
    """Split the states into at most ``budget`` signals and the watching list.

    Args:
        states: every watched slice's state.
        budget: the most new signals this scan may raise (the contract's
            ``alerts.budget``).

    Returns:
        ``(signals, watching)``, each ranked (risk, size, confidence).
    """
    if budget < 1:
        raise ValueError(f"budget={budget} must be at least 1.")
    leads = [state for state in lead_states(states) if state.state != "steady"]
    drifting = [state for state in leads if state.state == "drifting"]
    forward = sorted(drifting, key=_rank_key)[:budget]
    signals = [Signal.from_state(state) for state in forward]
    watching = [
        Signal.from_state(state)
        for state in sorted(leads, key=_rank_key)
        if not any(state is chosen for chosen in forward)
    ]
    watching.sort(key=lambda s: (-severity(s.state), -RISK_WEIGHT[s.risk], -s.cases, s.check))
    return tuple(signals), tuple(watching)
