"""`taut` output paths end to end: nothing written over an input, whole files, and every way
an output can fail is one message with a documented exit code (never 70, never a traceback).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from taut.files import PART_SUFFIX
from tests.cli.program import run_taut
from tests.cli.test_cli import CONTRACT, HEADER, ROWS
from tests.signal.scenarios import write_drift_log

runner = CliRunner()


def _taut(
    *args: str, cwd: Path, stdout: int | IO[Any] = subprocess.PIPE, **popen: Any
) -> subprocess.CompletedProcess[str]:
    return run_taut(*args, cwd=cwd, stdout=stdout, **popen)


def _one_clean_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "taut.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "events.csv").write_text(HEADER + ROWS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("target", "role"), [("events.csv", "event log"), ("taut.yaml", "contract")]
)
def test_outcomes_never_write_over_their_own_inputs(project: Path, target: str, role: str) -> None:
    before = (project / target).read_bytes()
    result = _taut("outcomes", "taut.yaml", "-o", target, cwd=project)
    assert result.returncode == ExitCode.USAGE
    line = _one_clean_line(result.stderr)
    assert f"it is the {role} this command reads" in line
    assert (project / target).read_bytes() == before


def test_a_link_to_the_log_is_the_log(project: Path) -> None:
    (project / "copy.csv").symlink_to(project / "events.csv")
    result = runner.invoke(
        app, ["outcomes", str(project / "taut.yaml"), "-o", str(project / "copy.csv")]
    )
    assert result.exit_code == ExitCode.USAGE
    assert "event log" in result.output
    assert (project / "events.csv").read_text(encoding="utf-8") == HEADER + ROWS


def test_a_written_file_is_whole_and_alone(project: Path) -> None:
    result = _taut("outcomes", "taut.yaml", "-o", "out.csv", cwd=project)
    assert result.returncode == ExitCode.OK, result.stderr
    lines = (project / "out.csv").read_text(encoding="utf-8").splitlines()
    assert result.stderr.strip() == f"Wrote {len(lines) - 1} outcomes to out.csv."
    assert not [path for path in project.iterdir() if path.name.endswith(PART_SUFFIX)]


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("missing/out.csv", "the folder 'missing' does not exist"),
        ("folder.csv", "it is a folder"),
        ("events.csv/out.csv", "is a file, not a folder"),
    ],
)
def test_unwritable_targets_are_output_errors(project: Path, target: str, words: str) -> None:
    (project / "folder.csv").mkdir()
    result = _taut("outcomes", "taut.yaml", "-o", target, cwd=project)
    assert result.returncode == ExitCode.OUTPUT
    assert words in _one_clean_line(result.stderr)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_an_output_error(project: Path) -> None:
    (project / "locked").mkdir(mode=0o500)
    result = _taut("outcomes", "taut.yaml", "-o", "locked/out.csv", cwd=project)
    assert result.returncode == ExitCode.OUTPUT
    assert "permission denied" in _one_clean_line(result.stderr)


@pytest.mark.parametrize("name", ["out.csv", "out.parquet"])
def test_a_full_disk_is_an_output_error_and_the_old_file_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    (project / name).write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", full)
    result = runner.invoke(app, ["outcomes", str(project / "taut.yaml"), "-o", str(project / name)])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "the disk is full" in result.output
    assert (project / name).read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in project.iterdir()) == ["events.csv", name, "taut.yaml"]


@pytest.mark.parametrize("command", [("check", "taut.yaml"), ("outcomes", "taut.yaml", "-o", "-")])
def test_a_full_standard_output_is_one_message(project: Path, command: tuple[str, ...]) -> None:
    with Path("/dev/full").open("w") as full:
        result = _taut(*command, cwd=project, stdout=full)
    assert result.returncode == ExitCode.OUTPUT
    assert _one_clean_line(result.stderr) == (
        "error: Cannot write standard output: the disk is full. Free some space or write elsewhere."
    )


def test_a_closed_standard_output_is_one_message(project: Path) -> None:
    result = _taut(
        "check", "taut.yaml", cwd=project, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1)
    )
    assert result.returncode == ExitCode.OUTPUT
    assert _one_clean_line(result.stderr) == "error: Cannot write standard output: it is closed."


def test_outcomes_into_a_closed_pipe_stop_quietly(tmp_path: Path) -> None:
    """`taut outcomes ... -o - | head -1`: the reader leaves early; taut stops, says nothing."""
    contract = write_drift_log(tmp_path)
    reader = subprocess.Popen(
        [sys.executable, "-m", "taut", "outcomes", str(contract), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().startswith(b'"case_id"')
    reader.stdout.close()
    _, stderr = reader.communicate(timeout=300)
    assert reader.returncode == ExitCode.OUTPUT
    assert stderr == b""


def test_demo_refuses_a_negative_seed_and_a_file_for_a_folder(tmp_path: Path) -> None:
    seed = runner.invoke(app, ["demo", "--dir", str(tmp_path / "d"), "--seed", "-1"])
    assert seed.exit_code == ExitCode.USAGE
    assert "--seed" in seed.output
    (tmp_path / "file").write_text("x", encoding="utf-8")
    folder = runner.invoke(app, ["demo", "--dir", str(tmp_path / "file")])
    assert folder.exit_code == ExitCode.OUTPUT
    assert "is a file, not a folder" in folder.output
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


@pytest.mark.slow
def test_demo_keeps_an_existing_project_unless_forced(project: Path) -> None:
    before = {name: (project / name).read_bytes() for name in ("taut.yaml", "events.csv")}
    kept = runner.invoke(app, ["demo", "--dir", str(project)])
    assert kept.exit_code == ExitCode.USAGE
    assert "--force" in kept.output
    assert {name: (project / name).read_bytes() for name in before} == before
    forced = runner.invoke(app, ["demo", "--dir", str(project), "--force"])
    assert forced.exit_code == ExitCode.OK, forced.output
    assert (project / "taut.yaml").read_bytes() != before["taut.yaml"]
    assert not [path for path in project.iterdir() if path.name.endswith(PART_SUFFIX)]
