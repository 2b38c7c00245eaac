"""The state rules in one pure function: the facts of a slice in, its state out.

:mod:`taut.signal.decide.watch` gathers what a scan of one slice found (an alarm or not,
how close the statistic now stands to its threshold, whether the slice has recovered, and
the metric's current and baseline values) into a :class:`SliceFacts` record;
:func:`classify` applies the rules of :mod:`taut.signal.state` to it, in this order:

1. an alarm, and the recent cases favour the baseline again: ``recovering``;
2. an alarm, and the value since the change started is worse than the baseline:
   ``drifting``;
3. an alarm whose values are not worse than the baseline (a spread alarm raised by a shift
   of the whole distribution, which the latency metric reports, or by faster cases): not a
   loosening of this metric, ``steady``;
4. no alarm, the statistic at ``LOOSENING`` (half) of the threshold or more, and the
   current value worse than the baseline: ``loosening``;
5. otherwise ``steady``.

"Worse" is "higher": every metric (share missed, median time, spread) loosens upwards. A
value that is unknown (no case behind it) is never worse.
"""

from __future__ import annotations

from dataclasses import dataclass

from taut.signal.state import State

LOOSENING = 0.5
"""The share of the threshold at which evidence without an alarm counts as building."""


@dataclass(frozen=True, kw_only=True)
class SliceFacts:
    """What the scan of one slice found, all that its state depends on.

    Attributes:
        alarm: the statistic crossed its threshold after the baseline window.
        recovered: after the alarm, the recent cases favour the baseline over the drifted
            level (:func:`~taut.signal.decide.dating.recovered`); ``False`` without alarm.
        evidence: the statistic's last value over its threshold (1 or more is alarm level).
        current: the metric since the change started (with an alarm) or over the recent
            weeks (without); ``None`` when no case is there.
        baseline: the metric in the baseline window; ``None`` when no case is there.
    """

    alarm: bool
    recovered: bool
    evidence: float
    current: float | None
    baseline: float | None

    @property
    def worse(self) -> bool:
        """Whether the current value is known and above the baseline's."""
        return (
            self.current is not None
            and self.baseline is not None
            and (self.current > self.baseline)
        )


def classify(facts: SliceFacts) -> State:
    """The state of a slice from its facts (rules 1-5 of the module docstring).

    >>> classify(SliceFacts(alarm=True, recovered=False, evidence=0.2,
    ...     current=0.12, baseline=0.05))
    'drifting'
    >>> classify(SliceFacts(alarm=False, recovered=False, evidence=0.6,
    ...     current=0.04, baseline=0.05))
    'steady'
    """
    if facts.alarm:
        if facts.recovered:
            return "recovering"
        return "drifting" if facts.worse else "steady"
    return "loosening" if facts.evidence >= LOOSENING and facts.worse else "steady"
