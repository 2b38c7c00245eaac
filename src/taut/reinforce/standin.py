"""TEMPORARY stand-in for the verdict helper's ``taut.reinforce.verdict.judge``.

Deleted when branch ``verdict`` is merged: it only gives :func:`judge` the signature the
real one has, so the wiring of recorded changes into ``taut scan`` can be built and tested
before it lands. It compares the share missed (or the mean hours) of the decided cases
before and since the change with a normal-approximation interval; no weekday pattern,
volume, trend or untouched segments.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np

from taut.reinforce.changes import Change, Effect
from taut.signal.inputs.casebook import CheckCases

_FEWEST = 30


def judge(
    *,
    change: Change,
    cases: CheckCases,
    as_of: date,
    metric: Literal["missed", "latency"] = "missed",
) -> Effect:
    """A rough before/since comparison (module docstring); the real one replaces it."""
    decided = ~np.isnan(cases.missed) & (cases.day <= np.datetime64(as_of))
    if change.segment:
        ((key, value),) = change.segment.items()
        labels = cases.labels.get(key)
        if labels is not None:
            decided &= np.asarray(labels == value, dtype=bool)
    values = cases.missed if metric == "missed" else cases.value
    since = decided & (cases.day >= np.datetime64(change.applied_on))
    before = decided & ~since
    n_before, n_since = int(before.sum()), int(since.sum())
    b = float(values[before].mean()) if n_before else None
    a = float(values[since].mean()) if n_since else None
    if b is None or a is None or n_since < _FEWEST:
        return Effect(
            verdict="not-yet-clear",
            metric=metric,
            method="its",
            before=b,
            after=a,
            effect=None,
            interval=None,
            cases_before=n_before,
            cases_since=n_since,
            cases_needed=_FEWEST - n_since,
            reason=f"{n_since} cases since the change; about {_FEWEST - n_since} more are needed.",
        )
    spread = np.sqrt(float(values[before].var()) / n_before + float(values[since].var()) / n_since)
    effect = a - b
    interval = (effect - 1.96 * spread, effect + 1.96 * spread)
    verdict: Literal["working", "not-working"] = "working" if interval[1] < 0 else "not-working"
    return Effect(
        verdict=verdict,
        metric=metric,
        method="its",
        before=b,
        after=a,
        effect=effect,
        interval=interval,
        cases_before=n_before,
        cases_since=n_since,
        cases_needed=None,
        reason=f"{n_since} cases since the change.",
    )
