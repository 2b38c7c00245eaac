"""Hand-made records for the store tests: a scan, its signals and what it saw of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from taut.reinforce.changes import Change
from taut.store.records import Decision, ScanEntry, Sighting, TrackedSignal

MONDAY = date(2026, 1, 4)
RAN_AT = datetime(2026, 1, 5, 7, 30, tzinfo=timezone(timedelta(hours=-6)))  # Chicago winter


def scan(as_of: date = MONDAY, *, raised: int = 1, new: int = 1) -> ScanEntry:
    """A scan on ``as_of`` (id 0: the store gives one)."""
    return ScanEntry(
        id=0,
        process="Sales to Operations handoff",
        as_of=as_of,
        data_end=f"{as_of + timedelta(days=1)} 00:00:00",  # as a scan clipped at as_of says
        ran_at=RAN_AT + (as_of - MONDAY),
        worst="drifting",
        raised=raised,
        new=new,
        replay=as_of < MONDAY,
    )


def signal(
    signal_id: int,
    *,
    check: str = "ack-within-24h",
    as_of: date = MONDAY,
    segment: dict[str, str] | None = None,
) -> TrackedSignal:
    """A signal first raised on ``as_of`` and new that day."""
    return TrackedSignal(
        id=signal_id,
        area="Customer handoff",
        check=check,
        metric="missed",
        direction="up",
        segment=segment,
        lifecycle="new",
        state="drifting",
        first_raised=as_of - timedelta(days=3),
        first_scan=as_of,
        last_seen=as_of,
    )


def later(item: TrackedSignal, *, as_of: date, segment: dict[str, str] | None) -> TrackedSignal:
    """The same signal seen again on ``as_of``, now ongoing on ``segment``."""
    return replace(item, lifecycle="ongoing", last_seen=as_of, segment=segment)


def sighting(item: TrackedSignal, *, as_of: date = MONDAY) -> Sighting:
    """What a scan on ``as_of`` saw of ``item``."""
    return Sighting(
        signal_id=item.id,
        as_of=as_of,
        segment=item.segment,
        state=item.state,
        lifecycle=item.lifecycle,
        baseline=0.08,
        current=0.19,
        cases=412,
    )


def ack(signal_id: int, *, note: str = "Ops lead is re-staffing the queue") -> Decision:
    """An acknowledgment made on the Tuesday after :data:`MONDAY`."""
    return Decision(
        signal_id=signal_id,
        kind="ack",
        made_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
        note=note,
    )


def change(
    *,
    check: str = "ack-within-24h",
    applied_on: date = date(2026, 1, 12),
    signal_id: int | None = None,
    segment: dict[str, str] | None = None,
) -> Change:
    """A change to the work recorded on the Tuesday after :data:`MONDAY` (id 0: the store
    gives one)."""
    return Change(
        id=0,
        area="Customer handoff",
        check=check,
        applied_on=applied_on,
        change="Acknowledgment gate before kickoff",
        playbook="acknowledgment-gate",
        segment=segment,
        signal_id=signal_id,
        recorded_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
    )
