"""The state rules (taut.signal.decide.classify), one row per rule of docs/scan.md's four states."""

from __future__ import annotations

import pytest

from taut.signal.decide.classify import SliceFacts, classify
from taut.signal.state import STATES, State, severity, worst

# alarm, recovered, evidence (statistic / threshold), current, baseline -> state
RULES: list[tuple[str, bool, bool, float, float | None, float | None, State]] = [
    # drifting: the evidence crossed its threshold and the value is worse than the baseline.
    ("alarm, worse", True, False, 1.4, 0.12, 0.05, "drifting"),
    ("alarm, statistic since fallen back, worse", True, False, 0.1, 0.12, 0.05, "drifting"),
    # recovering: it was drifting and the recent cases favour the baseline again.
    ("alarm, recovered", True, True, 0.0, 0.06, 0.05, "recovering"),
    ("alarm, recovered, value still above", True, True, 0.3, 0.09, 0.05, "recovering"),
    ("alarm, recovered, value below", True, True, 0.0, 0.03, 0.05, "recovering"),
    # an alarm that is not a loosening of this metric: the value is not worse.
    ("alarm, better than baseline", True, False, 1.2, 0.03, 0.05, "steady"),
    ("alarm, equal to baseline", True, False, 1.2, 0.05, 0.05, "steady"),
    ("alarm, no current case", True, False, 1.2, None, 0.05, "steady"),
    # loosening: no alarm, at least half of the threshold, and worse than the baseline.
    ("half the threshold, worse", False, False, 0.5, 0.07, 0.05, "loosening"),
    ("near the threshold, worse", False, False, 0.99, 0.07, 0.05, "loosening"),
    ("below half the threshold, worse", False, False, 0.49, 0.07, 0.05, "steady"),
    ("half the threshold, better", False, False, 0.8, 0.04, 0.05, "steady"),
    ("half the threshold, no recent case", False, False, 0.8, None, 0.05, "steady"),
    ("half the threshold, no baseline value", False, False, 0.8, 0.07, None, "steady"),
    # steady: nothing to report.
    ("no evidence at all", False, False, 0.0, 0.05, 0.05, "steady"),
    ("no alarm, recovered flag ignored", False, True, 0.2, 0.07, 0.05, "steady"),
]


@pytest.mark.parametrize("row", RULES, ids=[row[0] for row in RULES])
def test_classify_follows_the_state_rules(
    row: tuple[str, bool, bool, float, float | None, float | None, State],
) -> None:
    _, alarm, recovered, evidence, current, baseline, expected = row
    facts = SliceFacts(
        alarm=alarm, recovered=recovered, evidence=evidence, current=current, baseline=baseline
    )
    assert classify(facts) == expected


def test_every_state_is_reachable_by_a_rule() -> None:
    assert {row[-1] for row in RULES} == set(STATES)


def test_the_severity_order_is_steady_recovering_loosening_drifting() -> None:
    shuffled: list[State] = ["drifting", "steady", "loosening", "recovering"]
    ranked = sorted(shuffled, key=severity)
    assert ranked == ["steady", "recovering", "loosening", "drifting"]
    assert worst(["recovering", "steady"]) == "recovering"
    assert worst(["loosening", "drifting", "recovering"]) == "drifting"
    assert worst([]) == "steady"
