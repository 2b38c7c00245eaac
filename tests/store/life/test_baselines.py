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
    resolved = [signal for signal in SIGNALS if signal.lifecycle != "ongoing"]
    assert episodes(resolved) == {
        "invoice": [(date(2026, 1, 1), date(2026, 1, 25))],
        "kickoff": [(date(2026, 1, 1), date(2026, 1, 11))],
    }
    # As of 2026-01-18 the invoice drift was not over: open then, left out up to the
    # store's latest scan before that day.
    assert episodes(resolved, as_of=date(2026, 1, 18), scanned=date(2026, 1, 11)) == {
        "invoice": [(date(2026, 1, 1), date(2026, 1, 11))],
        "kickoff": [(date(2026, 1, 1), date(2026, 1, 11))],
    }


def test_an_open_drift_is_left_out_up_to_the_latest_scan_before() -> None:
    ongoing = tracked(5, "invoice", "ongoing")  # first raised 2026-01-01, first scan the 4th
    day, before = date(2026, 3, 8), date(2026, 3, 1)
    for lifecycle in ("new", "ongoing", "acknowledged", "dismissed", "recovering"):
        signal = dataclasses.replace(ongoing, lifecycle=lifecycle)
        assert episodes([signal], as_of=day, scanned=before) == {
            "invoice": [(date(2026, 1, 1), before)]
        }, lifecycle
    # The same without the scan's day (a scan whose day the log will tell).
    assert episodes([ongoing], scanned=before) == {"invoice": [(date(2026, 1, 1), before)]}
    # A rebaselined signal's check restarts instead; a signal opened by this very scan
    # (none of the store's scans before it saw it) is not an episode yet.
    rebased = rebaselined(6, "invoice", date(2026, 2, 1), date(2026, 1, 20))
    assert episodes([rebased], as_of=day, scanned=before) == {}
    assert episodes([ongoing], as_of=date(2026, 1, 4), scanned=date(2025, 12, 28)) == {}
    assert episodes([ongoing], as_of=date(2026, 1, 4)) == {}


def test_a_rescan_of_the_day_that_settled_a_drift_leaves_out_the_same_days() -> None:
    day, before = date(2026, 3, 8), date(2026, 3, 1)
    first = dataclasses.replace(tracked(5, "invoice", "ongoing"), last_seen=before)
    settled = dataclasses.replace(  # as the first run of the day left it: in its grace
        first, lifecycle="recovering", settled_on=day, last_seen=day
    )
    graced = dataclasses.replace(first, lifecycle="recovering", settled_on=date(2026, 2, 22))
    resolved = dataclasses.replace(  # or resolved by it, settled since 2026-02-22
        graced, lifecycle="resolved", closed_on=day, last_seen=day
    )
    assert episodes([settled], as_of=day, scanned=before) == episodes(
        [first], as_of=day, scanned=before
    )
    assert episodes([resolved], as_of=day, scanned=before) == episodes(
        [graced], as_of=day, scanned=before
    )
    assert episodes([resolved], as_of=day, scanned=before) == {
        "invoice": [(date(2026, 1, 1), date(2026, 2, 22))]
    }


def test_two_signals_drifting_over_the_same_days_leave_them_out_once() -> None:
    whole = tracked(5, "invoice", "ongoing")
    segment = dataclasses.replace(
        tracked(6, "invoice", "ongoing", segment={"team": "North"}),
        first_raised=date(2026, 2, 1),
    )
    earlier = dataclasses.replace(
        tracked(7, "invoice", "resolved", closed_on=date(2025, 12, 1)),
        first_raised=date(2025, 11, 1),
    )
    found = episodes([whole, segment, earlier], as_of=date(2026, 3, 8), scanned=date(2026, 3, 1))
    assert found == {
        "invoice": [(date(2025, 11, 1), date(2025, 12, 1)), (date(2026, 1, 1), date(2026, 3, 1))]
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
    signals = [grace_over, in_grace, recovering, acknowledged]
    found = episodes(signals, as_of=date(2026, 2, 15), scanned=date(2026, 2, 8))
    assert found == {
        "handoff": [(date(2026, 1, 1), date(2026, 2, 1))],
        "intake": [(date(2026, 1, 1), date(2026, 2, 1))],
        "review": [(date(2026, 1, 1), date(2026, 2, 8))],  # still open
        "triage": [(date(2026, 1, 1), date(2026, 2, 8))],
    }
    # As of 2026-01-31 neither had settled yet: both open, left out up to the scan before.
    assert episodes([grace_over, in_grace], as_of=date(2026, 1, 31), scanned=date(2026, 1, 25)) == {
        "handoff": [(date(2026, 1, 1), date(2026, 1, 25))],
        "intake": [(date(2026, 1, 1), date(2026, 1, 25))],
    }
