"""The frozen records of a recorded change to the work and the verdict on it.

A :class:`Change` is what ``taut reinforce apply`` records in the state store: a change a
team made to the work (a mandatory field, a reminder, an acknowledgment gate, ...) on a day,
to one check, optionally on one segment only and answering one tracked signal. An
:class:`Effect` is taut's measured verdict on it as of a scan: the check before and after,
the effect with its interval, and how many cases it rests on. A :class:`JudgedChange` pairs
them; its :meth:`JudgedChange.to_json_dict` is one item of ``reinforcements`` in
``taut scan --format json``.

>>> from datetime import date
>>> change = Change(id=1, area="Handoff", check="ack-present", applied_on=date(2026, 3, 2),
...     change="Acknowledgment gate before kickoff")
>>> effect = Effect(verdict="not-yet-clear", metric="missed", method="its", before=0.12,
...     after=0.08, effect=-0.04, interval=(-0.10, 0.02), cases_before=400, cases_since=35,
...     cases_needed=90, reason="35 cases since the change; about 90 more are needed.")
>>> JudgedChange(change=change, effect=effect).to_json_dict()["effect"]["verdict"]
'not-yet-clear'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

JsonDict = dict[str, Any]

Verdict = Literal["working", "not-yet-clear", "not-working", "relapsing"]
"""What taut says of a recorded change as of a scan.

``working``: the check is measurably steadier since the change (the interval excludes no
effect); ``not-yet-clear``: too few cases since the change to tell (``cases_needed`` says how
many more); ``not-working``: enough cases, and no improvement beyond what the check's own
weekday pattern, volume and trend explain; ``relapsing``: it worked, then slipped back.
"""

VERDICTS: tuple[Verdict, ...] = ("working", "not-yet-clear", "not-working", "relapsing")

Method = Literal["its", "did"]
"""``its``: interrupted time series of the check itself; ``did``: difference in differences
against the segments the change did not touch (a change recorded on one segment)."""


@dataclass(frozen=True, kw_only=True)
class Change:
    """A change to the work, as recorded in the state store.

    Attributes:
        id: the store's number for it (what ``taut reinforce remove ID`` takes).
        area: the check's area.
        check: the check it is meant to steady.
        applied_on: the day the change took effect.
        change: what was changed, in the user's words.
        playbook: the playbook entry it follows (``None``: the user's own change).
        segment: the one segment it was made on (``{"team": "North"}``); ``None``: everywhere.
        signal_id: the tracked signal it answers (``None``: none named).
        recorded_at: when it was recorded (``None`` before it is stored).
    """

    id: int
    area: str
    check: str
    applied_on: date
    change: str
    playbook: str | None = None
    segment: dict[str, str] | None = None
    signal_id: int | None = None
    recorded_at: datetime | None = None

    def to_json_dict(self) -> JsonDict:
        """The change's fields, dates as ISO strings."""
        return {
            "id": self.id,
            "area": self.area,
            "check": self.check,
            "applied_on": self.applied_on.isoformat(),
            "change": self.change,
            "playbook": self.playbook,
            "segment": self.segment,
            "signal_id": self.signal_id,
        }


@dataclass(frozen=True, kw_only=True)
class Effect:
    """The measured verdict on one change as of one scan.

    Attributes:
        verdict: see :data:`Verdict`.
        metric: what was compared: ``missed`` (share of cases that missed the check) or
            ``latency`` (hours).
        method: see :data:`Method`.
        before: the metric over the cases before the change (``None``: none).
        after: the metric over the cases since (``None``: none yet).
        effect: the change's estimated effect on the metric (negative: fewer misses or
            shorter latency), allowing for weekday pattern, volume and trend (and, for
            ``did``, the untouched segments); ``None`` when not estimable yet.
        interval: the effect's 95% interval (``None`` with ``effect``).
        cases_before: cases the ``before`` value rests on.
        cases_since: cases decided since the change.
        cases_needed: for ``not-yet-clear``, about how many more cases a clear verdict
            needs; ``None`` otherwise.
        reason: one plain sentence saying why this verdict, with its numbers.
    """

    verdict: Verdict
    metric: Literal["missed", "latency"]
    method: Method
    before: float | None
    after: float | None
    effect: float | None
    interval: tuple[float, float] | None
    cases_before: int
    cases_since: int
    cases_needed: int | None
    reason: str

    def to_json_dict(self) -> JsonDict:
        """``verdict, before, after, effect, interval, cases_since`` and the rest."""
        return {
            "verdict": self.verdict,
            "metric": self.metric,
            "method": self.method,
            "before": _number(self.before),
            "after": _number(self.after),
            "effect": _number(self.effect),
            "interval": None if self.interval is None else [_number(x) for x in self.interval],
            "cases_before": self.cases_before,
            "cases_since": self.cases_since,
            "cases_needed": self.cases_needed,
            "reason": self.reason,
        }


@dataclass(frozen=True, kw_only=True)
class JudgedChange:
    """A recorded change with its verdict as of one scan."""

    change: Change
    effect: Effect

    def to_json_dict(self) -> JsonDict:
        """The change's fields with its ``effect``: one item of JSON ``reinforcements``."""
        return {**self.change.to_json_dict(), "effect": self.effect.to_json_dict()}


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
