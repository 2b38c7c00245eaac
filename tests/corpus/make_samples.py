"""Rebuild the corpus's event logs from the public originals (not run by the tests).

The corpus ships small CSV.gz copies of public, real event logs so that its tests need neither
the network nor an XES reader. This script made them, and remakes them byte for byte:

    python tests/corpus/make_samples.py --mirror /work/.mirror/pm4py+pm4py-core/repo

``--mirror`` is a git clone (bare or not) of pm4py-core (https://github.com/pm4py/pm4py-core),
whose ``tests/`` folders hold copies of the logs; each is read with ``git show HEAD:<path>``,
so no work tree is needed. The licence, attribution and DOI of every log are in
``tests/corpus/README.md``.

XES is read with the standard library's ``xml.etree.ElementTree.iterparse``, one trace at a
time: a trace's own attributes become ``case:<key>`` columns (as pm4py and the 4TU CSV exports
name them), an event's attributes keep their XES keys, and only the columns a log's contract
uses are kept. A log too large to ship is sampled by whole cases, seeded, so every kept case
has all its events.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
XES = "{http://www.xes-standard.org/}"
SEED = 11


@dataclass(frozen=True)
class Sample:
    """One log of the corpus: where it comes from and what is kept."""

    name: str
    path: str
    columns: tuple[str, ...]
    cases: int | None = None  # whole cases kept (seeded sample); None keeps every case


SAMPLES = (
    Sample(
        name="helpdesk",
        path="tests/input_data/helpdesk.xes.gz",
        columns=(
            "case:concept:name",
            "concept:name",
            "time:timestamp",
            "org:resource",
            "seriousness_2",
            "service_level",
            "service_type",
            "workgroup",
            "support_section",
            "product",
        ),
    ),
    Sample(
        name="bpic2012",
        path="tests/input_data/bpic2012.xes.gz",
        columns=(
            "case:concept:name",
            "case:AMOUNT_REQ",
            "case:REG_DATE",
            "concept:name",
            "lifecycle:transition",
            "time:timestamp",
            "org:resource",
        ),
        cases=3000,
    ),
    Sample(
        name="bpic2013-incidents",
        path="tests/compressed_input_data/07_bpic2013_incidents.xes.gz",
        columns=(
            "case:concept:name",
            "concept:name",
            "lifecycle:transition",
            "time:timestamp",
            "org:group",
            "org:resource",
            "org:role",
            "impact",
            "product",
            "organization country",
        ),
        cases=4000,
    ),
    Sample(
        name="receipt",
        path="tests/input_data/receipt.csv",
        columns=(
            "case:concept:name",
            "case:channel",
            "case:department",
            "case:group",
            "concept:name",
            "lifecycle:transition",
            "time:timestamp",
            "org:group",
            "org:resource",
        ),
    ),
    Sample(
        name="roadtraffic",
        path="tests/input_data/roadtraffic100traces.csv",
        columns=(
            "case:concept:name",
            "concept:name",
            "time:timestamp",
            "org:resource",
            "amount",
            "vehicleClass",
            "points",
            "dismissal",
        ),
    ),
)


def read_blob(*, mirror: Path, path: str) -> bytes:
    """The bytes of ``path`` at the mirror's HEAD, unzipped if it ends in ``.gz``."""
    blob = subprocess.run(
        ["git", "-C", str(mirror), "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout
    return gzip.decompress(blob) if path.endswith(".gz") else blob


def _attributes(element: ET.Element) -> dict[str, str]:
    return {
        child.attrib["key"]: child.attrib.get("value", "")
        for child in element
        if child.tag != f"{XES}event" and "key" in child.attrib
    }


def xes_traces(data: bytes) -> Iterator[list[dict[str, str]]]:
    """Each trace of an XES document as its events, trace attributes as ``case:<key>``."""
    for _, element in ET.iterparse(io.BytesIO(data), events=("end",)):
        if element.tag != f"{XES}trace":
            continue
        case = {f"case:{key}": value for key, value in _attributes(element).items()}
        yield [case | _attributes(event) for event in element.iter(f"{XES}event")]
        element.clear()


def csv_traces(data: bytes) -> Iterator[list[dict[str, str]]]:
    """Each case of a pm4py-style CSV (``case:concept:name`` column) as its rows, in file order."""
    cases: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        cases.setdefault(row["case:concept:name"], []).append(row)
    yield from cases.values()


def sample_cases(
    traces: Sequence[list[dict[str, str]]], *, cases: int | None
) -> list[list[dict[str, str]]]:
    """Whole cases, a seeded sample of ``cases`` when given, kept in the log's order."""
    if cases is None or cases >= len(traces):
        return list(traces)
    kept = sorted(random.Random(SEED).sample(range(len(traces)), cases))
    return [traces[index] for index in kept]


def write_sample(*, sample: Sample, mirror: Path, out: Path) -> int:
    """Write one log's ``events.csv.gz`` under ``out``; the number of events written."""
    data = read_blob(mirror=mirror, path=sample.path)
    reader = xes_traces if ".xes" in sample.path else csv_traces
    traces = sample_cases(list(reader(data)), cases=sample.cases)
    target = out / sample.name / "events.csv.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(sample.columns)
    events = 0
    for trace in traces:
        for event in trace:
            writer.writerow([event.get(column, "") for column in sample.columns])
            events += 1
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped,
    ):
        zipped.write(text.getvalue().encode("utf-8"))
    return events


def main() -> None:
    """Parse the command line and write every sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, required=True, help="a git clone of pm4py-core")
    parser.add_argument("--out", type=Path, default=HERE, help="folder of the corpus")
    args = parser.parse_args()
    for sample in SAMPLES:
        events = write_sample(sample=sample, mirror=args.mirror, out=args.out)
        print(f"{sample.name}: {events} events")


if __name__ == "__main__":
    main()
