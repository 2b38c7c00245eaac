"""``order``: the first occurrences of the listed steps come in the listed order.

Decision rule, per case in which every listed step occurs, with ``f_i`` the first time of
step ``i``: ``kept`` when ``f_1 <= f_2 <= ... <= f_n`` (equal times count as in order), else
``missed``; never pending. Cases missing any step are not judged.

``anchor`` = ``min(f_i)``; ``decided`` = ``max(f_i)`` (the order is known once every step has
happened); ``value`` is null.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import ibis

from taut.contract.models import OrderRule
from taut.outcomes.judgement import KEPT, MISSED, Judgement, no_value

if TYPE_CHECKING:
    from taut.contract.models import Check
    from taut.outcomes.cases import CaseFacts


def evaluate(*, check: Check, cases: CaseFacts) -> Judgement:
    """Judge an ``order`` check on every case.

    Args:
        check: a check whose rule is an :class:`OrderRule`.
        cases: the per-case facts.

    Returns:
        The per-case judgement expressions.
    """
    rule = check.rule
    if not isinstance(rule, OrderRule):
        raise TypeError(f"check '{check.id}' is not an order check")
    firsts = [cases.first(step) for step in rule.steps]
    in_order = ibis.and_(*(early <= late for early, late in itertools.pairwise(firsts)))
    return Judgement(
        applies=ibis.and_(*(first.notnull() for first in firsts)),
        anchor=ibis.least(*firsts),
        decided=ibis.greatest(*firsts),
        status=ibis.ifelse(in_order, KEPT, MISSED),
        value=no_value(),
    )
