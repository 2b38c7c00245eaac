"""The rules of a signal's life, row by row (docs/store.md, "A signal's life")."""

from __future__ import annotations

from datetime import date

import pytest

from taut.signal.state import State
from taut.store.life.match import scan_slices
from taut.store.life.rules import (
    GRACE_DAYS,
    Course,
    Standing,
    course_of,
    grace_ends,
    lifecycle,
    settled_since,
)
from taut.store.records import Lifecycle
from tests.store.life.scans import MONDAY, lead, report

# course, first scan of the signal, standing of its latest decision, days its check has
# been settled (None: not settled) → lifecycle
RULES: list[tuple[Course, bool, Standing, int | None, Lifecycle]] = [
    ("worse", True, "none", None, "new"),
    ("worse", False, "none", None, "ongoing"),
    ("unjudged", True, "none", None, "new"),
    ("unjudged", False, "none", None, "ongoing"),
    ("recovering", False, "none", None, "recovering"),
    # settled: a week of grace, then resolved (a first settled scan is day 0)
    ("settled", False, "none", None, "recovering"),
    ("settled", False, "none", 0, "recovering"),
    ("settled", False, "none", 6, "recovering"),
    ("settled", False, "none", 7, "resolved"),
    ("settled", False, "none", 21, "resolved"),
    # in its grace, news to the reader (opened on Mondays caught up unseen): new
    ("settled", True, "none", 0, "new"),
    ("unjudged", True, "none", 2, "new"),
    ("settled", True, "none", 7, "resolved"),
    ("settled", False, "acknowledged", 0, "recovering"),
    ("settled", False, "acknowledged", 7, "resolved"),
    ("settled", False, "dismissed", 3, "recovering"),
    ("settled", False, "dismissed", 7, "resolved"),
    ("settled", False, "expired", 0, "recovering"),
    ("settled", False, "expired", 14, "resolved"),
    # not judged within the grace: still in it, never closed by a scan that did not see it
    ("unjudged", False, "none", 2, "recovering"),
    ("unjudged", False, "none", 30, "recovering"),
    ("unjudged", False, "acknowledged", 30, "recovering"),
    ("unjudged", False, "acknowledged", None, "acknowledged"),
    # worse again within the grace: back to what the decisions say (the grace ends)
    ("worse", False, "acknowledged", 3, "acknowledged"),
    ("worse", False, "dismissed", 3, "dismissed"),
    ("worse", False, "none", 3, "ongoing"),
    ("recovering", False, "none", 3, "recovering"),
    ("recovering", False, "acknowledged", 3, "acknowledged"),
    ("worse", False, "acknowledged", None, "acknowledged"),
    ("worse", True, "acknowledged", None, "acknowledged"),
    ("recovering", False, "acknowledged", None, "acknowledged"),
    ("worse", False, "dismissed", None, "dismissed"),
    ("recovering", False, "dismissed", None, "dismissed"),
    ("worse", False, "expired", None, "ongoing"),
    ("recovering", False, "expired", None, "recovering"),
    ("worse", False, "rebaselined", None, "rebaselined"),
    ("settled", False, "rebaselined", 0, "rebaselined"),
    ("settled", False, "rebaselined", 7, "rebaselined"),
    ("unjudged", False, "rebaselined", 3, "rebaselined"),
]


@pytest.mark.parametrize(("course", "first_scan", "standing", "days", "expected"), RULES)
def test_lifecycle_rule(
    course: Course, first_scan: bool, standing: Standing, days: int | None, expected: Lifecycle
) -> None:
    found = lifecycle(course=course, first_scan=first_scan, standing=standing, settled_days=days)
    assert found == expected


@pytest.mark.parametrize(
    ("before", "standing", "expected"),
    [
        ("recovering", "none", "recovering"),  # not judged: not news, never "worse"
        ("recovering", "expired", "recovering"),
        ("ongoing", "none", "ongoing"),
        ("new", "none", "ongoing"),  # no longer new a week on
        ("recovering", "acknowledged", "acknowledged"),
        (None, "none", "ongoing"),
    ],
)
def test_a_scan_that_did_not_judge_the_check_leaves_the_signal_as_it_was(
    before: Lifecycle | None, standing: Standing, expected: Lifecycle
) -> None:
    found = lifecycle(course="unjudged", first_scan=False, standing=standing, before=before)
    assert found == expected


# course, the stored grace's start, the scan's day → the grace's start after the scan
D1, D2 = date(2026, 5, 3), date(2026, 5, 10)
SETTLED_SINCE: list[tuple[Course, date | None, date, date | None]] = [
    ("settled", None, D2, D2),
    ("settled", D1, D2, D1),
    ("settled", D2, D2, D2),  # a rescan of the day that started it
    ("settled", D2, D1, D1),  # a day after the scan's (never stored so) does not count
    ("unjudged", D1, D2, D1),
    ("unjudged", None, D2, None),
    ("worse", D1, D2, None),
    ("recovering", D1, D2, None),
]


@pytest.mark.parametrize(("course", "stored", "as_of", "expected"), SETTLED_SINCE)
def test_the_grace_starts_at_the_first_settled_scan_and_ends_when_the_check_slips(
    course: Course, stored: date | None, as_of: date, expected: date | None
) -> None:
    assert settled_since(course=course, settled_on=stored, as_of=as_of) == expected


def test_the_grace_ends_a_week_after_it_started() -> None:
    assert GRACE_DAYS == 7
    assert grace_ends(D1) == D2


# the check's lead state in the scan → its course
COURSE_OF_STATE: list[tuple[State, Course]] = [
    ("drifting", "worse"),
    ("loosening", "worse"),
    ("recovering", "recovering"),
    ("recovered", "settled"),  # back at (or below) its baseline's level: its normal
    ("steady", "settled"),
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
