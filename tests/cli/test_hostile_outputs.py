"""Data that attacks its reader, through every output: terminal text, Markdown, HTML, JSON, CSV.

The log and contract of :mod:`tests.cli.hostile` carry Rich markup, terminal escape sequences,
HTML, table pipes and spreadsheet formulas in every name a user controls. Each output must show
them as text (escaped for its own format), never act on them, and exit as documented.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from taut.errors import ExitCode
from tests.cli.hostile import ESCAPES, FOLDER, PROCESS, TEAMS, write_hostile_project
from tests.cli.program import run_taut
from tests.golden import assert_golden

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "hostile" / "safe-outputs"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Any terminal control character but tab and newline."""
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_project(tmp_path_factory.mktemp("hostile"))


def _taut(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_taut(*args, cwd=cwd)


def _safe_for_a_terminal(text: str) -> None:
    assert not CONTROL.search(text), repr(CONTROL.search(text))
    assert "Traceback" not in text


def _golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


def test_check_shows_markup_and_escapes_as_text(contract: Path) -> None:
    result = _taut("check", contract.name, cwd=contract.parent)
    assert result.returncode == ExitCode.OK, result.stderr
    _safe_for_a_terminal(result.stdout + result.stderr)
    first = result.stdout.splitlines()[0]
    assert first.startswith("Handoff [/] \\x1b]0;title\\x07 <script>alert(1)</script> a|b  (")
    assert "Kickoff [/] <script>alert(1)</script> \\x1b[2J" in result.stdout
    assert "[link=http:x]" in first  # the folder's name, shown, not a hyperlink


def test_check_json_keeps_the_data_and_escapes_controls(contract: Path) -> None:
    result = _taut("check", contract.name, "--format", "json", cwd=contract.parent)
    assert result.returncode == ExitCode.OK, result.stderr
    _safe_for_a_terminal(result.stdout)
    assert FOLDER in json.loads(result.stdout)["source"]


def test_scan_text_is_golden_and_inert(contract: Path) -> None:
    result = _taut("scan", contract.name, "--fail-on", "never", cwd=contract.parent)
    assert result.returncode == ExitCode.OK, result.stderr
    _safe_for_a_terminal(result.stdout + result.stderr)
    assert "West [/] \\x1b]0;title\\x07 <script>alert(1)</script> a|b" in result.stdout
    _golden("scan.txt", result.stdout)


def test_scan_markdown_is_golden_and_escaped(contract: Path) -> None:
    result = _taut(
        "scan", contract.name, "--format", "md", "--fail-on", "never", cwd=contract.parent
    )
    assert result.returncode == ExitCode.OK, result.stderr
    text = result.stdout
    _safe_for_a_terminal(text)
    for raw in ("<script", "<img", "<b>"):
        assert raw not in text, raw
    for markup in (r"(?<!\\)\[link=", r"(?<!\\)\[/\]"):  # brackets only escaped: no links
        assert not re.search(markup, text), markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    # Every row has its table's header's cells, whatever the names hold (the signals table
    # has eleven, ten with a store (no scan's own raising), the tables of a signal's life
    # thirteen).
    header = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            header = 0
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        header = header or cells
        assert cells == header, line
        assert cells in {11, 12, 14}, line
    _golden("scan.md", text)


def test_scan_html_escapes_every_name(contract: Path) -> None:
    result = _taut(
        "scan", contract.name, "--format", "html", "--fail-on", "never", cwd=contract.parent
    )
    assert result.returncode == ExitCode.OK, result.stderr
    for raw in ("<script", "<img", "<b>x"):
        assert raw not in result.stdout, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    assert not any(escape in result.stdout for escape in ESCAPES)


def test_scan_json_keeps_the_names_and_escapes_controls(contract: Path) -> None:
    result = _taut(
        "scan", contract.name, "--format", "json", "--fail-on", "never", cwd=contract.parent
    )
    assert result.returncode == ExitCode.OK, result.stderr
    _safe_for_a_terminal(result.stdout)
    assert json.loads(result.stdout)["process"] == PROCESS


def _cells(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


@pytest.mark.parametrize("target", ["outcomes.csv", "-"])
def test_outcomes_csv_defuses_formulas(contract: Path, target: str) -> None:
    result = _taut("outcomes", contract.name, "-o", target, cwd=contract.parent)
    assert result.returncode == ExitCode.OK, result.stderr
    _safe_for_a_terminal(result.stderr)
    text = result.stdout if target == "-" else (contract.parent / target).read_text("utf-8")
    header, rows = _cells(text)
    assert rows
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA)]
    teams = {row[header.index("team")] for row in rows}
    assert "'" + TEAMS["North"] in teams  # the value kept, behind a quote
    assert "'-1+1" in {row[header.index("region")] for row in rows}
    values = [row[header.index("value")] for row in rows if row[header.index("value")]]
    assert all(float(value) == float(value) for value in values)  # numbers stay numbers


def test_error_messages_show_markup_as_text(contract: Path) -> None:
    bad_date = _taut("scan", contract.name, "--as-of", "[/]\x1b[2J", cwd=contract.parent)
    assert bad_date.returncode == ExitCode.USAGE
    _safe_for_a_terminal(bad_date.stderr)
    assert "--as-of '[/]\\x1b[2J' is not a date" in bad_date.stderr
    misspelt = contract.parent / "misspelt.yaml"
    text = contract.read_text(encoding="utf-8").replace(
        "to: Operations acknowledged", 'to: "Operations [/] ack\\e[2J"'
    )
    misspelt.write_text(text, encoding="utf-8")
    result = _taut("scan", misspelt.name, cwd=contract.parent)
    assert result.returncode in (ExitCode.USAGE, ExitCode.INPUT), result.stderr
    _safe_for_a_terminal(result.stdout + result.stderr)
    assert "Operations [/] ack\\x1b[2J" in result.stderr
