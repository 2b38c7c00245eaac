"""Flesch reading ease, to keep headlines plain: measured in tests, 60 or more.

    FRE = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

(Flesch, R. 1948, "A new readability yardstick", J. Applied Psychology 32: 221-233).
Scores of 60-70 read as plain English; higher is easier. Syllables are estimated per
word as the number of vowel groups (``a e i o u y``), less a silent final ``e`` (not
``le``) or ``ed`` (not ``ted`` or ``ded``), at least one; a word without letters (a
number such as ``24``) counts as one. Words are runs of non-space characters; sentences
end at ``.``, ``!`` or ``?`` (at least one). The estimate is rough, as every automatic syllable
count is, but deterministic.

>>> syllables("handoff"), syllables("acknowledged"), syllables("table")
(2, 3, 2)
>>> round(reading_ease("The cat sat on the mat."), 1)
116.1
"""

from __future__ import annotations

import re

_VOWELS = re.compile(r"[aeiouy]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def syllables(word: str) -> int:
    """The estimated syllables of one word (module docstring)."""
    letters = re.sub(r"[^a-z]", " ", word.lower())
    count = 0
    for part in letters.split():
        groups = len(_VOWELS.findall(part))
        silent_e = part.endswith("e") and not part.endswith("le")
        silent_ed = part.endswith("ed") and not part.endswith(("ted", "ded"))
        if (silent_e or silent_ed) and groups > 1:
            groups -= 1
        count += max(1, groups)
    return max(1, count)


def reading_ease(text: str) -> float:
    """Flesch reading ease of ``text`` (module docstring).

    Raises:
        ValueError: for a text without words.
    """
    words = text.split()
    if not words:
        raise ValueError("reading_ease needs a text with at least one word.")
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    total = sum(syllables(word) for word in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (total / len(words))
