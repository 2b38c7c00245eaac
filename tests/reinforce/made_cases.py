"""Hand-made check cases for the verdict's tests: a known miss rate or latency per day.

Each day gets a Poisson number of cases (fewer at weekends); each case misses with the
day's probability, given by a function of the day's offset from the first day and of the
case's team, so a test states the truth it expects the verdict to find.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from taut.reinforce.changes import Change
from taut.signal.inputs.casebook import CheckCases

FIRST = date(2025, 1, 6)
TEAMS = ("North", "South", "East", "West")
Chance = Callable[[npt.NDArray[np.int64], npt.NDArray[np.object_]], npt.NDArray[np.float64]]


def made_cases(
    *,
    chance: Chance,
    days: int,
    per_day: float = 40.0,
    seed: int = 0,
    latency: bool = False,
    pending_last: int = 0,
) -> CheckCases:
    """Cases over ``days`` days from :data:`FIRST`.

    Args:
        chance: (day offsets, teams) -> each case's chance of missing; with ``latency``,
            its median hours instead.
        days: how many days.
        per_day: mean cases on a weekday (a third of it on Saturdays and Sundays).
        seed: the generator's seed.
        latency: draw lognormal hours (sigma 0.6) around ``chance``'s medians; a case
            misses when it takes more than 24 h.
        pending_last: the cases of the last this many days are pending (NaN).
    """
    rng = np.random.default_rng(seed)
    offsets = np.arange(days)
    weekend = (offsets + FIRST.weekday()) % 7 >= 5
    counts = rng.poisson(np.where(weekend, per_day / 3, per_day))
    offset = np.repeat(offsets, counts)
    teams = np.asarray(TEAMS, dtype=object)[rng.integers(0, len(TEAMS), offset.size)]
    if latency:
        value = chance(offset, teams) * np.exp(0.6 * rng.standard_normal(offset.size))
        missed = (value > 24.0).astype(np.float64)
    else:
        value = np.full(offset.size, np.nan)
        missed = (rng.random(offset.size) < chance(offset, teams)).astype(np.float64)
    pending = offset >= days - pending_last
    missed = np.where(pending, np.nan, missed)
    anchor = (np.datetime64(FIRST, "h").astype(np.int64) + offset * 24.0 + 10.0).astype(float)
    return CheckCases(
        check="ack-within-24h",
        anchor=anchor,
        decided=np.where(pending, np.nan, anchor + 5.0),
        missed=missed,
        value=value,
        day=np.datetime64(FIRST, "D") + offset.astype("timedelta64[D]"),
        labels={"team": teams, "weekday": np.where(weekend, "weekend", "weekday")},
    )


def on_day(offset: int) -> date:
    """The day ``offset`` days after :data:`FIRST`."""
    return FIRST + timedelta(days=offset)


def change_on(offset: int, *, segment: dict[str, str] | None = None) -> Change:
    """A change to the check applied ``offset`` days after :data:`FIRST`."""
    return Change(
        id=1,
        area="Customer handoff",
        check="ack-within-24h",
        applied_on=on_day(offset),
        change="Acknowledgment gate before kickoff",
        segment=segment,
    )
