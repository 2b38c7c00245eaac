"""No person's identifier reaches any output: every command, every format, logs and errors.

The simulator names people ``rep-07`` (sales) and ``ops-03`` (operations); a log with a
drift confined to one team makes taut raise, explain and count people, so every path that
could leak a name is exercised.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from taut.simulate import Condition, Drift, sales_handoff
from tests.cli.program import run_taut

PERSON = re.compile(r"\b(rep|ops)-\d{2}\b")


def _taut(*args: str, cwd: Path) -> str:
    done = run_taut(*args, cwd=cwd)
    assert done.returncode in (0, 1, 2, 3), done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("neutral")
    drift = Drift(
        kind="skip",
        step="Operations acknowledged",
        onset=date(2025, 4, 7),
        size=0.3,
        condition=Condition(field="team", value="West"),
    )
    simulation = sales_handoff(seed=5, weeks=20, deals_per_day=25.0, drifts=(drift,))
    simulation.write(folder, fmt="csv")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("check", "taut.yaml"),
        ("check", "taut.yaml", "--format", "json"),
        ("outcomes", "taut.yaml", "-o", "-"),
        ("scan", "taut.yaml", "--format", "text"),
        ("scan", "taut.yaml", "--format", "md"),
        ("scan", "taut.yaml", "--format", "html"),
        ("scan", "taut.yaml", "--format", "json"),
        ("--debug", "scan", "taut.yaml", "--format", "json"),
    ],
    ids="-".join,
)
def test_no_person_in_any_output(project: Path, args: tuple[str, ...]) -> None:
    output = _taut(*args, cwd=project)
    assert any(marker in output for marker in ("ack-", "rows read", "rows_read", "case_id"))
    assert PERSON.findall(output) == []


@pytest.mark.slow
def test_scan_names_the_team_but_no_person(project: Path) -> None:
    output = _taut("scan", "taut.yaml", "--format", "text", cwd=project)
    assert "West" in output
    assert PERSON.findall(output) == []


def test_no_person_in_errors(project: Path, tmp_path: Path) -> None:
    events = (project / "events.csv").read_text(encoding="utf-8").splitlines()
    broken = [line.replace("2025-", "20X5-", 1) if "rep-" in line else line for line in events]
    (tmp_path / "events.csv").write_text("\n".join(broken[:400]) + "\n", encoding="utf-8")
    contract = (project / "taut.yaml").read_text(encoding="utf-8")
    (tmp_path / "taut.yaml").write_text(contract, encoding="utf-8")
    output = _taut("check", "taut.yaml", cwd=tmp_path)
    assert "not times" in output
    assert PERSON.findall(output) == []
