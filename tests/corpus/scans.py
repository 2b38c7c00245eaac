"""The corpus's scans: each public log scanned at a few ``--as-of`` days, text and JSON.

One scan per (log, day) feeds both the golden files (``test_golden.py``) and the rules
(``test_rules.py``); it is computed once per test session. The logs, their contracts and
their sources are described in ``README.md`` beside this file.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from taut.api import explain, outcomes
from taut.brief import render
from taut.contract import load_contract
from tests.corpus.rules import ScanOutput

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "golden" / "corpus"

AS_OF: dict[str, tuple[str, ...]] = {
    # Four years of tickets: before, in and after the 2012-13 collapse of the share taken in
    # charge within a day (about 6 in 10 in mid-2012, about 1 in 10 in early 2013).
    "helpdesk": ("2011-09-30", "2013-03-31", "2014-01-03"),
    # Five and a half months of loan applications.
    "bpic2012": ("2011-12-31", "2012-02-15", "2012-03-14"),
    # Incidents: the sample is thin before 2012, then a few hundred a week.
    "bpic2013-incidents": ("2012-03-31", "2012-04-30", "2012-05-22"),
    # Fifteen months of permit receipts.
    "receipt": ("2011-03-31", "2011-08-31", "2012-01-23"),
    # A hundred fines over thirteen years, times recorded to the day.
    "roadtraffic": ("2005-12-31", "2009-12-31", "2013-04-23"),
}
"""Each log of the corpus and the days it is scanned as of."""

SCANS = tuple((log, day) for log, days in AS_OF.items() for day in days)
"""Every scan of the corpus, as (log, as-of day)."""


@dataclass(frozen=True)
class CorpusScan:
    """One scan's outputs as a reader gets them."""

    text: str
    json: str

    def output(self, *, log: str, day: str) -> ScanOutput:
        """The outputs as the rules read them, with what the rules need to know of the log."""
        doc = json.loads(self.json)
        return ScanOutput(
            name=f"{log}@{day}",
            text=self.text,
            doc=doc,
            day_recorded=day_recorded(log),
            has_team=has_team(log),
            baseline_kept=baseline_kept(log, doc["baseline_from"], doc["baseline_until"]),
        )


@cache
def scan_corpus(log: str, day: str) -> CorpusScan:
    """Scan ``log`` as of ``day`` with insight and reinforcements, as ``taut scan --as-of``
    does, text and JSON."""
    explained = explain(HERE / log / "taut.yaml", as_of=date.fromisoformat(day))
    steady = explained.reinforcements
    return CorpusScan(
        text=render(
            explained.report, fmt="text", insights=explained.insights, reinforcements=steady
        ),
        json=render(
            explained.report, fmt="json", insights=explained.insights, reinforcements=steady
        ),
    )


@cache
def day_recorded(log: str) -> bool:
    """Whether every time of ``log`` is a midnight, as written (times recorded to the day)."""
    with gzip.open(HERE / log / "events.csv.gz", "rt", encoding="utf-8", newline="") as rows:
        return all(row["time:timestamp"][11:19] == "00:00:00" for row in csv.DictReader(rows))


@cache
def baseline_kept(log: str, since: str | None, until: str) -> dict[str, float]:
    """Each check's share kept among its decided cases whose clock started in the baseline
    window, from ``since`` (``None``: the first day of data) to ``until``."""
    table = outcomes(HERE / log / "taut.yaml")
    day = table.day.cast("date")
    window = day <= date.fromisoformat(until)
    if since is not None:
        window &= day >= date.fromisoformat(since)
    decided = table.filter(table.status.isin(["kept", "missed"]) & window)
    shares = decided.group_by("check").aggregate(
        kept=(decided.status == "kept").cast("float64").mean()
    )
    frame = shares.to_pandas()
    return {
        str(check): float(kept) for check, kept in zip(frame["check"], frame["kept"], strict=True)
    }


@cache
def has_team(log: str) -> bool:
    """Whether the log's contract maps a team column."""
    return load_contract(HERE / log / "taut.yaml").contract.columns.team is not None
