"""Issue 11's rules hold on every scan of the real-log corpus.

Each (scan, rule) pair is its own test, so a failure names the log, the day and the rule, and
its message lists every sentence that breaks it. The rules are in ``rules.py``.
"""

from __future__ import annotations

import pytest

from tests.corpus.rules import RULES
from tests.corpus.scans import SCANS, day_recorded, scan_corpus

CASES = [(log, day, rule) for log, day in SCANS for rule in RULES]


@pytest.mark.parametrize(
    ("log", "day", "rule"), CASES, ids=[f"{log}@{day}-{rule}" for log, day, rule in CASES]
)
def test_scan_keeps_rule(log: str, day: str, rule: str) -> None:
    output = scan_corpus(log, day).output(log=log, day=day)
    broken = RULES[rule](output)
    assert not broken, f"{log} as of {day} breaks {rule}:\n" + "\n".join(broken)


def test_roadtraffic_is_the_day_recorded_log() -> None:
    assert [log for log, _ in SCANS if day_recorded(log)] == ["roadtraffic"] * 3
