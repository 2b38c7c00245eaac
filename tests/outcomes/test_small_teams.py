"""Small teams are held back in the outcomes: by their label, unless the contract opts in.

A log with a team of six people, a team of one, and a team whose events name nobody; the
outcomes table (what ``taut outcomes`` writes) names only the first.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from taut import api
from taut.contract import load_contract
from taut.ingest.people import SMALL_TEAM, hold_back_teams, people_per_team, small_teams
from taut.outcomes.evaluate import outcome_columns

CONTRACT = """\
process: Handoff
source: {{path: events.csv}}
columns: {{case: deal_id, activity: step, timestamp: at, team: team{person}}}
areas:
  - name: Handoff
    checks:
      - id: ack-within-24h
        within: {{from: Deal closed, to: Operations acknowledged, limit: 24h}}
        target: 90%
{privacy}"""
TEAMS = {"Big": [f"b{i}" for i in range(6)], "Solo": ["s0"], "Quiet": [""]}


def _project(folder: Path, *, person: bool = True, privacy: str = "") -> Path:
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["deal_id", "step", "at", "team", "rep"])
        for team, people in TEAMS.items():
            for index in range(12):
                case, rep = f"{team}-{index}", people[index % len(people)]
                writer.writerow([case, "Deal closed", f"2025-01-{index + 1:02d} 09:00", team, rep])
                ack = f"2025-01-{index + 1:02d} 15:00"
                writer.writerow([case, "Operations acknowledged", ack, team, rep])
    contract = CONTRACT.format(person=", person: rep" if person else "", privacy=privacy)
    (folder / "taut.yaml").write_text(contract, encoding="utf-8")
    return folder / "taut.yaml"


def _teams(contract: Path) -> dict[str, int]:
    frame = api.outcomes(contract).to_pandas()
    assert tuple(frame.columns) == outcome_columns(load_contract(contract).contract)
    return {str(team): int(count) for team, count in frame["team"].value_counts().items()}


def test_teams_of_fewer_than_five_people_are_held_back(tmp_path: Path) -> None:
    assert _teams(_project(tmp_path)) == {"Big": 12, SMALL_TEAM: 24}


def test_the_contract_can_opt_in_to_show_them(tmp_path: Path) -> None:
    contract = _project(tmp_path, privacy="privacy: {show_small_teams: true}\n")
    assert _teams(contract) == {"Big": 12, "Solo": 12, "Quiet": 12}


def test_without_a_person_column_nothing_is_held_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert _teams(_project(tmp_path, person=False)) == {"Big": 12, "Solo": 12, "Quiet": 12}
    assert "cannot hold back teams of fewer than five people" in caplog.text


def test_people_are_counted_per_team_and_the_label_is_no_team(tmp_path: Path) -> None:
    workspace = api.open_workspace(_project(tmp_path))
    people = people_per_team(workspace.log)
    assert people == {"Big": 6, "Solo": 1, "Quiet": 0}
    assert small_teams(people) == ("Quiet", "Solo")
    held = workspace.log.table.pipe(hold_back_teams, people=people)
    assert tuple(held.columns) == tuple(workspace.log.table.columns)
    again = people_per_team(type(workspace.log)(**{**vars(workspace.log), "table": held}))
    assert again == {"Big": 6}
