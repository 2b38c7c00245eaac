"""Classes of hostile input the strategies hold back until another branch's fix is merged.

Each entry names a class of input (a text class of :mod:`tests.hostile.texts`, or a
contract or log mutation of :mod:`tests.hostile.contracts` and :mod:`tests.hostile.logs`)
that still breaks a promise on this branch, the branch that owns the fix, and a minimal
reproducer. Once that branch is merged, delete the entry: the strategies then generate the
class again, and the suite keeps it fixed for good.
"""

from __future__ import annotations

KNOWN_UNTIL_MERGED: dict[str, str] = {
    # bounded-runs (items 2 and 6): deep or recursive YAML.
    "deep-document": (
        "bounded-runs: a contract nested about 1,000 deep exits 70 with RecursionError "
        "(taut.yaml ending in 'extra: ' + '[' * 1100 + '1' + ']' * 1100; taut check taut.yaml)"
    ),
    "recursive-alias": (
        "bounded-runs: a recursive alias exits 70 with RecursionError "
        "(taut.yaml ending in 'loop: &loop [*loop]'; taut check taut.yaml)"
    ),
    # dates-durations (item 4): durations of any unit, huge durations, extreme times.
    "mixed-unit-durations": (
        "dates-durations: limit '36h', '25h', '1.5d' or '1.5w' passes check, then scan and "
        "outcomes exit 70 ('Unable to infer interval type from mixed units')"
    ),
    "huge-durations": (
        "dates-durations: limit '1000000000w' passes check, then scan exits 70 "
        "(OverflowError: Python int too large to convert to C int)"
    ),
    "out-of-range-times": (
        "dates-durations: one event at '9999-12-31 23:59' or '10000-01-01 00:00' makes check "
        "exit 70 (OverflowError: date value out of range); at '0001-01-01 00:00' or "
        "'1677-09-21 00:00', scan exits 70 (OutOfBoundsDatetime)"
    ),
    # safe-outputs (items 1 and 5): Rich markup in data.
    "rich-markup": (
        "safe-outputs: process: 'P [/]' in taut.yaml makes taut check (text) raise "
        "MarkupError with a traceback and exit 1"
    ),
}
"""Class name -> owner and reproducer, for every class held back on this branch."""


def allowed(name: str) -> bool:
    """Whether the strategies may generate the class ``name`` on this branch."""
    return name not in KNOWN_UNTIL_MERGED
