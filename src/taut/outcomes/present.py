"""``present``: ``step`` occurs at or after the anchor (the first ``after``, or the first event).

Decision rule, per case with an anchor ``a`` (the first ``after``; every case when ``after``
is left out, anchored at its first event); ``s`` = the first ``step`` with ``s >= a``;
``end`` = the end of the data:

- ``kept``    when ``s`` exists (at any time, even after ``within``);
- ``pending`` when no ``s`` exists and ``a + within > end``;
- ``missed``  otherwise.

``value`` = hours from ``a`` to ``s`` (null without ``s``); ``decided`` = ``s`` when kept,
the deadline ``a + within`` when missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from taut.contract.models import PresentRule
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
    import ibis.expr.types as ir

    from taut.contract.models import Check
    from taut.outcomes.cases import CaseFacts


def judge_present(*, rule: PresentRule, cases: CaseFacts) -> Judgement:
    """Judge a present rule (of a check or a lagging outcome) on every case."""
    anchor: ir.TimestampValue = cases.start if rule.after is None else cases.first(rule.after)
    reached = cases.reach(anchor=rule.after, target=rule.step)
    deadline = after(anchor, rule.within)
    end = ibis.literal(cases.data_end, type="timestamp")
    status = ibis.cases(
        (reached.notnull(), KEPT),
        (deadline > end, PENDING),
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


def evaluate(*, check: Check, cases: CaseFacts) -> Judgement:
    """Judge a ``present`` check on every case.

    Args:
        check: a check whose rule is a :class:`PresentRule`.
        cases: the per-case facts.

    Returns:
        The per-case judgement expressions.
    """
    rule = check.rule
    if not isinstance(rule, PresentRule):
        raise TypeError(f"check '{check.id}' is not a present check")
    return judge_present(rule=rule, cases=cases)
