"""Records to table rows and back: the only place that knows both shapes.

A row is the mapping SQLAlchemy reads and writes; a record is a frozen
:mod:`taut.store.records` dataclass. A metric that is not a number (NaN) is stored as
``NULL`` and read back as ``None``, which is what SQLite would do with it anyway.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import RowMapping

from taut.reinforce.changes import Change
from taut.store.records import Decision, DecisionKind, Lifecycle, ScanEntry, Sighting, TrackedSignal

Row = RowMapping


def scan_row(entry: ScanEntry) -> dict[str, Any]:
    """The ``scans`` row of a scan (its id is the store's: left out)."""
    return {
        "process": entry.process,
        "as_of": entry.as_of,
        "data_end": entry.data_end,
        "ran_at": entry.ran_at,
        "worst": entry.worst,
        "raised": entry.raised,
        "new": entry.new,
        "replay": entry.replay,
    }


def scan_entry(row: Row) -> ScanEntry:
    """The scan a ``scans`` row holds."""
    return ScanEntry(
        id=row["id"],
        process=row["process"],
        as_of=row["as_of"],
        data_end=row["data_end"],
        ran_at=row["ran_at"],
        worst=row["worst"],
        raised=row["raised"],
        new=row["new"],
        replay=bool(row["replay"]),
    )


def signal_row(signal: TrackedSignal) -> dict[str, Any]:
    """The ``signals`` row of a tracked signal."""
    return {
        "id": signal.id,
        "area": signal.area,
        "check": signal.check,
        "metric": signal.metric,
        "direction": signal.direction,
        "segment": _segment(signal.segment),
        "lifecycle": signal.lifecycle,
        "state": signal.state,
        "first_raised": signal.first_raised,
        "first_scan": signal.first_scan,
        "last_seen": signal.last_seen,
        "closed_on": signal.closed_on,
        "note": signal.note,
        "until": signal.until,
        "baseline_from": signal.baseline_from,
        "settled_on": signal.settled_on,
    }


def tracked_signal(row: Row) -> TrackedSignal:
    """The tracked signal a ``signals`` row holds."""
    return TrackedSignal(
        id=row["id"],
        area=row["area"],
        check=row["check"],
        metric=row["metric"],
        direction=row["direction"],
        segment=_segment(row["segment"]),
        lifecycle=cast("Lifecycle", row["lifecycle"]),
        state=row["state"],
        first_raised=row["first_raised"],
        first_scan=row["first_scan"],
        last_seen=row["last_seen"],
        closed_on=row["closed_on"],
        note=row["note"],
        until=row["until"],
        baseline_from=row["baseline_from"],
        settled_on=row["settled_on"],
    )


def sighting_row(sighting: Sighting, *, scan_id: int) -> dict[str, Any]:
    """The ``sightings`` row of one scan's sighting of a signal."""
    return {
        "scan_id": scan_id,
        "signal_id": sighting.signal_id,
        "segment": _segment(sighting.segment),
        "state": sighting.state,
        "lifecycle": sighting.lifecycle,
        "baseline": _number(sighting.baseline),
        "current": _number(sighting.current),
        "cases": sighting.cases,
    }


def sighting(row: Row) -> Sighting:
    """The sighting a ``sightings`` row (joined with its scan's ``as_of``) holds."""
    return Sighting(
        signal_id=row["signal_id"],
        as_of=row["as_of"],
        segment=_segment(row["segment"]),
        state=row["state"],
        lifecycle=cast("Lifecycle", row["lifecycle"]),
        baseline=row["baseline"],
        current=row["current"],
        cases=row["cases"],
    )


def decision_row(decision: Decision) -> dict[str, Any]:
    """The ``decisions`` row of a decision (its id is the store's: left out)."""
    return {
        "signal_id": decision.signal_id,
        "kind": decision.kind,
        "made_at": decision.made_at,
        "note": decision.note,
        "until": decision.until,
        "baseline_from": decision.baseline_from,
    }


def decision(row: Row) -> Decision:
    """The decision a ``decisions`` row holds."""
    return Decision(
        signal_id=row["signal_id"],
        kind=cast("DecisionKind", row["kind"]),
        made_at=row["made_at"],
        note=row["note"],
        until=row["until"],
        baseline_from=row["baseline_from"],
    )


def change_row(change: Change) -> dict[str, Any]:
    """The ``changes`` row of a recorded change (its id is the store's: left out)."""
    return {
        "area": change.area,
        "check": change.check,
        "applied_on": change.applied_on,
        "change": change.change,
        "playbook": change.playbook,
        "segment": _segment(change.segment),
        "signal_id": change.signal_id,
        "recorded_at": change.recorded_at,
    }


def change(row: Row) -> Change:
    """The recorded change a ``changes`` row holds."""
    return Change(
        id=row["id"],
        area=row["area"],
        check=row["check"],
        applied_on=row["applied_on"],
        change=row["change"],
        playbook=row["playbook"],
        segment=_segment(row["segment"]),
        signal_id=row["signal_id"],
        recorded_at=row["recorded_at"],
    )


def _segment(value: Mapping[str, Any] | None) -> dict[str, str] | None:
    return None if value is None else {str(key): str(item) for key, item in value.items()}


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)
