"""What missing a check leads to, in words: a consequence is said only where there is one."""

from __future__ import annotations

from taut.insight.reach import consequence_lines
from taut.insight.records import Consequence


def consequence(*, missed_with: int, kept_with: int, lead_days: int | None) -> Consequence:
    missed_cases, kept_cases = 300, 5000
    risk = (missed_with / missed_cases) / (kept_with / kept_cases)
    return Consequence(
        outcome="complaint",
        missed_cases=missed_cases,
        missed_with=missed_with,
        kept_cases=kept_cases,
        kept_with=kept_with,
        relative_risk=risk,
        lead_days=lead_days,
    )


def test_a_higher_risk_is_said_with_its_ratio_and_the_time_to_act() -> None:
    lines = consequence_lines((consequence(missed_with=30, kept_with=200, lead_days=None),))
    assert lines[0].startswith("Cases that missed it ended in a complaint about 2.5 times as")
    assert "(30 of 300 against 200 of 5,000)" in lines[0]
    assert lines[1] == "The complaint rate has not risen yet, so there is time to act."


def test_a_lower_risk_is_never_read_as_a_consequence() -> None:
    # 2% of missed cases against 3.4% of kept ones: missing it did not lead to complaints.
    lines = consequence_lines((consequence(missed_with=6, kept_with=169, lead_days=None),))
    assert lines == [
        "Cases that missed it have not ended in a complaint more often than cases that kept "
        "it (6 of 300 against 169 of 5,000): no sign yet that missing it leads to one."
    ]
    assert not any("time to act" in line or "times as often" in line for line in lines)


def test_a_large_ratio_is_said_in_two_digits() -> None:
    # 290 of 300 missed cases against 5 of 5,000 kept ones: 966.7 times as often, which a
    # reader takes in as "about 970 times", never with a spurious decimal
    lines = consequence_lines((consequence(missed_with=290, kept_with=5, lead_days=None),))
    assert "about 970 times as often as cases that kept it" in lines[0]
    lines = consequence_lines((consequence(missed_with=60, kept_with=50, lead_days=None),))
    assert "about 20 times as often" in lines[0]
