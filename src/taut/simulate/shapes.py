"""Shapes of real logs that the plain simulation lacks, each an option that is off by default.

Real event logs broke taut in ways the sales handoff never did (issue 11): years of history,
volumes that swing from one quarter to the next, times recorded only to the day, a pause at
the same season every year, lifecycle transitions (``schedule``/``start``/``complete``) on
each step, and a numeric attribute (an amount) beside the categorical ones. A
:class:`LogShape` asks for any of them; ``LogShape()`` asks for none and leaves the
simulation exactly as it was (the same events, byte for byte, for every seed).

Multi-year logs need no option: ``sales_handoff(weeks=...)`` takes up to 520 weeks, and the
calendar's holidays and :class:`Pause` recur in every year the log spans.

Each shape draws from its own random stream (``[seed, role]``), so switching one on never
changes what the others draw. The order they are applied in:

1. :func:`swing_rates`: each calendar quarter's volume is multiplied by a factor drawn
   uniformly from ``[1 - quarter_swing, 1 + quarter_swing]``;
2. :func:`pause_rates`: on the days of a :class:`Pause`, the volume is multiplied by
   ``pause.share`` (then the deals are drawn);
3. :func:`add_lifecycle`: every step after the first gets ``schedule`` and ``start`` events
   before its ``complete`` one (column ``lifecycle``);
4. :func:`delay_paused`: an event after a case's first that would fall inside a pause is
   done in the pause's first hour after it, keeping the order of the events it delays;
5. :func:`add_amounts`: the first event of each case gets an ``amount``, drawn by deal size
   and rounded to 500 as people write amounts;
6. ``day_only``: every time is cut to its day's midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from numpy.typing import NDArray

SWING_ROLE, AMOUNT_ROLE, LIFECYCLE_ROLE = 3, 4, 5
FIRST_STEP = "Deal closed"
LIFECYCLE = ("schedule", "start", "complete")
AMOUNT_MEDIAN = {"small": 4_000.0, "medium": 15_000.0, "large": 60_000.0}
AMOUNT_SIGMA = 0.6
AMOUNT_ROUNDING = 500.0
PAUSE_CATCH_UP_MINUTES = 60

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Pause:
    """A holiday pause that recurs every year, e.g. Christmas to New Year.

    Attributes:
        start: ``(month, day)`` of the pause's first day.
        end: ``(month, day)`` of its last day; before ``start`` when it crosses New Year.
        share: the volume on its days, as a share of an ordinary day's (0 to 1).
    """

    start: tuple[int, int] = (12, 24)
    end: tuple[int, int] = (1, 1)
    share: float = 0.1

    def __post_init__(self) -> None:
        for name, (month, day) in (("start", self.start), ("end", self.end)):
            try:
                date(2024, month, day)  # a leap year, so 29 February is a valid day
            except (TypeError, ValueError):
                raise ValueError(
                    f"Pause {name} {(month, day)!r} is not a (month, day), e.g. (12, 24)."
                ) from None
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(f"Pause share {self.share!r} must be from 0 to 1, e.g. 0.1.")

    def covers(self, days: NDArray[np.datetime64]) -> NDArray[np.bool_]:
        """Whether each day falls inside the pause (in any year).

        >>> days = np.array(["2025-12-23", "2025-12-24", "2026-01-01", "2026-01-02"], "M8[D]")
        >>> Pause().covers(days).tolist()
        [False, True, True, False]
        """
        months = days.astype("datetime64[M]")
        key = (months.astype(np.int64) % 12 + 1) * 100 + (
            (days - months.astype("datetime64[D]")).astype(np.int64) + 1
        )
        first, last = self.start[0] * 100 + self.start[1], self.end[0] * 100 + self.end[1]
        inside: NDArray[np.bool_] = (
            (key >= first) & (key <= last) if first <= last else (key >= first) | (key <= last)
        )
        return inside


@dataclass(frozen=True)
class LogShape:
    """Which shapes of real logs to give a simulated one; the default gives none.

    Attributes:
        quarter_swing: how far each calendar quarter's volume may differ from the plain
            one (0 to 0.9): 0.6 draws each quarter's factor from 0.4 to 1.6.
        day_only: record every time to the day (midnight), as many systems export.
        pause: a holiday pause recurring every year, or ``None``.
        lifecycle: give each step after the first ``schedule`` and ``start`` events before
            its ``complete`` one, in a ``lifecycle`` column.
        amounts: give each case a numeric ``amount`` on its first event.
    """

    quarter_swing: float = 0.0
    day_only: bool = False
    pause: Pause | None = None
    lifecycle: bool = False
    amounts: bool = False

    def __post_init__(self) -> None:
        swing = self.quarter_swing
        if isinstance(swing, bool) or not isinstance(swing, int | float) or not 0 <= swing <= 0.9:
            raise ValueError(f"quarter_swing {swing!r} must be a number from 0 to 0.9, e.g. 0.5.")
        if self.pause is not None and not isinstance(self.pause, Pause):
            raise ValueError(f"pause must be a Pause or None; got {type(self.pause).__name__}.")

    @property
    def plain(self) -> bool:
        """Whether no shape is asked for (the simulation is left as it was)."""
        return self == LogShape()


def swing_rates(*, days: NDArray[np.datetime64], rate: Floats, swing: float, seed: int) -> Floats:
    """The expected deals a day with each calendar quarter scaled by its drawn factor."""
    if swing == 0:
        return rate
    months = days.astype("datetime64[M]").astype(np.int64)
    quarter = months // 3 - months.min() // 3
    factors = np.random.default_rng([seed, SWING_ROLE]).uniform(
        1 - swing, 1 + swing, size=int(quarter.max()) + 1
    )
    swung: Floats = rate * factors[quarter]
    return swung


def pause_rates(*, days: NDArray[np.datetime64], rate: Floats, pause: Pause | None) -> Floats:
    """The expected deals a day with the pause's days scaled down to its share."""
    if pause is None:
        return rate
    paused: Floats = np.where(pause.covers(days), rate * pause.share, rate)
    return paused


def delay_paused(events: pd.DataFrame, *, pause: Pause | None, end: date) -> pd.DataFrame:
    """Steps after the first that fall in a pause, done in the first hour after it.

    The map from old to new times is monotone (a pause of ``n`` minutes is squeezed into
    ``PAUSE_CATCH_UP_MINUTES``), so a case's delayed steps keep their order; steps pushed
    past ``end`` have not happened yet and are dropped.
    """
    if pause is None:
        return events
    at = events["at"].to_numpy().astype("datetime64[m]")
    day = at.astype("datetime64[D]")
    paused = pause.covers(day) & (events["step"].to_numpy() != FIRST_STEP)
    if not paused.any():
        return events
    first = np.datetime64("1970-01-01", "D")
    calendar = np.arange(day.min() - 400 - first, day.max() + 400 - first) + first
    inside = pause.covers(calendar)
    begins = calendar[inside & ~np.roll(inside, 1)]
    ends = calendar[inside & ~np.roll(inside, -1)] + 1  # the day after each pause
    which = np.searchsorted(begins, day[paused], side="right") - 1
    start, after = begins[which].astype("datetime64[m]"), ends[which].astype("datetime64[m]")
    share = (at[paused] - start) / (after - start)
    moved = after + np.floor(share * PAUSE_CATCH_UP_MINUTES).astype("timedelta64[m]")
    new_at = at.copy()
    new_at[paused] = moved
    shifted = events.assign(at=new_at.astype("datetime64[s]"))
    kept = shifted[shifted["at"] < np.datetime64(end, "s")]
    return _sorted(kept)


def add_lifecycle(events: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Every step after the first with ``schedule`` and ``start`` events before it.

    A step done at ``t`` whose case's previous event was at ``p`` is scheduled at
    ``p + u1 * (t - p)`` and started at ``p + u2 * (t - p)``, with ``u1 < u2`` drawn
    uniformly (``u1`` from 0 to 0.3, ``u2`` from 0.5 to 0.95); a step at the same minute as
    its previous event gets all three at that minute.
    """
    rng = np.random.default_rng([seed, LIFECYCLE_ROLE])
    previous = events.groupby("deal_id", observed=True, sort=False)["at"].shift(1)
    later = events["step"].to_numpy() != FIRST_STEP
    base = events.assign(lifecycle=pd.Categorical(["complete"] * len(events), LIFECYCLE))
    steps = base[later & previous.notna().to_numpy()]
    gap = (steps["at"] - previous[steps.index]).to_numpy()
    parts = [base]
    for name, low, high in (("schedule", 0.0, 0.3), ("start", 0.5, 0.95)):
        share = rng.uniform(low, high, size=len(steps))
        offset = (gap.astype("timedelta64[s]").astype(np.int64) * share).astype(np.int64)
        at = previous[steps.index].to_numpy() + offset.astype("timedelta64[s]")
        parts.append(steps.assign(at=at, lifecycle=pd.Categorical([name] * len(steps), LIFECYCLE)))
    return _sorted(pd.concat(parts, ignore_index=True))


def add_amounts(events: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """An ``amount`` on each case's first event: log-normal by deal size, to the nearest 500."""
    first = (events["step"] == FIRST_STEP).to_numpy()
    sizes = events["deal_size"].astype(str).to_numpy()[first]
    median = np.vectorize(AMOUNT_MEDIAN.__getitem__, otypes=[np.float64])(sizes)
    drawn = median * np.random.default_rng([seed, AMOUNT_ROLE]).lognormal(
        0.0, AMOUNT_SIGMA, size=sizes.size
    )
    amount = np.full(len(events), np.nan)
    amount[first] = np.maximum(AMOUNT_ROUNDING, np.round(drawn / AMOUNT_ROUNDING) * AMOUNT_ROUNDING)
    return events.assign(amount=amount)


def day_only(events: pd.DataFrame) -> pd.DataFrame:
    """Every time cut to its day's midnight."""
    return events.assign(at=events["at"].dt.floor("D"))


def apply_shapes(events: pd.DataFrame, *, shape: LogShape, seed: int, end: date) -> pd.DataFrame:
    """The event-level shapes of ``shape`` (steps 3 to 6 of the module docstring, in order)."""
    if shape.plain:
        return events
    if shape.lifecycle:
        events = add_lifecycle(events, seed=seed)
    events = delay_paused(events, pause=shape.pause, end=end)
    if shape.amounts:
        events = add_amounts(events, seed=seed)
    if shape.day_only:
        events = day_only(events)
    return events.reset_index(drop=True)


def _sorted(events: pd.DataFrame) -> pd.DataFrame:
    order = np.lexsort(
        (
            events["lifecycle"].cat.codes.to_numpy()
            if "lifecycle" in events
            else np.zeros(len(events)),
            events["step"].cat.codes.to_numpy(),
            events["deal_id"].cat.codes.to_numpy(),
            events["at"].to_numpy(),
        )
    )
    return events.iloc[order].reset_index(drop=True)
