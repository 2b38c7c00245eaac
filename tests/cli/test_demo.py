"""``taut init --template NAME`` and ``taut demo --area NAME`` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut import api
from taut.cli import app
from taut.contract.templates import template_text
from taut.errors import ExitCode

runner = CliRunner()


def test_init_writes_the_template_and_keeps_an_existing_contract(tmp_path: Path) -> None:
    folder = tmp_path / "permits"
    written = runner.invoke(app, ["init", "--template", "safety", "--dir", str(folder)])
    assert written.exit_code == ExitCode.OK, written.output
    assert (folder / "taut.yaml").read_text(encoding="utf-8") == template_text("safety")
    assert "taut check" in written.output
    (folder / "taut.yaml").write_text("mine", encoding="utf-8")
    kept = runner.invoke(app, ["init", "--template", "revenue", "--dir", str(folder)])
    assert kept.exit_code == ExitCode.USAGE
    assert "--force" in kept.output
    assert (folder / "taut.yaml").read_text(encoding="utf-8") == "mine"
    forced = runner.invoke(app, ["init", "-t", "revenue", "--dir", str(folder), "--force"])
    assert forced.exit_code == ExitCode.OK, forced.output
    assert (folder / "taut.yaml").read_text(encoding="utf-8") == template_text("revenue")


@pytest.mark.parametrize("command", ["init", "demo"])
def test_an_unknown_area_names_the_closest_and_writes_nothing(tmp_path: Path, command: str) -> None:
    flag = "--template" if command == "init" else "--area"
    result = runner.invoke(app, [command, flag, "escalaton", "--dir", str(tmp_path / "d")])
    assert result.exit_code == ExitCode.USAGE
    assert "Did you mean 'escalation'?" in result.output
    assert not (tmp_path / "d").exists()


def test_the_demo_never_writes_into_a_store_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "shared.db"
    monkeypatch.setenv("TAUT_DATABASE_URL", f"sqlite:///{elsewhere}")
    result = runner.invoke(app, ["demo", "--dir", str(tmp_path / "d")])
    assert result.exit_code == ExitCode.USAGE
    assert "env -u TAUT_DATABASE_URL" in result.output
    assert not elsewhere.exists()
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("command", ["init", "demo"])
def test_the_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == ExitCode.OK
    assert f"Example: taut {command}" in result.output


@pytest.mark.slow
def test_the_demo_replays_records_the_changes_and_writes_the_brief(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--area", "escalation", "--dir", str(folder)])
    assert result.exit_code == ExitCode.OK, result.output
    brief_md = (folder / "brief.md").read_text(encoding="utf-8")
    assert "Where is our follow-through most fragile right now?" in brief_md
    assert "<html" in (folder / "brief.html").read_text(encoding="utf-8")
    assert "Incident escalation path" in result.stdout
    assert "What was injected into the simulation" in result.stdout
    assert result.output.count("Recorded on ") == 2
    assert "Changes made, and whether they work" in brief_md
    assert "The incident manager paged with the on-call" in " ".join(brief_md.split())
    history = api.history(folder / "taut.yaml").history
    assert len(history.scans) >= 20
    assert [scan.as_of for scan in history.scans] == sorted(scan.as_of for scan in history.scans)
    before = brief_md
    again = runner.invoke(app, ["demo", "--area", "escalation", "--dir", str(folder)])
    assert again.exit_code == ExitCode.USAGE
    assert (folder / "brief.md").read_text(encoding="utf-8") == before
