"""Every scan of the corpus against its reviewed text and JSON under tests/golden/corpus/.

A change is a reviewed diff: ``TAUT_UPDATE_GOLDEN=1`` rewrites the files; read them as a COO
would before committing.
"""

from __future__ import annotations

import pytest

from tests.corpus.scans import GOLDEN, SCANS, scan_corpus
from tests.golden import assert_golden


@pytest.mark.parametrize(("log", "day"), SCANS, ids=[f"{log}@{day}" for log, day in SCANS])
def test_scan_reads_as_reviewed(log: str, day: str) -> None:
    scanned = scan_corpus(log, day)
    assert_golden(GOLDEN / log / f"{day}.txt", scanned.text)
    assert_golden(GOLDEN / log / f"{day}.json", scanned.json)
