"""Hand-made scan reports and stored signals for the tests of a signal's life."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.signal.state import Metric, State
from taut.store.life import Reconciled, decide, reconcile
from taut.store.records import OPEN_LIFECYCLES, Decision, Lifecycle, TrackedSignal

MONDAY = date(2026, 1, 4)
"""The as_of of the first scan in the tests (a Sunday: the data up to it is scanned Monday)."""


def week(n: int) -> date:
    """The as_of of the ``n``-th weekly scan after the first."""
    return MONDAY + timedelta(weeks=n)


def at(day: date) -> datetime:
    """A scan's clock on a day's Monday morning."""
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(days=1)


def lead(
    check: str,
    state: State,
    *,
    metric: Metric = "missed",
    direction: Literal["up", "down"] = "up",
    segment: dict[str, str] | None = None,
    raised: date | None = None,
) -> Signal:
    """One check's lead slice as a report lists it."""
    return Signal(
        area="Sales",
        check=check,
        risk="high",
        state=state,
        since=raised,
        raised=raised,
        segment=segment,
        metric=metric,
        baseline=0.1,
        current=0.3,
        cases=400,
        baseline_cases=2000,
        direction=direction,
        confidence=2.0,
    )


def report(
    as_of: date,
    *leads: Signal,
    steady: tuple[str, ...] = (),
) -> ScanReport:
    """A scan's report: drifting leads in ``signals``, the others in ``watching``."""
    return ScanReport(
        process="Sales",
        as_of=as_of,
        data_end=f"{as_of.isoformat()} 23:00:00",
        baseline_until=date(2025, 6, 30),
        budget=3,
        signals=tuple(item for item in leads if item.state == "drifting"),
        watching=tuple(item for item in leads if item.state != "drifting"),
        fragility=(),
        checks=(),
        steady=tuple(("Sales", check) for check in steady),
    )


def tracked(
    id: int,
    check: str,
    lifecycle: Lifecycle,
    *,
    first_scan: date = MONDAY,
    metric: Metric = "missed",
    segment: dict[str, str] | None = None,
    closed_on: date | None = None,
) -> TrackedSignal:
    """A signal as the store holds it."""
    return TrackedSignal(
        id=id,
        area="Sales",
        check=check,
        metric=metric,
        direction="up",
        segment=segment,
        lifecycle=lifecycle,
        state="drifting",
        first_raised=first_scan - timedelta(days=3),
        first_scan=first_scan,
        last_seen=first_scan,
        closed_on=closed_on,
    )


class Ledger:
    """The smallest store that keeps what :func:`reconcile` returns, scan after scan."""

    def __init__(self) -> None:
        self.signals: dict[int, TrackedSignal] = {}
        self.decisions: list[Decision] = []
        self.scans: list[date] = []
        self.next_id = 1

    def open_signals(self, as_of: date) -> list[TrackedSignal]:
        """What a store passes: open signals and those resolved on ``as_of``."""
        return [
            item
            for item in self.signals.values()
            if item.lifecycle in OPEN_LIFECYCLES
            or (item.lifecycle == "resolved" and item.closed_on == as_of)
        ]

    def scan(self, scanned: ScanReport, *, now: datetime | None = None) -> Reconciled:
        """Reconcile a scan and keep its rows, as the store's one transaction does."""
        as_of = scanned.as_of
        previous = max((day for day in self.scans if day < as_of), default=None)
        done = reconcile(
            report=scanned,
            open_signals=self.open_signals(as_of),
            decisions=self.decisions,
            first_id=self.next_id,
            previous_as_of=previous,
            now=now if now is not None else at(as_of),
        )
        for item in done.signals:
            self.signals[item.id] = item
        self.next_id = done.next_id
        if as_of not in self.scans:
            self.scans.append(as_of)
        return done

    def decide(self, signal_id: int, **how: Any) -> TrackedSignal:
        """A person's decision, laid over the stored signal at once."""
        after, decision = decide(self.signals[signal_id], **how)
        self.signals[signal_id] = after
        self.decisions.append(decision)
        return after
