"""The state rules in one pure function: the facts of a slice in, its state out.

:mod:`taut.signal.decide.slice_state` gathers what a scan of one slice found (an alarm or
not, how close the statistic now stands to its threshold, whether the slice has recovered,
the metric's values since the change, over the recent weeks and in the baseline, and
whether each move matters to the commitment, :mod:`taut.signal.decide.materiality`) into
a :class:`SliceFacts` record; :func:`classify` applies the rules of
:mod:`taut.signal.state` to it, in this order:

1. an alarm, and the recent cases favour the baseline again:

   a. the recent level is below the baseline, clearly (``recent_clear``) and materially:
      ``improved``;
   b. the recent level is still materially worse than the baseline: ``recovering``
      (coming back, not there yet);
   c. otherwise the recent level is back at the baseline's: ``recovered``;

2. an alarm, and the value since the change started is worse than the baseline: if the
   change matters to the commitment, ``drifting``; if it does not, ``loosening`` (watched,
   never raised);
3. an alarm whose values are not worse than the baseline (a spread alarm raised by a
   shift of the whole distribution, which the latency metric reports, or by faster
   cases): ``improved`` when the recent level is clearly and materially better, else
   ``steady``;
4. no alarm, and either the statistic at ``LOOSENING`` (half) of the threshold or more
   with the current value materially worse than the baseline, or the recent level
   materially worse and more than a hint beyond chance (``recent_hint``, a looser bar than
   ``recent_clear``): ``loosening``, so a check whose recent weeks fell materially is
   watched, never "held steady", before the evidence is enough to raise it;
5. no alarm, the recent level clearly and materially better: ``improved``;
6. otherwise ``steady``.

"Worse" is "higher": every metric (share missed, median time, spread) loosens upwards. A
value that is unknown (no case behind it) is never worse, nor better.
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
        alarm: the statistic crossed its threshold after the baseline window (in the
            episode still open: :func:`~taut.signal.decide.slice_state.watch_slice`
            restarts the statistic after an episode that is over).
        recovered: after the alarm, the recent cases favour the baseline over the drifted
            level (:func:`~taut.signal.decide.dating.recovered`); ``False`` without alarm.
        evidence: the statistic's last value over its threshold (1 or more is alarm level).
        current: the metric since the change started (with an alarm) or over the recent
            weeks (without); ``None`` when no case is there.
        baseline: the metric in the baseline window; ``None`` when no case is there.
        material: the move from ``baseline`` to ``current`` matters to the commitment.
        recent: the metric over the recent weeks; ``None`` when no case is there.
        recent_material: the move from ``baseline`` to ``recent`` matters.
        recent_clear: the recent level differs from the baseline's beyond chance (a
            level test of the recent weeks against the baseline,
            :func:`~taut.signal.decide.dating.level_llr`).
        recent_hint: the same test passes a looser bar
            (:data:`~taut.signal.decide.dating.LEVEL_HINT_LLR`): worth watching, not
            raising; implied by ``recent_clear``.
    """

    alarm: bool
    recovered: bool
    evidence: float
    current: float | None
    baseline: float | None
    material: bool = True
    recent: float | None = None
    recent_material: bool = False
    recent_clear: bool = False
    recent_hint: bool = False

    @property
    def worse(self) -> bool:
        """Whether the current value is known and above the baseline's."""
        return above(self.current, self.baseline)

    @property
    def recent_worse(self) -> bool:
        """Whether the recent level is clearly and materially above the baseline's."""
        return self.recent_clear and self.recent_material and above(self.recent, self.baseline)

    @property
    def recent_loose(self) -> bool:
        """Whether the recent level is materially above the baseline's, beyond a hint."""
        hinted = self.recent_hint or self.recent_clear
        return hinted and self.recent_material and above(self.recent, self.baseline)

    @property
    def recent_better(self) -> bool:
        """Whether the recent level is clearly and materially below the baseline's."""
        return self.recent_clear and self.recent_material and above(self.baseline, self.recent)


def above(high: float | None, low: float | None) -> bool:
    """Whether ``high`` and ``low`` are both known and ``high`` is the greater."""
    return high is not None and low is not None and high > low


def classify(facts: SliceFacts) -> State:
    """The state of a slice from its facts (rules 1-6 of the module docstring).

    >>> classify(SliceFacts(alarm=True, recovered=False, evidence=0.2,
    ...     current=0.12, baseline=0.05))
    'drifting'
    >>> classify(SliceFacts(alarm=True, recovered=False, evidence=1.2,
    ...     current=0.022, baseline=0.018, material=False))
    'loosening'
    >>> classify(SliceFacts(alarm=False, recovered=False, evidence=0.6,
    ...     current=0.04, baseline=0.05))
    'steady'
    >>> classify(SliceFacts(alarm=False, recovered=False, evidence=0.3, current=0.74,
    ...     baseline=0.46, recent=0.74, recent_material=True, recent_hint=True))
    'loosening'
    """
    if facts.alarm and facts.recovered:
        if facts.recent_better:
            return "improved"
        if facts.recent_material and above(facts.recent, facts.baseline):
            return "recovering"
        return "recovered"
    if facts.alarm and facts.worse:
        return "drifting" if facts.material else "loosening"
    if not facts.alarm and (
        (facts.evidence >= LOOSENING and facts.worse and facts.material) or facts.recent_loose
    ):
        return "loosening"
    return "improved" if facts.recent_better else "steady"
