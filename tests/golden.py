"""Golden files: plain-English output compared with a reviewed copy under ``tests/golden/``.

A wording change is a reviewed diff: run the tests with ``TAUT_UPDATE_GOLDEN=1`` to rewrite
the files, then read ``git diff tests/golden``.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "golden"
"""Where every golden file lives."""


def updating() -> bool:
    """Whether this run rewrites the golden files instead of comparing with them."""
    return os.environ.get("TAUT_UPDATE_GOLDEN") == "1"


def assert_golden(path: Path, text: str) -> None:
    """Assert ``text`` equals the golden file ``path`` (rewritten first when updating).

    Args:
        path: the golden file, usually under :data:`ROOT`.
        text: what the test produced, exactly as it should be stored.
    """
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with TAUT_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")
