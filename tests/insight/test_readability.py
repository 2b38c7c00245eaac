"""Flesch reading ease against a hand count."""

from __future__ import annotations

import pytest

from taut.insight.readability import reading_ease, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [("day", 1), ("busy", 2), ("handoff", 2), ("capacity", 4), ("late", 1), ("24", 1)],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_reading_ease_is_the_flesch_formula() -> None:
    text = "Work slips on busy days. It is late."
    # 8 words, 2 sentences; syllables 1+1+1+2+1+1+1+1 = 9
    assert reading_ease(text) == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 9 / 8)


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one word"):
        reading_ease("  ")
