"""Name what is wrong with a text log that the database could not read, line by line.

DuckDB's readers stop at the first fault with a message about parser internals. When a
CSV or JSON Lines file fails to read, taut reads it once more, here, line by line, and
names each kind of fault with the first line numbers where it occurs (at most
:data:`SHOWN_LINES`, then "and N more"):

- bytes the file's encoding does not allow (UTF-8 by default): the first such byte and
  the lines holding one, with the fix (``source: {encoding: latin-1}`` or a UTF-8 export);
- NUL bytes (``0x00``), which no text export holds: a damaged file, or UTF-16 text;
- CSV rows with more or fewer fields than the header (ragged rows), with their counts;
- JSON Lines lines that are not one JSON object each.

Line numbers are those a text editor shows: the header is line 1. No value from the file
is quoted, so no person's value can appear in a message. The same scan for NUL bytes alone
(:func:`has_nul_bytes`, a ``memchr`` over the file) runs on every CSV and JSON file before
it is read, because DuckDB reads a NUL byte into the values without complaint.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from taut.errors import Problem
from taut.ingest.dialect import Dialect, describe_delimiter, open_bytes

SHOWN_LINES = 5
"""Line numbers shown for one kind of fault; the rest are counted."""
_CHUNK = 1 << 20


@dataclass
class _Found:
    """Lines with one kind of fault: the first few and how many in all (mutable tally)."""

    lines: list[int] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, detail: str = "") -> None:
        self.count += 1
        if len(self.lines) < SHOWN_LINES:
            self.lines.append(line)
            self.details.append(detail)

    def where(self) -> str:
        shown = ", ".join(
            f"{line}{f' ({detail})' if detail else ''}"
            for line, detail in zip(self.lines, self.details, strict=True)
        )
        rest = self.count - len(self.lines)
        word = "line" if self.count == 1 else "lines"
        return f"{word} {shown}" + (f" and {rest:,} more" if rest > 0 else "")


def has_nul_bytes(path: Path) -> bool:
    """Whether the (decompressed) file holds a NUL byte anywhere."""
    with open_bytes(path) as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                return True
    return False


def _decoded(
    handle: io.BufferedIOBase, *, encoding: str, bad: _Found, nul: _Found
) -> Iterator[str]:
    """The file's lines as text, noting lines with bytes ``encoding`` forbids or NUL bytes."""
    for number, raw in enumerate(handle, start=1):
        line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
        if b"\x00" in line:
            nul.add(number)
        try:
            yield line.decode(encoding)
        except UnicodeDecodeError as error:
            bad.add(number, f"byte 0x{line[error.start]:02X}")
            yield line.decode(encoding, errors="replace")


def _ragged(lines: Iterator[str], *, delimiter: str, found: _Found) -> None:
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for record in reader:
            if record and len(record) != len(header):
                found.add(start, f"{len(record)} fields")
            start = reader.line_num + 1
    except csv.Error:  # a stray carriage return: not CSV text at all (UTF-16 read as UTF-8)
        for _ in lines:  # the other faults are still counted to the end
            pass


def _not_json_lines(lines: Iterator[str], *, found: _Found) -> None:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            found.add(number)
            continue
        if not isinstance(value, dict):
            found.add(number)


def diagnose(
    path: Path, *, dialect: Dialect | None, json_lines: bool = False
) -> tuple[Problem, ...]:
    """Every kind of fault in the text file ``path``, each named with its first lines.

    Args:
        path: a CSV or JSON file.
        dialect: the CSV dialect it was read with; ``None`` for JSON (always UTF-8).
        json_lines: for JSON, whether it was read as JSON Lines (one object a line).

    Returns:
        One problem per kind of fault found; none if the file looks sound line by line.
    """
    encoding = dialect.encoding if dialect is not None else "utf-8"
    bad, nul, ragged, not_object = _Found(), _Found(), _Found(), _Found()
    with open_bytes(path) as handle:
        if encoding == "utf-16":
            lines: Iterator[str] = iter(
                io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
            )
        else:
            lines = _decoded(handle, encoding=encoding, bad=bad, nul=nul)  # type: ignore[arg-type]
        if dialect is not None:
            _ragged(lines, delimiter=dialect.delimiter, found=ragged)
        elif json_lines:
            _not_json_lines(lines, found=not_object)
        else:
            for _ in lines:
                pass
    problems = []
    if bad.count:
        problems.append(_encoding_problem(path, found=bad, dialect=dialect))
    if nul.count:
        problems.append(_nul_problem(path, found=nul, csv_file=dialect is not None))
    if ragged.count and dialect is not None:
        problems.append(_ragged_problem(path, found=ragged, dialect=dialect))
    if not_object.count and not bad.count and not nul.count:
        problems.append(
            Problem(
                code="not-json-lines",
                severity="error",
                message=(
                    f"The event log '{path}' is read as JSON Lines (one JSON object a line), "
                    f"but {not_object.where()} {'is' if not_object.count == 1 else 'are'} not "
                    "a JSON object. Export one object per line, or the whole log as one JSON "
                    "array."
                ),
                count=not_object.count,
            )
        )
    return tuple(problems)


def _encoding_problem(path: Path, *, found: _Found, dialect: Dialect | None) -> Problem:
    encoding = dialect.encoding if dialect is not None else "utf-8"
    if dialect is None:
        fix = (
            "JSON must be UTF-8: export it again as UTF-8, or convert it "
            "(e.g. iconv -f latin1 -t utf-8 old.jsonl > new.jsonl)."
        )
    else:
        fix = (
            "The file was probably saved as latin-1 (ISO-8859-1) or Windows-1252: set "
            "source: {encoding: latin-1} in taut.yaml, or export it again as UTF-8."
        )
    return Problem(
        code="encoding",
        severity="error",
        message=(
            f"The event log '{path}' is not {encoding.upper()} text: "
            f"{found.where()} {'holds a byte' if found.count == 1 else 'hold bytes'} that "
            f"{encoding.upper()} does not allow there. {fix}"
        ),
        count=found.count,
    )


def _nul_problem(path: Path, *, found: _Found, csv_file: bool) -> Problem:
    utf16 = (
        " If it is UTF-16 text, set source: {encoding: utf-16} in taut.yaml." if csv_file else ""
    )
    return Problem(
        code="nul-bytes",
        severity="error",
        message=(
            f"The event log '{path}' holds NUL bytes (0x00), which no text export has, on "
            f"{found.where()}. The file is damaged or not plain text: export it again, or "
            f"remove them (e.g. tr -d '\\000' < old.csv > new.csv).{utf16}"
        ),
        count=found.count,
    )


def _ragged_problem(path: Path, *, found: _Found, dialect: Dialect) -> Problem:
    how = "set in taut.yaml" if dialect.delimiter_set else "detected from the header"
    return Problem(
        code="ragged-rows",
        severity="error",
        message=(
            f"The event log '{path}' has {found.count:,} "
            f"{'row' if found.count == 1 else 'rows'} whose number of fields differs from "
            f"the header's, with the delimiter {describe_delimiter(dialect.delimiter)} "
            f"({how}): {found.where()}. A value that holds the delimiter, a quote or a line "
            "break must be in double quotes; fix those rows or export the file again with "
            "quoting."
        ),
        count=found.count,
    )
