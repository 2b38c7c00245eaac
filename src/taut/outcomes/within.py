"""``within``: the first ``to`` at or after the first ``from`` comes within ``limit``.

Decision rule, per case with a ``from`` (anchor ``a`` = its first ``from``; ``t`` = the first
``to`` with ``t >= a``; ``end`` = the end of the data):

- ``kept``    when ``t`` exists and ``t - a <= limit``;
- ``pending`` when no ``t`` exists and ``a + limit > end``;
- ``missed``  otherwise (``t`` came late, or none came by the deadline ``a + limit``).

``value`` = hours from ``a`` to ``t`` (null without ``t``); ``decided`` = ``t`` when it
exists, else the deadline when missed. A ``to`` before the anchor is ignored; repeated
``from`` and ``to`` use their first qualifying occurrence; ``t == a`` counts (0 hours).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from taut.contract.models import WithinRule
from taut.outcomes.judgement import (
    KEPT,
    MISSED,
    PENDING,
    Judgement,
    after,
    hours_between,
    no_time,
)

if TYPE_CHECKING:
    from taut.contract.models import Check
    from taut.outcomes.cases import CaseFacts


def evaluate(*, check: Check, cases: CaseFacts) -> Judgement:
    """Judge a ``within`` check on every case.

    Args:
        check: a check whose rule is a :class:`WithinRule`.
        cases: the per-case facts.

    Returns:
        The per-case judgement expressions.
    """
    rule = check.rule
    if not isinstance(rule, WithinRule):
        raise TypeError(f"check '{check.id}' is not a within check")
    anchor = cases.first(rule.from_)
    reached = cases.reach(anchor=rule.from_, target=rule.to)
    deadline = after(anchor, rule.limit)
    end = ibis.literal(cases.data_end, type="timestamp")
    status = ibis.cases(
        (reached.notnull() & (reached <= deadline), KEPT),
        (reached.isnull() & (deadline > end), PENDING),
        else_=MISSED,
    )
    decided = ibis.cases(
        (reached.notnull(), reached),
        (deadline <= end, deadline),
        else_=no_time(),
    )
    return Judgement(
        applies=anchor.notnull(),
        anchor=anchor,
        decided=decided,
        status=status,
        value=hours_between(anchor, reached),
    )
