"""The fuzz targets run briefly in every ``make test``, and a planted crash is reported.

Each target gets ``FUZZ_TEST_SECONDS`` (10 by default) from the committed seeds with a fixed
seed; any input that makes it raise something other than taut's own errors fails the test
and prints the reproducer. ``make fuzz`` runs the same targets far longer.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz.canary import CANARY
from tests.fuzz.session import FUZZ, TARGETS, run_target

SECONDS = int(os.environ.get("FUZZ_TEST_SECONDS", "10"))


@pytest.mark.parametrize("target", TARGETS)
def test_the_fuzz_target_finds_no_crash_in_a_short_run(target: str, tmp_path: Path) -> None:
    session = run_target(
        target,
        seconds=SECONDS,
        runs=100_000,
        corpus=tmp_path / "corpus",
        crashes=tmp_path / "crashes",
        env={"TMPDIR": str(tmp_path)},
    )
    assert session.clean, session.report()
    assert "Done" in session.output, session.report()


@pytest.mark.parametrize("target", TARGETS)
def test_a_planted_crash_fails_the_run_and_names_its_input(target: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    first_seed = sorted((FUZZ / "seeds" / target).iterdir())[0]
    (seeds / "canary").write_bytes(CANARY + first_seed.read_bytes())
    session = run_target(
        target,
        seconds=SECONDS,
        runs=10,
        corpus=seeds,
        crashes=tmp_path / "crashes",
        env={"TAUT_FUZZ_CANARY": "1", "TMPDIR": str(tmp_path)},
    )
    assert not session.clean
    assert [crash.read_bytes()[: len(CANARY)] for crash in session.crashes] == [CANARY]
    assert "CanaryError" in session.output
