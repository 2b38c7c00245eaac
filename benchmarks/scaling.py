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
10M-case log (43.5M events) is written in a few minutes in a bounded amount of memory.

Run::

    .venv/bin/python benchmarks/scaling.py generate --cases 2000000 --data /tmp/scale-bench-data
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write one log and its taut.yaml files")
    generate.add_argument("--cases", type=int, default=100_000)
    generate.add_argument("--data", type=Path, default=Path("/tmp/scale-bench-data"))
    args = parser.parse_args()
    if args.command == "generate":
        started = time.perf_counter()
        contracts = write_log(cases=args.cases, folder=args.data / f"cases-{args.cases}")
        print(f"wrote {contracts[0]} and {contracts[1]} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
