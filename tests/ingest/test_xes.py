"""XES logs read directly: every attribute type, trace attributes as ``case:`` columns,
nesting and meta-data skipped, batches joined by name, malformed files named by line.

Messages are compared with ``tests/golden/hostile/ingest-messages/xes_*.txt`` (regenerate
with ``TAUT_UPDATE_GOLDEN=1`` and read the diff).
"""

# Canonical times are naive, so expected values are naive datetimes.
# ruff: noqa: DTZ001, PLR0917

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.contract.models import Contract, Source
from taut.errors import ExitCode, InputError
from taut.ingest import EventLog, read_log
from taut.ingest import xes as xes_module
from taut.ingest.connection import connection
from taut.ingest.xes import read_xes
from tests.golden import assert_golden

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "ingest-messages"
Row = dict[str, Any]

# The head of a log as ProM / OpenXES writes it (bpic2012's shape): comments, extensions,
# globals, classifiers, a log attribute with nested meta-data; then two traces, the second
# with its attributes after its events and no namespace prefix trouble.
TYPED = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- written by hand for taut's tests -->
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event">
    <string key="concept:name" value="UNKNOWN"/>
  </global>
  <classifier name="Activity classifier" keys="concept:name lifecycle:transition"/>
  <float key="meta:events_per_case" value="2.5">
    <float key="10609" value="2.538"/>
  </float>
  <trace>
    <string key="concept:name" value="L-1"/>
    <int key="AMOUNT_REQ" value="20000"/>
    <date key="REG_DATE" value="2011-10-01T00:38:44.546+02:00"/>
    <event>
      <string key="concept:name" value="Submitted"/>
      <date key="time:timestamp" value="2011-10-01T00:38:44.546+02:00"/>
      <string key="org:resource" value="112"/>
      <float key="score" value="0.75"/>
      <boolean key="urgent" value="true"/>
      <id key="ref" value="c6ba7c8e-7b1d-4c2e-8f52-1d4a3c5e9b10"/>
      <string key="note" value="checked &amp; sent">
        <string key="nested" value="not a column"/>
      </string>
      <list key="parts">
        <values><string key="part" value="not a column either"/></values>
      </list>
    </event>
    <event>
      <string key="concept:name" value="Approved"/>
      <date key="time:timestamp" value="2011-10-03T09:00:00Z"/>
      <int key="count" value="-3"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="Submitted"/>
      <date key="time:timestamp" value="2011-10-02T08:00:00.000+02:00"/>
    </event>
    <string key="concept:name" value="L-2"/>
    <boolean key="urgent" value="false"/>
  </trace>
</log>
"""


def _rows(path: Path) -> list[Row]:
    with connection() as con:
        table = read_xes(con, path)
        rows: list[Row] = table.to_pyarrow().to_pylist()
    return rows


def test_every_attribute_type_is_read_as_written_and_trace_attributes_are_case_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "typed.xes"
    path.write_text(TYPED, encoding="utf-8")
    rows = _rows(path)
    assert len(rows) == 3
    first, second, third = sorted(rows, key=lambda row: row["time:timestamp"])
    assert first == {
        "case:concept:name": "L-1",
        "case:AMOUNT_REQ": "20000",
        "case:REG_DATE": "2011-10-01T00:38:44.546+02:00",
        "case:urgent": None,
        "concept:name": "Submitted",
        "time:timestamp": "2011-10-01T00:38:44.546+02:00",
        "org:resource": "112",
        "score": "0.75",
        "urgent": "true",
        "ref": "c6ba7c8e-7b1d-4c2e-8f52-1d4a3c5e9b10",
        "note": "checked & sent",
        "count": None,
    }
    assert (second["concept:name"], second["case:concept:name"]) == ("Submitted", "L-2")
    assert second["case:urgent"] == "false"  # a trace attribute written after its events
    assert second["case:AMOUNT_REQ"] is None
    assert (third["concept:name"], third["count"], third["case:AMOUNT_REQ"]) == (
        "Approved",
        "-3",
        "20000",
    )
    # nested attributes, list values, log attributes and globals are not columns
    assert not {"nested", "parts", "part", "meta:events_per_case", "10609"} & set(first)


def _xes_of(rows: list[Row], *, case: str, gz: bool, path: Path) -> Path:
    """The rows as an XES file: one trace a case, every other field an event attribute."""

    def attribute(key: str, value: Any) -> str:
        kind = "date" if key == "at" else "string"
        escaped = str(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return f'<{kind} key="{key}" value="{escaped}"/>'

    traces: dict[str, list[Row]] = {}
    for row in rows:
        traces.setdefault(row[case], []).append(row)
    body = "".join(
        "<trace>"
        + attribute("concept:name", name)
        + "".join(
            "<event>"
            + "".join(attribute(k, v) for k, v in row.items() if k != case and v != "")
            + "</event>"
            for row in events
        )
        + "</trace>\n"
        for name, events in traces.items()
    )
    text = f'<?xml version="1.0"?>\n<log xmlns="http://www.xes-standard.org/">\n{body}</log>\n'
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["events.xes", "events.xes.gz"])
def test_an_xes_log_reads_like_the_csv_of_the_same_events(
    tmp_path: Path,
    name: str,
    sample: list[Row],
    make_contract: Callable[..., Contract],
    write_csv: Callable[..., Path],
    rows_of: Callable[[EventLog], list[Row]],
) -> None:
    csv_contract = make_contract()
    columns = {**csv_contract.columns.model_dump(exclude_none=True), "case": "case:concept:name"}
    xes_contract = make_contract(columns=columns)
    xes = _xes_of(sample, case="deal_id", gz=name.endswith(".gz"), path=tmp_path / name)
    plain = rows_of(read_log(csv_contract, path=write_csv(tmp_path / "events.csv", sample)))
    assert rows_of(read_log(xes_contract, path=xes)) == plain


def test_batches_are_joined_by_column_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "typed.xes"
    path.write_text(TYPED, encoding="utf-8")
    whole = _rows(path)
    monkeypatch.setattr(xes_module, "BATCH_EVENTS", 1)
    key = "time:timestamp"
    assert sorted(_rows(path), key=lambda row: row[key]) == sorted(whole, key=lambda row: row[key])


def _loans(*, path: str, timezone: str = "UTC") -> Contract:
    """A contract on the standard XES names, with one present check of 'Submitted'."""
    check = {"id": "s", "present": {"step": "Submitted"}, "target": "90%"}
    return Contract.model_validate(
        {
            "process": "Loans",
            "source": {"path": path, "timezone": timezone},
            "columns": {
                "case": "case:concept:name",
                "activity": "concept:name",
                "timestamp": "time:timestamp",
            },
            "areas": [{"name": "A", "checks": [check]}],
        }
    )


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        _rows(path)
    return str(caught.value).replace(str(path.parent), "<dir>")


def test_a_malformed_file_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xes"
    lines = TYPED.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "</event>" in line)
    lines[at] = lines[at].replace("</event>", "</evnt>")
    path.write_text("".join(lines), encoding="utf-8")
    message = _refused(path)
    assert f"line {at + 1}," in message
    assert_golden(GOLDEN / "xes_malformed.txt", message + "\n")
    bare = tmp_path / "ampersand.xes"
    bare.write_text(TYPED.replace("checked &amp; sent", "checked & sent"), encoding="utf-8")
    ampersand = next(i for i, line in enumerate(lines) if "checked" in line)
    assert f"line {ampersand + 1}," in _refused(bare)


def test_a_file_without_events_or_cut_short_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xes"
    empty.write_text('<?xml version="1.0"?>\n<log><trace/></log>\n', encoding="utf-8")
    assert_golden(GOLDEN / "xes_no_events.txt", _refused(empty) + "\n")
    cut = tmp_path / "cut.xes.gz"
    cut.write_bytes(gzip.compress(TYPED.encode("utf-8"))[:200])
    contract = _loans(path="cut.xes.gz")
    with pytest.raises(InputError) as caught:
        read_log(contract, path=cut)
    assert "cut.xes.gz" in str(caught.value)
    assert "end-of-stream" in str(caught.value)
    damaged = bytearray(gzip.compress(TYPED.encode("utf-8")))
    damaged[200:260] = bytes(byte ^ 0x55 for byte in damaged[200:260])
    cut.write_bytes(bytes(damaged))
    with pytest.raises(InputError, match="Check that the file is a valid XES file"):
        read_log(contract, path=cut)


def test_taut_check_reads_an_xes_file_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "loans.xes").write_text(TYPED, encoding="utf-8")
    (tmp_path / "taut.yaml").write_text(
        "process: Loans\n"
        "source: {path: loans.xes, timezone: Europe/Amsterdam}\n"
        "columns: {case: 'case:concept:name', activity: 'concept:name',"
        " timestamp: 'time:timestamp', person: 'org:resource'}\n"
        "conditions: ['case:AMOUNT_REQ']\n"
        "areas:\n"
        "  - name: Approval\n"
        "    checks:\n"
        "      - id: approved-in-5d\n"
        "        within: {from: Submitted, to: Approved, limit: 5d}\n"
        "        target: 80%\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(tmp_path / "taut.yaml")])
    assert result.exit_code == ExitCode.OK, result.output
    assert "3 rows read · 3 kept" in result.output
    assert "2 cases · 2 activities · 2011-09-30 to 2011-10-03 (UTC)" in result.output


def test_dates_with_offsets_become_utc(tmp_path: Path) -> None:
    path = tmp_path / "typed.xes"
    path.write_text(TYPED, encoding="utf-8")
    contract = _loans(path="typed.xes", timezone="Europe/Amsterdam")
    times = sorted(
        row["ts"] for row in read_log(contract, path=path).table.to_pyarrow().to_pylist()
    )
    assert times == [
        datetime(2011, 9, 30, 22, 38, 44, 546000),
        datetime(2011, 10, 2, 6, 0),
        datetime(2011, 10, 3, 9, 0),
    ]


def test_source_format_reads_a_file_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(gzip.compress(TYPED.encode("utf-8")))  # compressed, told by its bytes
    named = tmp_path / "typed.xes"
    named.write_text(TYPED, encoding="utf-8")
    told = _loans(path="export.xml").model_copy(
        update={"source": Source(path="export.xml", format="xes")}
    )
    key = "case_id"
    expected = read_log(_loans(path="typed.xes"), path=named).table.to_pyarrow().to_pylist()
    got = read_log(told, path=path).table.to_pyarrow().to_pylist()
    assert sorted(got, key=lambda row: (row[key], row["ts"])) == sorted(
        expected, key=lambda row: (row[key], row["ts"])
    )
    with pytest.raises(InputError, match=r"set source\.format to one of csv, parquet, json, xes"):
        read_log(_loans(path="export.xml"), path=path)


def test_source_format_other_than_csv_refuses_csv_keys() -> None:
    with pytest.raises(ValueError, match="applies to CSV files only"):
        Source(path="events.txt", format="xes", delimiter=";")
    assert Source(path="events.txt", format="csv", delimiter=";").delimiter == ";"
