"""``taut reinforce apply|list|remove`` and the scan's verdicts, end to end on a simulated
handoff whose acknowledgment slipped from 17 March 2025 and was fixed by a change on 5 May."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.simulate import Drift, InjectedChange, sales_handoff
from tests.cli.program import run_taut

ONSET = date(2025, 3, 17)
FIXED = date(2025, 5, 5)
BEFORE_FIX = "2025-04-27"


@pytest.fixture(scope="module")
def log_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulated log and its contract, written once (each test copies them)."""
    folder = tmp_path_factory.mktemp("fixed")
    sim = sales_handoff(
        seed=3,
        weeks=30,
        deals_per_day=20.0,
        drifts=(Drift(kind="skip", onset=ONSET, size=0.3),),
        changes=(InjectedChange(check="ack-present", applied_on=FIXED, improvement=1.0),),
    )
    sim.write(folder, fmt="csv")
    return folder


@pytest.fixture
def project(log_folder: Path, tmp_path: Path) -> Path:
    """A fresh copy of the project, with a store of its own (none yet)."""
    for name in ("events.csv", "taut.yaml"):
        shutil.copy(log_folder / name, tmp_path / name)
    return tmp_path / "taut.yaml"


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def taut(project: Path, *args: str) -> Run:
    """The command in this process (a child process per run took minutes on a busy machine;
    the scan's end-to-end tests in tests/cli run the real program)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert not isinstance(result.exception, AssertionError)
    del project
    return Run(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def scan_json(project: Path, *args: str) -> dict[str, Any]:
    run = taut(project, "scan", str(project), "--format", "json", *args)
    assert run.returncode in (0, 1), run.stderr
    found: dict[str, Any] = json.loads(run.stdout)
    return found


def test_a_working_change_settles_its_check_under_a_new_baseline_after_a_catch_up(
    project: Path,
) -> None:
    first = scan_json(project, "--as-of", BEFORE_FIX)
    (answered,) = [item for item in first["signals"] if item["check"] == "ack-present"]
    assert first["reinforcements"] == []

    run = taut(
        project,
        *("reinforce", "apply", str(project), "--check", "ack-present", "--on", "2025-05-05"),
        *("--change", "Acknowledgment gate at the handoff", "--playbook", "acknowledgment-gate"),
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        "✓ Change 1 recorded: ack-present (Customer handoff), from 2025-05-05"
    )
    assert f"It answers signal {answered['id']} (ack-present" in run.stderr

    doc = scan_json(project)
    (made,) = doc["reinforcements"]
    assert (made["check"], made["applied_on"], made["signal_id"]) == (
        "ack-present",
        "2025-05-05",
        answered["id"],
    )
    effect = made["effect"]
    assert effect["verdict"] == "working"
    assert effect["after"] < effect["before"]
    assert effect["interval"][1] < 0
    assert effect["cases_since"] > 1000
    # settled under a new baseline from the change's day, not a new signal
    assert "ack-present" in {item["check"] for item in doc["steady"]}
    assert "ack-present" not in {item["check"] for item in (*doc["signals"], *doc["watching"])}
    (moved,) = [item for item in doc["moved_baselines"] if item["check"] == "ack-present"]
    assert moved["restart"] == "2025-05-05"
    # The scan caught up the Mondays since the back-test first (docs/store.md): their
    # replayed scans judge no recorded change, so the signal, its check steady again after
    # the fix, resolved on one of them, and is news to this scan as settled since the last
    # scan its reader saw; the change, judged here, restarts the check on its day.
    (closed,) = [item for item in doc["settled_since_last_scan"] if item["id"] == answered["id"]]
    assert closed["lifecycle"] == "resolved"
    assert doc["previous_as_of"] == BEFORE_FIX

    again = scan_json(project)  # a rescan: the same restart, still no signal on the check
    assert "ack-present" not in {item["check"] for item in again["signals"]}
    (moved,) = [item for item in again["moved_baselines"] if item["check"] == "ack-present"]
    assert moved["restart"] == "2025-05-05"
    stored = json.loads(
        taut(project, "signals", "list", str(project), "--all", "-f", "json").stdout
    )
    assert [item["lifecycle"] for item in stored if item["check"] == "ack-present"] == ["resolved"]

    text = taut(project, "scan", str(project)).stdout
    assert "Changes made (1):\n  - ack-present (Customer handoff), from 2025-05-05:" in text
    assert "      working: " in text


def test_a_scan_without_insight_judges_the_changes_too(project: Path) -> None:
    run = taut(
        project,
        *("reinforce", "apply", str(project), "--check", "ack-present", "--on", "2025-05-05"),
        *("--change", "Acknowledgment gate"),
    )
    assert run.returncode == 0, run.stderr
    doc = scan_json(project, "--no-insight")
    assert [item["effect"]["verdict"] for item in doc["reinforcements"]] == ["working"]
    assert "ack-present" in {item["check"] for item in doc["steady"]}
    plain = scan_json(project, "--no-store")  # without the store, no change is read
    assert plain["reinforcements"] == []


def test_list_and_remove(project: Path) -> None:
    listed = taut(project, "reinforce", "list", str(project))
    assert listed.returncode == 0
    assert listed.stdout.startswith("No change recorded yet")
    for day, text in (("2025-05-05", "Acknowledgment gate"), ("2025-06-02", "Kickoff checklist")):
        check = "ack-present" if day == "2025-05-05" else "ack-before-kickoff"
        run = taut(
            project,
            *("reinforce", "apply", str(project), "--check", check, "--on", day),
            *("--change", text),
        )
        assert run.returncode == 0, run.stderr

    doc = json.loads(taut(project, "reinforce", "list", str(project), "-f", "json").stdout)
    assert [(item["id"], item["check"]) for item in doc] == [
        (1, "ack-present"),
        (2, "ack-before-kickoff"),
    ]
    assert doc[0]["effect"]["verdict"] == "working"
    assert doc[1]["effect"]["verdict"] != "working"  # a placebo: nothing drifted there
    text = taut(project, "reinforce", "list", str(project), "--no-verdict").stdout
    assert "working" not in text
    assert "   1  ack-present (Customer handoff), from 2025-05-05: Acknowledgment gate" in text

    gone = taut(project, "reinforce", "remove", str(project), "1")
    assert gone.returncode == 0
    assert gone.stdout.startswith("✓ Change 1 removed: ack-present")
    again = taut(project, "reinforce", "remove", str(project), "1")
    assert again.returncode == 2
    assert "has no change 1. Its change ids: 2." in again.stderr
    assert [item.id for item in api.changes(project)] == [2]


BAD = [
    (("--check", "ack-presnt"), "not a check of the contract", "Did you mean 'ack-present'?"),
    (("--playbook", "mandatory-field"), "not an entry of the playbook", "'mandatory-fields'?"),
    (("--segment", "tema=North"), "--segment key 'tema'", "Did you mean 'team'?"),
    (("--segment", "team=Nrth"), "no case of ack-present has team 'Nrth'", "'North'?"),
    (("--segment", "North"), "is not KEY=VALUE", "--segment team=North"),
    (("--on", "2024-12-01"), "before the log's first day (2025-01-06)", "from 2025-01-06 on"),
    (("--on", "2099-01-01"), "is after today", "once it has taken effect"),
    (("--on", "5 May"), "is not a date", "YYYY-MM-DD"),
    (("--change", "  "), "--change is empty", "what was changed"),
    (("--signal", "42"), "has no signal 42", "leave --signal out"),
]


@pytest.mark.parametrize(("override", "says", "fix"), BAD, ids=[item[1][:24] for item in BAD])
def test_a_bad_change_is_refused_with_the_fix_and_nothing_kept(
    project: Path, override: tuple[str, str], says: str, fix: str
) -> None:
    given = {"--check": "ack-present", "--on": "2025-05-05", "--change": "Gate"}
    given[override[0]] = override[1]
    args = [item for pair in given.items() for item in pair]
    run = taut(project, "reinforce", "apply", str(project), *args)
    assert run.returncode == 2, run.stderr
    assert says in run.stderr
    assert fix in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    assert api.changes(project) == ()


def test_a_day_after_the_log_is_kept_with_a_note_and_not_yet_clear(project: Path) -> None:
    run = taut(
        project,
        *("reinforce", "apply", str(project), "--check", "ack-present", "--on", "2025-09-01"),
        *("--change", "Late-day reminder"),
    )
    assert run.returncode == 0, run.stderr
    assert "The log ends on 2025-08-03, before the change's day" in run.stderr
    (judged,) = api.judged_changes(project)
    assert judged.effect.verdict == "not-yet-clear"
    assert judged.effect.cases_since == 0
    assert api.judged_changes(project, as_of=date(2025, 6, 1)) == ()  # not made yet then
    earlier = taut(project, "reinforce", "list", str(project), "--as-of", "2025-06-01")
    assert earlier.returncode == 0, earlier.stderr
    assert "not judged: made after --as-of" in earlier.stdout


def test_a_change_on_another_checks_signal_is_refused(project: Path) -> None:
    first = scan_json(project, "--as-of", BEFORE_FIX)
    (other,) = [item for item in first["signals"] if item["check"] == "ack-within-24h"]
    run = taut(
        project,
        *("reinforce", "apply", str(project), "--check", "ack-present", "--on", "2025-05-05"),
        *("--change", "Gate", "--signal", str(other["id"])),
    )
    assert run.returncode == 2
    assert f"--signal {other['id']} is a signal of ack-within-24h, not of ack-present" in run.stderr


def test_the_help_has_an_example() -> None:
    for command in ("apply", "list", "remove"):
        run = run_taut("reinforce", command, "--help", cwd=Path.cwd())
        assert run.returncode == 0
        assert "Example: taut reinforce " + command in run.stdout
