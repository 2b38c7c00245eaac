"""The verdict on one recorded change: :func:`judge`.

Rules, in order (``effect`` negative is better; its 95% interval ``[low, high]``):

1. Fewer than ``MIN_BEFORE_DAYS`` days with decided cases in the days compared against
   (the ``BEFORE_DAYS`` (eight weeks) before the change, or only the last
   ``SHORT_BEFORE_DAYS`` (four) when those differ clearly from the four before them: a
   check that loosened shortly before the change is compared with its loosened level, not
   with a mix): ``not-yet-clear``, nothing to compare against (``cases_needed`` ``None``).
2. Fewer than ``MIN_AFTER_DAYS`` days or ``MIN_AFTER_CASES`` decided cases since the change:
   ``not-yet-clear``; ``cases_needed`` from the variance per case before the change.
3. Four weeks or more after the change's first four: when the first four weeks improved
   (their interval below zero) and the last four are worse than the first four (the
   interval of their difference above zero) by at least ``SLIP_SHARE`` (half) of the
   first four weeks' gain, ``relapsing``; effect and interval are the last four weeks'.
4. ``high < 0``: ``working`` (the interval excludes no effect).
5. ``low > -delta``: ``not-working`` (the interval rules out an improvement worth knowing
   about, :mod:`.power`).
6. Otherwise ``not-yet-clear`` with ``cases_needed``.

The effect is the interrupted time series of :mod:`.model` on the check's daily series
(:mod:`.series`) over the weeks before the change (rule 1) and every day since, its flat
reading or, when a trend was under way before the change, the more cautious of its flat
and trend readings; with a segment named,
it is the same model on the difference between the segment's daily value and that of the
untouched cases (difference in differences: what moved both, a busy month or a new form for
everyone, cancels out). Rule 4 can wrongly fire on an unchanged check in at most about
2.5% of placebo dates (one side of a 95% interval), before the choice of the cautious
reading lowers it further; ``benchmarks/reinforce.py`` measures it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, get_args

import numpy as np

from taut.errors import UsageError, did_you_mean
from taut.reinforce.changes import Effect, Method
from taut.reinforce.verdict.model import Estimate, Fitted, Window, cautious, fit
from taut.reinforce.verdict.power import (
    BASELINE_DAYS,
    cases_to_decide,
    per_case_variance,
    worth_knowing,
)
from taut.reinforce.verdict.reasons import (
    Figures,
    not_working_reason,
    relapsing_reason,
    unclear_reason,
    working_reason,
)
from taut.reinforce.verdict.series import Counted, Daily, Mask, Metric, count_cases
from taut.words import count_words, counted

if TYPE_CHECKING:
    from taut.reinforce.changes import Change
    from taut.signal.inputs.casebook import CheckCases

BEFORE_DAYS = 56
SHORT_BEFORE_DAYS = 28
MIN_BEFORE_DAYS = 14
MIN_AFTER_DAYS = 14
MIN_AFTER_CASES = 30
RELAPSE_DAYS = 28
SLIP_SHARE = 0.5
ALLOWING = "allowing for the weekday pattern, volume and trend"
AGAINST_OTHERS = "against the untouched cases, allowing for the weekday pattern and volume"


def segment_mask(cases: CheckCases, segment: dict[str, str]) -> Mask:
    """The cases of ``segment`` (every key must be a label of ``cases``)."""
    mask = np.ones(cases.size, dtype=bool)
    for key, value in segment.items():
        if key not in cases.labels:
            raise UsageError(
                f"The change's segment names {key!r}, which check {cases.check!r} is not "
                f"sliced by; use one of {', '.join(sorted(cases.labels))}."
                + did_you_mean(key, cases.labels)
            )
        labels = cases.labels[key]
        found = labels == value
        if not np.any(found):
            known = sorted({str(word) for word in labels.tolist() if word is not None})
            raise UsageError(
                f"The change's segment {key}={value!r} has no case in check {cases.check!r}; "
                f"its values are {', '.join(known) or 'none'}." + did_you_mean(value, known)
            )
        mask &= np.asarray(found, dtype=bool)
    return mask


def _difference(treated: Daily, control: Daily) -> Daily:
    """The treated minus the control value on the days both have decided cases."""
    days, left, right = np.intersect1d(treated.days, control.days, return_indices=True)
    weight = 1 / (1 / treated.cases[left] + 1 / control.cases[right])
    return Daily(
        days=days,
        cases=weight,
        value=treated.value[left] - control.value[right],
        volume=treated.volume[left] + control.volume[right],
    )


def _on_scale(value: float, *, before: float, metric: Metric) -> float:
    """A fitted effect on the metric's own scale: share points, or hours at ``before``."""
    return before * (float(np.exp(value)) - 1) if metric == "latency" else value


def _before_first(daily: Daily, *, start: date) -> date:
    """The first day compared against: eight weeks back, or four after a clear move.

    The older four weeks and the recent four differ clearly when their weighted means of
    the daily series (the segment minus the rest, for a segment) differ by more than
    ``1.96 * sqrt(s1 + s2)``, ``s`` being each mean's variance (the days' weighted spread
    around it over the sum of their weights).
    """
    short = start - timedelta(days=SHORT_BEFORE_DAYS)
    parts = (
        daily.between(start - timedelta(days=BEFORE_DAYS), short - timedelta(days=1)),
        daily.between(short, start - timedelta(days=1)),
    )
    if min(part.size for part in parts) < 2:
        return short
    means, variances = [], []
    for part in parts:
        mean = float(np.average(part.value, weights=part.cases))
        spread = float(np.sum(part.cases * (part.value - mean) ** 2)) / (part.size - 1)
        means.append(mean)
        variances.append(spread / float(part.cases.sum()))
    moved = abs(means[1] - means[0]) > 1.959964 * float(np.sqrt(sum(variances)))
    return short if moved else start - timedelta(days=BEFORE_DAYS)


def _baseline(counted: Counted, *, before_first: date) -> float | None:
    if counted.day.size == 0:
        return None
    first = counted.day.min().astype(date)
    last = first + timedelta(days=BASELINE_DAYS - 1)
    return counted.level(first, last)[0] if last < before_first else None


def judge(*, change: Change, cases: CheckCases, as_of: date, metric: Metric = "missed") -> Effect:
    """The verdict on ``change`` as of ``as_of`` from its check's cases (module docstring).

    Args:
        change: the recorded change (its ``applied_on`` and, if any, its ``segment``).
        cases: the change's check's cases, read as of ``as_of`` (pending cases NaN).
        as_of: the scan's day; the last days before it, whose misses may still be
            pending, are left for a later scan (:func:`.series.settled_through`).
        metric: ``missed`` (share of decided cases that missed) or ``latency`` (median
            hours to the step).

    Returns:
        The :class:`Effect`: verdict, before, after, effect and interval on the metric's
        scale, the cases, ``cases_needed`` for ``not-yet-clear`` and a one-line reason.

    Raises:
        UsageError: an unknown metric, or a segment the check is not sliced by or has no
            case in.
    """
    if metric not in get_args(Metric):
        raise UsageError(
            f"Metric {metric!r} is not one of missed, latency."
            + did_you_mean(str(metric), get_args(Metric))
        )
    method: Method = "did" if change.segment else "its"
    mask = segment_mask(cases, change.segment) if change.segment else None
    treated = count_cases(cases, as_of=as_of, metric=metric, mask=mask)
    start = change.applied_on
    daily = treated.daily()
    if mask is not None:
        control = count_cases(cases, as_of=as_of, metric=metric, mask=~mask)
        daily = _difference(daily, control.daily())
    before_first = _before_first(daily, start=start)
    before, cases_before = treated.level(before_first, start - timedelta(days=1))
    after, cases_since = treated.level(start, as_of)
    daily = daily.between(before_first, as_of)
    figures = Figures(
        metric=metric,
        before=before,
        after=after,
        effect=None,
        low=None,
        high=None,
        cases_before=cases_before,
        cases_since=cases_since,
        against=AGAINST_OTHERS if mask is not None else ALLOWING,
    )
    base = Effect(
        verdict="not-yet-clear",
        metric=metric,
        method=method,
        before=before,
        after=after,
        effect=None,
        interval=None,
        cases_before=cases_before,
        cases_since=cases_since,
        cases_needed=None,
        reason="",
    )
    before_days = int((daily.days < np.datetime64(start, "D")).sum())
    if before is None or before_days < MIN_BEFORE_DAYS:
        return replace(
            base,
            reason=(
                f"Not yet clear: only {counted(before_days, 'day')} with decided cases in "
                f"the {count_words((start - before_first).days // 7)} weeks before the "
                "change, too few to compare against."
            ),
        )
    worth = worth_knowing(
        before=before, baseline=_baseline(treated, before_first=before_first), metric=metric
    )
    after_days = (treated.through - start).days + 1
    fits = _fits(daily, start=start, as_of=treated.through, short=after_days < MIN_AFTER_DAYS)
    per_day = cases_before / before_days
    if fits is None or cases_since < MIN_AFTER_CASES:
        variance = _variance_before(daily, start=start)
        needed = cases_to_decide(variance=variance, cases_before=cases_before, worth=worth)
        needed = _remaining(needed, cases_since=cases_since, per_day=per_day, after_days=after_days)
        short = "" if cases_since == 0 else "too few days since the change; "
        shown_worth = -_on_scale(-worth, before=before, metric=metric)
        reason = unclear_reason(figures, worth=shown_worth, needed=needed, short=short)
        return replace(base, cases_needed=needed, reason=reason)
    return _decide(
        base, fits=fits, figures=figures, worth=worth, per_day=per_day, after_days=after_days
    )


def _decide(
    base: Effect,
    *,
    fits: tuple[Estimate, tuple[Estimate, Estimate, Estimate] | None],
    figures: Figures,
    worth: float,
    per_day: float,
    after_days: int,
) -> Effect:
    """Rules 3 to 6 of the module docstring, from the fitted estimates."""
    metric, before = base.metric, base.before or 0.0
    main, relapse = fits
    shown = _shown(main, before=before, metric=metric)
    figures = replace(figures, effect=shown[0], low=shown[1], high=shown[2])
    if relapse is not None:
        early, recent, slip = relapse
        if early.high < 0 and slip.low > 0 and slip.effect >= -SLIP_SHARE * early.effect:
            late = _shown(recent, before=before, metric=metric)
            first = _shown(early, before=before, metric=metric)
            late_figures = replace(figures, effect=late[0], low=late[1], high=late[2])
            early_figures = replace(figures, effect=first[0], low=first[1], high=first[2])
            return replace(
                base,
                verdict="relapsing",
                effect=late[0],
                interval=(late[1], late[2]),
                reason=relapsing_reason(late_figures, early=early_figures),
            )
    found = replace(base, effect=shown[0], interval=(shown[1], shown[2]))
    shown_worth = -_on_scale(-worth, before=before, metric=metric)
    if main.high < 0:
        return replace(found, verdict="working", reason=working_reason(figures))
    if main.low > -worth:
        reason = not_working_reason(figures, worth=shown_worth)
        return replace(found, verdict="not-working", reason=reason)
    variance = per_case_variance(
        se=main.se, cases_before=base.cases_before, cases_since=base.cases_since
    )
    needed = cases_to_decide(variance=variance, cases_before=base.cases_before, worth=worth)
    needed = _remaining(
        needed, cases_since=base.cases_since, per_day=per_day, after_days=after_days
    )
    reason = unclear_reason(figures, worth=shown_worth, needed=needed, short="")
    return replace(found, cases_needed=needed, reason=reason)


def _shown(estimate: Estimate, *, before: float, metric: Metric) -> tuple[float, float, float]:
    """An estimate's effect, low and high on the metric's own scale."""
    return (
        _on_scale(estimate.effect, before=before, metric=metric),
        _on_scale(estimate.low, before=before, metric=metric),
        _on_scale(estimate.high, before=before, metric=metric),
    )


def _fits(
    daily: Daily, *, start: date, as_of: date, short: bool
) -> tuple[Estimate, tuple[Estimate, Estimate, Estimate] | None] | None:
    """The cautious effect over all days since ``start`` and, when long enough, the relapse
    check's early effect, recent effect and their difference (recent minus early)."""
    if short:
        return None
    post = (Window("post", start, as_of),)
    flat = fit(daily, applied_on=start, windows=post, reading="flat")
    if flat is None:
        return None
    trend = fit(daily, applied_on=start, windows=post, reading="trend")
    fitted = [flat.effect()]
    if trend is not None and trend.trend_under_way():
        fitted.append(trend.effect())
    main = cautious(fitted)
    if (as_of - start).days + 1 < 2 * RELAPSE_DAYS:
        return main, None
    early_last = start + timedelta(days=RELAPSE_DAYS - 1)
    recent_first = as_of - timedelta(days=RELAPSE_DAYS - 1)
    windows = [Window("early", start, early_last), Window("recent", recent_first, as_of)]
    if recent_first > early_last + timedelta(days=1):
        gap = Window("middle", early_last + timedelta(days=1), recent_first - timedelta(days=1))
        windows.append(gap)
    split: Fitted | None = fit(daily, applied_on=start, windows=tuple(windows), reading="flat")
    if split is None:
        return main, None
    return main, (
        split.effect("early"),
        split.effect("recent"),
        split.contrast({"recent": 1.0, "early": -1.0}),
    )


def _variance_before(daily: Daily, *, start: date) -> float:
    """The variance per case ``c`` of the days before ``start``, from day-to-day changes.

    Successive days differ by ``y_i - y_(i-1)`` with variance ``c (1/n_i + 1/n_(i-1))``
    when the level holds, so the mean of ``(y_i - y_(i-1))^2 / (1/n_i + 1/n_(i-1))`` over
    2 estimates ``c``; a step in the level moves one difference only, where the variance
    around the mean would count it on every day. The weekday pattern is left in, which
    errs on the side of more cases needed.
    """
    before = daily.between(None, start - timedelta(days=1))
    if before.size < 2:
        return 0.25
    steps = np.diff(before.value) ** 2 / (1 / before.cases[1:] + 1 / before.cases[:-1])
    return float(np.mean(steps)) / 2


def _remaining(
    needed: int | None, *, cases_since: int, per_day: float, after_days: int
) -> int | None:
    """More cases needed: to reach ``needed``, and to fill ``MIN_AFTER_DAYS`` days."""
    if needed is None:
        return None
    days_short = max(MIN_AFTER_DAYS - after_days, 0)
    more = max(needed - cases_since, MIN_AFTER_CASES - cases_since, 1)
    return max(more, round(per_day * days_short))
