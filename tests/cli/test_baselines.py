"""`taut check` and `taut scan` on thin baselines, and on baselines or scopes selecting nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode

runner = CliRunner()
START = datetime(2025, 1, 6, 9, tzinfo=UTC)  # a Monday


def write_log(
    folder: Path,
    *,
    weeks: int,
    per_day: int,
    late_from_week: int | None = None,
    baseline: str = "",
    where: str = "",
    escalated_from_week: int | None = None,
) -> Path:
    """A small helpdesk log: every weekday ``per_day`` tickets opened and answered.

    Answers come after two hours, or after three days from ``late_from_week`` on; a
    ticket has channel ``web`` or ``phone``; with ``escalated_from_week`` every ticket from
    that week on is also escalated (and the contract gains a check on it).
    """
    rng = np.random.default_rng(7)
    rows = ["ticket,step,at,channel"]
    number = 0
    for day in range(weeks * 7):
        when = START + timedelta(days=day)
        if when.weekday() >= 5:
            continue
        week = day // 7
        for slot in range(per_day):
            number += 1
            opened = when + timedelta(minutes=10 * slot)
            late = late_from_week is not None and week >= late_from_week
            answered = opened + (timedelta(days=3) if late else timedelta(hours=2))
            channel = "web" if rng.random() < 0.5 else "phone"
            rows.append(f"T{number},Opened,{opened:%Y-%m-%d %H:%M},{channel}")
            rows.append(f"T{number},Answered,{answered:%Y-%m-%d %H:%M},{channel}")
            if escalated_from_week is not None and week >= escalated_from_week:
                escalated = opened + timedelta(hours=1)
                rows.append(f"T{number},Escalated,{escalated:%Y-%m-%d %H:%M},{channel}")
    (folder / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    escalation = (
        "      - id: escalated-answered\n"
        "        within: {from: Escalated, to: Answered, limit: 1d}\n"
        "        target: 90%\n"
        if escalated_from_week is not None
        else ""
    )
    text = (
        "process: Helpdesk\n"
        "source: {path: events.csv, timezone: UTC}\n"
        "columns: {case: ticket, activity: step, timestamp: at}\n"
        f"{baseline}"
        "areas:\n"
        "  - name: Response\n"
        "    risk: high\n"
        "    checks:\n"
        "      - id: answered-1d\n"
        "        within: {from: Opened, to: Answered, limit: 1d}\n"
        "        target: 90%\n"
        f"{where}"
        f"{escalation}"
    )
    contract = folder / "taut.yaml"
    contract.write_text(text, encoding="utf-8")
    return contract


def test_check_warns_of_a_thin_baseline_naming_the_check_cases_and_fix(tmp_path: Path) -> None:
    contract = write_log(tmp_path, weeks=12, per_day=2)  # 80 cases in the first 8 weeks
    result = runner.invoke(app, ["check", str(contract)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "Baseline: 2025-01-06 to 2025-03-02 (the first 8 weeks of data" in result.output
    warning = "answered-1d: its baseline holds only 80 decided cases"
    assert warning in result.output
    assert "Set baseline.until in taut.yaml to a later day" in result.output
    data = json.loads(runner.invoke(app, ["check", str(contract), "--format", "json"]).stdout)
    assert data["baseline"] == {"from": "2025-01-06", "until": "2025-03-02", "rule": "first weeks"}
    assert [(t["check"], t["cases"], t["misses"]) for t in data["thin_baselines"]] == [
        ("answered-1d", 80, 0)
    ]


def test_check_is_quiet_about_a_baseline_that_is_not_thin(tmp_path: Path) -> None:
    # 400 cases in the baseline, 5 misses among them would still be needed: make some late
    contract = write_log(tmp_path, weeks=12, per_day=10)
    result = runner.invoke(app, ["check", str(contract), "--format", "json"])
    data = json.loads(result.stdout)
    # Every case in the baseline is on time: no miss, so the share missed is still thin.
    assert [t["misses"] for t in data["thin_baselines"]] == [0]
    assert "no miss in 400 decided cases" in data["thin_baselines"][0]["message"]


def test_scan_on_a_thin_baseline_warns_and_is_never_sure(tmp_path: Path) -> None:
    contract = write_log(tmp_path, weeks=14, per_day=2, late_from_week=9)
    result = runner.invoke(app, ["scan", str(contract), "--fail-on", "never"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "answered-1d: its baseline holds only 80 decided cases" in result.output
    assert "answered-1d" in result.stdout
    assert "drifting" in result.stdout
    text = " ".join(result.stdout.split())  # the insight is wrapped
    assert "taut cannot be sure, because its baseline holds only 80 decided cases" in text
    assert "very sure" not in text
    assert "quite sure" not in text
    data = json.loads(
        runner.invoke(app, ["scan", str(contract), "--format", "json", "--fail-on", "never"]).stdout
    )
    assert data["signals"]
    assert all(s["thin_baseline"] for s in data["signals"])
    assert data["thin_baselines"][0]["check"] == "answered-1d"


def test_where_that_admits_no_case_is_an_error_in_check_scan_and_outcomes(tmp_path: Path) -> None:
    where = "        where: {channel: Phnoe}\n"
    contract = write_log(tmp_path, weeks=12, per_day=2, where=where)
    for args in (
        ["check"],
        ["scan"],
        ["scan", "--replay", "weekly"],
        ["brief"],
        ["outcomes", "-o", str(tmp_path / "out.csv")],
    ):
        result = runner.invoke(app, [args[0], str(contract), *args[1:]])
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "check 'answered-1d': where {channel: Phnoe} admits no case" in result.output
        assert "'web'" in result.output
        assert "Did you mean 'phone'?" in result.output
    assert not (tmp_path / "out.csv").exists()  # nothing exported for a refused contract


def test_where_that_admits_cases_is_accepted(tmp_path: Path) -> None:
    contract = write_log(tmp_path, weeks=12, per_day=2, where="        where: {channel: web}\n")
    assert runner.invoke(app, ["check", str(contract)]).exit_code == ExitCode.OK
    scanned = runner.invoke(app, ["scan", str(contract), "--no-store", "--fail-on", "never"])
    assert scanned.exit_code == ExitCode.OK, scanned.output
    assert "admits no case" not in scanned.output


def test_until_before_a_checks_first_case_is_an_error_naming_it(tmp_path: Path) -> None:
    contract = write_log(
        tmp_path,
        weeks=14,
        per_day=2,
        baseline="baseline: {until: 2025-02-02}\n",
        escalated_from_week=6,
    )
    for command in ("check", "scan"):
        result = runner.invoke(app, [command, str(contract)])
        assert result.exit_code == ExitCode.INPUT, result.output
        assert "baseline.until 2025-02-02 is before the first case of 1 check" in result.output
        assert "'escalated-answered' (first case 2025-02-17)" in result.output
        assert "to a day after 2025-02-17" in result.output


def test_until_before_the_log_is_an_error_in_check_and_scan(tmp_path: Path) -> None:
    contract = write_log(tmp_path, weeks=12, per_day=2, baseline="baseline: {until: 2024-06-01}\n")
    for command in ("check", "scan"):
        result = runner.invoke(app, [command, str(contract)])
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "baseline.until 2024-06-01 is before the log's first event" in result.output
