"""Classes of hostile input the strategies hold back until another branch's fix is merged.

Each entry names a class of input (a text class of :mod:`tests.hostile.texts`, or a
contract or log mutation of :mod:`tests.hostile.contracts` and :mod:`tests.hostile.logs`)
that still breaks a promise on this branch, the branch that owns the fix, and a minimal
reproducer. Once that branch is merged, delete the entry: the strategies then generate the
class again, and the suite keeps it fixed for good.
"""

from __future__ import annotations

KNOWN_UNTIL_MERGED: dict[str, str] = {}
"""Class name -> owner and reproducer, for every class held back on this branch."""


def allowed(name: str) -> bool:
    """Whether the strategies may generate the class ``name`` on this branch."""
    return name not in KNOWN_UNTIL_MERGED
