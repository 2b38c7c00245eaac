"""What closed signals give the next scan's baselines: restarts and drift episodes."""

from __future__ import annotations

import dataclasses
from datetime import date

from taut.store.life import episodes, restarts
from taut.store.records import TrackedSignal
from tests.store.life.scans import tracked


def rebaselined(id: int, check: str, closed: date, start: date) -> TrackedSignal:
    return dataclasses.replace(
        tracked(id, check, "rebaselined", closed_on=closed), baseline_from=start
    )


SIGNALS = [
    rebaselined(1, "kickoff", date(2026, 1, 5), date(2025, 12, 1)),
    rebaselined(2, "kickoff", date(2026, 3, 2), date(2026, 2, 1)),
    rebaselined(3, "handoff", date(2026, 1, 5), date(2025, 11, 3)),
    tracked(4, "invoice", "resolved", closed_on=date(2026, 1, 25)),  # first raised 2026-01-01
    tracked(5, "invoice", "ongoing"),
    tracked(6, "kickoff", "resolved", closed_on=date(2026, 1, 11)),
]


def test_restarts_take_each_checks_latest_rebaseline_only() -> None:
    assert restarts(SIGNALS) == {"handoff": date(2025, 11, 3), "kickoff": date(2026, 2, 1)}


def test_a_scan_of_an_earlier_day_is_given_only_the_restarts_it_can_see() -> None:
    assert restarts(SIGNALS, as_of=date(2026, 1, 10)) == {
        "handoff": date(2025, 11, 3),
        "kickoff": date(2025, 12, 1),
    }


def test_each_resolved_signal_gives_its_check_one_drift_episode() -> None:
    assert episodes(SIGNALS) == {
        "invoice": [(date(2026, 1, 1), date(2026, 1, 25))],
        "kickoff": [(date(2026, 1, 1), date(2026, 1, 11))],
    }
    assert episodes(SIGNALS, as_of=date(2026, 1, 18)) == {
        "kickoff": [(date(2026, 1, 1), date(2026, 1, 11))]
    }
