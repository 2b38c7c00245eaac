"""End to end: the ``taut`` command on real files, asserting exit codes and output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from tests.cli.program import run_taut

CONTRACT = """\
process: Sales to Operations handoff
source:
  path: events.csv
  timezone: America/Chicago
  timestamp_format: "%d/%m/%Y %H:%M"
columns: {case: deal_id, activity: step, timestamp: at, team: team, person: rep}
conditions: [region]
areas:
  - name: Customer handoff
    risk: high
    checks:
      - id: intake-complete
        complete: {at: Intake completed, fields: [billing_contact, scope]}
        target: 95%
      - id: ack-within-24h
        within: {from: Deal closed, to: Operations acknowledged, limit: 24h}
        target: 90%
"""

HEADER = "deal_id,step,at,team,rep,region,billing_contact,scope\n"
ROWS = """\
D1,Deal closed,03/03/2025 09:00,North,Ada Lovelace,EU,,
D1,Intake completed,03/03/2025 10:00,North,Ada Lovelace,,Jo,Full
D1,Operations acknowledged,03/03/2025 15:00,Ops,Grace Hopper,,,
D2,Deal closed,04/03/2025 17:30,South,Alan Turing,US,,
D2,Intake completed,04/03/2025 17:45,South,Alan Turing,,,Partial
D2,Operations acknowledged,06/03/2025 09:00,Ops,Grace Hopper,,,
"""
PEOPLE = ("Ada Lovelace", "Grace Hopper", "Alan Turing")


def _taut(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_taut(*args, cwd=cwd, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "taut.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "events.csv").write_text(HEADER + ROWS, encoding="utf-8")
    return tmp_path


def test_check_passes_on_a_clean_log(project: Path) -> None:
    result = _taut("check", "taut.yaml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Sales to Operations handoff" in result.stdout
    assert "2 checks" in result.stdout


def test_check_json_reports_counts(project: Path) -> None:
    result = _taut("check", "taut.yaml", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert payload["problems"] == []


def test_check_fails_with_input_exit_code_on_a_misspelt_activity(project: Path) -> None:
    text = (project / "events.csv").read_text(encoding="utf-8")
    (project / "events.csv").write_text(
        text.replace("Operations acknowledged", "Ops acked"), encoding="utf-8"
    )
    result = _taut("check", "taut.yaml", cwd=project)
    assert result.returncode == 3
    assert "Operations acknowledged" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_contract_error_exits_2_without_traceback(project: Path) -> None:
    text = CONTRACT.replace("target: 90%", "tagret: 90%")
    (project / "taut.yaml").write_text(text, encoding="utf-8")
    result = _taut("check", "taut.yaml", cwd=project)
    assert result.returncode == 2
    assert "Did you mean 'target'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_contract_file_is_a_usage_error(tmp_path: Path) -> None:
    result = _taut("check", "nowhere.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.yaml" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_outcomes_writes_one_row_per_case_and_check(project: Path, suffix: str) -> None:
    target = project / f"out{suffix}"
    result = _taut("outcomes", "taut.yaml", "-o", str(target), cwd=project)
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(target) if suffix == ".parquet" else pd.read_csv(target)
    frame = frame.sort_values(["check", "case_id"]).reset_index(drop=True)
    assert list(frame["check"]) == ["ack-within-24h"] * 2 + ["intake-complete"] * 2
    assert list(frame["status"]) == ["kept", "missed", "kept", "missed"]
    assert frame.loc[0, "value"] == pytest.approx(6.0)
    assert frame.loc[1, "value"] == pytest.approx(39.5)
    assert frame.loc[3, "value"] == pytest.approx(0.5)
    assert "person" not in frame.columns
    assert "rep" not in frame.columns
    assert "Wrote 4 outcomes" in result.stderr


def test_outcomes_refuses_an_unknown_file_type(project: Path) -> None:
    result = _taut("outcomes", "taut.yaml", "-o", "out.xlsx", cwd=project)
    assert result.returncode == 2
    assert ".parquet or .csv" in result.stderr


def test_no_person_value_reaches_any_output(project: Path) -> None:
    outputs = [
        _taut("check", "taut.yaml", cwd=project),
        _taut("check", "taut.yaml", "--format", "json", cwd=project),
        _taut("outcomes", "taut.yaml", "-o", "-", cwd=project),
    ]
    for result in outputs:
        for person in PEOPLE:
            assert person not in result.stdout
            assert person not in result.stderr
