"""Contract templates for the critical areas leaders name, shipped as YAML beside this file.

Each template is a whole, valid ``taut.yaml`` for one kind of critical work: the
Sales-to-Operations handoff, pre-start safety checks, revenue recognition steps, an
incident's escalation path and response-time commitments to customers. ``taut init
--template NAME`` writes one for a user's own log (its ``source.path`` and ``columns`` to
fill in, as its header comment says), and the simulator (:mod:`taut.simulate.areas`)
writes the same text beside each simulated log, so a template is tested on data every time
the demo runs.

>>> names()
('handoff', 'safety', 'revenue', 'escalation', 'response')
>>> template_contract("safety").process
'Permit-to-work safety checks'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from taut.contract.loader import parse_contract
from taut.errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from taut.contract.models import Contract

TITLES: dict[str, str] = {
    "handoff": "the Sales-to-Operations handoff",
    "safety": "pre-start safety checks under a permit to work",
    "revenue": "revenue recognition steps",
    "escalation": "an incident's escalation path",
    "response": "response-time commitments to customers",
}
"""Each template's name and what it watches, in the order ``taut init`` lists them."""


def names() -> tuple[str, ...]:
    """The templates' names."""
    return tuple(TITLES)


def check_name(name: str) -> str:
    """``name`` when it is a template's; else a :class:`UsageError` naming the closest.

    >>> check_name("saftey")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    taut.errors.UsageError: There is no contract template 'saftey'. ... Did you mean 'safety'?
    """
    if name not in TITLES:
        raise UsageError(
            f"There is no contract template '{name}'. The templates are: "
            f"{', '.join(TITLES)}.{did_you_mean(name, TITLES)}"
        )
    return name


def template_text(name: str) -> str:
    """The template's YAML text, comments included.

    Raises:
        UsageError: ``name`` is not a template's.
    """
    check_name(name)
    return resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


@cache
def template_contract(name: str) -> Contract:
    """The template parsed and validated (its source path is not opened).

    Raises:
        UsageError: ``name`` is not a template's.
    """
    return parse_contract(template_text(name)).contract
