"""How `taut outcomes` and `taut scan` scale with cases, against one hand-written DuckDB statement.

Issue 10 asks for a scan that scales: cost linear in cases, ``taut outcomes`` within 1.5x and
``taut scan`` within 3x of a like-for-like hand-written DuckDB statement that writes the
per-case table, and a 10M-case log finished under a memory cap of 8 GB.

The log (:func:`write_log`) is an incident log like the issue's: seeded, one ticket per case,
about 4.35 events a case (``Ticket opened`` always; ``Triage done`` 97%, ``Escalated`` 55%,
``Resolved`` 93%, ``Closed`` 90%), six resolver teams, one attribute (``priority``) and two
fields on ``Resolved`` (``resolution_code``, ``root_cause``), over 52 weeks from 2025-01-06.
Its ``taut.yaml`` has six checks of all four kinds (two ``within``, one ``present``, one
``complete``, two ``order``, one of them scoped by ``where``). Each size is written twice:

- ``typed/events.parquet``: ``when`` a Parquet timestamp (UTC instants);
- ``text/events.csv``: ``when`` the wall-clock time in Europe/London as text
  (``YYYY-MM-DD HH:MM:SS``), the form most exports take.

Generation is vectorised (numpy draws, pyarrow columns) and streamed in blocks of cases, so a
10M-case log (43.5M events) is written in a couple of minutes in a bounded amount of memory.

Contenders, each in a fresh process under a wrapper that reads its wall time and peak resident
memory (``getrusage(RUSAGE_CHILDREN)``), ``--repeat`` rounds (outcomes and reference alternate
which goes first), on each log:

- ``taut outcomes taut.yaml -o taut.parquet``;
- ``taut scan taut.yaml --fail-on never`` (the default command: signals and insights);
- the reference (:data:`REFERENCE`): one hand-written DuckDB statement over the same file that
  writes the same Parquet table; the two files are compared row by row.

Logs of at least ``--cap-from`` cases (10M) run under a memory cap (``--cap-gb``, 8 GB): the
wrapper polls the child's resident memory and kills it past the cap, and the peak is checked
against it; taut keeps its own DuckDB memory limit, the reference gets ``memory_limit`` 6 GB
(DuckDB's default is 80% of the machine). The table goes into ``benchmarks/RESULTS.md``
between this script's marks, ratios taken against the reference of the same run.

Run (the four sizes take about an hour on 2 cores; logs are deleted after unless ``--keep``)::

    nice -n 5 .venv/bin/python benchmarks/scaling.py                    # or: make scaling
    .venv/bin/python benchmarks/scaling.py --sizes 0.1M,0.5M --no-results   # a quick look
    .venv/bin/python benchmarks/scaling.py generate --cases 2M --data /tmp/scale-bench-data
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from results_marks import marked_block, replace_marked

SCRIPT = "scaling.py"
SECTION = "## Scaling (issue 10)"
RESULTS = Path(__file__).with_name("RESULTS.md")
DATA = Path("/tmp/scale-bench-data")
SIZES: tuple[str, ...] = ("0.1M", "0.5M", "2M", "10M")
CAP_GB = 8.0
REFERENCE_MEMORY_UNDER_CAP = "6GB"
TARGET_CASES = 2_000_000
TARGET_OUTCOMES = 1.5
TARGET_SCAN = 3.0
TARGET_PEAK_GB = 3.0
Form = Literal["typed", "text"]
FORMS: tuple[Form, ...] = ("typed", "text")
Contender = Literal["outcomes", "scan", "reference"]
CONTENDERS: tuple[Contender, ...] = ("outcomes", "scan", "reference")
SEED = 10
START = np.datetime64("2025-01-06T00:00:00", "s")
DAYS = 52 * 7
TIMEZONE = "Europe/London"
TEAMS: tuple[str, ...] = ("Network", "Desktop", "Database", "Identity", "Storage", "Service")
PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
PRIORITY_SHARES: tuple[float, ...] = (0.05, 0.20, 0.45, 0.30)
OPENED, TRIAGED, ESCALATED, RESOLVED, CLOSED = (
    "Ticket opened",
    "Triage done",
    "Escalated",
    "Resolved",
    "Closed",
)
SHARES: dict[str, float] = {TRIAGED: 0.97, ESCALATED: 0.55, RESOLVED: 0.93, CLOSED: 0.90}
"""The share of cases with each event after ``Ticket opened`` (1 + 3.35 = 4.35 a case)."""
BLOCK = 500_000
"""Cases generated and written at a time."""

CONTRACT = """\
process: Incident management
source: {{path: {path}, timezone: {timezone}}}
columns: {{case: ticket, activity: event, timestamp: when, team: resolver_group}}
conditions: [priority]
privacy: {{show_small_teams: true}}
areas:
  - name: First response
    risk: high
    checks:
      - id: triage-within-4h
        within: {{from: {opened}, to: {triaged}, limit: 4h}}
        target: 85%
      - id: triage-present
        present: {{step: {triaged}, after: {opened}, within: 2d}}
        target: 97%
      - id: escalated-after-triage
        order: [{triaged}, {escalated}]
        target: 98%
        where: {{priority: [P1, P2]}}
  - name: Resolution
    risk: medium
    checks:
      - id: resolved-within-3d
        within: {{from: {opened}, to: {resolved}, limit: 3d}}
        target: 80%
      - id: resolution-notes
        complete: {{at: {resolved}, fields: [resolution_code, root_cause]}}
        target: 90%
      - id: resolved-before-closed
        order: [{resolved}, {closed}]
        target: 99%
"""

_FIELDS: list[pa.Field[Any]] = [
    pa.field("ticket", pa.string()),
    pa.field("event", pa.string()),
    pa.field("when", pa.timestamp("us", tz="UTC")),
    pa.field("resolver_group", pa.string()),
    pa.field("priority", pa.string()),
    pa.field("resolution_code", pa.string()),
    pa.field("root_cause", pa.string()),
]
SCHEMA = pa.schema(_FIELDS)
WHEN = SCHEMA.field("when").type
TEXT_SCHEMA = SCHEMA.set(SCHEMA.get_field_index("when"), pa.field("when", pa.string()))


def contract_text(path: str) -> str:
    """The ``taut.yaml`` that watches the log stored at ``path``."""
    return CONTRACT.format(
        path=path,
        timezone=TIMEZONE,
        opened=OPENED,
        triaged=TRIAGED,
        escalated=ESCALATED,
        resolved=RESOLVED,
        closed=CLOSED,
    )


def _hours(values: np.ndarray) -> np.ndarray:
    return (values * 3600.0).astype("timedelta64[s]")


def _strings(values: tuple[str, ...], index: np.ndarray) -> pa.Array[Any]:
    """``values[index]`` as a plain string array (dictionary-decoded, cheap to build)."""
    dictionary = pa.DictionaryArray.from_arrays(pa.array(index, pa.int8()), pa.array(values))
    return dictionary.cast(pa.string())


def block(*, rng: np.random.Generator, first: int, cases: int) -> pa.Table:
    """The events of cases ``first`` .. ``first + cases - 1``, grouped by event kind."""
    n = cases
    day = rng.integers(DAYS, size=n)
    weekend = (day % 7) >= 5
    # Fewer tickets at weekends: move most weekend tickets to the Friday before.
    day = np.where(weekend & (rng.random(n) < 0.6), day - day % 7 + 4, day)
    opened = START + day.astype("timedelta64[D]") + _hours(rng.beta(2.5, 2.5, n) * 24.0)
    team = rng.integers(len(TEAMS), size=n)
    priority = rng.choice(len(PRIORITIES), size=n, p=PRIORITY_SHARES)
    slow = 1.0 + 0.4 * (team == 2) + 0.3 * (priority == 3)
    triaged = opened + _hours(rng.lognormal(np.log(1.5 * slow), 0.9))
    escalated = triaged + _hours(rng.lognormal(np.log(3.0), 1.0, n))
    # 1% of escalations are recorded before the triage that should precede them.
    early = rng.random(n) < 0.01
    escalated = np.where(early, triaged - _hours(rng.uniform(0.1, 2.0, n)), escalated)
    resolved = opened + _hours(rng.lognormal(np.log(30.0 * slow), 1.0))
    closed = resolved + _hours(rng.uniform(24.0, 96.0, n))
    late = rng.random(n) < 0.005
    closed = np.where(late, resolved - _hours(rng.uniform(0.1, 5.0, n)), closed)
    times = {
        OPENED: opened,
        TRIAGED: triaged,
        ESCALATED: escalated,
        RESOLVED: resolved,
        CLOSED: closed,
    }
    code_blank = rng.random(n) < 0.04 * slow
    cause_blank = rng.random(n) < 0.08
    number = pa.array(np.arange(first, first + n)).cast(pa.string())
    ids = pc.utf8_replace_slice(pc.utf8_lpad(number, 8, "0"), 0, 0, "INC")
    parts = []
    for event, when in times.items():
        keep = np.ones(n, bool) if event == OPENED else rng.random(n) < SHARES[event]
        rows = np.flatnonzero(keep)
        fields = {
            name: pc.if_else(pa.array(blank[rows]), pa.scalar(None, pa.string()), value)
            if event == RESOLVED
            else pa.nulls(rows.size, pa.string())
            for name, blank, value in (
                ("resolution_code", code_blank, "RC-42"),
                ("root_cause", cause_blank, "config change"),
            )
        }
        parts.append(
            pa.table(
                {
                    "ticket": ids.take(rows),
                    "event": pa.repeat(pa.scalar(event), rows.size),
                    "when": pa.array(when[rows].astype("datetime64[us]")).cast(WHEN),
                    "resolver_group": _strings(TEAMS, team[rows]),
                    "priority": _strings(PRIORITIES, priority[rows]),
                    **fields,
                },
                schema=SCHEMA,
            )
        )
    return pa.concat_tables(parts)


def text_times(table: pa.Table) -> pa.Table:
    """``table`` with ``when`` as wall-clock text in :data:`TIMEZONE` (``YYYY-MM-DD HH:MM:SS``)."""
    zoned = table["when"].cast(pa.timestamp("s", tz="UTC")).cast(pa.timestamp("s", tz=TIMEZONE))
    # pyarrow's stubs list only naive microsecond input, but any zoned timestamp is accepted.
    text = pc.local_timestamp(zoned).cast(pa.string())  # type: ignore[arg-type]
    return table.set_column(table.schema.get_field_index("when"), "when", text)


def write_log(*, cases: int, folder: Path, seed: int = SEED) -> tuple[Path, Path]:
    """Write the log of ``cases`` cases under ``folder``; return the two ``taut.yaml`` paths.

    ``folder/typed`` holds ``events.parquet`` (typed times), ``folder/text`` holds
    ``events.csv`` (text times); each has its ``taut.yaml``. An existing complete log is
    kept (the ``taut.yaml`` files are written last).
    """
    typed, text = folder / "typed", folder / "text"
    contracts = (typed / "taut.yaml", text / "taut.yaml")
    if all(path.exists() for path in contracts):
        return contracts
    typed.mkdir(parents=True, exist_ok=True)
    text.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    with (
        pq.ParquetWriter(typed / "events.parquet", SCHEMA) as parquet,
        pa_csv.CSVWriter(text / "events.csv", TEXT_SCHEMA) as csv,
    ):
        for first in range(0, cases, BLOCK):
            events = block(rng=rng, first=first + 1, cases=min(BLOCK, cases - first))
            parquet.write_table(events)
            csv.write_table(text_times(events))
    contracts[0].write_text(contract_text("events.parquet"), encoding="utf-8")
    contracts[1].write_text(contract_text("events.csv"), encoding="utf-8")
    return contracts


READ_TIMES = {
    "typed": "timezone('UTC', \"when\")",
    "text": f"timezone('UTC', timezone('{TIMEZONE}', \"when\"::TIMESTAMP))",
}
"""Each log's times as naive UTC: typed instants as they are; text as wall-clock time."""

REFERENCE = """
COPY (
WITH e AS (
  SELECT ticket AS case_id, event AS activity, {read_time} AS ts,
         nullif(trim(resolver_group), '') AS team, nullif(trim(priority), '') AS priority,
         nullif(trim(resolution_code), '') AS resolution_code,
         nullif(trim(root_cause), '') AS root_cause
  FROM {source}
),
c AS (
  SELECT case_id,
    min(ts) AS start_ts,
    min(ts) FILTER (activity = 'Ticket opened') AS f_open,
    min(ts) FILTER (activity = 'Triage done') AS f_tri,
    min(ts) FILTER (activity = 'Escalated') AS f_esc,
    min(ts) FILTER (activity = 'Resolved') AS f_res,
    min(ts) FILTER (activity = 'Closed') AS f_clo,
    min(ts) FILTER (team IS NOT NULL) AS t_team,
    min(ts) FILTER (priority IS NOT NULL) AS t_priority
  FROM e GROUP BY case_id
),
second AS (
  SELECT e.case_id,
    min(e.ts) FILTER (e.activity = 'Triage done' AND e.ts >= c.f_open) AS tri_after,
    min(e.ts) FILTER (e.activity = 'Resolved' AND e.ts >= c.f_open) AS res_after,
    -- fields on the first Resolved: most filled first, then the earliest-listed field
    max(4 * ((resolution_code IS NOT NULL)::INT + (root_cause IS NOT NULL)::INT)
        + 2 * (resolution_code IS NOT NULL)::INT + (root_cause IS NOT NULL)::INT)
      FILTER (e.activity = 'Resolved' AND e.ts = c.f_res) AS score,
    -- case attributes: the first non-empty value by time, ties to the smallest value
    min(team) FILTER (e.ts = c.t_team) AS team_,
    min(priority) FILTER (e.ts = c.t_priority) AS priority_
  FROM e JOIN c USING (case_id)
  GROUP BY e.case_id
),
cc AS (
  SELECT c.*, s.* EXCLUDE (case_id), (SELECT max(ts) FROM e) AS data_end
  FROM c LEFT JOIN second s USING (case_id)
),
rows AS (
  SELECT case_id, 'First response' AS area, 'triage-within-4h' AS "check", 'within' AS kind,
    f_open AS anchor_time,
    CASE WHEN tri_after IS NOT NULL THEN tri_after
         WHEN f_open + INTERVAL 4 HOUR <= data_end THEN f_open + INTERVAL 4 HOUR END
      AS decided_time,
    CASE WHEN tri_after <= f_open + INTERVAL 4 HOUR THEN 'kept'
         WHEN tri_after IS NULL AND f_open + INTERVAL 4 HOUR > data_end THEN 'pending'
         ELSE 'missed' END AS status,
    date_diff('microsecond', f_open, tri_after) / 3600e6 AS value,
    NULL::VARCHAR[] AS blank_fields, team_, priority_
  FROM cc WHERE f_open IS NOT NULL
  UNION ALL
  SELECT case_id, 'First response', 'triage-present', 'present', f_open,
    CASE WHEN tri_after IS NOT NULL THEN tri_after
         WHEN f_open + INTERVAL 2 DAY <= data_end THEN f_open + INTERVAL 2 DAY END,
    CASE WHEN tri_after IS NOT NULL THEN 'kept'
         WHEN f_open + INTERVAL 2 DAY > data_end THEN 'pending' ELSE 'missed' END,
    date_diff('microsecond', f_open, tri_after) / 3600e6, NULL, team_, priority_
  FROM cc WHERE f_open IS NOT NULL
  UNION ALL
  SELECT case_id, 'First response', 'escalated-after-triage', 'order', least(f_tri, f_esc),
    greatest(f_tri, f_esc), CASE WHEN f_tri <= f_esc THEN 'kept' ELSE 'missed' END,
    NULL, NULL, team_, priority_
  FROM cc WHERE f_tri IS NOT NULL AND f_esc IS NOT NULL AND priority_ IN ('P1', 'P2')
  UNION ALL
  SELECT case_id, 'Resolution', 'resolved-within-3d', 'within', f_open,
    CASE WHEN res_after IS NOT NULL THEN res_after
         WHEN f_open + INTERVAL 3 DAY <= data_end THEN f_open + INTERVAL 3 DAY END,
    CASE WHEN res_after <= f_open + INTERVAL 3 DAY THEN 'kept'
         WHEN res_after IS NULL AND f_open + INTERVAL 3 DAY > data_end THEN 'pending'
         ELSE 'missed' END,
    date_diff('microsecond', f_open, res_after) / 3600e6, NULL, team_, priority_
  FROM cc WHERE f_open IS NOT NULL
  UNION ALL
  SELECT case_id, 'Resolution', 'resolution-notes', 'complete', f_res, f_res,
    CASE WHEN score >= 8 THEN 'kept' ELSE 'missed' END, (score // 4) / 2.0,
    list_filter([CASE WHEN score & 2 = 0 THEN 'resolution_code' END,
                 CASE WHEN score & 1 = 0 THEN 'root_cause' END], x -> x IS NOT NULL),
    team_, priority_
  FROM cc WHERE f_res IS NOT NULL
  UNION ALL
  SELECT case_id, 'Resolution', 'resolved-before-closed', 'order', least(f_res, f_clo),
    greatest(f_res, f_clo), CASE WHEN f_res <= f_clo THEN 'kept' ELSE 'missed' END,
    NULL, NULL, team_, priority_
  FROM cc WHERE f_res IS NOT NULL AND f_clo IS NOT NULL
),
workload AS (
  SELECT team_key, d, n AS workload,
    cume_dist() OVER (PARTITION BY team_key ORDER BY n) AS workload_pct
  FROM (SELECT coalesce(team_, '') AS team_key,
               timezone('{timezone}', timezone('UTC', start_ts))::DATE AS d, count(*) AS n
        FROM cc GROUP BY ALL)
),
local AS (
  SELECT *, timezone('{timezone}', timezone('UTC', anchor_time)) AS anchor_local FROM rows
)
SELECT l.case_id, l.area, l."check", l.kind, l.anchor_time, l.decided_time, l.status, l.value,
  l.blank_fields, l.team_ AS team, hour(l.anchor_local) AS hour,
  dayname(l.anchor_local) AS weekday, l.anchor_local::DATE AS day,
  coalesce(w.workload, 0) AS workload, coalesce(w.workload_pct, 0) AS workload_pct,
  l.priority_ AS priority
FROM local l
LEFT JOIN workload w ON coalesce(l.team_, '') = w.team_key AND l.anchor_local::DATE = w.d
) TO '{out}' (FORMAT parquet)
"""
"""The reference: one statement, as an analyst would write it for this contract, that writes
the same table as ``taut outcomes -o out.parquet`` (same rows, columns, types and values).
It reads the log as DuckDB reads it unaided (``read_csv`` types the text times itself) and
skips taut's input checks (blank ids, unparseable times, duplicates), which change nothing
on this log."""


def reference_sql(*, contract: Path, out: Path) -> str:
    """The reference statement for the log beside ``contract``, writing ``out``."""
    typed = (contract.parent / "events.parquet").exists()
    source = (
        f"read_parquet('{contract.parent / 'events.parquet'}')"
        if typed
        else f"read_csv('{contract.parent / 'events.csv'}')"
    )
    return REFERENCE.format(
        read_time=READ_TIMES["typed" if typed else "text"],
        source=source,
        timezone=TIMEZONE,
        out=out,
    )


def run_reference(*, contract: Path, out: Path, memory_limit: str | None) -> None:
    """Run the reference statement in this process (DuckDB's defaults, every core)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(reference_sql(contract=contract, out=out))


def compare(taut_out: Path, reference_out: Path) -> dict[str, int]:
    """Rows only in one output, and per column the rows whose values differ."""
    con = duckdb.connect()
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM '{taut_out}'").fetchall()]
    theirs = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM '{reference_out}'").fetchall()]
    if columns != theirs:
        raise SystemExit(f"columns differ: taut {columns} vs reference {theirs}")
    values = [name for name in columns if name not in ("case_id", "check")]
    differing = ", ".join(
        f'count(*) FILTER (a."{name}" IS DISTINCT FROM b."{name}")' for name in values
    )
    row = con.execute(
        f"""
        SELECT count(*), count(*) FILTER (b.case_id IS NULL),
          count(*) FILTER (a.case_id IS NULL), {differing}
        FROM '{taut_out}' a FULL OUTER JOIN '{reference_out}' b
          ON a.case_id = b.case_id AND a."check" = b."check"
        """
    ).fetchone()
    assert row is not None
    names = ["joined", "only_taut", "only_reference", *values]
    return dict(zip(names, (int(value) for value in row), strict=True))


@dataclass(frozen=True)
class Run:
    """One measured run: wall seconds, the peak resident memory of the process, and its CPU
    seconds (user + system, its threads included)."""

    wall: float
    peak_gb: float
    failed: str = ""
    cpu: float = float("nan")


def _rss_gb(pid: int) -> float:
    """The resident memory of process ``pid`` now (0 once it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * resource.getpagesize() / 1e9


def _measure_child(command: list[str], *, cap_gb: float | None) -> None:
    """Run ``command``, killing it past ``cap_gb`` of resident memory; print wall and peak."""
    started = time.perf_counter()
    # stderr goes to a file: reading a pipe here would block until the child ends, and the
    # watchdog would poll its memory once only.
    with (
        tempfile.TemporaryFile() as stderr,
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr) as child,
    ):
        over = False
        while child.poll() is None:
            if cap_gb is not None and _rss_gb(child.pid) > cap_gb:
                child.kill()
                over = True
            time.sleep(0.05)
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_gb = usage.ru_maxrss / 1e6
    cpu = usage.ru_utime + usage.ru_stime
    failed = ""
    if over or (cap_gb is not None and peak_gb > cap_gb):
        failed = f"killed past {cap_gb:g} GB"
    elif child.returncode not in (0, 1):  # scan exits 1 on a signal even with --fail-on never
        sys.stderr.write(errors)
        failed = f"exit {child.returncode}"
    print(json.dumps({"wall": wall, "peak_gb": peak_gb, "failed": failed, "cpu": cpu}))


def measure(command: list[str], *, cap_gb: float | None) -> Run:
    """Wall time and peak RSS of ``command``, run under a wrapper process of its own.

    The wrapper's ``getrusage(RUSAGE_CHILDREN)`` holds the peak of the one child it waited
    for, so no run's memory is mixed with another's. Under ``cap_gb`` the wrapper polls the
    child's resident memory every 50 ms and kills it past the cap.
    """
    cap = [] if cap_gb is None else ["--cap-gb", str(cap_gb)]
    wrapper = [sys.executable, str(Path(__file__).resolve()), "_measure", *cap, "--", *command]
    done = subprocess.run(wrapper, check=True, capture_output=True, text=True, env=_compiling())
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(
        wall=report["wall"], peak_gb=report["peak_gb"], failed=report["failed"], cpu=report["cpu"]
    )


@dataclass(frozen=True)
class Row:
    """One log (a size in one time form) and the medians of each contender on it."""

    cases: int
    events: int
    form: Form
    runs: dict[Contender, list[Run]]
    capped: bool
    same: dict[str, int]

    def wall(self, name: Contender) -> float:
        """The median wall time of ``name`` (nan when not run)."""
        if not self.runs[name]:
            return float("nan")
        return statistics.median(run.wall for run in self.runs[name])

    def cpu(self, name: Contender) -> float:
        """The median CPU seconds of ``name`` (nan when not run)."""
        if not self.runs[name]:
            return float("nan")
        return statistics.median(run.cpu for run in self.runs[name])

    def failed(self, name: Contender) -> str:
        """Why a run of ``name`` did not finish (empty when every run did)."""
        if not self.runs[name]:
            return "not run"
        return next((run.failed for run in self.runs[name] if run.failed), "")

    def cell(self, name: Contender) -> str:
        """``name``'s wall time (peak) for the table, or how it failed."""
        failed = self.failed(name)
        if failed == "not run":
            return "not run"
        if failed:
            return f"{failed} after {self.wall(name):.0f} s"
        return f"{self.wall(name):.1f} ({self.peak(name):.2f})"

    def ratio(self, name: Contender) -> str:
        """``name``'s wall time over the reference's, for the table."""
        if self.failed(name) or self.failed("reference"):
            return "-"
        return f"{self.wall(name) / self.wall('reference'):.2f}x"

    def peak(self, name: Contender) -> float:
        """The largest peak RSS of ``name`` over its runs (nan when not run)."""
        return max((run.peak_gb for run in self.runs[name]), default=float("nan"))


def commands(*, contract: Path, out: Path, cap_gb: float | None) -> dict[Contender, list[str]]:
    """The command line of each contender on the log of ``contract``."""
    taut = str(Path(sys.executable).parent / "taut")
    limit = [] if cap_gb is None else ["--reference-memory", REFERENCE_MEMORY_UNDER_CAP]
    return {
        "outcomes": [taut, "outcomes", str(contract), "-o", str(out / "taut.parquet")],
        "scan": [taut, "scan", str(contract), "--fail-on", "never"],
        "reference": [
            sys.executable,
            str(Path(__file__).resolve()),
            "_reference",
            "--contract",
            str(contract),
            "--out",
            str(out / "reference.parquet"),
            *limit,
        ],
    }


def measure_log(
    *,
    cases: int,
    form: Form,
    contract: Path,
    repeat: int,
    cap_gb: float | None,
    scan: bool = True,
) -> Row:
    """Run every contender ``repeat`` times on one log, alternating outcomes and reference."""
    out = contract.parent / "out"
    out.mkdir(exist_ok=True)
    lines = commands(contract=contract, out=out, cap_gb=cap_gb)
    runs: dict[Contender, list[Run]] = {name: [] for name in CONTENDERS}
    for round_ in range(repeat):
        order: list[Contender] = ["outcomes", "reference"]
        order = order if round_ % 2 == 0 else order[::-1]
        order = [*order, "scan"] if scan else order
        for name in order:
            run = measure(lines[name], cap_gb=cap_gb)
            runs[name].append(run)
            print(
                f"  {cases:>10,} {form:5s} {name:9s} {run.wall:7.1f} s {run.peak_gb:5.2f} GB",
                flush=True,
            )
    source = contract.parent / ("events.parquet" if form == "typed" else "events.csv")
    counted = duckdb.connect().execute(f"SELECT count(*) FROM '{source}'").fetchone()
    assert counted is not None
    finished = not any(run.failed for name in ("outcomes", "reference") for run in runs[name])
    same = compare(out / "taut.parquet", out / "reference.parquet") if finished else {}
    return Row(
        cases=cases,
        events=int(counted[0]),
        form=form,
        runs=runs,
        capped=cap_gb is not None,
        same=same,
    )


def _same(row: Row) -> str:
    if not row.same:
        return "-"
    differing = sum(value for key, value in row.same.items() if key != "joined")
    return "yes" if differing == 0 else f"NO ({differing:,} differences)"


def table(rows: list[Row], *, cap_gb: float) -> str:
    """The Markdown table of every row, ratios against the reference of the same run."""
    lines = [
        "| cases | events | times | `taut outcomes` s (GB) | `taut scan` s (GB) | reference s (GB) "
        "| outcomes / reference | scan / reference | outcomes s per M cases | same rows |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in sorted(rows, key=lambda row: (row.cases, FORMS.index(row.form))):
        cap = f" (cap {cap_gb:g} GB)" if row.capped else ""
        cells = [
            f"{row.cases:,}{cap}",
            f"{row.events:,}",
            row.form,
            *(row.cell(name) for name in CONTENDERS),
            row.ratio("outcomes"),
            row.ratio("scan"),
            f"{row.wall('outcomes') / row.cases * 1e6:.1f}",
            _same(row),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_table(rows: list[Row]) -> str:
    """CPU seconds of each contender (user + system, threads included), and their ratios:
    on a shared machine a contender's wall time depends on what else runs, its CPU time
    much less (DuckDB's threads count in both taut's and the reference's)."""
    lines = [
        "| cases | times | `taut outcomes` CPU s | `taut scan` CPU s | reference CPU s "
        "| outcomes / reference (CPU) | scan / reference (CPU) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda row: (row.cases, FORMS.index(row.form))):
        reference = row.cpu("reference")
        cells = [
            f"{row.cases:,}",
            row.form,
            *(f"{row.cpu(name):.1f}" for name in CONTENDERS),
            f"{row.cpu('outcomes') / reference:.2f}x",
            f"{row.cpu('scan') / reference:.2f}x",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _versions() -> str:
    names = ("taut", "ibis-framework", "duckdb", "pyarrow", "numpy")
    return ", ".join(f"{name} {version(name)}" for name in names)


def _mark(passed: bool) -> str:  # noqa: FBT001 - a yes/no turned into a word
    return "**PASS**" if passed else "**MISS**"


def report(rows: list[Row], *, command: str, cap_gb: float, load: tuple[float, float]) -> str:
    """This script's block of RESULTS.md."""

    def within(row: Row, name: Contender, bound: float) -> str:
        ratio = row.ratio(name)
        passed = ratio != "-" and row.wall(name) / row.wall("reference") <= bound
        return f"{ratio}, {_mark(passed)}"

    at_target = [row for row in rows if row.cases == TARGET_CASES]
    targets = [
        f"- `taut outcomes` within {TARGET_OUTCOMES}x of the reference on {row.cases:,} cases, "
        f"{row.form} times: {within(row, 'outcomes', TARGET_OUTCOMES)}"
        for row in at_target
    ]
    targets += [
        f"- `taut scan` within {TARGET_SCAN}x of the reference on {row.cases:,} cases, "
        f"{row.form} times: {within(row, 'scan', TARGET_SCAN)}; peak {row.peak('scan'):.2f} GB "
        f"against {TARGET_PEAK_GB:g} GB, {_mark(row.peak('scan') < TARGET_PEAK_GB)}"
        for row in at_target
        if row.runs["scan"]
    ]
    targets += [
        f"- `taut scan` on {row.cases:,} cases, {row.form} times: not run (`--scan-up-to`)"
        for row in at_target
        if not row.runs["scan"]
    ]
    targets += [
        f"- {row.cases:,} cases, {row.form} times, every contender run finished under {cap_gb:g} "
        "GB: peaks "
        + ", ".join(f"{name} {row.peak(name):.2f}" for name in CONTENDERS if row.runs[name])
        + f" GB, "
        f"{_mark(all(row.failed(name) in ('', 'not run') for name in CONTENDERS))}"
        for row in rows
        if row.capped
    ]
    return "\n".join(
        [
            f"Command: `{command}` (run {time.strftime('%Y-%m-%d')}; "
            f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end, "
            f"{os.cpu_count()} cores)",
            "",
            f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {_versions()}.",
            "",
            "Logs: `benchmarks/scaling.py`'s incident log (seed "
            f"{SEED}, 52 weeks, about 4.35 events a case, six teams, one attribute, six checks "
            "of all four kinds), as Parquet with typed times and as CSV with text times. "
            "Each contender runs in a fresh process; wall time is the median of the runs, "
            "peak is the largest resident memory of the process (`getrusage`). The reference "
            "is one hand-written DuckDB statement writing the same Parquet table as "
            "`taut outcomes -o`; 'same rows' compares the two files row by row. `taut scan` is "
            "the default command (signals and insights, text on stdout). Python modules are "
            "byte-compiled before the first run, as an installer does.",
            "",
            table(rows, cap_gb=cap_gb),
            "",
            "CPU seconds (median of the same runs; user + system of the process, its threads "
            "included):",
            "",
            cpu_table(rows),
            "",
            f"Rows marked with a cap ran under a watchdog that kills a process whose resident "
            f"memory passes {cap_gb:g} GB (polled every 50 ms; the peak from `getrusage` is "
            "checked against the cap too); taut used its own DuckDB memory limit "
            f"(`TAUT_MEMORY_LIMIT` unset), the reference `SET memory_limit = "
            f"'{REFERENCE_MEMORY_UNDER_CAP}'`.",
            "",
            "Targets (issue 10):",
            "",
            *(targets or ["- none measured at this size"]),
        ]
    )


def write_results(text: str) -> None:
    """Replace this script's block of RESULTS.md, adding its section the first time."""
    content = RESULTS.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n" + marked_block(SCRIPT, text)
    RESULTS.write_text(replaced, encoding="utf-8")


def compile_imports() -> None:
    """Byte-compile every module the contenders import, as an installer does.

    This machine's environment may set ``PYTHONDONTWRITEBYTECODE`` (and ``uv sync`` does not
    compile), and a process that compiles pandas, Ibis and sqlglot from source at each start
    measures the environment, not taut: one import with the variable unset writes the
    ``.pyc`` files every later process reads.
    """
    imports = "import taut.cli, taut.api, scaling"
    here = Path(__file__).resolve().parent
    subprocess.run([sys.executable, "-c", imports], check=True, env=_compiling(), cwd=here)


def _compiling() -> dict[str, str]:
    """This process's environment, letting Python write the ``.pyc`` files it compiles."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def cases_of(text: str) -> int:
    """A size written as ``2000000``, ``2M`` or ``0.5M``.

    >>> [cases_of(size) for size in ("100000", "0.5M", "10M")]
    [100000, 500000, 10000000]
    """
    value = text.strip().upper()
    if value.endswith("M"):
        return round(float(value[:-1]) * 1_000_000)
    return int(value)


def measure_sizes(args: argparse.Namespace) -> None:
    """Measure every size and form asked for, writing RESULTS.md after each log."""
    forms = [form for form in FORMS if form in args.forms.split(",")]
    compile_imports()
    load_before = os.getloadavg()[0]
    flags = "" if args.sizes == ",".join(SIZES) else f" --sizes {args.sizes}"
    flags += "" if args.repeat == 1 else f" --repeat {args.repeat}"
    flags += "" if args.forms == "typed,text" else f" --forms {args.forms}"
    flags += "" if args.scan_up_to is None else f" --scan-up-to {args.scan_up_to:_}"
    command = f"nice -n 5 .venv/bin/python benchmarks/scaling.py{flags}"
    rows: list[Row] = []
    for cases in (cases_of(size) for size in args.sizes.split(",")):
        folder = args.data / f"cases-{cases}"
        started = time.perf_counter()
        typed, text = write_log(cases=cases, folder=folder)
        print(f"{cases:,} cases: log ready in {time.perf_counter() - started:.0f} s", flush=True)
        for form, contract in zip(FORMS, (typed, text), strict=True):
            if form not in forms:
                continue
            capped = args.cap_gb if cases >= args.cap_from else None
            rows.append(
                measure_log(
                    cases=cases,
                    form=form,
                    contract=contract,
                    repeat=args.repeat,
                    cap_gb=capped,
                    scan=args.scan_up_to is None or cases <= args.scan_up_to,
                )
            )
            # Written after every log, so a long run interrupted keeps what it measured.
            load = (load_before, os.getloadavg()[0])
            section = report(rows, command=command, cap_gb=args.cap_gb, load=load)
            if not args.no_results:
                write_results(section)
        if not args.keep:
            shutil.rmtree(folder)
    print(report(rows, command=command, cap_gb=args.cap_gb, load=(load_before, os.getloadavg()[0])))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_measure":
        rest = sys.argv[2:]
        cap = float(rest[1]) if rest[0] == "--cap-gb" else None
        _measure_child(rest[rest.index("--") + 1 :], cap_gb=cap)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands_ = parser.add_subparsers(dest="command")
    generate = commands_.add_parser("generate", help="write one log and its taut.yaml files")
    generate.add_argument("--cases", type=cases_of, default=100_000)
    generate.add_argument("--data", type=Path, default=DATA)
    reference = commands_.add_parser("_reference")
    reference.add_argument("--contract", type=Path, required=True)
    reference.add_argument("--out", type=Path, required=True)
    reference.add_argument("--reference-memory")
    parser.add_argument(
        "--sizes", default=",".join(SIZES), help="e.g. 0.1M,0.5M (default: %(default)s)"
    )
    parser.add_argument("--forms", default="typed,text", help="typed, text or both")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA, help="where the logs are written")
    parser.add_argument("--cap-gb", type=float, default=CAP_GB)
    parser.add_argument(
        "--cap-from",
        type=cases_of,
        default=cases_of("10M"),
        help="run logs of at least this many cases under the cap",
    )
    parser.add_argument(
        "--scan-up-to",
        type=cases_of,
        default=None,
        help="run taut scan only on logs of at most this many cases (default: every log)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the logs afterwards")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    if args.command == "generate":
        started = time.perf_counter()
        contracts = write_log(cases=args.cases, folder=args.data / f"cases-{args.cases}")
        print(f"wrote {contracts[0]} and {contracts[1]} in {time.perf_counter() - started:.1f} s")
        return
    if args.command == "_reference":
        run_reference(contract=args.contract, out=args.out, memory_limit=args.reference_memory)
        return
    measure_sizes(args)


if __name__ == "__main__":
    main()
