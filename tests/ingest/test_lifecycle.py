"""Lifecycle transitions: which events an activity's name stands for, and the hint in
``taut check`` when the contract's activities merge several transitions.

The hint and the refusal are compared with
``tests/golden/hostile/ingest-messages/lifecycle_*.txt`` (regenerate with
``TAUT_UPDATE_GOLDEN=1`` and read the diff).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.contract.models import Contract
from taut.errors import ExitCode, InputError
from taut.ingest import EventLog, read_log
from tests.golden import assert_golden

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "ingest-messages"
HEADER = ("case", "activity", "lifecycle:transition", "at")
# Two loan files: a work item scheduled, started and completed (the transitions written in
# capitals, as bpic2012 writes them), one event with no transition.
EVENTS = [
    ("L1", "Submitted", "COMPLETE", "2025-03-03 08:00"),
    ("L1", "Review", "SCHEDULE", "2025-03-03 09:00"),
    ("L1", "Review", "START", "2025-03-04 10:00"),
    ("L1", "Review", "COMPLETE", "2025-03-05 12:00"),
    ("L2", "Submitted", "COMPLETE", "2025-03-03 08:30"),
    ("L2", "Review", "START", "2025-03-03 11:00"),
    ("L2", "Review", "COMPLETE", "2025-03-03 15:00"),
    ("L2", "Closed", "", "2025-03-06 09:00"),
]


def _write(path: Path, header: tuple[str, ...] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(EVENTS)
    return path


def _contract(
    *, to: str = "Review", lifecycle: str | None = None, transition: str | None = None
) -> Contract:
    source: dict[str, Any] = {"path": "events.csv"}
    if lifecycle is not None:
        source["lifecycle"] = lifecycle
    columns = {"case": "case", "activity": "activity", "timestamp": "at"}
    if transition is not None:
        columns["transition"] = transition
    check = {"id": "review", "within": {"from": "Submitted", "to": to, "limit": "2d"},
             "target": "90%"}  # fmt: skip
    return Contract.model_validate(
        {
            "process": "Loans",
            "source": source,
            "columns": columns,
            "areas": [{"name": "Review", "checks": [check]}],
        }
    )


def _names(log: EventLog) -> Counter[str]:
    return Counter(row["activity"] for row in log.table.select("activity").to_pyarrow().to_pylist())


def _hint(log: EventLog) -> str | None:
    found = [p for p in log.problems if p.code == "merged-transitions"]
    return found[0].message if found else None


def test_by_default_every_transition_is_merged_and_check_says_so(tmp_path: Path) -> None:
    log = read_log(_contract(), path=_write(tmp_path / "events.csv"))
    assert _names(log) == {"Submitted": 2, "Review": 5, "Closed": 1}
    hint = _hint(log)
    assert hint is not None
    assert "'Review' (1 SCHEDULE, 2 START, 2 COMPLETE)" in hint
    assert "lifecycle: complete" in hint
    assert "'Review+START'" in hint
    assert_golden(GOLDEN / "lifecycle_merged.txt", hint + "\n")


def test_a_chosen_transition_names_the_others_with_their_transition(tmp_path: Path) -> None:
    log = read_log(_contract(lifecycle="Complete"), path=_write(tmp_path / "events.csv"))
    assert _names(log) == {
        "Submitted": 2,
        "Review": 2,
        "Review+SCHEDULE": 1,
        "Review+START": 2,
        "Closed": 1,  # no transition: its activity alone
    }
    assert _hint(log) is None


def test_an_activity_named_with_its_transition_takes_those_events(tmp_path: Path) -> None:
    log = read_log(_contract(to="Review+START"), path=_write(tmp_path / "events.csv"))
    assert _names(log) == {"Submitted": 2, "Review": 3, "Review+START": 2, "Closed": 1}
    assert _hint(log) is None  # the contract names no plain activity with several transitions


def test_a_mapped_transition_column_is_used_and_one_transition_needs_no_hint(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "events.csv", ("case", "activity", "state", "at"))
    log = read_log(_contract(lifecycle="start", transition="state"), path=path)
    assert _names(log)["Review"] == 2
    assert _names(log)["Submitted+COMPLETE"] == 2
    plain = read_log(_contract(), path=path)  # 'state' is not a transition column unless mapped
    assert _names(plain) == {"Submitted": 2, "Review": 5, "Closed": 1}
    assert _hint(plain) is None


def test_a_chosen_transition_without_a_transition_column_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "events.csv", ("case", "activity", "lifecycle_transition", "at"))
    with pytest.raises(InputError) as caught:
        read_log(_contract(lifecycle="complete"), path=path)
    message = str(caught.value).replace(str(tmp_path), "<dir>")
    assert "Did you mean 'lifecycle_transition'?" in message
    assert_golden(GOLDEN / "lifecycle_no_column.txt", message + "\n")
    with pytest.raises(InputError, match=r"columns\.transition"):
        read_log(_contract(transition="phase"), path=path)


def test_a_chosen_transition_no_event_has_is_an_error_before_the_missing_names(
    tmp_path: Path,
) -> None:
    log = read_log(_contract(lifecycle="completed"), path=_write(tmp_path / "events.csv"))
    codes = [problem.code for problem in log.errors]
    assert codes == ["unknown-transition", "missing-activity", "missing-activity"]
    message = log.errors[0].message
    assert "'SCHEDULE', 'START', 'COMPLETE'" in message
    assert "Did you mean 'complete'?" in message
    assert_golden(GOLDEN / "lifecycle_unknown_transition.txt", message + "\n")


@pytest.mark.parametrize("value", ["  ", "start+complete"])
def test_source_lifecycle_names_one_transition(value: str) -> None:
    with pytest.raises(ValueError, match="is not a lifecycle transition"):
        _contract(lifecycle=value)


def test_taut_check_shows_the_hint_and_still_passes(tmp_path: Path) -> None:
    _write(tmp_path / "events.csv")
    (tmp_path / "taut.yaml").write_text(
        "process: Loans\n"
        "source: {path: events.csv}\n"
        "columns: {case: case, activity: activity, timestamp: at}\n"
        "areas: [{name: Review, checks: [{id: review, target: 90%,\n"
        "  within: {from: Submitted, to: Review, limit: 2d}}]}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(tmp_path / "taut.yaml")])
    assert result.exit_code == ExitCode.OK, result.output
    assert "! warning  One of the contract's activities merges several lifecycle" in result.output


def test_the_person_column_cannot_be_the_transition_column() -> None:
    data = _contract().model_dump(by_alias=True)
    data["columns"] |= {"person": "who", "transition": "who"}
    with pytest.raises(ValueError, match="is also the lifecycle transition column"):
        Contract.model_validate(data)
