"""Where a check (or a segment of it) stands: improved, steady, recovered, recovering,
loosening or drifting.

Each watched stream (one metric of one check or segment) gets a :class:`CheckState` from
its up-detector's :class:`~taut.signal.detectors.detector.Detection` on the cases after the
baseline window. The rules live in one pure function,
:func:`~taut.signal.decide.classify.classify`:

- ``drifting``: the statistic crossed its calibrated threshold ``h`` (an alarm), the
  value since the change started is worse than the baseline, and the change matters to
  the commitment (:mod:`taut.signal.decide.materiality`);
- ``loosening``: evidence is building without an alarm (the statistic at ``LOOSENING``,
  half of ``h``, or more, or the recent weeks clearly worse than the baseline), or an
  alarm whose change is too small to matter to the commitment: watched, not raised;
- ``recovering``: it drifted, the recent cases favour the baseline again, and they are
  still materially worse than it: coming back, not there yet (the current value shown
  is the recent weeks' level);
- ``recovered``: it drifted (within the last ``EPISODE_DAYS``), and the recent cases are
  back at the baseline's level;
- ``steady``: nothing to report;
- ``improved``: the recent cases are materially and clearly better than the baseline.

:data:`STATES` is the one severity order, least severe first; :func:`severity` and
:func:`worst` read it, and every ranking of states (the alert cap, the report's worst
state, ``--fail-on``) goes through them.

``since`` is the local day the estimated change started (the anchor day of the first case
of the change); ``raised`` the local day the alarm case became known, the day a scan run
daily would first have raised it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from taut.words import where

State = Literal["improved", "steady", "recovered", "recovering", "loosening", "drifting"]
"""The six states, written in their severity order, least severe first."""
STATES: tuple[State, ...] = get_args(State)
"""The one severity order: ``improved < steady < recovered < recovering < loosening <
drifting``. ``--fail-on`` compares with it, so an improvement or a recovery never fails a
scheduled scan."""
Metric = Literal["missed", "latency", "spread"]
METRICS: tuple[Metric, ...] = get_args(Metric)
"""The metrics, the commitment's own first (the share missed), then time, then spread."""


def severity(state: State) -> int:
    """The rank of ``state`` in :data:`STATES`: 0 improved, 1 steady, ... 5 drifting.

    >>> severity("loosening") > severity("recovering")
    True
    """
    return STATES.index(state)


def segment_words(segment: dict[str, str] | None) -> str:
    """A segment in words: ``team North``, ``workload high``, or ``all cases``.

    A log's column name is shown as written (:func:`taut.words.where`).

    >>> segment_words({"day_part": "late"}), segment_words(None)
    ('day part late', 'all cases')
    >>> segment_words({"case:AMOUNT_REQ": "5,000 to 10,000"})
    'case:AMOUNT_REQ 5,000 to 10,000'
    """
    return where(segment)


def worst(states: Iterable[State]) -> State:
    """The most severe of ``states``; ``steady`` when there are none.

    >>> worst(["recovering", "loosening", "steady"]), worst([])
    ('loosening', 'steady')
    """
    return max(states, key=severity, default="steady")


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
        state: one of :data:`STATES`.
        since: the local day the change is estimated to have started, or ``None``.
        raised: the local day the alarm would first have been raised, or ``None``.
        baseline: the metric in the baseline window.
        current: the metric since ``since`` (drifting, and loosening after an alarm) or
            over the last four weeks (otherwise: recovering, recovered and improved show
            the recent level); ``None`` when no case is there.
        baseline_cases: decided cases behind ``baseline``.
        cases: decided cases behind ``current``.
        confidence: the statistic over its threshold (at or above 1 means an alarm level):
            its peak for drifting and recovering states, its last value otherwise.
        direction: ``up`` when the metric rose (loosened), ``down`` when it fell.
        p90: for latency, the 90th percentile in hours (baseline, current).
        thin_baseline: the baseline behind ``baseline`` is too thin to judge surely (too
            few decided cases or misses, :func:`~taut.signal.inputs.window.thin_reason`):
            no signal on it is worded as sure.
        drifted: for recovering, recovered and improved states after an alarm, the metric
            from the change's start to the alarm (the level it drifted to), so a reader
            sees it coming back; ``None`` otherwise.
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
    thin_baseline: bool = False
    drifted: float | None = None

    @property
    def severity(self) -> int:
        """The state's rank in :data:`STATES` (:func:`severity`)."""
        return severity(self.state)

    @property
    def where(self) -> str:
        """The segment in words: ``team North``, ``workload high``, or ``all cases``.

        >>> CheckState(area="a", check="c", risk="high", metric="missed",
        ...     segment={"team": "North"}, state="steady", since=None, raised=None,
        ...     baseline=0.1, current=0.1, baseline_cases=300, cases=90, confidence=0.1).where
        'team North'
        """
        return segment_words(self.segment)


@dataclass(frozen=True, kw_only=True)
class NotWatched:
    """A slice the scan could not watch, and why: listed, never dropped quietly.

    Attributes:
        area: the check's area.
        check: the check's id.
        metric: ``missed``, ``latency`` or ``spread``; ``None`` when no metric of the
            slice is watched (a segment too thin to watch on its own).
        segment: ``None`` for the whole check, else e.g. ``{"team": "North"}``.
        reason: why, in words a reader can act on (e.g. "only 12 decided cases in the
            baseline window; a segment is watched on its own from 200 ...").
    """

    area: str
    check: str
    metric: Metric | None
    segment: dict[str, str] | None
    reason: str

    @property
    def where(self) -> str:
        """The segment in words (``all cases`` for the whole check)."""
        return segment_words(self.segment)
