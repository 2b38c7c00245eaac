"""Where a check (or a segment of it) stands: steady, loosening, drifting or recovering.

Each watched stream (one metric of one check or segment) gets a :class:`CheckState` from
its up-detector's :class:`~taut.signal.detectors.detector.Detection` on the cases after the
baseline window:

- ``drifting``: the statistic crossed its calibrated threshold ``h`` (an alarm);
- ``recovering``: it was drifting, and a ``down`` detector started at the alarm, compared
  with the drifted level (estimated from ``since`` to the alarm), has since crossed its own
  threshold: the recent cases are back below the drifted level;
- ``loosening``: no alarm, but the statistic now stands at ``LOOSENING`` (half) of ``h``
  or more and the current value is worse than the baseline: evidence is building;
- ``steady``: otherwise.

``since`` is the local day the estimated change started (the anchor day of the first case
of the change); ``raised`` the local day the alarm case became known, the day a scan run
daily would first have raised it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

STATES: tuple[str, ...] = ("steady", "loosening", "drifting", "recovering")
State = Literal["steady", "loosening", "drifting", "recovering"]
Metric = Literal["missed", "latency", "spread"]
SEVERITY: dict[str, int] = {"steady": 0, "recovering": 1, "loosening": 2, "drifting": 3}
LOOSENING = 0.5

METRIC_WORDS: dict[str, str] = {
    "missed": "share missed",
    "latency": "median time (hours)",
    "spread": "spread (middle half, p75/p25)",
}


@dataclass(frozen=True, kw_only=True)
class CheckState:
    """The state of one metric of one check, as a whole or in one segment.

    Attributes:
        area: the check's area.
        check: the check's id.
        risk: the area's risk (``high``, ``medium``, ``low``).
        metric: ``missed`` (share of decided cases missed), ``latency`` (median hours,
            within checks) or ``spread`` (p75/p25 of latency, within checks).
        segment: ``None`` for the whole check, else e.g. ``{"team": "North"}``.
        state: ``steady``, ``loosening``, ``drifting`` or ``recovering``.
        since: the local day the change is estimated to have started, or ``None``.
        raised: the local day the alarm would first have been raised, or ``None``.
        baseline: the metric in the baseline window.
        current: the metric since ``since`` (drifting, recovering) or over the last four
            weeks (otherwise); ``None`` when no case is there.
        baseline_cases: decided cases behind ``baseline``.
        cases: decided cases behind ``current``.
        confidence: the statistic over its threshold (at or above 1 means an alarm level):
            its peak for drifting and recovering states, its last value otherwise.
        direction: ``up`` when the metric rose (loosened), ``down`` when it fell.
        p90: for latency, the 90th percentile in hours (baseline, current).
    """

    area: str
    check: str
    risk: str
    metric: Metric
    segment: dict[str, str] | None
    state: State
    since: date | None
    raised: date | None
    baseline: float
    current: float | None
    baseline_cases: int
    cases: int
    confidence: float
    direction: Literal["up", "down"] = "up"
    p90: tuple[float, float | None] | None = field(default=None)

    @property
    def severity(self) -> int:
        """0 steady, 1 recovering, 2 loosening, 3 drifting."""
        return SEVERITY[self.state]

    @property
    def where(self) -> str:
        """The segment in words: ``team North``, ``workload high``, or ``all cases``.

        >>> CheckState(area="a", check="c", risk="high", metric="missed",
        ...     segment={"team": "North"}, state="steady", since=None, raised=None,
        ...     baseline=0.1, current=0.1, baseline_cases=300, cases=90, confidence=0.1).where
        'team North'
        """
        if not self.segment:
            return "all cases"
        return ", ".join(
            f"{name.replace('_', ' ')} {value}" for name, value in self.segment.items()
        )
