"""The hint for time values that did not parse: decided from every value, never swapping
day and month, and never a strptime format for numbers."""

from __future__ import annotations

import ibis
import pytest

from taut.ingest.time_hints import time_hint


def _hint(texts: list[str], *, given: str | None = None) -> tuple[str, str | None]:
    column = ibis.memtable({"t": texts}, schema={"t": "string"}).t
    hint = time_hint(column, given=given)
    return hint.fix, hint.format


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["31/03/2025 16:32", "01/04/2025 09:00"], "%d/%m/%Y %H:%M"),
        (["03/31/2025 16:32:10"], "%m/%d/%Y %H:%M:%S"),
        (["4.3.25 9:05", "13.3.25 9:05"], "%d.%m.%y %H:%M"),
        (["2025/03/04 04:05 PM"], "%Y/%m/%d %I:%M %p"),
        # The case: one value past the 12th among many that are not.
        ([*(f"01/0{d}/2025 09:00 AM" for d in range(1, 10)), "01/13/2025 09:00 AM"],
         "%m/%d/%Y %I:%M %p"),
    ],
)  # fmt: skip
def test_a_decided_order_suggests_its_format(texts: list[str], expected: str) -> None:
    fix, suggested = _hint(texts)
    assert suggested == expected
    assert f"timestamp_format: '{expected}'" in fix


def test_month_first_is_found_past_the_examples_shown() -> None:
    # Twenty-odd sorted examples would all be '01/0x/...': the decision uses every value.
    texts = [f"01/0{d % 9 + 1}/2025 10:00" for d in range(200)] + ["12/25/2025 10:00"]
    assert _hint(texts)[1] == "%m/%d/%Y %H:%M"


def test_ambiguous_dates_get_both_readings_and_no_format() -> None:
    fix, suggested = _hint(["03/04/2025 10:00", "01/02/2025 11:00"])
    assert suggested is None
    assert "cannot tell day-first from month-first" in fix
    assert "'01/02/2025 11:00' is 1 February 2025 with timestamp_format: '%d/%m/%Y %H:%M'" in fix
    assert "2 January 2025 with '%m/%d/%Y %H:%M'" in fix


def test_mixed_orders_are_named_inconsistent() -> None:
    fix, suggested = _hint(["13/01/2025", "01/14/2025", "02/02/2025"])
    assert suggested is None
    assert "'13/01/2025' has a first number above 12" in fix
    assert "'01/14/2025' has a second number above 12" in fix


def test_a_given_format_that_swaps_says_so() -> None:
    fix, suggested = _hint(["13/01/2025"], given="%m/%d/%Y")
    assert suggested == "%d/%m/%Y"
    assert "read with day and month swapped" in fix


@pytest.mark.parametrize("texts", [["1736157960000000000"], ["99999999999999999", "123"]])
def test_numbers_never_get_a_strptime_format(texts: list[str]) -> None:
    fix, suggested = _hint(texts)
    assert suggested is None
    assert "%" not in fix
    assert "epoch_ms" in fix


def test_other_text_gets_the_general_advice() -> None:
    fix, suggested = _hint(["yesterday", "04/03/2025"])
    assert suggested is None
    assert "Fix those values" in fix
