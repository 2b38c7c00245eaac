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


def test_an_episode_ends_the_day_its_check_settled_again_not_the_day_its_grace_closed_it() -> None:
    grace_over = dataclasses.replace(
        tracked(7, "handoff", "resolved", closed_on=date(2026, 2, 8)),
        settled_on=date(2026, 2, 1),
    )
    in_grace = dataclasses.replace(tracked(8, "intake", "recovering"), settled_on=date(2026, 2, 1))
    recovering = tracked(9, "review", "recovering")  # its check recovering, not settled
    acknowledged = dataclasses.replace(  # a stale day on a signal not in its grace
        tracked(10, "triage", "acknowledged"), settled_on=date(2026, 2, 1)
    )
    found = episodes([grace_over, in_grace, recovering, acknowledged])
    assert found == {
        "handoff": [(date(2026, 1, 1), date(2026, 2, 1))],
        "intake": [(date(2026, 1, 1), date(2026, 2, 1))],
    }
    assert episodes([grace_over, in_grace], as_of=date(2026, 1, 31)) == {}
