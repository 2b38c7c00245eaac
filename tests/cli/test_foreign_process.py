"""`taut scan` on a process the simulator never makes: a seven-day IT service desk.

Everything about this log differs from the Sales-to-Operations handoff the rest of the suite
uses: its column names, its steps, day-first text times in Europe/London, work on weekends,
five resolver groups, priorities and categories as conditions, a ``complete`` check on a
step late in the case and an ``order`` check between the last two steps. Two drifts are
injected: triage in the Network group slows threefold from ``TRIAGE_ONSET``, and resolution
codes are left blank three times as often everywhere from ``NOTES_ONSET``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode

runner = CliRunner()
pytestmark = pytest.mark.slow

START = date(2025, 3, 3)
WEEKS = 22
TRIAGE_ONSET = START + timedelta(weeks=14)
NOTES_ONSET = START + timedelta(weeks=16)
GROUPS = ("Network", "Desktop", "Apps", "Identity", "Storage")
CONTRACT = """\
process: Service desk incidents
source: {path: desk.csv, timezone: Europe/London, timestamp_format: "%d/%m/%Y %H:%M"}
columns: {case: ticket, activity: event, timestamp: when, team: resolver_group, person: agent}
conditions: [priority, category]
areas:
  - name: First response
    risk: high
    checks:
      - id: triage-within-4h
        within: {from: Ticket opened, to: Triage done, limit: 4h}
        target: 85%
      - id: triage-present
        present: {step: Triage done, after: Ticket opened, within: 2d}
        target: 98%
  - name: Resolution quality
    risk: medium
    checks:
      - id: resolution-notes
        complete: {at: Resolved, fields: [resolution_code, root_cause]}
        target: 90%
      - id: resolved-before-closed
        order: [Resolved, Closed]
        target: 99%
"""


def _hours(values: np.ndarray[Any, np.dtype[np.float64]]) -> pd.TimedeltaIndex:
    return pd.to_timedelta(values, unit="h")


def write_service_desk(folder: Path, *, seed: int = 11, dates_only: bool = False) -> Path:
    """Write the service-desk log and its contract into ``folder``; return the contract.

    ``dates_only`` writes the day of each event without its time, as some exports do.
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range(START, periods=WEEKS * 7, freq="D")
    per_day = rng.poisson(np.where(days.weekday < 5, 45, 20))
    opened_day = np.repeat(days.to_numpy(), per_day)
    n = opened_day.size
    group = np.asarray(GROUPS)[rng.integers(len(GROUPS), size=n)]
    agent = np.char.add(
        np.char.add(np.char.lower(group.astype(str)), "-"), rng.integers(8, size=n).astype(str)
    )
    opened = pd.DatetimeIndex(opened_day) + _hours(rng.uniform(7.0, 20.0, n))
    slow = (group == "Network") & (opened >= pd.Timestamp(TRIAGE_ONSET))
    triaged = opened + _hours(rng.lognormal(np.log(np.where(slow, 4.5, 1.5)), 0.8))
    resolved = triaged + _hours(rng.lognormal(np.log(20.0), 1.0, n))
    closed = resolved + _hours(rng.uniform(24.0, 96.0, n))
    blank = rng.random(n) < np.where(resolved >= pd.Timestamp(NOTES_ONSET), 0.12, 0.04)
    ticket = np.char.add("INC", np.arange(n).astype(str))
    empty = np.full(n, "")

    def rows(
        event: str, when: pd.DatetimeIndex, keep: np.ndarray[Any, np.dtype[np.bool_]], **extra: Any
    ) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "ticket": ticket,
                "event": event,
                "when": when,
                "resolver_group": group,
                "agent": agent,
                "priority": empty,
                "category": empty,
                "resolution_code": empty,
                "root_cause": empty,
            }
        )
        for column, values in extra.items():
            frame[column] = values
        return frame[keep]

    everyone = np.ones(n, dtype=bool)
    log = pd.concat(
        [
            rows(
                "Ticket opened",
                opened,
                everyone,
                priority=rng.choice(["P1", "P2", "P3", "P4"], p=[0.05, 0.2, 0.45, 0.3], size=n),
                category=rng.choice(["hardware", "software", "access"], size=n),
            ),
            rows("Triage done", triaged, rng.random(n) > 0.01),
            rows(
                "Resolved",
                resolved,
                everyone,
                resolution_code=np.where(blank, "", "fixed"),
                root_cause=np.where(rng.random(n) < 0.03, "", "documented"),
            ),
            rows("Closed", closed, rng.random(n) > 0.02),
        ]
    )
    log = log[log["when"] < pd.Timestamp(START + timedelta(weeks=WEEKS))]
    log["when"] = log["when"].dt.strftime("%d/%m/%Y" if dates_only else "%d/%m/%Y %H:%M")
    log.sample(frac=1.0, random_state=seed).to_csv(folder / "desk.csv", index=False)
    contract = folder / "taut.yaml"
    text = CONTRACT.replace('"%d/%m/%Y %H:%M"', '"%d/%m/%Y"') if dates_only else CONTRACT
    contract.write_text(text, encoding="utf-8")
    return contract


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], str]:
    contract = write_service_desk(tmp_path_factory.mktemp("service-desk"))
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


def test_the_slow_triage_is_placed_in_its_group(scanned: tuple[int, dict[str, Any], str]) -> None:
    _, data, _ = scanned
    segments = [
        s["segment"]
        for s in data["signals"] + data["watching"]
        if s["check"] == "triage-within-4h" and s["segment"] is not None
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
