"""The privacy test: person ids planted everywhere a user could put them never come out.

A simulated log with a drift confined to one team gets distinctive person ids
(``PERSON-QX7Z-07``) in its person column, and the same ids again wherever taut reads a
column but should never show its values: an unmapped column, the fields of a ``complete``
check, the column a ``where`` scope reads. The drifting team becomes ``Solo Desk``, worked
by one person, and another team ``Pair Desk``, worked by two: both are big enough in cases
to be watched and named, so only the small-team rule keeps them out. Every command and
format then runs (with ``--debug`` too), and so do the error paths (the person's events
with bad times, no activity or no case id; a ragged row holding an id; a contract naming
the person column as the team or the activity), and every byte of stdout, stderr and each
file written is searched for a person id or a small team's name.

Columns whose values taut shows by design (case ids, activities, conditions, the team) get
no person id here: the contract refuses the person column in those roles, which is tested
below, and a second column of people under another name cannot be recognised (see
docs/contract.md, "People: counted, never shown").
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from taut.simulate import Condition, Drift, sales_handoff

PERSON = "PERSON-QX7Z-"
LEAK = re.compile(rb"PERSON-QX7Z-\d\d|Solo Desk|Pair Desk")
SMALL = "small team (fewer than 5 people)"


@dataclass(frozen=True)
class Run:
    """What one command printed and wrote."""

    code: int
    stdout: bytes
    stderr: bytes
    written: dict[str, bytes]

    @property
    def text(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", errors="replace")

    def leaks(self) -> list[str]:
        """Every person id or small team's name in any byte the command produced."""
        found = LEAK.findall(self.stdout) + LEAK.findall(self.stderr)
        for name, content in self.written.items():
            found += LEAK.findall(content)
            if name.endswith(".parquet"):  # compressed pages: read the values too
                table = pq.read_table(pa.BufferReader(content))
                found += LEAK.findall(str(table.to_pylist()).encode())
        return [item.decode() for item in found]


def _taut(*args: str, cwd: Path) -> Run:
    before = {path: path.stat().st_mtime_ns for path in cwd.rglob("*") if path.is_file()}
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "taut", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        check=False,
        timeout=600,
    )
    written = {
        str(path.relative_to(cwd)): path.read_bytes()
        for path in cwd.rglob("*")
        if path.is_file() and before.get(path) != path.stat().st_mtime_ns
    }
    assert b"Traceback" not in done.stderr or "--debug" in args, done.stderr.decode()
    return Run(code=done.returncode, stdout=done.stdout, stderr=done.stderr, written=written)


def _plant(events: pd.DataFrame) -> pd.DataFrame:
    """Person ids everywhere taut reads but must not show; two small teams."""
    planted = events.copy()
    people = sorted(planted["rep"].dropna().unique())
    ids = {name: f"{PERSON}{index:02d}" for index, name in enumerate(people)}
    planted["rep"] = planted["rep"].map(ids)
    west = planted["team"] == "West"
    planted.loc[west, "team"] = "Solo Desk"
    planted.loc[west, "rep"] = f"{PERSON}90"
    east = planted["team"] == "East"
    planted.loc[east, "team"] = "Pair Desk"
    pair = [f"{PERSON}91", f"{PERSON}92"]
    planted.loc[east, "rep"] = [pair[i % 2] for i in range(int(east.sum()))]
    planted["owner"] = planted["rep"]  # a column the contract never names
    filled = planted["billing_contact"].notna()
    planted.loc[filled, "billing_contact"] = planted.loc[filled, "rep"] + "@customer.example"
    scoped = planted["priority"] == "P4"  # outside the where scope (P1, P2)
    planted.loc[scoped, "priority"] = planted.loc[scoped, "rep"]
    return planted


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planted")
    drift = Drift(
        kind="skip",
        step="Operations acknowledged",
        onset=date(2025, 4, 7),
        size=0.35,
        condition=Condition(field="team", value="West"),
    )
    simulation = sales_handoff(seed=5, weeks=18, deals_per_day=25.0, drifts=(drift,))
    simulation.write(folder, fmt="csv")
    events = pd.read_csv(folder / "events.csv", dtype=str)
    _plant(events).to_csv(folder / "events.csv", index=False)
    return folder


def _copy(project: Path, target: Path, events: pd.DataFrame, *, edits: dict[str, str]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    contract = (project / "taut.yaml").read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in contract
        contract = contract.replace(old, new)
    (target / "taut.yaml").write_text(contract, encoding="utf-8")
    events.to_csv(target / "events.csv", index=False)
    return target


COMMANDS: list[tuple[str, ...]] = [
    ("check", "taut.yaml"),
    ("check", "taut.yaml", "--format", "json"),
    ("--debug", "check", "taut.yaml", "--format", "json"),
    ("outcomes", "taut.yaml", "-o", "-"),
    ("outcomes", "taut.yaml", "-o", "out/outcomes.csv"),
    ("outcomes", "taut.yaml", "-o", "out/outcomes.parquet"),
    ("--debug", "outcomes", "taut.yaml", "-o", "out/debug.parquet"),
    ("scan", "taut.yaml", "--format", "text"),
    ("scan", "taut.yaml", "--format", "md"),
    ("scan", "taut.yaml", "--format", "html"),
    ("scan", "taut.yaml", "--format", "json"),
    ("--debug", "scan", "taut.yaml", "--format", "text"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids="-".join)
def test_no_person_and_no_small_team_in_any_output(project: Path, args: tuple[str, ...]) -> None:
    (project / "out").mkdir(exist_ok=True)
    run = _taut(*args, cwd=project)
    assert run.code in (0, 1), run.text
    assert run.leaks() == []
    produced = run.stdout + b"".join(run.written.values())
    if args[-2:] == ("-o", "-") or args[-1].endswith(".csv"):
        assert SMALL.encode() in produced  # the small teams are there, by their label
    if "scan" in args:
        assert b"ack-within-24h" in run.stdout


@pytest.mark.slow
def test_the_drift_is_still_found_without_naming_its_small_team(project: Path) -> None:
    run = _taut("scan", "taut.yaml", "--format", "json", cwd=project)
    assert run.code == 1, run.text  # the whole check drifts, so it is raised
    assert run.leaks() == []


def test_error_paths_name_no_person(project: Path, tmp_path: Path) -> None:
    events = pd.read_csv(project / "events.csv", dtype=str).head(3000)
    solo = events["rep"] == f"{PERSON}90"
    rows = events.index[solo]
    bad = rows[:200]  # over 5% of the rows: an error, so every command stops at it
    events.loc[bad, "at"] = events.loc[bad, "at"].str.replace("2025-", "20X5-")
    events.loc[rows[200:210], "step"] = None
    events.loc[rows[210:220], "deal_id"] = None
    folder = _copy(project, tmp_path / "bad", events, edits={})
    for args in (
        ("check", "taut.yaml"),
        ("check", "taut.yaml", "--format", "json"),
        ("--debug", "check", "taut.yaml"),
        ("outcomes", "taut.yaml", "-o", "-"),
        ("scan", "taut.yaml", "--format", "json"),
    ):
        run = _taut(*args, cwd=folder)
        assert run.code == 3, run.text
        assert run.leaks() == [], args
    assert "not times" in _taut("check", "taut.yaml", cwd=folder).text


def test_a_ragged_row_with_a_person_id_is_not_quoted(project: Path, tmp_path: Path) -> None:
    events = pd.read_csv(project / "events.csv", dtype=str)
    folder = _copy(project, tmp_path / "ragged", pd.concat([events] * 2), edits={})
    ragged = f'"D-9","Deal closed","2025-01-06 08:00:00","East","{PERSON}77",x,y,z,,,,,,{PERSON}77'
    with (folder / "events.csv").open("a", encoding="utf-8") as file:
        file.write(ragged + "\n")
    run = _taut("check", "taut.yaml", cwd=folder)
    assert run.code == 3, run.text
    assert run.leaks() == []
    run = _taut("--debug", "check", "taut.yaml", cwd=folder)  # the traceback and debug log
    assert "whose number of fields differs from the header's" in run.text
    assert run.leaks() == []


@pytest.mark.parametrize(
    ("edit", "role"),
    [
        ("team: team", "the team column"),
        ("activity: step", "the activity column"),
        ("[region, deal_size]", "a condition"),
    ],
)
def test_every_command_refuses_the_person_column_in_another_role(
    project: Path, tmp_path: Path, edit: str, role: str
) -> None:
    key, _ = edit.split(": ") if ": " in edit else ("conditions", "")
    replacement = f"{key}: rep" if key != "conditions" else "[region, rep]"
    events = pd.read_csv(project / "events.csv", dtype=str).head(500)
    folder = _copy(project, tmp_path / "refused", events, edits={edit: replacement})
    messages = set()
    for args in (
        ("check", "taut.yaml"),
        ("check", "taut.yaml", "--format", "json"),
        ("outcomes", "taut.yaml", "-o", "-"),
        ("scan", "taut.yaml"),
    ):
        run = _taut(*args, cwd=folder)
        assert run.code == 2, run.text
        assert run.stdout == b""
        assert run.leaks() == []
        messages.add(run.stderr)
    (message,) = messages  # the same words from every command
    assert f"the person column cannot also be {role}".encode() in message


def test_person_values_under_another_column_are_refused_unnamed(
    project: Path, tmp_path: Path
) -> None:
    events = pd.read_csv(project / "events.csv", dtype=str).head(3000)
    events.loc[events["step"] == "Customer complaint", "step"] = f"{PERSON}90"
    folder = _copy(project, tmp_path / "owner", events, edits={"[region, deal_size]": "[owner]"})
    check = _taut("check", "taut.yaml", "--format", "json", cwd=folder)
    assert check.code == 3, check.text
    assert check.text.count('"code": "person-values-elsewhere"') == 2  # step and owner
    for run in (
        check,
        _taut("check", "taut.yaml", cwd=folder),
        _taut("outcomes", "taut.yaml", "-o", "-", cwd=folder),
        _taut("scan", "taut.yaml", "--format", "md", cwd=folder),
    ):
        assert run.code == 3, run.text
        assert run.leaks() == []
