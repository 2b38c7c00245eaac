"""Hostile dates and durations, end to end: one clear message, the same from every command.

Whatever ``scan`` or ``outcomes`` refuses, ``check`` refuses first in the same words. Each
case runs the commands on real files and compares their message with
``tests/golden/hostile/dates-durations/<case>.txt`` (the project's folder shown as
``<dir>``). Regenerate with ``TAUT_UPDATE_GOLDEN=1`` and read the diff.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from taut.simulate import sales_handoff
from tests.golden import assert_golden

runner = CliRunner()
pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "dates-durations"
PLACEHOLDERS = ("1900-01-01 00:00:00", "0", "9999-12-31 23:59:59", "10000-01-01")
WIDE_FIELDS = ", ".join(f"f{i}" for i in range(57))

# case -> (old, new) edits of the simulated project's taut.yaml, and the commands that
# must all refuse it with the same message and exit code.
CONTRACT_CASES: dict[str, tuple[list[tuple[str, str]], tuple[str, ...], ExitCode]] = {
    "duration_too_long": (
        [("limit: 24h", "limit: 1000000000w")],
        ("check", "scan", "outcomes"),
        ExitCode.USAGE,
    ),
    "within_too_long": (
        [("within: 7d", "within: 3651d")],
        ("check", "scan", "outcomes"),
        ExitCode.USAGE,
    ),
    "condition_named_team": (
        [("conditions: [region, deal_size]", "conditions: [region, team]")],
        ("check", "scan", "outcomes"),
        ExitCode.USAGE,
    ),
    "complete_too_many_fields": (
        [("fields: [billing_contact, scope, start_date]", f"fields: [{WIDE_FIELDS}]")],
        ("check", "scan", "outcomes"),
        ExitCode.USAGE,
    ),
    "baseline_before_data": (
        [("conditions:", "baseline: {until: 2024-06-01}\nconditions:")],
        ("check", "scan"),
        ExitCode.USAGE,
    ),
    "baseline_after_data": (
        [("conditions:", "baseline: {until: 2031-01-01}\nconditions:")],
        ("check", "scan"),
        ExitCode.USAGE,
    ),
}
AS_OF_CASES: dict[str, str] = {
    "as_of_before_log": "2024-12-31",
    "as_of_after_log": "2031-01-01",
    "as_of_far_future": "9999-12-31",
    "as_of_year_one": "0001-01-01",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated project: 2025-01-06 to the middle of April, with its taut.yaml."""
    simulation = sales_handoff(seed=5, weeks=14, deals_per_day=10.0)
    return simulation.write(tmp_path_factory.mktemp("hostile-dates"), fmt="csv").parent


def _variant(project: Path, name: str, edits: Sequence[tuple[str, str]]) -> Path:
    text = (project / "taut.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the case no longer applies to the simulated contract: {old!r}"
        text = text.replace(old, new, 1)
    path = project / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    stderr = result.stderr.replace(str(project), "<dir>")
    return result.exit_code, result.stdout, stderr


def _assert_golden(name: str, message: str) -> None:
    assert_golden(GOLDEN / f"{name}.txt", message)


def _command(name: str, contract: Path, project: Path) -> list[str]:
    if name == "outcomes":
        return ["outcomes", str(contract), "-o", str(project / "outcomes.csv")]
    return [name, str(contract)]


@pytest.mark.parametrize("case", sorted(CONTRACT_CASES))
def test_every_command_refuses_in_the_same_words(project: Path, case: str) -> None:
    edits, commands, code = CONTRACT_CASES[case]
    contract = _variant(project, case, edits)
    messages = {}
    for command in commands:
        exit_code, stdout, stderr = _run(project, *_command(command, contract, project))
        assert exit_code == code, (command, stdout, stderr)
        assert "Traceback" not in stderr
        assert stderr.startswith("error: <dir>/"), stderr
        messages[command] = stderr
    assert len(set(messages.values())) == 1, messages
    _assert_golden(case, messages["check"])


@pytest.mark.parametrize("case", sorted(AS_OF_CASES))
def test_as_of_outside_the_log_states_its_span(project: Path, case: str) -> None:
    exit_code, stdout, stderr = _run(
        project, "scan", str(project / "taut.yaml"), "--as-of", AS_OF_CASES[case]
    )
    assert exit_code == ExitCode.USAGE, (stdout, stderr)
    assert stdout == ""
    assert f"Choose a day from 2025-01-06 to {_last_day(project)}." in stderr
    _assert_golden(case, stderr)


def _last_day(project: Path) -> str:
    """The last local day of the simulated log, read from its wall-clock times."""
    rows = (project / "events.csv").read_text(encoding="utf-8").splitlines()[1:]
    return max(row.split(",")[2].strip('"')[:10] for row in rows)


def test_the_first_and_last_day_are_accepted(project: Path) -> None:
    for day in ("2025-03-10", _last_day(project)):
        code, _, stderr = _run(project, "scan", str(project / "taut.yaml"), "--as-of", day)
        assert code in {ExitCode.OK, ExitCode.SIGNALS}, stderr


def test_placeholder_times_are_reported_and_cannot_move_the_baseline(project: Path) -> None:
    folder = project / "placeholders"
    folder.mkdir()
    lines = (project / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header, first = lines[0], lines[1].split(",")
    planted = [
        ",".join([f"P{i}", first[1], text, *first[3:]]) for i, text in enumerate(PLACEHOLDERS)
    ]
    (folder / "events.csv").write_text(header + "".join(planted) + "".join(lines[1:]), "utf-8")
    (folder / "taut.yaml").write_text((project / "taut.yaml").read_text("utf-8"), "utf-8")

    code, stdout, stderr = _run(project, "check", str(folder / "taut.yaml"))
    assert code == ExitCode.OK, stderr
    (line,) = [text for text in stdout.splitlines() if "far outside" in text]
    _assert_golden("placeholder_times", line + "\n")
    assert "4 set aside" in stdout

    plain = ("--format", "json", "--no-insight", "--no-store")
    clean = _run(project, "scan", str(project / "taut.yaml"), *plain)
    dirty = _run(project, "scan", str(folder / "taut.yaml"), *plain)
    assert clean[0] == dirty[0]
    assert json.loads(clean[1]) == json.loads(dirty[1])


def test_a_log_within_its_baseline_is_a_warning_in_check_and_an_error_in_scan(
    project: Path,
) -> None:
    contract = _variant(
        project, "long_baseline", [("conditions:", "baseline: {weeks: 20}\nconditions:")]
    )
    code, stdout, _ = _run(project, "check", str(contract))
    assert code == ExitCode.OK
    (line,) = [text for text in stdout.splitlines() if "within its baseline" in text]
    _assert_golden("log_within_baseline", line + "\n")
    code, _, stderr = _run(project, "scan", str(contract))
    assert code == ExitCode.INPUT
    assert "inside the baseline window" in stderr
