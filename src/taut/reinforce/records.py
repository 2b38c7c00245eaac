"""The frozen records the Reinforce stage hands on: one recommendation per signal.

A :class:`Reinforcement` is one playbook entry chosen for one signal, with the sentence
that says why it fits this signal (from the insight's own numbers). A
:class:`Recommendation` holds up to three of them, ranked, or, when the insight could not
pin a cause, one line saying what to look at first instead.

>>> item = Reinforcement(id="busy-day-cover", title="Add cover on the busiest days",
...     why="Misses are concentrated on high-workload days.")
>>> Recommendation(check="ack", reinforcements=(item,), look_first=None).to_json_dict()
{'reinforcements': [{'id': 'busy-day-cover', 'title': 'Add cover on the busiest days', \
'why': 'Misses are concentrated on high-workload days.'}], 'look_first': None}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JsonDict = dict[str, Any]

MAX_REINFORCEMENTS = 3
"""The most reinforcements one signal is given: a leader acts on one, weighs three."""


@dataclass(frozen=True, kw_only=True)
class Reinforcement:
    """One playbook entry that fits one signal.

    Attributes:
        id: the playbook entry's id.
        title: the entry's title, the change in a few words.
        why: one sentence on why it fits this signal, quoting the insight's findings.
    """

    id: str
    title: str
    why: str

    def to_json_dict(self) -> JsonDict:
        """``{"id", "title", "why"}``."""
        return {"id": self.id, "title": self.title, "why": self.why}


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    """What would steady one signal's step.

    Attributes:
        check: the signal's check id.
        reinforcements: up to :data:`MAX_REINFORCEMENTS` entries, best first; empty when
            nothing found fits.
        look_first: when the insight pinned no cause (or no entry fits what it found), one
            sentence saying what to look at first; ``None`` when there are reinforcements.
    """

    check: str
    reinforcements: tuple[Reinforcement, ...]
    look_first: str | None

    def to_json_dict(self) -> JsonDict:
        """``reinforcements`` (a list of ``{id, title, why}``) and ``look_first``."""
        return {
            "reinforcements": [item.to_json_dict() for item in self.reinforcements],
            "look_first": self.look_first,
        }
