"""The rules of a signal's life, row by row (docs/store.md, "A signal's life")."""

from __future__ import annotations

import pytest

from taut.signal.state import State
from taut.store.life.match import scan_slices
from taut.store.life.rules import Course, Standing, course_of, lifecycle
from taut.store.records import Lifecycle
from tests.store.life.scans import MONDAY, lead, report

# course, first scan of the signal, standing of its latest decision → lifecycle
RULES: list[tuple[Course, bool, Standing, Lifecycle]] = [
    ("worse", True, "none", "new"),
    ("worse", False, "none", "ongoing"),
    ("unjudged", True, "none", "new"),
    ("unjudged", False, "none", "ongoing"),
    ("recovering", False, "none", "recovering"),
    ("settled", False, "none", "resolved"),
    ("settled", True, "none", "resolved"),
    ("worse", False, "acknowledged", "acknowledged"),
    ("worse", True, "acknowledged", "acknowledged"),
    ("recovering", False, "acknowledged", "acknowledged"),
    ("settled", False, "acknowledged", "resolved"),
    ("worse", False, "dismissed", "dismissed"),
    ("recovering", False, "dismissed", "dismissed"),
    ("settled", False, "dismissed", "resolved"),
    ("worse", False, "expired", "ongoing"),
    ("recovering", False, "expired", "recovering"),
    ("settled", False, "expired", "resolved"),
    ("worse", False, "rebaselined", "rebaselined"),
    ("settled", False, "rebaselined", "rebaselined"),
    ("unjudged", False, "rebaselined", "rebaselined"),
]


@pytest.mark.parametrize(("course", "first_scan", "standing", "expected"), RULES)
def test_lifecycle_rule(
    course: Course, first_scan: bool, standing: Standing, expected: Lifecycle
) -> None:
    assert lifecycle(course=course, first_scan=first_scan, standing=standing) == expected


# the check's lead state in the scan → its course
COURSE_OF_STATE: list[tuple[State, Course]] = [
    ("drifting", "worse"),
    ("loosening", "worse"),
    ("recovering", "recovering"),
    ("recovered", "recovering"),
    ("improved", "settled"),
]


@pytest.mark.parametrize(("state", "expected"), COURSE_OF_STATE)
def test_course_follows_the_checks_lead_state(state: State, expected: Course) -> None:
    slices = scan_slices(report(MONDAY, lead("kickoff", state)))
    assert course_of("kickoff", slices=slices) == expected


def test_a_check_held_steady_is_settled_and_one_not_judged_is_not() -> None:
    slices = scan_slices(report(MONDAY, lead("kickoff", "drifting"), steady=("handoff",)))
    assert course_of("handoff", slices=slices) == "settled"
    assert course_of("invoice", slices=slices) == "unjudged"


def test_the_lead_of_a_check_is_its_first_slice_in_signals_then_watching() -> None:
    slices = scan_slices(report(MONDAY, lead("kickoff", "loosening"), lead("handoff", "drifting")))
    assert list(slices.leads) == ["handoff", "kickoff"]
    assert [item.check for item in slices.opening()] == ["handoff"]
