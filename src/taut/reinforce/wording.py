"""The words of a recorded change and of taut's verdict on it, shared by every output.

``taut reinforce list`` and the scan's briefs (text, Markdown, HTML) say a change and its
verdict in these words, so they read the same everywhere; the JSON carries the numbers
(:meth:`taut.reinforce.changes.JudgedChange.to_json_dict`). Every figure is one of the
:class:`~taut.reinforce.changes.Effect`'s own, rounded once: a before and an after through
:func:`taut.words.shares` or :func:`taut.words.hours_pair`, the effect and its interval in
percentage points (a share) or hours.

>>> from datetime import date
>>> from taut.reinforce.changes import Change, Effect, JudgedChange
>>> made = Change(id=2, area="Handoff", check="intake-complete", applied_on=date(2026, 3, 2),
...     change="Deal size now mandatory", playbook="mandatory-fields")
>>> print(change_line(made))
intake-complete (Handoff), from 2026-03-02: Deal size now mandatory (playbook: mandatory-fields)
>>> worked = Effect(verdict="working", metric="missed", method="its", before=0.162,
...     after=0.041, effect=-0.118, interval=(-0.142, -0.094), cases_before=1200,
...     cases_since=412, cases_needed=None, reason="")
>>> print(verdict_line(JudgedChange(change=made, effect=worked)))
working: 16.2% missed before, 4.1% since; allowing for the weekday pattern, volume and trend, -11.8 points (95% interval -14.2 to -9.4 points), on 412 cases since
"""  # noqa: E501

from __future__ import annotations

from taut.reinforce.changes import Change, Effect, JudgedChange, Verdict
from taut.words import counted, hours_pair, shares, signed_hours, where

CHANGES_TITLE = "Changes made"
"""The briefs' section of the recorded changes and their verdicts."""

VERDICT_WORDS: dict[Verdict, str] = {
    "working": "working",
    "not-yet-clear": "not yet clear",
    "not-working": "not working",
    "relapsing": "relapsing",
}
"""Each verdict as a brief says it."""


def change_line(change: Change) -> str:
    """A recorded change in one line: check, area, day, what, and what it names."""
    named = []
    if change.playbook is not None:
        named.append(f"playbook: {change.playbook}")
    if change.segment:
        named.append(f"on {where(change.segment)} only")
    if change.signal_id is not None:
        named.append(f"answers signal {change.signal_id}")
    extra = f" ({'; '.join(named)})" if named else ""
    return (
        f"{change.check} ({change.area}), from {change.applied_on.isoformat()}: "
        f"{change.change}{extra}"
    )


def _amount(value: float, *, metric: str) -> str:
    return f"{value * 100:+.1f} points" if metric == "missed" else signed_hours(value)


def _pair(effect: Effect) -> str:
    if effect.metric == "missed":
        before, after = shares(effect.before, effect.after)
        return f"{before} missed before, {after} since"
    before, after = hours_pair(effect.before, effect.after)
    return f"median {before} before, {after} since"


def effect_words(effect: Effect) -> str:
    """The effect, what it allows for, and its interval, e.g. ``allowing for the weekday
    pattern, volume and trend, -11.8 points (95% interval -14.2 to -9.4 points)``: the
    effect is the model's, so it need not be the after less the before. Empty when there is
    no estimate yet."""
    if effect.effect is None:
        return ""
    against = (
        "against the segments it did not touch"
        if effect.method == "did"
        else "allowing for the weekday pattern, volume and trend"
    )
    text = f"{against}, {_amount(effect.effect, metric=effect.metric)}"
    if effect.interval is not None:
        low, high = (_amount(value, metric=effect.metric) for value in effect.interval)
        unit = " points" if effect.metric == "missed" else " h"
        text += f" (95% interval {low.removesuffix(unit)} to {high})"  # one unit, at the end
    return text


def verdict_line(judged: JudgedChange) -> str:
    """The verdict and its numbers in one line (module docstring)."""
    effect = judged.effect
    since = counted(effect.cases_since, "case", digits=True)
    parts = [f"{VERDICT_WORDS[effect.verdict]}: {_pair(effect)}"]
    if effect.verdict == "not-yet-clear" and effect.cases_since == 0:
        reason = effect.reason[:1].lower() + effect.reason[1:]
        return f"{VERDICT_WORDS[effect.verdict]}: {reason}"
    if effect.verdict == "not-yet-clear":
        parts = [f"{VERDICT_WORDS[effect.verdict]}: {since} since the change"]
        if effect.cases_needed:
            parts[0] += f", about {counted(effect.cases_needed, 'more case', digits=True)} needed"
        else:  # no number of cases since would settle it (the verdict's reason says why)
            parts[0] += (
                f"; more cases alone will not settle it: the {effect.cases_before:,} cases "
                "before the change are too few to compare against"
            )
        if effect.before is not None and effect.after is not None:
            parts.append(f"so far {_pair(effect)}")
        return "; ".join(parts)
    words = effect_words(effect)
    if words:
        parts.append(words)
    line = "; ".join(parts) + f", on {since} since"
    if effect.verdict == "relapsing":
        line += "; it worked at first, then slipped back"
    return line
