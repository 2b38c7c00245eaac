"""``taut scan`` with a user's own playbook, end to end on a simulated log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from taut.api import explain
from taut.brief import render
from taut.simulate import Condition, Drift, sales_handoff
from tests.cli.program import run_taut
from tests.corpus.rules import ScanOutput, steadied_from_its_insight

OWN = """
entries:
  - id: busy-day-cover
    title: Move work that can wait off the busiest days
    change: Move the work that can wait off the days the queue runs highest.
    helps: moving work that can wait off those days frees the step when the volume peaks
    when: {found: [busy-days]}
    answers: capacity
    effort: low
    judged_by: taut will compare busy days with the others, before and after.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated handoff whose acknowledgment slips on high-workload days."""
    folder = tmp_path_factory.mktemp("busy")
    drift = Drift(
        kind="skip",
        onset=date(2025, 3, 17),
        size=0.3,
        condition=Condition(field="workload", value="high"),
    )
    sim = sales_handoff(seed=3, weeks=16, deals_per_day=20.0, drifts=(drift,))
    contract = sim.write(folder, fmt="csv")
    (folder / "my-playbook.yaml").write_text(OWN, encoding="utf-8")
    return contract


def _with_playbook(contract: Path, line: str) -> Path:
    text = contract.read_text(encoding="utf-8")
    own = contract.with_name("own.yaml")
    own.write_text(f"{text.rstrip()}\n{line}\n", encoding="utf-8")
    return own


def test_scan_json_gives_each_signal_its_reinforcements_from_the_users_playbook(
    project: Path,
) -> None:
    own = _with_playbook(project, "reinforce: {playbook: my-playbook.yaml}")
    run = run_taut("scan", str(own), "--format", "json", cwd=project.parent)
    assert run.returncode == 1, run.stderr  # signals at or above drifting
    signals = json.loads(run.stdout)["signals"]
    assert signals
    for item in signals:
        titles = {entry["id"]: entry["title"] for entry in item["reinforcements"]}
        assert titles.get("busy-day-cover") == "Move work that can wait off the busiest days"
        assert item["look_first"] is None


def test_a_broken_playbook_stops_the_scan_with_its_location_and_no_traceback(
    project: Path,
) -> None:
    (project.parent / "broken.yaml").write_text(
        OWN.replace("found: [busy-days]", "found: [busy-day]"), encoding="utf-8"
    )
    own = _with_playbook(project, "reinforce: {playbook: broken.yaml}")
    run = run_taut("scan", str(own), cwd=project.parent)
    assert run.returncode == 2
    assert "broken.yaml, line 7: entry 'busy-day-cover'" in run.stderr
    assert "Did you mean 'busy-days'?" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_check_refuses_a_broken_playbook_before_any_scan(project: Path) -> None:
    (project.parent / "broken-check.yaml").write_text(
        OWN.replace("effort: low", "effort: tiny"), encoding="utf-8"
    )
    own = _with_playbook(project, "reinforce: {playbook: broken-check.yaml}")
    run = run_taut("check", str(own), cwd=project.parent)
    assert run.returncode == 2
    assert "broken-check.yaml, line 9: entry 'busy-day-cover': effort 'tiny'" in run.stderr
    assert "Use one of low, medium, high." in run.stderr


def test_a_simulated_form_and_handoff_slip_is_steadied_from_what_its_insight_says(
    tmp_path: Path,
) -> None:
    drifts = (
        Drift(kind="blank", onset=date(2025, 3, 17), size=0.2),
        Drift(
            kind="skip",
            onset=date(2025, 3, 17),
            size=0.3,
            condition=Condition(field="team", value="West"),
        ),
    )
    sim = sales_handoff(seed=5, weeks=16, deals_per_day=20.0, drifts=drifts)
    found = explain(sim.write(tmp_path, fmt="csv"))
    doc = json.loads(
        render(
            found.report,
            fmt="json",
            insights=found.insights,
            reinforcements=found.reinforcements,
        )
    )
    assert steadied_from_its_insight(ScanOutput(name="sim", text="", doc=doc)) == []
    chosen = {e.id for item in found.reinforcements for e in item.reinforcements}
    assert {"mandatory-fields", "handoff-owner"} <= chosen
