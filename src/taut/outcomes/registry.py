"""The check kinds taut knows: one module per kind, each with one ``evaluate`` function.

A check kind implements :class:`Evaluator`: given a check and the per-case facts, it
returns a :class:`~taut.outcomes.judgement.Judgement` (Ibis expressions saying, per case,
whether the check applies, its anchor, status, value and when it was decided). Adding a
kind is one module and one line in :data:`EVALUATORS`; the registry-wide tests in
``tests/outcomes/test_properties.py`` then run it on a small log and check the protocol.

>>> sorted(EVALUATORS)
['complete', 'order', 'present', 'within']
>>> evaluator_for("within") is within.evaluate
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from taut.outcomes import complete, order, present, within

if TYPE_CHECKING:
    from taut.contract.models import Check
    from taut.outcomes.cases import CaseFacts
    from taut.outcomes.judgement import Judgement


class Evaluator(Protocol):
    """The signature of a check kind's ``evaluate`` function."""

    def __call__(self, *, check: Check, cases: CaseFacts) -> Judgement: ...


EVALUATORS: dict[str, Evaluator] = {
    "present": present.evaluate,
    "within": within.evaluate,
    "complete": complete.evaluate,
    "order": order.evaluate,
}


def evaluator_for(kind: str) -> Evaluator:
    """The ``evaluate`` function of check kind ``kind``.

    Args:
        kind: a check kind, as in :attr:`taut.contract.models.Check.kind`.

    Returns:
        The kind's evaluator.

    Raises:
        KeyError: ``kind`` is not registered; the message lists the registered kinds.
    """
    try:
        return EVALUATORS[kind]
    except KeyError:
        known = ", ".join(sorted(EVALUATORS))
        raise KeyError(f"no evaluator for check kind '{kind}'; known kinds: {known}") from None
