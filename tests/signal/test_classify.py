"""The state rules (taut.signal.decide.classify), one row per rule of docs/scan.md's states."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from taut.signal.decide.classify import SliceFacts, classify
from taut.signal.state import STATES, State, severity, worst


@dataclass(frozen=True)
class Row:
    """One rule's case: the slice's facts, written out, and the state the rule gives."""

    name: str
    alarm: bool
    recovered: bool
    evidence: float
    current: float | None
    baseline: float | None
    expected: State
    material: bool = True
    recent: float | None = None
    recent_material: bool = False
    recent_clear: bool = False


RULES: list[Row] = [
    # drifting: an alarm, worse than the baseline, and the change matters to the commitment.
    Row("alarm, worse", True, False, 1.4, 0.12, 0.05, "drifting"),
    Row("alarm, statistic since fallen back, worse", True, False, 0.1, 0.12, 0.05, "drifting"),
    # an alarm on a change too small to matter: watched, never raised.
    Row("alarm, worse, immaterial", True, False, 1.4, 0.022, 0.018, "loosening", material=False),
    # recovering: it drifted, the recent cases favour the baseline again, and the recent
    # level is still materially worse than the baseline: coming back, not there yet.
    Row(
        "alarm, recovered, recent still materially above",
        True, True, 0.3, 0.20, 0.05, "recovering", recent=0.09, recent_material=True,
    ),
    # recovered: back at the baseline's level (no material difference either way).
    Row("alarm, recovered, recent at baseline", True, True, 0.0, 0.20, 0.05, "recovered",
        recent=0.05),
    Row("alarm, recovered, recent a little above", True, True, 0.0, 0.20, 0.05, "recovered",
        recent=0.055),
    Row("alarm, recovered, 0% -> 0% is not recovering", True, True, 0.0, 0.02, 0.0,
        "recovered", recent=0.0),
    Row(
        "alarm, recovered, recent below but not clearly",
        True, True, 0.0, 0.20, 0.05, "recovered", recent=0.03, recent_material=True,
    ),
    # improved: the recent level is clearly and materially better than the baseline.
    Row(
        "alarm, recovered, recent clearly and materially below",
        True, True, 0.0, 0.20, 0.573, "improved",
        recent=0.455, recent_material=True, recent_clear=True,
    ),
    Row(
        "alarm, better than baseline, recent clearly better",
        True, False, 1.2, 0.03, 0.05, "improved",
        recent=0.02, recent_material=True, recent_clear=True,
    ),
    Row(
        "no alarm, recent clearly and materially better",
        False, False, 0.0, 0.02, 0.05, "improved",
        recent=0.02, recent_material=True, recent_clear=True,
    ),
    Row(
        "no alarm, recent clearly better, immaterial",
        False, False, 0.0, 0.045, 0.05, "steady", recent=0.045, recent_clear=True,
    ),
    # an alarm that is not a loosening of this metric: the value is not worse.
    Row("alarm, better than baseline", True, False, 1.2, 0.03, 0.05, "steady"),
    Row("alarm, equal to baseline", True, False, 1.2, 0.05, 0.05, "steady"),
    Row("alarm, no current case", True, False, 1.2, None, 0.05, "steady"),
    # loosening: no alarm, at least half of the threshold, materially worse ...
    Row("half the threshold, worse", False, False, 0.5, 0.07, 0.05, "loosening"),
    Row("near the threshold, worse", False, False, 0.99, 0.07, 0.05, "loosening"),
    Row("half the threshold, worse, immaterial", False, False, 0.8, 0.07, 0.05, "steady",
        material=False),
    Row("below half the threshold, worse", False, False, 0.49, 0.07, 0.05, "steady"),
    Row("half the threshold, better", False, False, 0.8, 0.04, 0.05, "steady"),
    Row("half the threshold, no recent case", False, False, 0.8, None, 0.05, "steady"),
    Row("half the threshold, no baseline value", False, False, 0.8, 0.07, None, "steady"),
    # ... or the recent weeks clearly and materially worse (a level shift).
    Row(
        "no alarm, recent clearly and materially worse",
        False, False, 0.1, 0.88, 0.57, "loosening",
        recent=0.88, recent_material=True, recent_clear=True,
    ),
    Row(
        "no alarm, recent clearly worse, immaterial",
        False, False, 0.1, 0.06, 0.05, "steady", recent=0.06, recent_clear=True,
    ),
    Row(
        "no alarm, recent materially worse, not clearly",
        False, False, 0.1, 0.10, 0.05, "steady", recent=0.10, recent_material=True,
    ),
    # steady: nothing to report.
    Row("no evidence at all", False, False, 0.0, 0.05, 0.05, "steady"),
    Row("no alarm, recovered flag ignored", False, True, 0.2, 0.07, 0.05, "steady"),
]  # fmt: skip


@pytest.mark.parametrize("row", RULES, ids=[row.name for row in RULES])
def test_classify_follows_the_state_rules(row: Row) -> None:
    facts = SliceFacts(
        alarm=row.alarm,
        recovered=row.recovered,
        evidence=row.evidence,
        current=row.current,
        baseline=row.baseline,
        material=row.material,
        recent=row.recent,
        recent_material=row.recent_material,
        recent_clear=row.recent_clear,
    )
    assert classify(facts) == row.expected


def test_every_state_is_reachable_by_a_rule() -> None:
    assert {row.expected for row in RULES} == set(STATES)


def test_recovering_is_never_at_or_beyond_the_baseline() -> None:
    for row in RULES:
        if row.expected == "recovering":
            assert row.recent is not None
            assert row.baseline is not None
            assert row.recent > row.baseline


def test_the_severity_order_runs_from_improved_to_drifting() -> None:
    shuffled: list[State] = [
        "drifting", "steady", "improved", "loosening", "recovered", "recovering",
    ]  # fmt: skip
    ranked = sorted(shuffled, key=severity)
    assert ranked == ["improved", "steady", "recovered", "recovering", "loosening", "drifting"]
    assert worst(["recovering", "steady"]) == "recovering"
    assert worst(["loosening", "drifting", "recovering"]) == "drifting"
    assert worst(["improved", "recovered"]) == "recovered"
    assert worst([]) == "steady"
