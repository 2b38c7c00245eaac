"""What a slip leads to: how much more often cases that missed ended in a lagging outcome.

For a check and a lagging outcome ``o`` (:func:`taut.outcomes.evaluate_lagging`), over
the decided cases of the check (``missed`` or ``kept``) that have been followed long
enough for ``o`` to show:

    RR = (a / n1) / (c / n0)

with ``a`` of the ``n1`` cases that missed and ``c`` of the ``n0`` that kept it ending in
``o``; ``RR`` is ``None`` when ``n1``, ``n0`` or ``c`` is zero. *Followed long enough*:
anchored at least ``F`` days before the end of the data, with ``F`` the 90th percentile
of the days from anchor to ``o`` among the cases in which ``o`` occurred (0 when none):
recent cases, which hold most of a new slip, have not had time to end in ``o``, and
counting them would bias ``RR`` towards 1 or below. The relative risk is an
association, not a proof of cause (Rothman, Greenland & Lash 2008, *Modern
Epidemiology*, ch. 4).

*Lead*: the outcome's own rise is the first day ``d`` after the baseline window on
which the outcomes seen so far among the cases started after it, ``O(d)``, exceed those
expected at the baseline rate by a Poisson bound, ``O(d) > X(d) + 3 sqrt(X(d)) + 3``.
Outcomes come days or weeks after a case starts, so the expectation spreads each case's
chance over the baseline's delays:

    X(d) = lambda0 * sum over days t <= d of  c(t) * F(d - t),

with ``lambda0`` the share of baseline cases that ended in ``o``, ``c(t)`` the cases
started on day ``t`` and ``F`` the empirical distribution of the baseline's delays from
a case's anchor day to the outcome's day (days by date, negative delays as 0).
``lead_days`` is ``d`` minus the day the signal was raised (``since`` when not raised):
positive when the check moved first; ``None`` when the outcome has not risen.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from taut.insight.records import Consequence

if TYPE_CHECKING:
    from taut.insight.slip import SlipCases
    from taut.signal.decide.cap import Signal

BOUND_SIGMAS = 3.0
BOUND_EXTRA = 3.0


def _days(values: pd.Series) -> npt.NDArray[np.datetime64]:
    return np.asarray(pd.to_datetime(values).to_numpy(dtype="datetime64[D]"))


def _rise_day(cases: SlipCases, occurred: pd.DataFrame, *, baseline_until: date) -> date | None:
    """The outcome's own rise (module docstring), or ``None``."""
    start = _days(cases.frame["day"])
    last = np.datetime64(baseline_until, "D")
    by_id = pd.Series(_days(occurred["time"]), index=occurred["case_id"].astype(str).to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    when = np.asarray(cases.frame["case_id"].astype(str).map(by_id).to_numpy(dtype="datetime64[D]"))
    base, hit = start <= last, ~np.isnat(when)
    if not base.any() or base.all() or not (base & hit).any():
        return None
    lam = float(np.count_nonzero(base & hit)) / float(np.count_nonzero(base))
    delays = np.maximum((when[base & hit] - start[base & hit]).astype(np.int64), 0)
    post = ~base
    final = start.max()
    if (post & hit).any():
        final = max(final, when[post & hit].max())
    days = int((final - last).astype(np.int64))
    started = np.bincount((start[post] - last).astype(np.int64) - 1, minlength=days)[:days]
    spread = np.cumsum(np.bincount(delays, minlength=days)[:days]) / delays.size
    expected = lam * np.convolve(started, spread)[:days]
    seen_on = np.maximum((when[post & hit] - last).astype(np.int64) - 1, 0)
    seen = np.cumsum(np.bincount(seen_on, minlength=days)[:days])
    risen = np.flatnonzero(seen > expected + BOUND_SIGMAS * np.sqrt(expected) + BOUND_EXTRA)
    if risen.size == 0:
        return None
    return baseline_until + timedelta(days=int(risen[0]) + 1)


def _followed(
    anchors: pd.Series, ids: pd.Series, occurred: pd.DataFrame, *, last: pd.Timestamp
) -> npt.NDArray[np.bool_]:
    """Which cases were followed long enough for the outcome to show (module docstring)."""
    times = pd.Series(
        pd.to_datetime(occurred["time"]).to_numpy(), index=occurred["case_id"].astype(str)
    )
    delays = (ids.map(times) - anchors).dropna().dt.total_seconds() / 86_400.0
    follow = float(np.quantile(delays[delays >= 0], 0.9)) if (delays >= 0).any() else 0.0
    return np.asarray(anchors <= last - pd.Timedelta(days=follow), dtype=bool)


def measure_consequences(
    cases: SlipCases,
    *,
    lagging: pd.DataFrame,
    signal: Signal,
    baseline_until: date,
    outcomes: tuple[str, ...] | None = None,
) -> tuple[Consequence, ...]:
    """One :class:`Consequence` per lagging outcome (module docstring).

    Args:
        cases: the signal's cases.
        lagging: the materialised table of :func:`taut.outcomes.evaluate_lagging`
            (``case_id``, ``outcome``, ``occurred``, ``time``).
        signal: the signal explained (for its raised or since day).
        baseline_until: the last local day of the baseline window.
        outcomes: the lagging outcomes to measure, when ``lagging`` holds only the rows
            where an outcome occurred (the rest count nowhere); ``None`` reads them from
            ``lagging``.
    """
    ids = cases.frame["case_id"].astype(str)
    anchors = pd.to_datetime(cases.frame["anchor_time"])
    last_anchor = anchors.max()
    found: list[Consequence] = []
    if outcomes is None:
        outcomes = tuple(sorted({str(v) for v in lagging["outcome"].dropna().tolist()}))
    for outcome in outcomes:
        rows = lagging[lagging["outcome"] == outcome]
        occurred = rows[rows["occurred"].astype(bool)]
        ended = ids.isin(set(occurred["case_id"].astype(str))).to_numpy(dtype=bool)
        followed = _followed(anchors, ids, occurred, last=last_anchor)
        status = np.where(followed, cases.frame["status"].to_numpy(dtype=object), "short")
        missed, kept = status == "missed", status == "kept"
        n1, n0 = int(missed.sum()), int(kept.sum())
        a, c = int((ended & missed).sum()), int((ended & kept).sum())
        risk = (a / n1) / (c / n0) if n1 and n0 and c else None
        mine = rows[rows["case_id"].astype(str).isin(set(ids)) & rows["occurred"].astype(bool)]
        rise = _rise_day(cases, mine, baseline_until=baseline_until)
        alarm = signal.raised or signal.since
        lead = (rise - alarm).days if rise is not None and alarm is not None else None
        found.append(
            Consequence(
                outcome=outcome,
                missed_cases=n1,
                missed_with=a,
                kept_cases=n0,
                kept_with=c,
                relative_risk=risk,
                lead_days=lead,
            )
        )
    return tuple(found)
