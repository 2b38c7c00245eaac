"""The Monday brief on logs: the demo's simulated handoff, a real corpus log, the command.

The simulated log is the demo's (two drifts: acknowledgments stretching on busy days, team
West leaving intake fields blank); its brief is a golden file, read as a COO would. The
helpdesk log of tests/corpus is briefed as of 2013-01-20 for a CHRO. The command is run
end to end: formats, files written whole and never over an input, usage errors, and the
store's memory marking what is new since last week.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut import api
from taut.brief.briefing import Briefing
from taut.brief.charts import charts_for
from taut.brief.monday import compose_brief, render_brief
from taut.brief.monday.content import CHANGE_QUESTION, FRAGILE_QUESTION, LOOSE_QUESTION
from taut.cli import app
from taut.errors import ExitCode, UsageError
from taut.simulate import demo_simulation
from tests.golden import ROOT, assert_golden

GOLDEN = ROOT / "monday"
HELPDESK = Path(__file__).resolve().parents[2] / "corpus" / "helpdesk" / "taut.yaml"
PERSON = re.compile(r"\b(rep|ops)-\d+\b")
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's simulated log and contract, written once."""
    return demo_simulation(seed=7).write(tmp_path_factory.mktemp("demo"), fmt="csv")


@cache
def _briefed(contract: Path) -> Briefing:
    return api.briefing(contract, store=False)


def test_the_simulated_brief_reads_as_reviewed(demo: Path) -> None:
    text = render_brief(_briefed(demo), fmt="text")
    assert_golden(GOLDEN / "simulated-coo.txt", text)
    assert not PERSON.search(text)


def test_the_simulated_brief_finds_the_injected_drifts(demo: Path) -> None:
    found = _briefed(demo)
    assert {signal.check for signal in found.report.signals} == {
        "ack-within-24h",
        "intake-complete",
    }
    for fmt in ("md", "html", "json"):
        assert not PERSON.search(render_brief(found, fmt=fmt))


def test_the_simulated_html_inlines_every_chart(demo: Path) -> None:
    found = _briefed(demo)
    charts = charts_for(found)
    page = render_brief(found, fmt="html", charts=charts)
    assert page.count("<svg") == len(charts) == 4
    by_name = {chart.name: chart for chart in charts}
    steps = compose_brief(found).steps
    heads = [page.index(f"{step.check} <span") for step in steps] + [len(page)]
    for number, step in enumerate(steps):
        drawn = page.index(by_name[step.chart].svg[:300])
        assert heads[number] < drawn < heads[number + 1]
    fetched = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert all(not link.startswith(("http", "//")) for link in fetched)
    assert "<script" not in page


def test_a_real_log_reads_as_reviewed() -> None:
    found = api.briefing(HELPDESK, as_of=date(2013, 1, 20), store=False, audience="chro")
    assert_golden(GOLDEN / "helpdesk-2013-01-20-chro.txt", render_brief(found, fmt="text"))


def test_an_unknown_audience_is_a_usage_error(demo: Path) -> None:
    with pytest.raises(UsageError, match="Did you mean 'coo'"):
        api.briefing(demo, audience="cop", store=False)  # type: ignore[arg-type]


def test_the_command_prints_the_three_questions(demo: Path) -> None:
    result = runner.invoke(app, ["brief", str(demo), "--no-store"])
    assert result.exit_code == 0, result.output
    for question in (FRAGILE_QUESTION, LOOSE_QUESTION, CHANGE_QUESTION):
        assert question in result.stdout


def test_the_command_writes_a_file_whole(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    result = runner.invoke(
        app, ["brief", str(demo), "--no-store", "--format", "html", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*taut-part"))


def test_the_command_never_writes_over_its_inputs(demo: Path) -> None:
    before = demo.read_bytes()
    result = runner.invoke(app, ["brief", str(demo), "--no-store", "--out", str(demo)])
    assert result.exit_code == int(ExitCode.USAGE)
    assert "Refusing to write" in result.output
    assert demo.read_bytes() == before


def test_the_command_refuses_an_unknown_audience(demo: Path) -> None:
    result = runner.invoke(app, ["brief", str(demo), "--for", "cfo"])
    assert result.exit_code == int(ExitCode.USAGE)


def test_the_store_marks_what_is_new_since_last_week(tmp_path: Path) -> None:
    contract = demo_simulation(seed=7).write(tmp_path, fmt="csv")
    first = runner.invoke(app, ["brief", str(contract), "--as-of", "2025-05-04", "-f", "json"])
    second = runner.invoke(app, ["brief", str(contract), "--as-of", "2025-05-11", "-f", "json"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    before, after = (json.loads(run.stdout)["brief"] for run in (first, second))
    assert before["previous_as_of"] is None
    assert not any(step["new"] for step in before["steps"])
    assert after["previous_as_of"] == "2025-05-04"
    old = {step["check"] for step in before["steps"]}
    assert {step["check"] for step in after["steps"] if step["new"]} == {
        step["check"] for step in after["steps"]
    } - old
    new = sum(step["new"] for step in after["steps"])
    assert new == 1  # intake-complete, first raised 2025-05-07
    words = ["none", "one", "two", "three"]
    assert f"{words[new]} new since last week" in after["lead"][0]


def test_the_command_writes_each_chart_as_a_png(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    result = runner.invoke(
        app, ["brief", str(demo), "--no-store", "--format", "md", "--png-dir", str(folder)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in folder.iterdir())
    assert written == sorted(f"{chart.name}.png" for chart in charts_for(_briefed(demo)))
    assert all((folder / name).read_bytes().startswith(b"\x89PNG") for name in written)
