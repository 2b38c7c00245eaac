"""Durations and targets as written in the contract."""

from __future__ import annotations

from datetime import timedelta

import pytest

from taut.contract import parse_duration, parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("24h", timedelta(hours=24)),
        (" 7d ", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        ("0.5h", timedelta(minutes=30)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["24", "24hours", "0h", "-1d", "1y", "", "h", None])
def test_bad_durations_say_how_to_write_one(text: object) -> None:
    with pytest.raises(ValueError, match=r"is not a duration\. Write a positive number and a unit"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95%", 0.95),
        ("100%", 1.0),
        ("0.5%", 0.005),
        (" 90 % ", 0.9),
        ("0.9", 0.9),
        (0.9, 0.9),
        (1, 1.0),
    ],
)
def test_targets(value: object, expected: float) -> None:
    assert parse_target(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("95", "Write '95%' if you mean 95 percent"),
        (95, "Write '95%' if you mean 95 percent"),
        ("0%", "above 0% and at most 100%"),
        ("101%", "above 0% and at most 100%"),
        ("0", "above 0% and at most 100%"),
        ("-0.5", "above 0% and at most 100%"),
        ("high", "Write a percentage such as '95%'"),
        (True, "Write a percentage such as '95%'"),
        (None, "Write a percentage such as '95%'"),
    ],
)
def test_bad_targets(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_target(value)
