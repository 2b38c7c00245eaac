"""Which conditions a slip concentrates in: a difference-in-differences per condition.

For a condition ``C`` and the slip indicator ``y`` of :mod:`taut.insight.slip`, with
``r[in, before]`` the mean of ``y`` over decided cases inside ``C`` in the baseline
window (and likewise for the other three cells), ``n[in, during]`` the decided cases
inside ``C`` during the drift:

- difference-in-differences
  ``D = (r[in, during] - r[in, before]) - (r[out, during] - r[out, before])``;
- its standard error ``se = sqrt(sum over the four cells of p (1 - p) / n)`` with
  ``p = (k + 0.5) / (n + 1)`` (``k`` slips of ``n``) so that an empty cell does not
  give a zero variance; two-sided p-value ``2 (1 - Phi(|D| / se))``;
- share explained ``S = E_C / E``, clipped to 0..1, where ``E_C = n[in, during] *
  (r[in, during] - r[in, before])`` are the condition's excess slips and
  ``E = n[during] * (r[during] - r[before])`` all excess slips;
- lift ``S - n[in, during] / n[during]``: how much more of the slip the condition holds
  than its share of the cases (0 for a slip spread evenly).

A condition *holds* when ``D > 0`` and its p-value passes Holm's step-down correction
over every condition (and pair) tried for the signal at family-wise level ``alpha`` =
0.05: sort the ``m`` p-values ``p(1) <= ... <= p(m)`` and reject while
``p(i) <= alpha / (m - i + 1)`` (Holm, S. 1979, "A simple sequentially rejective
multiple test procedure", Scand. J. Statist. 6: 65-70). It is *named* when it holds and
its lift is at least 0.15; named conditions are ordered by lift, largest first. A pair
(the intersection of two named conditions of different fields, among the top three) is
named only when its lift beats the best single condition's by 0.10 or more.

Assumptions: cases independent; every cell holds at least ``min_cases`` decided cases
(20 by default, never fewer than five) so the normal approximation is fair; the
comparison of before and during assumes no other change moved the inside and outside
cases differently (parallel trends; Angrist & Pischke 2009, ch. 5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from taut.insight.conditions import Candidate, Mask
from taut.insight.records import ConditionEffect
from taut.insight.slip import FloatArray, SlipCases

ALPHA = 0.05
MIN_LIFT = 0.15
PAIR_MARGIN = 0.10
PAIR_POOL = 3
MIN_CASES = 20


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """Every condition tried for one signal and the ones named.

    Attributes:
        tried: every effect measured (singles, then pairs), with Holm's verdict.
        named: the named effects, most explanatory (largest lift) first.
        excess: all excess slips during the drift, ``E`` (module docstring).
        before_rate, during_rate: the slip rate of all the check's decided cases before
            and during the drift, ``r[before]`` and ``r[during]`` (NaN for none): the whole
            every condition's inside and outside rates bracket.
        during_cases: the decided cases during the drift, ``n[during]``.
    """

    tried: tuple[ConditionEffect, ...]
    named: tuple[ConditionEffect, ...]
    excess: float
    before_rate: float = math.nan
    during_rate: float = math.nan
    during_cases: int = 0


def _cell(slip: FloatArray, mask: Mask) -> tuple[float, int, float]:
    values = slip[mask]
    n = int(values.size)
    k = float(values.sum())
    rate = k / n if n else math.nan
    smoothed = (k + 0.5) / (n + 1)
    variance = smoothed * (1 - smoothed) / n if n else math.inf
    return rate, n, variance


def measure_effect(
    cases: SlipCases, *, field: str, value: str, inside: Mask, min_cases: int = MIN_CASES
) -> ConditionEffect | None:
    """The difference-in-differences of one condition (module docstring).

    Returns:
        ``None`` when a cell holds fewer than ``min_cases`` decided cases or no excess
        slip exists to explain.
    """
    if min_cases < 5:
        raise ValueError(f"min_cases={min_cases} must be at least 5: smaller groups are shown.")
    decided = cases.decided
    slip = np.nan_to_num(cases.slip)
    cells = {
        (side, window): _cell(slip, decided & where & period)
        for side, where in (("in", inside), ("out", ~inside))
        for window, period in (("before", cases.before), ("during", cases.during))
    }
    if min(n for _, n, _ in cells.values()) < min_cases:
        return None
    before_rate, _, _ = _cell(slip, decided & cases.before)
    during_rate, during_n, _ = _cell(slip, decided & cases.during)
    excess = during_n * (during_rate - before_rate)
    if excess <= 0:
        return None
    in_before, _, v1 = cells[("in", "before")]
    in_during, in_n, v2 = cells[("in", "during")]
    out_before, _, v3 = cells[("out", "before")]
    out_during, out_n, v4 = cells[("out", "during")]
    did = (in_during - in_before) - (out_during - out_before)
    z = abs(did) / math.sqrt(v1 + v2 + v3 + v4)
    explained = min(1.0, max(0.0, in_n * (in_during - in_before) / excess))
    return ConditionEffect(
        field=field,
        value=value,
        share_of_cases=in_n / (in_n + out_n),
        inside_before=in_before,
        inside_during=in_during,
        outside_before=out_before,
        outside_during=out_during,
        inside_cases=in_n,
        outside_cases=out_n,
        diff_in_diff=did,
        share_explained=explained,
        p_value=math.erfc(z / math.sqrt(2.0)),
        holds=False,
    )


def holm(p_values: list[float], *, alpha: float = ALPHA) -> list[bool]:
    """Holm's step-down rejections, in the input order (module docstring).

    >>> holm([0.01, 0.04, 0.03], alpha=0.05)
    [True, False, False]
    >>> holm([0.001, 0.02, 0.04], alpha=0.05)
    [True, True, True]
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    m = len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (m - rank):
            break
        rejected[index] = True
    return rejected


def _promising(effect: ConditionEffect) -> bool:
    return effect.diff_in_diff > 0 and effect.p_value <= ALPHA and effect.lift >= MIN_LIFT


def attribute_slip(
    cases: SlipCases, candidates: list[Candidate], *, min_cases: int = MIN_CASES
) -> Attribution:
    """Measure every candidate (and promising pairs) and name the ones that hold.

    Args:
        cases: the signal's cases with their slip indicator.
        candidates: the conditions to try (:func:`taut.insight.conditions.candidate_conditions`).
        min_cases: the fewest decided cases a cell may hold.
    """
    masks: dict[tuple[str, str], Mask] = {}
    singles: list[ConditionEffect] = []
    for candidate in candidates:
        effect = measure_effect(
            cases,
            field=candidate.field,
            value=candidate.value,
            inside=candidate.inside,
            min_cases=min_cases,
        )
        if effect is not None:
            singles.append(effect)
            masks[(effect.field, effect.value)] = candidate.inside
    pool = sorted((e for e in singles if _promising(e)), key=lambda e: -e.lift)[:PAIR_POOL]
    pairs: list[ConditionEffect] = []
    for i, first in enumerate(pool):
        for second in pool[i + 1 :]:
            if first.field == second.field:
                continue
            pair = measure_effect(
                cases,
                field=f"{first.field}+{second.field}",
                value=f"{first.value} and {second.value}",
                inside=masks[(first.field, first.value)] & masks[(second.field, second.value)],
                min_cases=min_cases,
            )
            if pair is not None:
                pairs.append(pair)
    tried = [*singles, *pairs]
    verdicts = holm([e.p_value for e in tried])
    tried = [
        replace(e, holds=ok and e.diff_in_diff > 0) for e, ok in zip(tried, verdicts, strict=True)
    ]
    named_singles = [e for e in tried[: len(singles)] if e.holds and e.lift >= MIN_LIFT]
    best = max((e.lift for e in named_singles), default=0.0)
    named_pairs = [e for e in tried[len(singles) :] if e.holds and e.lift >= best + PAIR_MARGIN]
    named = sorted([*named_singles, *named_pairs], key=lambda e: (-e.lift, e.field, e.value))
    decided = cases.decided
    slip = np.nan_to_num(cases.slip)
    before_rate, _, _ = _cell(slip, decided & cases.before)
    during_rate, during_n, _ = _cell(slip, decided & cases.during)
    excess = during_n * (during_rate - before_rate) if during_n else 0.0
    return Attribution(
        tried=tuple(tried),
        named=tuple(named),
        excess=float(excess),
        before_rate=before_rate,
        during_rate=during_rate,
        during_cases=during_n,
    )
