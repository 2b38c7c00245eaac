"""A second simulated process, unlike the handoff: a seven-day IT service desk.

Everything the Sales-to-Operations handoff (:mod:`taut.simulate.handoff`) fixes is
different here, so what works on both is not tuned to one: other column names and steps,
day-first text times in Europe/London (``%d/%m/%Y %H:%M``, or only the day with
``dates_only``), work on weekends, five resolver groups of eight agents, priorities and
categories as case attributes, a ``complete`` check late in the case and an ``order`` check
between its last two steps.

Each ticket is opened between 07:00 and 20:00 (Poisson counts, ``tickets_per_day`` on
weekdays and ``weekend_share`` of that on weekends); triage follows after a log-normal
wait (median 1.5 h, log-sd 0.8; 1% are never triaged), resolution after another
(median 20 h, log-sd 1.0), closure one to four days later (2% never closed). The
resolution code is left blank on 4% of resolutions and the root cause on 3%.

``wobble`` adds what real desks have and the handoff simulator does not: day-to-day
swings. Each day draws a log-normal factor (log-sd ``wobble``) on that day's triage
times and another on its blank codes, independent from day to day, so cases of one day
are alike and a weekday segment holds few independent days.

Two drifts can be injected, each from its onset day: ``slow_triage`` multiplies the
triage wait (optionally only in one resolver group), ``blank_codes`` multiplies the share
of blank resolution codes.

>>> desk = service_desk(seed=1, weeks=2, tickets_per_day=10.0)
>>> sorted(desk.events["event"].unique())
['Closed', 'Resolved', 'Ticket opened', 'Triage done']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from taut.files import whole_file

GROUPS: tuple[str, ...] = ("Network", "Desktop", "Apps", "Identity", "Storage")
AGENTS_PER_GROUP = 8
START = date(2025, 3, 3)
TIME_FORMAT = "%d/%m/%Y %H:%M"
DAY_FORMAT = "%d/%m/%Y"
CONTRACT = """\
process: Service desk incidents
source: {{path: {path}, timezone: Europe/London, timestamp_format: "{time_format}"}}
columns: {{case: ticket, activity: event, timestamp: when, team: resolver_group, person: agent}}
conditions: [priority, category]
areas:
  - name: First response
    risk: high
    checks:
      - id: triage-within-4h
        within: {{from: Ticket opened, to: Triage done, limit: 4h}}
        target: 85%
      - id: triage-present
        present: {{step: Triage done, after: Ticket opened, within: 2d}}
        target: 98%
  - name: Resolution quality
    risk: medium
    checks:
      - id: resolution-notes
        complete: {{at: Resolved, fields: [resolution_code, root_cause]}}
        target: 90%
      - id: resolved-before-closed
        order: [Resolved, Closed]
        target: 99%
"""
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class DeskDrift:
    """One injected change to the desk.

    Attributes:
        onset: the first day it applies (by the day the ticket was opened).
        slow_triage: factor on the triage wait (1: none).
        blank_codes: factor on the share of blank resolution codes (1: none).
        group: the resolver group it is confined to; ``None`` for every group.
    """

    onset: date
    slow_triage: float = 1.0
    blank_codes: float = 1.0
    group: str | None = None

    def __post_init__(self) -> None:
        if self.slow_triage <= 0 or self.blank_codes <= 0:
            raise ValueError("slow_triage and blank_codes are factors and must be positive.")
        if self.group is not None and self.group not in GROUPS:
            raise ValueError(f"group={self.group!r} is not one of {', '.join(GROUPS)}.")

    @property
    def checks(self) -> tuple[str, ...]:
        """The contract's checks it moves."""
        moved = ("triage-within-4h",) if self.slow_triage != 1.0 else ()
        return moved + (("resolution-notes",) if self.blank_codes != 1.0 else ())


@dataclass(frozen=True, eq=False)
class DeskSimulation:
    """A simulated service desk: its events and the drifts injected into them.

    Attributes:
        events: one row per event (``when`` as a timestamp, local wall-clock time).
        drifts: what was injected.
        seed: the seed it was drawn with.
    """

    events: pd.DataFrame
    drifts: tuple[DeskDrift, ...]
    seed: int

    def write(self, directory: Path | str, *, dates_only: bool = False) -> Path:
        """Write ``desk.csv`` (rows shuffled) and a matching ``taut.yaml``; return its path.

        Args:
            directory: where to write; created when missing.
            dates_only: write the day of each event without its time, as some exports do.
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        time_format = DAY_FORMAT if dates_only else TIME_FORMAT
        log = self.events.assign(when=self.events["when"].dt.strftime(time_format))
        with whole_file(folder / "desk.csv") as part:
            log.sample(frac=1.0, random_state=self.seed).to_csv(part, index=False)
        contract = folder / "taut.yaml"
        text = CONTRACT.format(path="desk.csv", time_format=time_format)
        with whole_file(contract) as part:
            part.write_text(text, encoding="utf-8")
        return contract


def _hours(values: FloatArray) -> pd.TimedeltaIndex:
    return pd.to_timedelta(values, unit="h")


def _factor(
    drifts: tuple[DeskDrift, ...], attribute: str, day: FloatArray, group: npt.NDArray[np.str_]
) -> FloatArray:
    """The product of the drifts' factors on ``attribute`` for each ticket."""
    factor: FloatArray = np.ones(day.size)
    for drift in drifts:
        onset = float(np.datetime64(drift.onset, "D").astype(np.int64))
        hit = day >= onset
        if drift.group is not None:
            hit &= group == drift.group
        factor = np.where(hit, factor * getattr(drift, attribute), factor)
    return factor


def service_desk(
    *,
    seed: int,
    weeks: int = 26,
    start: date = START,
    tickets_per_day: float = 45.0,
    weekend_share: float = 0.45,
    wobble: float = 0.0,
    drifts: tuple[DeskDrift, ...] = (),
) -> DeskSimulation:
    """Simulate a service desk (module docstring); every draw comes from ``seed``."""
    if weeks < 1 or tickets_per_day <= 0 or not 0 <= weekend_share <= 1 or wobble < 0:
        raise ValueError(
            "Need weeks >= 1, tickets_per_day > 0, 0 <= weekend_share <= 1 and wobble >= 0."
        )
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, periods=weeks * 7, freq="D")
    rate = np.where(days.weekday < 5, tickets_per_day, tickets_per_day * weekend_share)
    per_day = rng.poisson(rate)
    slow_day = np.exp(rng.normal(0.0, wobble, days.size))
    blank_day = np.exp(rng.normal(0.0, wobble, days.size))
    index = np.repeat(np.arange(days.size), per_day)
    n = index.size
    day = days.to_numpy()[index].astype("datetime64[D]").astype(np.int64).astype(np.float64)
    group = np.asarray(GROUPS)[rng.integers(len(GROUPS), size=n)]
    agent = np.char.add(
        np.char.add(np.char.lower(group.astype(str)), "-"),
        rng.integers(AGENTS_PER_GROUP, size=n).astype(str),
    )
    opened = pd.DatetimeIndex(days.to_numpy()[index]) + _hours(rng.uniform(7.0, 20.0, n))
    wait = 1.5 * slow_day[index] * _factor(drifts, "slow_triage", day, group)
    triaged = opened + _hours(rng.lognormal(np.log(wait), 0.8))
    resolved = triaged + _hours(rng.lognormal(np.log(20.0), 1.0, n))
    closed = resolved + _hours(rng.uniform(24.0, 96.0, n))
    blank_share = np.clip(
        0.04 * blank_day[index] * _factor(drifts, "blank_codes", day, group), 0, 1
    )
    blank = rng.random(n) < blank_share
    ticket = np.char.add("INC", np.char.zfill(np.arange(1, n + 1).astype(str), 6))
    empty = np.full(n, "")

    def rows(event: str, when: pd.DatetimeIndex, keep: BoolArray, **extra: Any) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "ticket": ticket,
                "event": event,
                "when": when,
                "resolver_group": group,
                "agent": agent,
                "priority": extra.get("priority", empty),
                "category": extra.get("category", empty),
                "resolution_code": extra.get("resolution_code", empty),
                "root_cause": extra.get("root_cause", empty),
            }
        )
        return frame[keep]

    everyone = np.ones(n, dtype=bool)
    events = pd.concat(
        [
            rows(
                "Ticket opened",
                opened,
                everyone,
                priority=rng.choice(["P1", "P2", "P3", "P4"], p=[0.05, 0.2, 0.45, 0.3], size=n),
                category=rng.choice(["hardware", "software", "access"], size=n),
            ),
            rows("Triage done", triaged, rng.random(n) > 0.01),
            rows(
                "Resolved",
                resolved,
                everyone,
                resolution_code=np.where(blank, "", "fixed"),
                root_cause=np.where(rng.random(n) < 0.03, "", "documented"),
            ),
            rows("Closed", closed, rng.random(n) > 0.02),
        ],
        ignore_index=True,
    )
    end = pd.Timestamp(start + timedelta(weeks=weeks))
    events = events[events["when"] < end].reset_index(drop=True)
    return DeskSimulation(events=events, drifts=drifts, seed=seed)
