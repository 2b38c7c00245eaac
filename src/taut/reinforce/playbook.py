"""The playbook's shape: entries, when each fits, and the rules every entry keeps.

A playbook is a list of reinforcements, small changes to the work that make a step
steadier. taut ships one (``playbook.yaml`` beside this module); a user's own file named in
the contract (``reinforce: {playbook: path}``) adds entries or replaces shipped ones by id
(:mod:`taut.reinforce.library`). Each entry says:

- ``id``: a short name, e.g. ``busy-day-cover``;
- ``title``: the change in a few words;
- ``change``: the change in one sentence;
- ``helps``: how it answers what the insight found, a clause that follows the finding in
  the sentence a brief shows ("...; a second pair of hands on those days ...");
- ``when``: the check kinds and metrics it suits, the patterns the insight must have found
  (:data:`PATTERNS`) and the spread it suits;
- ``answers``: which question about the working conditions it answers (:data:`QUESTIONS`);
- ``effort``: ``low``, ``medium`` or ``high``;
- ``judged_by``: how taut will judge whether it worked, in one sentence.

Every entry is about the work, never about a person: no coaching, no naming, no ranking
(:data:`ABOUT_PEOPLE` lists the words refused, in a shipped entry or a user's own).

>>> Fit(found=("busy-days",)).spread
'any'
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taut.contract.models import CheckKind

Pattern = Literal[
    "blank-fields",
    "several-blank",
    "busy-days",
    "late-day",
    "weekday",
    "weekend",
    "team",
    "handoff",
    "case-kind",
]
PATTERNS: dict[str, str] = {
    "blank-fields": "a form's fields are left blank more often (complete checks)",
    "several-blank": "forms arrive with two or more blank fields more often",
    "busy-days": "the slip concentrates on high-workload days",
    "late-day": "the slip concentrates on work that starts at 16:00 or later",
    "weekday": "the slip concentrates on one weekday",
    "weekend": "the slip concentrates on work that starts on a Friday, Saturday or Sunday",
    "team": "the slip concentrates in one team",
    "handoff": "the slip concentrates where one team hands off to another",
    "case-kind": "the slip concentrates in one kind of case (a declared condition)",
}
"""What the insight can have found about a signal, by the name an entry's ``when.found``
uses."""

Question = Literal["too-complex", "unclear-handoff", "unrealistic-timing", "capacity"]
QUESTIONS: dict[str, str] = {
    "too-complex": "is the work too complex for the step as it stands?",
    "unclear-handoff": "is it unclear who owns the next step, or what it needs?",
    "unrealistic-timing": "is the time allowed unrealistic for when the work arrives?",
    "capacity": "are there more cases than hands at those times?",
}
"""The questions about the working conditions an entry answers."""

Effort = Literal["low", "medium", "high"]
EFFORTS: tuple[str, ...] = ("low", "medium", "high")
SpreadFit = Literal["any", "wide", "narrow"]
Metric = Literal["missed", "latency", "spread"]

ABOUT_PEOPLE: tuple[str, ...] = (
    r"coach\w*",
    r"re-?train\w*",
    r"train(?:ing|ed)?",
    r"blam\w*",
    r"reprimand\w*",
    r"disciplin\w*",
    r"rank\w*",
    r"leaderboard\w*",
    r"league tables?",
    r"(?:top|low|poor|under)[- ]?perform\w*",
    r"performance reviews?",
    r"individuals?",
    r"name (?:the )?(?:people|person|staff|employees?|agents?)",
    r"naming",
    r"who (?:missed|slipped|failed)",
)
"""Words an entry may not use: a reinforcement changes the work, never a person."""
_PEOPLE = re.compile(r"\b(?:" + "|".join(ABOUT_PEOPLE) + r")\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
Title = Annotated[str, Field(min_length=3, max_length=80)]
Sentence = Annotated[str, Field(min_length=10, max_length=300)]


def about_people(text: str) -> str | None:
    """The first word of ``text`` that is about a person rather than the work, if any.

    >>> about_people("Coach the slow agents"), about_people("Make the field mandatory")
    ('Coach', None)
    """
    found = _PEOPLE.search(text)
    return None if found is None else found.group(0)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)


class Fit(_Model):
    """When an entry fits a signal.

    Attributes:
        kinds: the check kinds it suits (``present``, ``within``, ``complete``,
            ``order``); empty for any.
        metrics: the metrics it suits (``missed``, ``latency``, ``spread``); empty for any.
        found: the patterns of :data:`PATTERNS`; the entry fits when the insight found
            at least one of them.
        spread: ``wide`` (every team shows the slip), ``narrow`` (some teams do not), or
            ``any``; an unknown spread suits every entry.
    """

    kinds: tuple[CheckKind, ...] = ()
    metrics: tuple[Metric, ...] = ()
    found: tuple[Pattern, ...] = Field(min_length=1)
    spread: SpreadFit = "any"


class Entry(_Model):
    """One reinforcement (module docstring)."""

    id: Identifier
    title: Title
    change: Sentence
    helps: Sentence
    when: Fit
    answers: Question
    effort: Effort
    judged_by: Sentence

    @field_validator("change", "judged_by")
    @classmethod
    def _one_sentence(cls, value: str) -> str:
        if not value.rstrip().endswith("."):
            raise ValueError("must be one sentence ending with a full stop")
        if _SENTENCE_BREAK.search(value.rstrip()[:-1]):
            raise ValueError("must be one sentence, not several; join them or cut one")
        return value.strip()

    @field_validator("helps")
    @classmethod
    def _clause(cls, value: str) -> str:
        text = value.strip()
        if text.endswith((".", "!", "?")) or text[:1].isupper():
            raise ValueError(
                "is a clause that follows the finding after a semicolon: start it in lower "
                "case and end it without a full stop"
            )
        return text

    @model_validator(mode="after")
    def _about_the_work(self) -> Entry:
        for name in ("title", "change", "helps", "judged_by"):
            word = about_people(getattr(self, name))
            if word is not None:
                raise ValueError(
                    f"{name} says '{word}': an entry changes the work, never a person (no "
                    "coaching, naming or ranking). Rewrite it as a change to the step, its "
                    "form, its limit, its staffing or its handoff"
                )
        return self


class Playbook(_Model):
    """A list of entries with distinct ids, in the order they are tried on a tie."""

    entries: tuple[Entry, ...] = Field(min_length=1)

    @field_validator("entries")
    @classmethod
    def _distinct(cls, value: tuple[Entry, ...]) -> tuple[Entry, ...]:
        repeated = [name for name, times in Counter(e.id for e in value).items() if times > 1]
        if repeated:
            names = ", ".join(f"'{name}'" for name in repeated)
            raise ValueError(f"lists {names} more than once; give each entry its own id")
        return value

    @property
    def ids(self) -> tuple[str, ...]:
        """Every entry's id, in order."""
        return tuple(entry.id for entry in self.entries)

    def extended(self, other: Playbook) -> Playbook:
        """This playbook with ``other``'s entries: one with a shipped id replaces it in
        place; the others follow, in ``other``'s order."""
        own = {entry.id: entry for entry in other.entries}
        kept = tuple(own.pop(entry.id, entry) for entry in self.entries)
        return Playbook(entries=kept + tuple(own.values()))
