"""How a text log is written: its encoding, its CSV delimiter and its JSON layout.

Decided from the first bytes of the file (at most :data:`HEAD_BYTES`, decompressed for
``.gz``), never from a sample of data rows, so one ragged row cannot change the reading:

=============  ==========================================================================
encoding       ``source.encoding`` when set; else UTF-16 when the file starts with a UTF-16
               byte-order mark, else UTF-8. A UTF-8 byte-order mark is skipped silently.
delimiter      ``source.delimiter`` when set; else whichever of ``,`` ``;`` tab ``|``
               occurs most often in the header line outside double quotes (ties go to the
               earlier in that list); with none of them, tab for ``.tsv`` and ``,``
               otherwise (a one-column header).
JSON layout    ``[`` as the first character: one JSON array of objects; ``{`` opening a
               first line that is a whole object: JSON Lines; ``{`` opening an object
               spread over several lines: pretty-printed objects, one after another.
=============  ==========================================================================
"""

from __future__ import annotations

import codecs
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from taut.contract.models import DELIMITERS, Encoding, Source

HEAD_BYTES = 64 * 1024
"""How much of the file's start is read to decide its dialect."""

JsonLayout = Literal["newline_delimited", "array", "unstructured"]
"""DuckDB's names of the three JSON layouts taut reads."""

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is read: its encoding and its field delimiter, and whether either was
    set in the contract (``*_set``) rather than detected."""

    encoding: Encoding
    delimiter: str
    encoding_set: bool = False
    delimiter_set: bool = False


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_head(path: Path) -> bytes:
    """The first :data:`HEAD_BYTES` bytes of the (decompressed) file."""
    with open_bytes(path) as handle:
        return handle.read(HEAD_BYTES)


def header_line(head: bytes, *, encoding: Encoding) -> str:
    """The first line of ``head`` as text (bytes the encoding cannot read become U+FFFD)."""
    text = head.decode("utf-16" if encoding == "utf-16" else encoding, errors="replace")
    lines = text.removeprefix("\ufeff").splitlines()
    return lines[0] if lines else ""


def _outside_quotes(line: str) -> str:
    return "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)


def count_delimiters(line: str) -> dict[str, int]:
    """How often each candidate delimiter occurs in ``line`` outside double quotes."""
    bare = _outside_quotes(line)
    return {candidate: bare.count(candidate) for candidate in DELIMITERS}


def header_delimiter(line: str, *, default: str = ",") -> str:
    """The delimiter of a header line: the most frequent candidate, ``default`` if none.

    >>> header_delimiter("deal_id;step;at")
    ';'
    >>> header_delimiter('"a;b",c')
    ','
    >>> header_delimiter("only_one")
    ','
    """
    counts = count_delimiters(line)
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else default


def csv_dialect(path: Path, *, source: Source | None) -> Dialect:
    """The encoding and delimiter ``path`` is read with (see the module docstring)."""
    head = read_head(path)
    given_encoding = source.encoding if source is not None else None
    given_delimiter = source.delimiter if source is not None else None
    encoding: Encoding = given_encoding or ("utf-16" if head.startswith(UTF16_BOMS) else "utf-8")
    default = "\t" if ".tsv" in path.name.lower() else ","
    delimiter = given_delimiter or header_delimiter(
        header_line(head, encoding=encoding), default=default
    )
    return Dialect(
        encoding=encoding,
        delimiter=delimiter,
        encoding_set=given_encoding is not None,
        delimiter_set=given_delimiter is not None,
    )


def json_layout(path: Path) -> JsonLayout:
    """Whether ``path`` holds JSON Lines, one JSON array, or pretty-printed objects."""
    text = read_head(path).decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    if text.startswith("["):
        return "array"
    first = text.splitlines()[0] if text else ""
    try:
        json.loads(first)
    except ValueError:
        return "unstructured"
    return "newline_delimited"


def describe_delimiter(delimiter: str) -> str:
    """A delimiter as a reader would name it in a message."""
    return "tab" if delimiter == "\t" else f"'{delimiter}'"
