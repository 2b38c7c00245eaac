"""The verdict on a recorded change: is the check steadier since, and how sure is taut?

:func:`judge` takes one :class:`~taut.reinforce.changes.Change` and its check's cases
(:class:`~taut.signal.inputs.casebook.CheckCases`) and returns an
:class:`~taut.reinforce.changes.Effect`: ``working``, ``not-yet-clear`` (with how many more
cases are needed), ``not-working`` or ``relapsing``, with the numbers. Its steps, in order:

1. :mod:`.series`: the check's decided cases (pending ones are not misses) as a daily
   series: cases, share missed or mean log hours, volume;
2. :mod:`.model`: an interrupted time series of that series (weighted least squares with
   weekday dummies, log volume and a trend already under way, Newey-West errors; statsmodels),
   on the segment minus the untouched cases when the change named a segment (difference in
   differences), the more cautious of its flat and trend readings;
3. :mod:`.power`: the effect worth knowing about from the check's own baseline, and the
   cases it takes to see it;
4. :mod:`.judgment`: the rules from the estimates to the verdict (:func:`judge`);
5. :mod:`.reasons`: the verdict's one sentence, quoting the record's own numbers.
"""

from __future__ import annotations

from taut.reinforce.verdict.judgment import judge, segment_mask
from taut.reinforce.verdict.series import Metric

__all__ = ["Metric", "judge", "segment_mask"]
