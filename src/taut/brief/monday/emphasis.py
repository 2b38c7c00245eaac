"""What each audience's brief puts forward: the same analysis, a different emphasis.

The three leaders read one brief (:class:`~taut.brief.monday.content.MondayBrief`): the
same signals, numbers and verdicts in the same order. What changes is which details each
step shows and the sentence that opens each question's answer:

- ``coo``: areas, risk and the few signals: each step's change, how long it has been open
  and what missing it leads to;
- ``chro``: how widespread each slip is across teams (counted, never named) and the
  conditions that make follow-through fragile;
- ``ld``: whether a step slipped right after a change to it, the conditions, and the
  workflow changes that would carry what training taught.

Every audience sees the changes already made to a step, with their verdicts. The JSON
format carries every detail whatever the audience.

>>> DETAILS["chro"]
('spread', 'conditions', 'age', 'consequences', 'tried')
"""

from __future__ import annotations

from typing import Literal

from taut.brief.briefing import Audience
from taut.brief.monday.content import Step

Detail = Literal["consequences", "spread", "conditions", "after_change", "age", "tried"]

DETAILS: dict[Audience, tuple[Detail, ...]] = {
    "coo": ("age", "consequences", "tried"),
    "chro": ("spread", "conditions", "age", "consequences", "tried"),
    "ld": ("after_change", "conditions", "age", "tried"),
}
"""The details of a step each audience sees, in the order shown."""

AUDIENCE_NAMES: dict[Audience, str] = {
    "coo": "the COO",
    "chro": "the CHRO",
    "ld": "Learning and Development",
}

LOOSE_FOCUS: dict[Audience, str] = {
    "coo": "highest risk first, with what missing each one leads to.",
    "chro": (
        "highest risk first, with how widespread each slip is across teams (counted, "
        "never named) and the conditions that make it fragile."
    ),
    "ld": (
        "highest risk first, with any change to the step that came just before the slip "
        "and the conditions it slips under."
    ),
}
"""How the second question's opening sentence ends, per audience."""

REMEDY_INTRO: dict[Audience, str] = {
    "coo": "Small changes to the work, not to people; up to three per step, best first.",
    "chro": (
        "Changes to the conditions around the work, not to people; up to three per step, "
        "best first."
    ),
    "ld": (
        "Changes to the workflow that would carry what training taught into the everyday "
        "step; up to three per step, best first."
    ),
}
"""The third question's opening sentence, per audience."""


def step_details(step: Step, *, audience: Audience) -> tuple[str, ...]:
    """The sentences of ``step`` that ``audience`` sees under it, in order."""
    lines: list[str] = []
    for name in DETAILS[audience]:
        value = getattr(step, name)
        if isinstance(value, tuple):
            lines += value
        elif value:
            lines.append(value)
    return tuple(lines)
