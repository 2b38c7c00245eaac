"""`taut scan` on a process the handoff simulator never makes: a seven-day IT service desk.

Everything about this log differs from the Sales-to-Operations handoff the rest of the suite
uses (:mod:`taut.simulate.service_desk`): its column names, its steps, day-first text times
in Europe/London, work on weekends, five resolver groups, priorities and categories as
conditions, a ``complete`` check on a step late in the case and an ``order`` check between
the last two steps. Two drifts are injected: triage in the Network group slows threefold
from ``TRIAGE_ONSET``, and resolution codes are left blank three times as often everywhere
from ``NOTES_ONSET``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.errors import ExitCode
from taut.simulate import DeskDrift, service_desk
from taut.simulate.service_desk import GROUPS, START

runner = CliRunner()
pytestmark = pytest.mark.slow

WEEKS = 22
TRIAGE_ONSET = START + timedelta(weeks=14)
NOTES_ONSET = START + timedelta(weeks=16)
DRIFTS = (
    DeskDrift(onset=TRIAGE_ONSET, slow_triage=3.0, group="Network"),
    DeskDrift(onset=NOTES_ONSET, blank_codes=3.0),
)


def write_service_desk(folder: Path, *, seed: int = 11, dates_only: bool = False) -> Path:
    """Write the drifting service desk and its contract into ``folder``; return the contract."""
    desk = service_desk(seed=seed, weeks=WEEKS, drifts=DRIFTS)
    return desk.write(folder, dates_only=dates_only)


@pytest.fixture(scope="module")
def desk_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_service_desk(tmp_path_factory.mktemp("service-desk"))


@pytest.fixture(scope="module")
def scanned(desk_contract: Path) -> tuple[int, dict[str, Any], str]:
    contract = desk_contract
    result = runner.invoke(app, ["scan", str(contract), "--format", "json"])
    text = runner.invoke(app, ["scan", str(contract), "--fail-on", "never"])
    assert text.exit_code == ExitCode.OK, text.output
    return result.exit_code, json.loads(result.stdout), result.stdout + text.stdout


def _raised(data: dict[str, Any], check: str) -> list[date]:
    found = [s for s in data["signals"] + data["watching"] if s["check"] == check]
    return sorted(date.fromisoformat(s["raised"]) for s in found if s["state"] == "drifting")


def test_both_drifts_are_raised_soon_after_their_onsets(
    scanned: tuple[int, dict[str, Any], str],
) -> None:
    code, data, _ = scanned
    assert code == ExitCode.SIGNALS
    triage = _raised(data, "triage-within-4h")
    notes = _raised(data, "resolution-notes")
    assert triage
    assert TRIAGE_ONSET <= triage[0] <= TRIAGE_ONSET + timedelta(days=14)
    assert notes
    assert NOTES_ONSET <= notes[0] <= NOTES_ONSET + timedelta(days=21)


def test_the_slow_triage_is_placed_in_its_group(desk_contract: Path) -> None:
    """Every slice's state (the brief shows one a check): the Network group's triage is
    raised, no other group's."""
    segments = [
        s.segment
        for s in api.states(desk_contract)
        if s.check == "triage-within-4h"
        and s.segment is not None
        and s.state in {"drifting", "loosening"}
    ]
    assert {"team": "Network"} in segments
    other_groups = [g for g in GROUPS if g != "Network"]
    assert not [s for s in segments if s.get("team") in other_groups]


def test_untouched_checks_hold_and_no_agent_is_named(
    scanned: tuple[int, dict[str, Any], str],
) -> None:
    _, data, output = scanned
    steady = {s["check"] for s in data["steady"]}
    assert "resolved-before-closed" in steady
    assert not _raised(data, "resolved-before-closed")
    for group in GROUPS:
        assert f"{group.lower()}-" not in output  # agents are "<group>-<n>"


def test_the_blank_field_is_named(scanned: tuple[int, dict[str, Any], str]) -> None:
    _, data, _ = scanned
    notes = [s for s in data["signals"] if s["check"] == "resolution-notes"]
    assert notes, "the notes drift is one of the signals"
    found = notes[0]["insight"]["blank_fields"]
    shares = {f["field"]: (f["before"], f["during"]) for f in found["fields"]}
    assert shares["resolution_code"][1] > 2 * shares["resolution_code"][0]
    assert shares["root_cause"][1] < 1.5 * shares["root_cause"][0]
    assert "'resolution_code'" in notes[0]["insight"]["text"]
    assert "'root_cause'" not in notes[0]["insight"]["text"]


def test_times_recorded_to_the_day_are_watched_as_overdue_only(tmp_path: Path) -> None:
    """Every latency a multiple of a day: the time taken and its spread are not watched."""
    contract = write_service_desk(tmp_path, dates_only=True)
    result = runner.invoke(app, ["scan", str(contract), "--format", "json"])
    assert result.exit_code in {ExitCode.OK, ExitCode.SIGNALS}, result.output
    data = json.loads(result.stdout)
    metrics = {s["metric"] for s in data["signals"] + data["watching"]}
    assert metrics <= {"missed"}
    assert "0.0 h" not in runner.invoke(app, ["scan", str(contract), "--fail-on", "never"]).stdout
