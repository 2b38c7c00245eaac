"""``complete``: every listed field is non-empty on the first ``at`` event.

Decision rule, per case with an ``at`` event: the judged event is the first ``at`` (the
anchor); when several ``at`` events share that first time, the one with the most fields
filled (and among those, the one filling the earliest-listed fields), so row order never
matters. ``kept`` when every field is filled there, else ``missed``; never pending.

``value`` = share of fields filled (0..1); ``blank_fields`` = the blank field names in
contract order (empty when kept); ``decided`` = the anchor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from taut.contract.models import CompleteRule
from taut.outcomes.judgement import KEPT, MISSED, Judgement

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Check
    from taut.outcomes.cases import CaseFacts


def evaluate(*, check: Check, cases: CaseFacts) -> Judgement:
    """Judge a ``complete`` check on every case.

    Args:
        check: a check whose rule is a :class:`CompleteRule`.
        cases: the per-case facts.

    Returns:
        The per-case judgement expressions.
    """
    rule = check.rule
    if not isinstance(rule, CompleteRule):
        raise TypeError(f"check '{check.id}' is not a complete check")
    anchor = cases.first(rule.at)
    filled = cases.filled(at=rule.at, fields=rule.fields)
    count: ir.IntegerValue = sum(
        (flag.cast("int64") for flag in filled[1:]), filled[0].cast("int64")
    )
    blanks = ibis.array(
        [
            ibis.ifelse(flag, ibis.null("string"), name)
            for flag, name in zip(filled, rule.fields, strict=True)
        ]
    ).filter(lambda name: name.notnull())
    return Judgement(
        applies=anchor.notnull(),
        anchor=anchor,
        decided=anchor,
        status=ibis.ifelse(count == len(rule.fields), KEPT, MISSED),
        value=count.cast("float64") / len(rule.fields),
        blank_fields=blanks,
    )
