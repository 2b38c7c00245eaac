"""A planted crash, so a test can show that the fuzz harness reports one.

With ``TAUT_FUZZ_CANARY=1`` in the environment, a target raises on an input that starts
with :data:`CANARY`; without it the canary does nothing.
"""

from __future__ import annotations

import os

CANARY = b"TAUT-FUZZ-CANARY"


class CanaryError(Exception):
    """The planted crash."""


def check_canary(data: bytes) -> None:
    """Raise :class:`CanaryError` on the canary input when the canary is armed."""
    if data.startswith(CANARY) and os.environ.get("TAUT_FUZZ_CANARY") == "1":
        raise CanaryError("the planted fuzz canary")
