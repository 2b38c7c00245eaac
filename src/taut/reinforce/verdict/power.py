"""How large an effect is worth knowing about, and how many cases it takes to see it.

A verdict must not wait for certainty about effects nobody would act on, nor call a
change "not working" while its interval still holds an improvement that would matter.
The effect worth knowing about, ``delta``, is read from the check's own history:

- metric ``missed``: ``delta = max(GAP_SHARE * (before - baseline), RELATIVE * before,
  FLOOR)``: half the loosening since the check's early baseline (the change is meant to
  win it back), and at least a quarter of the level before the change;
- metric ``latency`` (on the log scale): ``delta = max(GAP_SHARE * log(before /
  baseline), -log(1 - RELATIVE))``: half the stretch since the baseline, and at least a
  quarter off the median time.

The baseline is the check's first ``BASELINE_DAYS`` of decided cases, when they end before
the days the change is compared against; otherwise only the relative floor applies.

With ``c`` the variance per case the fit implies (``se^2 = c (1 / n_since + 1 / n_before)``),
an effect of ``delta`` is told from none with 80% power at the 5% level (two-sided) once
``se <= delta / (z_0.975 + z_0.8)``, that is once::

    n_since >= 1 / ((delta / Z)^2 / c - 1 / n_before)          Z = 1.96 + 0.84

which is what ``cases_needed`` counts down to. When the cases before the change alone make
``se`` too wide, no number of new cases is enough and ``cases_needed`` is ``None``.
"""

from __future__ import annotations

import math

from taut.reinforce.verdict.series import Metric

Z = 1.959964 + 0.841621
RELATIVE = 0.25
GAP_SHARE = 0.5
FLOOR = 0.005
BASELINE_DAYS = 56


def worth_knowing(*, before: float, baseline: float | None, metric: Metric) -> float:
    """The effect worth knowing about, on the fit's scale (share points or log hours).

    >>> round(worth_knowing(before=0.20, baseline=0.04, metric="missed"), 3)
    0.08
    >>> round(worth_knowing(before=0.20, baseline=None, metric="missed"), 3)
    0.05
    """
    if metric == "latency":
        gap = 0.0
        if baseline is not None and baseline > 0 and before > 0:
            gap = math.log(before / baseline)
        return max(GAP_SHARE * gap, -math.log(1 - RELATIVE))
    gap = before - baseline if baseline is not None else 0.0
    return max(GAP_SHARE * gap, RELATIVE * before, FLOOR)


def per_case_variance(*, se: float, cases_before: int, cases_since: int) -> float:
    """The variance per case ``c`` an estimate's standard error implies (module docstring)."""
    return se**2 / (1 / max(cases_since, 1) + 1 / max(cases_before, 1))


def cases_to_decide(*, variance: float, cases_before: int, worth: float) -> int | None:
    """The cases since the change needed to tell ``worth`` from no effect (module docstring)."""
    room = (worth / Z) ** 2 / max(variance, 1e-12) - 1 / max(cases_before, 1)
    if room <= 0:
        return None
    return math.ceil(1 / room)
