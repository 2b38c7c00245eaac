"""The result of a scan: signals, watching, fragility and the checks that held.

:class:`ScanReport` is what every brief format (:mod:`taut.brief`) renders, and
:meth:`ScanReport.to_json_dict` is the stable JSON shape of ``taut scan --format json``:

.. code-block:: text

    {process, as_of, data_end, baseline_from, baseline_until, budget,
     signals:   [{area, check, risk, state, since, raised, segment, metric, baseline,
                  current, cases, baseline_cases, direction, confidence, p90}],
     watching:  [same shape],   # one lead slice per check, in signals or watching
                                # state: improved | steady | recovered | recovering |
                                #        loosening | drifting (least severe first)
     fragility: [{area, risk, score, check, target, current, cases, recent_from, headroom,
                  trend_per_week, breaks}],   # areas, most fragile first
     checks:    [{area, check, ...fragility of every check}],
     steady:    [{area, check}],
     not_watched: [{area, check, metric, segment, reason}],  # metric null: the whole slice
     thin_baselines: [{area, check, cases, misses, reason, message}],
     settled:   [{area, check, before, after, before_cases, after_cases, start}]}

Dates are ISO strings; shares are 0..1; latency in hours.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.decide.settled import SettledChange
from taut.signal.inputs.moves import MovedBaseline
from taut.signal.inputs.window import ThinBaseline
from taut.signal.state import NotWatched, State, worst

__all__ = ["AreaFragility", "JsonDict", "NotWatched", "ScanReport", "ThinBaseline"]

JsonDict = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def _fragility_dict(item: Fragility) -> JsonDict:
    return {
        "area": item.area,
        "check": item.check,
        "risk": item.risk,
        "score": item.score,
        "target": item.target,
        "current": item.current,
        "cases": item.cases,
        "recent_from": item.recent_from,
        "headroom": item.headroom,
        "trend_per_week": item.trend,
        "breaks": item.breaks,
    }


@dataclass(frozen=True, kw_only=True)
class AreaFragility:
    """One area's fragility: its most fragile check, weighted by the area's risk."""

    area: str
    risk: str
    score: float
    weakest: Fragility


@dataclass(frozen=True, kw_only=True)
class ScanReport:
    """Everything one scan found.

    Attributes:
        process: the contract's process name.
        as_of: the last local day of data the scan saw.
        data_end: the end of the data (naive UTC, ISO text).
        baseline_until: the last local day of the baseline window.
        budget: the alert budget that capped ``signals``.
        signals: at most ``budget`` drifting checks, ranked (risk, size, confidence).
        watching: the other checks that are not steady, each once, in its lead state
            (:func:`~taut.signal.decide.cap.lead_states`).
        fragility: areas, most fragile first.
        checks: every check's fragility, in contract order.
        steady: ``(area, check)`` of the checks with every slice and metric steady (a
            check that changed materially, either way, is never among them).
        not_watched: the slices that could not be watched, each with its reason.
        baseline_from: the first local day of a recent baseline window (``None``: the
            window starts with the data).
        thin: the checks whose baseline is too thin to judge surely, each with its warning.
        settled: the checks that loosened before a recent baseline window and stayed so
            (:mod:`taut.signal.decide.settled`): shown with their age, not as news.
        moved: the checks whose baseline a decision moved (a restart, or a resolved drift
            episode left out: :mod:`taut.signal.inputs.moves`); ``moved_baselines`` in the
            JSON, present only when a scan was given such decisions.
    """

    process: str
    as_of: date
    data_end: str
    baseline_until: date
    budget: int
    signals: tuple[Signal, ...]
    watching: tuple[Signal, ...]
    fragility: tuple[AreaFragility, ...]
    checks: tuple[Fragility, ...]
    steady: tuple[tuple[str, str], ...]
    not_watched: tuple[NotWatched, ...] = ()
    baseline_from: date | None = None
    thin: tuple[ThinBaseline, ...] = ()
    settled: tuple[SettledChange, ...] = ()
    moved: tuple[MovedBaseline, ...] = ()

    def baseline_of(self, check: str) -> tuple[date | None, date]:
        """One check's baseline window, first day (``None``: the data's) and last day.

        A check whose baseline a decision moved has its own; every other check the scan's.
        """
        for move in self.moved:
            if move.check == check:
                return move.start, move.until
        return self.baseline_from, self.baseline_until

    def excluded_of(self, check: str) -> tuple[tuple[date, date], ...]:
        """The drift episodes left out of one check's baseline (resolved or open signals)."""
        return next((move.excluded for move in self.moved if move.check == check), ())

    def baseline_words(self) -> str:
        """The baseline window for a brief's first line: ``up to 2025-03-02``, or both ends.

        >>> report = ScanReport(process="P", as_of=date(2026, 1, 4), data_end="",
        ...     baseline_until=date(2025, 7, 6), budget=3, signals=(), watching=(),
        ...     fragility=(), checks=(), steady=(), baseline_from=date(2024, 7, 8))
        >>> report.baseline_words()
        '2024-07-08 to 2025-07-06'
        """
        until = self.baseline_until.isoformat()
        if self.baseline_from is None:
            return f"up to {until}"
        return f"{self.baseline_from.isoformat()} to {until}"

    def own_baselines(self) -> str:
        """The checks whose baseline the store's decisions moved, for a brief's first lines:
        each one's own window, and why (empty when none moved).

        >>> from taut.signal.inputs.moves import MovedBaseline
        >>> report = ScanReport(process="P", as_of=date(2026, 1, 4), data_end="",
        ...     baseline_until=date(2025, 7, 6), budget=3, signals=(), watching=(),
        ...     fragility=(), checks=(), steady=(), baseline_from=date(2024, 7, 8),
        ...     moved=(MovedBaseline(check="ack", start=date(2023, 11, 2),
        ...     until=date(2025, 7, 6), excluded=((date(2024, 3, 1), date(2025, 12, 28)),)),))
        >>> report.own_baselines()
        'Own baselines: ack 2023-11-02 to 2025-07-06, without the days it drifted.'
        """
        parts = []
        for move in self.moved:
            window = f"{move.start.isoformat()} to {move.until.isoformat()}"
            if move.restart is not None and move.start == move.restart:
                parts.append(f"{move.check} restarted {move.restart.isoformat()} ({window})")
            elif move.excluded:
                parts.append(f"{move.check} {window}, without the days it drifted")
        return f"Own baselines: {'; '.join(parts)}." if parts else ""

    @property
    def worst_state(self) -> State:
        """The most severe state found (:func:`~taut.signal.state.worst`)."""
        return worst(s.state for s in (*self.signals, *self.watching))

    def to_json_dict(self) -> JsonDict:
        """The report as plain JSON-ready data (module docstring)."""
        return {
            "process": self.process,
            "as_of": self.as_of.isoformat(),
            "data_end": self.data_end,
            "baseline_from": None if self.baseline_from is None else self.baseline_from.isoformat(),
            "baseline_until": self.baseline_until.isoformat(),
            "budget": self.budget,
            "signals": [_plain(asdict(signal)) for signal in self.signals],
            "watching": [_plain(asdict(signal)) for signal in self.watching],
            "fragility": [
                _plain({"area": a.area, "risk": a.risk, "score": a.score} | _weakest(a))
                for a in self.fragility
            ],
            "checks": [_plain(_fragility_dict(item)) for item in self.checks],
            "steady": [{"area": area, "check": check} for area, check in self.steady],
            "not_watched": [_plain(asdict(item)) for item in self.not_watched],
            "thin_baselines": [
                {
                    "area": item.area,
                    "check": item.check,
                    "cases": item.cases,
                    "misses": item.misses,
                    "reason": item.reason,
                    "message": item.message(),
                }
                for item in self.thin
            ],
            "settled": [_plain(asdict(item)) for item in self.settled],
        } | (
            {"moved_baselines": [_plain(asdict(item)) for item in self.moved]} if self.moved else {}
        )


def _weakest(area: AreaFragility) -> JsonDict:
    found = _fragility_dict(area.weakest)
    found.pop("area")
    found.pop("risk")
    found.pop("score")
    return found
