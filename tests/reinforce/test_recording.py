"""The rules a change must keep to be recorded (taut.reinforce.recording), at their edges."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from taut.errors import UsageError
from taut.ingest.people import SMALL_TEAM
from taut.ingest.span import LogSpan
from taut.reinforce.recording import LONGEST, refuse_change, refuse_day, refuse_segment_value
from taut.signal.inputs.casebook import CheckCases, Labels
from tests.reinforce.cases import contract

SPAN = LogSpan(first=date(2025, 1, 6), last=date(2025, 6, 29))
TODAY = date(2025, 7, 15)


def change(**given: object) -> tuple[str, str]:
    fields: dict[str, object] = {
        "check": "ack-present",
        "on": date(2025, 5, 5),
        "change": "Acknowledgment gate",
        "playbook": None,
        "playbook_ids": ("acknowledgment-gate",),
        "segment": None,
        "today": TODAY,
    }
    fields.update(given)
    return refuse_change(contract(), **fields)  # type: ignore[arg-type]


def test_a_good_change_gives_its_area_and_its_text_on_one_line() -> None:
    assert change(change="  Acknowledgment\n gate  ") == ("Customer handoff", "Acknowledgment gate")


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"change": "x" * (LONGEST + 1)}, f"keep it to {LONGEST}"),
        ({"segment": {"team": "North", "workload": "high"}}, "names 2 segments"),
        ({"segment": {"deal_sise": "large"}}, "Did you mean 'deal_size'?"),
        ({"playbook": "acknowledgement-gate"}, "Did you mean 'acknowledgment-gate'?"),
        ({"on": date(2025, 7, 16)}, "after today (2025-07-15)"),
    ],
)
def test_what_the_contract_alone_refuses(given: dict[str, object], says: str) -> None:
    with pytest.raises(UsageError, match=says.replace("(", r"\(").replace(")", r"\)")):
        change(**given)


def test_today_and_a_declared_condition_are_accepted() -> None:
    assert change(on=TODAY, segment={"deal_size": "large"})[0] == "Customer handoff"


@pytest.mark.parametrize(
    ("day", "note"),
    [(SPAN.first, False), (SPAN.last, False), (date(2025, 6, 30), True)],
)
def test_the_logs_days_are_kept_and_a_later_day_with_a_note(day: date, note: bool) -> None:
    assert (refuse_day(day, span=SPAN, check="ack-present") is not None) is note


def test_a_day_before_the_log_is_refused() -> None:
    with pytest.raises(UsageError, match=r"before the log's first day \(2025-01-06\)"):
        refuse_day(date(2025, 1, 5), span=SPAN, check="ack-present")


def _cases(teams: list[str | None]) -> CheckCases:
    size = len(teams)
    empty = np.zeros(size)
    return CheckCases(
        check="ack-present",
        anchor=empty,
        decided=empty,
        missed=empty,
        value=empty,
        day=np.full(size, np.datetime64("2025-05-05")),
        labels={"team": Labels.of(np.array(teams, dtype=object))},
    )


def test_a_small_team_is_never_offered_nor_accepted_as_a_segment() -> None:
    cases = _cases(["North", SMALL_TEAM, None, "South"])
    refuse_segment_value({"team": "North"}, cases=cases, check="ack-present")
    with pytest.raises(UsageError) as refused:
        refuse_segment_value({"team": SMALL_TEAM}, cases=cases, check="ack-present")
    message = str(refused.value)
    assert "Values: 'North', 'South'." in message
    assert "fewer than five people are never a segment" in message
