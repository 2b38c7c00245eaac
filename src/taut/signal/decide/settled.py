"""Changes older than the baseline: shown with their age, never as news.

A long log is judged against a recent baseline (:mod:`taut.signal.inputs.window`), so a
check that loosened long ago and stayed loose is normal by now and raises nothing. A leader
still needs to know that this normal is worse than it once was. So, before the scan leaves
out the cases anchored before a recent window, each whole check's share missed before the
window is compared with its share in the window; a change there that is clear and matters
to the commitment is listed as *settled*: older than the baseline, taken as normal.

**The rule.** Both sides hold at least :data:`MIN_CASES` decided cases; the share missed in
the window is higher than before it by a two-proportion ``z`` of :data:`MIN_Z` or more; and
the move matters to the commitment by the rule every state uses
(:func:`~taut.signal.decide.materiality.matters`). Improvements are not listed.

>>> from taut.contract.models import Check
>>> check = Check.model_validate({"id": "ack", "present": {"step": "Ack"}, "target": 0.8})
>>> older = np.r_[np.ones(40), np.zeros(160)]
>>> settled_change(check, area="A", before=older, window=np.r_[np.ones(120), np.zeros(80)],
...     start=date(2013, 1, 7), weeks=26.0).after
0.6
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from taut.contract.models import Check, Contract
from taut.signal.decide.materiality import commitment_of, matters
from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.casebook import CheckCases

MIN_CASES = 30
"""The fewest decided cases on each side for a comparison to be made."""
MIN_Z = 3.0
"""How clearly the window must be worse than before it (a two-proportion ``z``)."""


@dataclass(frozen=True, kw_only=True)
class SettledChange:
    """A check whose share missed rose before the baseline window and stayed there.

    Attributes:
        area: the check's area.
        check: the check's id.
        before: the share missed of the decided cases anchored before the window.
        after: the share missed of those anchored in the window.
        before_cases: decided cases behind ``before``.
        after_cases: decided cases behind ``after``.
        start: the window's first day (the change is older than it).
    """

    area: str
    check: str
    before: float
    after: float
    before_cases: int
    after_cases: int
    start: date


def settled_change(
    check: Check,
    *,
    area: str,
    before: FloatArray,
    window: FloatArray,
    start: date,
    weeks: float,
) -> SettledChange | None:
    """The settled change of one check from its 0/1 misses before and in the window, or
    ``None`` (module docstring's rule); ``weeks`` is the window's length."""
    if before.size < MIN_CASES or window.size < MIN_CASES:
        return None
    low, high = float(before.mean()), float(window.mean())
    pooled = (before.sum() + window.sum()) / (before.size + window.size)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / before.size + 1 / window.size))
    if spread == 0 or (high - low) / spread < MIN_Z:
        return None
    commitment = commitment_of(check, cases_per_week=window.size / max(weeks, 1.0))
    if not matters("missed", commitment=commitment, before=before, after=window):
        return None
    return SettledChange(
        area=area,
        check=check.id,
        before=low,
        after=high,
        before_cases=int(before.size),
        after_cases=int(window.size),
        start=start,
    )


def settled_changes(
    contract: Contract, book: dict[str, CheckCases], *, start: date, until: date
) -> tuple[SettledChange, ...]:
    """Every whole check's settled change, before its cases ahead of ``start`` are left out."""
    first, last = np.datetime64(start, "D"), np.datetime64(until, "D")
    weeks = ((until - start).days + 1) / 7.0
    found = []
    for area, check in contract.checks:
        cases = book[check.id]
        decided = ~np.isnan(cases.missed)
        older = cases.missed[decided & (cases.day < first)]
        inside = cases.missed[decided & (cases.day >= first) & (cases.day <= last)]
        change = settled_change(
            check, area=area.name, before=older, window=inside, start=start, weeks=weeks
        )
        if change is not None:
            found.append(change)
    return tuple(found)
