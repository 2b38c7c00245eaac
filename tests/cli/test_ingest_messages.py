"""Careless and hostile log files end to end: `taut check` and `taut scan` name the cause.

One simulated log (20 weeks, a drift) is written again in the ways real exports differ:
a semicolon delimiter with a byte-order mark, latin-1 or UTF-16 text, epoch milliseconds
as text or as a Parquet int64 column, a JSON array, JSON Lines with a byte-order mark,
day-first dates. Each readable variant
must give exactly the scan of the plain CSV of the same events. Each unreadable variant
(undeclared latin-1, ragged rows, NUL bytes, a wrong delimiter, ambiguous or mixed date
orders, numbers that are no epoch time) must exit with the input-error code, in `check` and
in `scan`; what `check` prints is compared with
``tests/golden/hostile/ingest-messages/<case>.txt`` (the temporary folder written as
``<dir>``). Regenerate with ``TAUT_UPDATE_GOLDEN=1`` and read the diff.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode
from tests.golden import assert_golden
from tests.signal.scenarios import write_drift_log

runner = CliRunner()
pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "ingest-messages"
ZONE = ZoneInfo("America/Chicago")
PLAIN_SOURCE = "  path: events.csv\n"

Row = dict[str, str]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulated project: taut.yaml next to events.csv (times as local ISO text)."""
    contract = write_drift_log(tmp_path_factory.mktemp("plain"))
    assert PLAIN_SOURCE in contract.read_text(encoding="utf-8")
    return contract


@pytest.fixture(scope="module")
def rows(plain: Path) -> list[Row]:
    with (plain.parent / "events.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def plain_scan(plain: Path) -> tuple[int, dict[str, Any]]:
    return _scan(plain)


def _scan(contract: Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["scan", str(contract), "--format", "json"])
    data = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, data


def _project(folder: Path, plain: Path, *, name: str, source: str = "") -> Path:
    """A copy of the plain contract pointing at ``name``, with extra ``source`` keys."""
    text = plain.read_text(encoding="utf-8")
    contract = folder / "taut.yaml"
    contract.write_text(text.replace(PLAIN_SOURCE, f"  path: {name}\n{source}"), "utf-8")
    return contract


def _csv_text(rows: list[Row], *, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _epoch_ms(text: str) -> int:
    """Local wall-clock ISO text as epoch milliseconds, computed with zoneinfo."""
    moment = datetime.fromisoformat(text).replace(tzinfo=ZONE)
    return round(moment.timestamp() * 1000)


def _with_times(rows: list[Row], convert: Callable[[str], str]) -> list[Row]:
    return [{**row, "at": convert(row["at"])} for row in rows]


def _strftime(format_: str) -> Callable[[str], str]:
    return lambda text: datetime.fromisoformat(text).strftime(format_)


def _accented(rows: list[Row]) -> list[Row]:
    """Rows with an accent in billing_contact (a complete field: only blankness counts)."""
    return [
        {**row, "billing_contact": row["billing_contact"].replace("finance", "finançe")}
        for row in rows
    ]


# ---- readable variants: same scan as the plain CSV ---------------------------------------


def _semicolon_bom(folder: Path, rows: list[Row]) -> str:
    data = codecs.BOM_UTF8 + _csv_text(rows, delimiter=";").encode("utf-8")
    (folder / "events.csv").write_bytes(data)
    return "events.csv"


def _latin1_declared(folder: Path, rows: list[Row]) -> str:
    (folder / "events.csv").write_bytes(_csv_text(_accented(rows)).encode("latin-1"))
    return "events.csv"


def _utf16(folder: Path, rows: list[Row]) -> str:
    (folder / "events.csv").write_bytes(_csv_text(_accented(rows)).encode("utf-16"))
    return "events.csv"


def _epoch_ms_csv(folder: Path, rows: list[Row]) -> str:
    text = _csv_text(_with_times(rows, lambda at: str(_epoch_ms(at))))
    (folder / "events.csv").write_text(text, encoding="utf-8")
    return "events.csv"


def _epoch_ms_parquet(folder: Path, rows: list[Row]) -> str:
    names = list(rows[0])
    schema = pa.schema([(name, pa.int64() if name == "at" else pa.string()) for name in names])
    table = pa.Table.from_pylist(
        [{**row, "at": _epoch_ms(row["at"])} for row in rows], schema=schema
    )
    pq.write_table(table, folder / "events.parquet")
    return "events.parquet"


def _json_array(folder: Path, rows: list[Row]) -> str:
    (folder / "events.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return "events.json"


def _json_lines_bom(folder: Path, rows: list[Row]) -> str:
    text = "\ufeff" + "".join(json.dumps(row) + "\n" for row in rows)
    (folder / "events.jsonl").write_text(text, encoding="utf-8")
    return "events.jsonl"


def _day_first_declared(folder: Path, rows: list[Row]) -> str:
    text = _csv_text(_with_times(rows, _strftime("%d/%m/%Y %H:%M:%S")))
    (folder / "events.csv").write_text(text, encoding="utf-8")
    return "events.csv"


READABLE: dict[str, tuple[Callable[[Path, list[Row]], str], str]] = {
    "semicolon_bom": (_semicolon_bom, ""),
    "latin1_declared": (_latin1_declared, "  encoding: latin-1\n"),
    "utf16": (_utf16, ""),
    "epoch_ms_csv": (_epoch_ms_csv, ""),
    "epoch_ms_parquet": (_epoch_ms_parquet, ""),
    "epoch_ms_declared": (_epoch_ms_csv, "  timestamp_format: epoch_ms\n"),
    "json_array": (_json_array, ""),
    "json_lines_bom": (_json_lines_bom, ""),
    "day_first_declared": (_day_first_declared, '  timestamp_format: "%d/%m/%Y %H:%M:%S"\n'),
}


@pytest.mark.parametrize("case", sorted(READABLE))
def test_a_readable_variant_scans_like_the_plain_csv(
    case: str,
    tmp_path: Path,
    plain: Path,
    rows: list[Row],
    plain_scan: tuple[int, dict[str, Any]],
) -> None:
    write, source = READABLE[case]
    contract = _project(tmp_path, plain, name=write(tmp_path, rows), source=source)
    check = runner.invoke(app, ["check", str(contract)])
    assert check.exit_code == ExitCode.OK, check.output
    assert plain_scan[0] == ExitCode.SIGNALS
    assert plain_scan[1]["signals"]
    assert _scan(contract) == plain_scan


# ---- refused variants: a message that names the cause ------------------------------------


def _latin1(folder: Path, rows: list[Row]) -> str:
    return _latin1_declared(folder, rows)


def _ragged(folder: Path, rows: list[Row]) -> str:
    lines = _csv_text(rows).splitlines(keepends=True)
    for number in (5, 9, 13, 17, 21, 25, 29):  # seven rows with one field too many
        lines[number - 1] = lines[number - 1].rstrip("\r\n") + ",extra\r\n"
    lines[40 - 1] = "D-999999,Deal closed\r\n"  # and one with too few
    (folder / "events.csv").write_text("".join(lines), encoding="utf-8")
    return "events.csv"


def _nul_bytes(folder: Path, rows: list[Row]) -> str:
    lines = _csv_text(rows).splitlines(keepends=True)
    for index in (2, 6):  # lines 3 and 7: a NUL inside the case id
        lines[index] = lines[index][:3] + "\x00" + lines[index][3:]
    (folder / "events.csv").write_text("".join(lines), encoding="utf-8")
    return "events.csv"


def _utf16_without_bom(folder: Path, rows: list[Row]) -> str:
    (folder / "events.csv").write_bytes(_csv_text(rows[:50]).encode("utf-16-le"))
    return "events.csv"


def _wrong_delimiter(folder: Path, rows: list[Row]) -> str:
    return _semicolon_bom(folder, rows)


def _json_lines_latin1(folder: Path, rows: list[Row]) -> str:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in _accented(rows))
    (folder / "events.jsonl").write_bytes(text.encode("latin-1"))
    return "events.jsonl"


def _day_first(folder: Path, rows: list[Row]) -> str:
    return _day_first_declared(folder, rows)


def _month_first(folder: Path, rows: list[Row]) -> str:
    text = _csv_text(_with_times(rows, _strftime("%m/%d/%Y %I:%M %p")))
    (folder / "events.csv").write_text(text, encoding="utf-8")
    return "events.csv"


def _ambiguous(folder: Path, rows: list[Row]) -> str:
    early = [row for row in rows if datetime.fromisoformat(row["at"]).day <= 12]
    return _month_first(folder, early)


def _mixed_orders(folder: Path, rows: list[Row]) -> str:
    day_first, month_first = _strftime("%d/%m/%Y %H:%M"), _strftime("%m/%d/%Y %H:%M")
    mixed = [
        {**row, "at": (day_first if i % 2 else month_first)(row["at"])}
        for i, row in enumerate(rows)
    ]
    (folder / "events.csv").write_text(_csv_text(mixed), encoding="utf-8")
    return "events.csv"


def _epoch_ns(folder: Path, rows: list[Row]) -> str:
    text = _csv_text(_with_times(rows, lambda at: str(_epoch_ms(at) * 1_000_000)))
    (folder / "events.csv").write_text(text, encoding="utf-8")
    return "events.csv"


REFUSED: dict[str, tuple[Callable[[Path, list[Row]], str], str]] = {
    "latin1_undeclared": (_latin1, ""),
    "ragged_rows": (_ragged, ""),
    "nul_bytes": (_nul_bytes, ""),
    "utf16_without_bom": (_utf16_without_bom, ""),
    "wrong_delimiter": (_wrong_delimiter, "  delimiter: ','\n"),
    "json_lines_latin1": (_json_lines_latin1, ""),
    "day_first": (_day_first, ""),
    "month_first_wrong_format": (_month_first, '  timestamp_format: "%d/%m/%Y %I:%M %p"\n'),
    "month_first": (_month_first, ""),
    "ambiguous_order": (_ambiguous, ""),
    "mixed_orders": (_mixed_orders, ""),
    "epoch_nanoseconds": (_epoch_ns, ""),
}


def _assert_golden(name: str, message: str) -> None:
    assert_golden(GOLDEN / f"{name}.txt", message)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_variant_names_its_cause(
    case: str, tmp_path: Path, plain: Path, rows: list[Row]
) -> None:
    write, source = REFUSED[case]
    contract = _project(tmp_path, plain, name=write(tmp_path, rows), source=source)
    check = runner.invoke(app, ["check", str(contract)])
    assert check.exit_code == ExitCode.INPUT, check.output
    assert "Traceback" not in check.output
    assert "rep-" not in check.output  # no person value in any message
    _assert_golden(case, check.output.replace(str(tmp_path), "<dir>"))
    scan = runner.invoke(app, ["scan", str(contract)])
    assert scan.exit_code == ExitCode.INPUT, scan.output
