"""The verdict's one sentence: why this verdict, with its numbers.

Every figure quoted is a field of the :class:`~taut.reinforce.changes.Effect` it explains
(before, after, effect, interval, cases), so the sentence cannot disagree with the record.
Shares come from :func:`taut.words.shares` (a before and an after that never read alike
when they differ), hours from :func:`taut.words.hours_pair`.
"""

from __future__ import annotations

from dataclasses import dataclass

from taut.words import hours, hours_pair, shares, signed_hours


@dataclass(frozen=True, kw_only=True)
class Figures:
    """What a reason quotes (the metric's own units: shares or hours).

    Attributes:
        metric: ``missed`` or ``latency``.
        before, after: the metric before and since the change.
        effect, low, high: the effect and its interval.
        cases_before, cases_since: the cases they rest on.
        against: how the effect was read (``allowing for ...``).
    """

    metric: str
    before: float | None
    after: float | None
    effect: float | None
    low: float | None
    high: float | None
    cases_before: int
    cases_since: int
    against: str


def _amount(value: float, metric: str) -> str:
    if metric == "latency":
        return f"{hours(abs(value))} {'shorter' if value < 0 else 'longer'}"
    return f"{abs(value) * 100:.1f} points {'fewer' if value < 0 else 'more'}"


def _size(value: float, metric: str) -> str:
    return hours(abs(value)) if metric == "latency" else f"{abs(value) * 100:.1f} points"


def _interval(low: float, high: float, metric: str) -> str:
    if metric == "latency":
        return f"95% interval {signed_hours(low)} to {signed_hours(high)}"
    return f"95% interval {low * 100:+.1f} to {high * 100:+.1f} points"


def _levels(figures: Figures) -> str:
    """``8.0% of 410 cases since the change missed, against 20.0% of 1,200 before``."""
    if figures.metric == "latency":
        before, after = hours_pair(figures.before, figures.after)
        return (
            f"the median time since the change is {after} over {figures.cases_since:,} cases, "
            f"against {before} over {figures.cases_before:,} before"
        )
    before, after = shares(figures.before, figures.after)
    return (
        f"{after} of {figures.cases_since:,} cases since the change missed, "
        f"against {before} of {figures.cases_before:,} before"
    )


def _effect(figures: Figures) -> str:
    if figures.effect is None or figures.low is None or figures.high is None:
        return ""
    return (
        f"; {figures.against}, that is {_amount(figures.effect, figures.metric)} "
        f"({_interval(figures.low, figures.high, figures.metric)})"
    )


def working_reason(figures: Figures) -> str:
    """Why a change is called working."""
    return f"Working: {_levels(figures)}{_effect(figures)}."


def not_working_reason(figures: Figures, *, worth: float) -> str:
    """Why a change is called not working (``worth`` in the metric's units)."""
    return (
        f"Not working: {_levels(figures)}{_effect(figures)}, which rules out an "
        f"improvement as large as {_size(worth, figures.metric)}."
    )


def unclear_reason(figures: Figures, *, worth: float, needed: int | None, short: str) -> str:
    """Why it is too early to tell; ``short`` says what is missing when no fit was made."""
    if figures.cases_since == 0:
        levels = "no case since the change has been decided yet"
    else:
        levels = _levels(figures)
    wanted = f"an improvement of {_size(worth, figures.metric)}"
    if needed is None:
        more = (
            f"the {figures.cases_before:,} cases before the change are too few to show "
            f"{wanted} however many follow"
        )
    else:
        more = f"about {needed:,} more cases are needed to tell {wanted} from none"
    return f"Not yet clear: {short}{levels}{_effect(figures)}; {more}."


def relapsing_reason(figures: Figures, *, early: Figures) -> str:
    """Why a change is relapsing: the early window's effect, then the recent one's."""
    return (
        "Relapsing: in its first four weeks "
        f"{_amount(early.effect or 0.0, figures.metric)} than before "
        f"({_interval(early.low or 0.0, early.high or 0.0, figures.metric)}), "
        f"in the last four weeks {_amount(figures.effect or 0.0, figures.metric)} "
        f"({_interval(figures.low or 0.0, figures.high or 0.0, figures.metric)}); "
        f"{_levels(figures)}."
    )
