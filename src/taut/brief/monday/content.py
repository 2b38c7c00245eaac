"""What a Monday brief says, as records of finished sentences, before any format.

:func:`taut.brief.monday.compose.compose_brief` fills a :class:`MondayBrief` from a
:class:`~taut.brief.briefing.Briefing`; each format (text, Markdown, HTML, JSON) only lays
these sentences out, so the four say the same thing in the same words and every number is
worded once. A record holds checks, areas, counts and shares: never a person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from taut.brief.briefing import Audience
from taut.signal.state import State

JsonDict = dict[str, Any]

FRAGILE_QUESTION = "Where is our follow-through most fragile right now?"
LOOSE_QUESTION = "Which steps are starting to get loose?"
CHANGE_QUESTION = "What small change would make execution steadier?"
STEADY_TITLE = "What held steady"
CHANGES_TITLE = "Changes made, and whether they work"
NEW_MARK = "NEW"
"""The mark of a signal first raised since last week's brief."""


@dataclass(frozen=True, kw_only=True)
class AreaLine:
    """One area under the first question: its weakest check against its commitment.

    Attributes:
        area, risk: the area and its risk.
        check: its most fragile check.
        sentence: the check against its commitment, in words.
        below: the check is below its commitment now.
        at_risk: below now, or projected to fall below within the year.
    """

    area: str
    risk: str
    check: str
    sentence: str
    below: bool
    at_risk: bool


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step getting loose (a raised signal), with what a leader needs to know of it.

    Attributes:
        check, area, risk, state: the signal's.
        new: first raised since last week's brief (only known with the store).
        headline: the insight's one-line headline (the change in numbers without one).
        change: what moved, in numbers: ``missed 6.3% -> 28.1% since 2025-04-25``.
        age: how long it has been open.
        consequences: what missing the step leads to (the insight's sentences).
        spread: how widespread, counted never named (``None``: not known).
        conditions: the conditions that make it fragile (``None``: none pinned).
        after_change: a change recorded on this step before the slip began (``None``).
        tried: the changes already made to this step, each with its verdict.
        chart: the name of its control chart
            (:func:`taut.brief.charts.chart_name`: ``control-<check>``...).
    """

    check: str
    area: str
    risk: str
    state: State
    new: bool
    headline: str
    change: str
    age: str
    consequences: tuple[str, ...] = ()
    spread: str | None = None
    conditions: str | None = None
    after_change: str | None = None
    tried: tuple[str, ...] = ()
    chart: str = ""


@dataclass(frozen=True, kw_only=True)
class Remedy:
    """The small changes that would steady one step (the third question).

    Attributes:
        check: the step.
        options: ``(title, why)`` of up to three playbook entries, best first.
        look_first: what to look at first when no entry fits (``None``: there are options).
    """

    check: str
    options: tuple[tuple[str, str], ...]
    look_first: str | None


@dataclass(frozen=True, kw_only=True)
class ChangeLine:
    """A recorded change to the work and taut's verdict on it.

    Attributes:
        check, area: the step it was made to steady.
        applied_on: the day it took effect.
        change: what was changed, in the user's words.
        what: the step, where and when, and the change quoted, as the brief shows it.
        verdict: ``working``, ``not-yet-clear``, ``not-working`` or ``relapsing``.
        verdict_words: the verdict for a reader (``working``, ``too early to tell`` ...).
        reason: the verdict's one sentence, with its numbers.
        new: recorded since last week's brief.
        where: the segment it was made on (``None``: everywhere).
    """

    check: str
    area: str
    applied_on: date
    change: str
    what: str
    verdict: str
    verdict_words: str
    reason: str
    new: bool
    where: str | None = None


@dataclass(frozen=True, kw_only=True)
class MondayBrief:
    """One Monday brief, every sentence written (module docstring).

    Attributes:
        process: the contract's process name.
        as_of: the last day of data.
        previous_as_of: last week's brief (the store's previous scan; ``None``: unknown).
        audience: whose emphasis.
        lead: the two or three sentences a reader takes in first.
        fragile: the first question's answer, one line per area, most fragile first.
        fragile_intro: the sentence that opens the first question's answer.
        steps: the second question's raised steps.
        loosening: the steps watched, not raised: starting to loosen, in words.
        loose_intro: the sentence that opens the second question's answer.
        remedies: the third question's answer, one per raised step.
        remedy_intro: the sentence that opens the third question's answer.
        steady: what held steady, as sentences.
        changes: the recorded changes and their verdicts.
        changes_intro: the sentence that opens the changes section.
        notes: what the brief could not judge, briefly.
        loosening_charts: the control charts of the ``loosening`` steps, in order.
        steady_charts: the control charts of the steps coming back (under ``steady``).
    """

    process: str
    as_of: date
    previous_as_of: date | None
    audience: Audience
    lead: tuple[str, ...]
    fragile_intro: str
    fragile: tuple[AreaLine, ...]
    loose_intro: str
    steps: tuple[Step, ...]
    loosening: tuple[str, ...]
    remedy_intro: str
    remedies: tuple[Remedy, ...]
    steady: tuple[str, ...]
    changes_intro: str
    changes: tuple[ChangeLine, ...]
    notes: tuple[str, ...] = ()
    loosening_charts: tuple[str, ...] = ()
    steady_charts: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """``Sales to Operations handoff: Monday brief, data to 2025-07-06``."""
        return f"{self.process}: Monday brief, data to {self.as_of.isoformat()}"

    def to_json_dict(self) -> JsonDict:
        """Every section as JSON-ready data (dates as ISO strings)."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["previous_as_of"] = (
            None if self.previous_as_of is None else self.previous_as_of.isoformat()
        )
        for item in data["changes"]:
            item["applied_on"] = item["applied_on"].isoformat()
        for remedy in data["remedies"]:
            remedy["options"] = [{"title": t, "why": w} for t, w in remedy["options"]]
        return data
