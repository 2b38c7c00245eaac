"""The state store: every scan, every signal's life across scans, and people's decisions.

:mod:`taut.store.records` holds the records its parts exchange and the brief reads.
"""

from __future__ import annotations

from taut.store.records import (
    OPEN_LIFECYCLES,
    Decision,
    DecisionKind,
    History,
    Lifecycle,
    Memory,
    ScanEntry,
    Sighting,
    SignalHistory,
    SignalKey,
    TrackedSignal,
)

__all__ = [
    "OPEN_LIFECYCLES",
    "Decision",
    "DecisionKind",
    "History",
    "Lifecycle",
    "Memory",
    "ScanEntry",
    "Sighting",
    "SignalHistory",
    "SignalKey",
    "TrackedSignal",
]
