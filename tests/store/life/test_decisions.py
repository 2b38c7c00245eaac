"""People's decisions on a signal: what each needs, and the baselines a rebaseline restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from taut.errors import UsageError
from taut.store.life import decide, latest_decisions
from taut.store.records import Decision
from tests.store.life.scans import MONDAY, tracked

NOW = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)


def test_an_acknowledgment_keeps_its_note_without_surrounding_spaces() -> None:
    after, decision = decide(tracked(3, "kickoff", "ongoing"), kind="ack", now=NOW, note=" on it ")
    assert (after.lifecycle, after.note) == ("acknowledged", "on it")
    assert decision == Decision(signal_id=3, kind="ack", made_at=NOW, note="on it")


def test_a_dismissal_keeps_its_day() -> None:
    after, _ = decide(
        tracked(3, "kickoff", "new"), kind="dismiss", now=NOW, note="audit", until=date(2026, 2, 1)
    )
    assert (after.lifecycle, after.until, after.note) == ("dismissed", date(2026, 2, 1), "audit")


@pytest.mark.parametrize(
    ("how", "named"),
    [
        ({"kind": "ack", "note": "  "}, "--note is empty"),
        ({"kind": "ack"}, "--note is empty"),
        ({"kind": "dismiss", "note": "audit", "until": date(2026, 1, 12)}, "2026-01-12 is not"),
        ({"kind": "dismiss", "note": "audit", "until": date(2025, 12, 1)}, "--until 2025-12-01"),
        ({"kind": "dismiss", "note": "audit"}, "--until missing"),
        ({"kind": "rebaseline", "baseline_from": date(2026, 1, 13)}, "--from 2026-01-13"),
        ({"kind": "rebaseline"}, "--from missing"),
    ],
)
def test_a_decision_that_cannot_be_kept_says_which_value_and_how_to_fix_it(
    how: dict[str, object], named: str
) -> None:
    with pytest.raises(UsageError, match="e\\.g\\. --") as error:
        decide(tracked(3, "kickoff", "ongoing"), now=NOW, **how)  # type: ignore[arg-type]
    assert named in str(error.value)


def test_a_closed_signal_takes_no_decision() -> None:
    closed = tracked(3, "kickoff", "resolved", closed_on=MONDAY)
    with pytest.raises(UsageError, match=r"Signal 3 .* was resolved on 2026-01-04") as error:
        decide(closed, kind="ack", now=NOW, note="late")
    assert "taut signals list" in str(error.value)


def test_the_latest_decision_on_each_signal_is_the_one_in_force() -> None:
    early = Decision(signal_id=1, kind="ack", made_at=NOW, note="a")
    late = Decision(signal_id=1, kind="dismiss", made_at=NOW.replace(hour=11), note="b")
    other = Decision(signal_id=2, kind="ack", made_at=NOW, note="c")
    assert latest_decisions([late, other, early]) == {1: late, 2: other}
