"""Reinforce: the small change to the work that would make a drifting step steadier.

Seeing drift is useful; changing the conditions is what stops it. This stage reads each
signal's insight (:mod:`taut.insight`) and picks, from a playbook shipped as data
(``playbook.yaml``) and extended by the user's own, up to three reinforcements that fit
what the insight found, each with one sentence on why it fits this signal; or, when the
insight could not pin a cause, what to look at first. Every entry changes the work, never
a person. Its steps, in order:

1. :func:`load_playbook`: the shipped playbook and the user's file (:mod:`.library`,
   the entries' shape in :mod:`.playbook`);
2. :func:`recommend`: per signal, the insight's findings as evidence (:mod:`.evidence`),
   the entries that fit them, ranked (:mod:`.recommend`), as records (:mod:`.records`).

>>> from taut.reinforce import load_playbook
>>> "mandatory-fields" in load_playbook().ids
True
"""

from __future__ import annotations

from taut.reinforce.library import load_playbook, parse_playbook, shipped_playbook
from taut.reinforce.playbook import Entry, Fit, Playbook
from taut.reinforce.recommend import recommend
from taut.reinforce.records import MAX_REINFORCEMENTS, Recommendation, Reinforcement

__all__ = [
    "MAX_REINFORCEMENTS",
    "Entry",
    "Fit",
    "Playbook",
    "Recommendation",
    "Reinforcement",
    "load_playbook",
    "parse_playbook",
    "recommend",
    "shipped_playbook",
]
