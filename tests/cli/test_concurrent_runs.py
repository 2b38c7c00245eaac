"""Two ``taut`` runs at once on a log big enough to spill: both succeed, privately.

Before each run had a spill folder of its own, every run spilled to one fixed folder with
the same file names: two runs at once on a big log crashed (exit 139) or reported a
bogus data error, and the spill files were readable by anyone. Here two real processes
run side by side under a memory limit small enough that DuckDB must spill the event
table, while the test watches the shared temporary folder they both spill under.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from taut.ingest.connection import SPILL_PREFIX

pytestmark = pytest.mark.slow

# About 95,000 outcomes from a 10 MB CSV: the materialised events table alone is bigger
# than this limit, yet every step that cannot spill still fits in it.
MEMORY_LIMIT = "48MB"


@dataclass
class Watched:
    """What the watcher saw in the shared temporary folder while the runs went on."""

    modes: dict[str, int] = field(default_factory=dict)
    most_bytes: dict[str, int] = field(default_factory=dict)


def _watch(parent: Path, seen: Watched, stop: threading.Event) -> None:
    while not stop.is_set():
        for entry in os.scandir(parent):
            try:
                mode = entry.stat().st_mode & 0o777
                held = sum(item.stat().st_size for item in os.scandir(entry.path))
            except FileNotFoundError:  # the run ended between the listing and the look
                continue
            seen.modes[entry.name] = mode
            seen.most_bytes[entry.name] = max(held, seen.most_bytes.get(entry.name, 0))
        stop.wait(0.005)


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from taut.simulate import sales_handoff  # noqa: PLC0415 - pandas only where needed

    simulation = sales_handoff(seed=3, weeks=12, deals_per_day=300.0)
    return simulation.write(tmp_path_factory.mktemp("big"), fmt="csv")


def _sorted_rows(path: Path) -> list[str]:
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    return [header, *sorted(rows)]


def test_two_runs_at_once_spill_to_private_folders_and_agree(big_log: Path, tmp_path: Path) -> None:
    spill_parent = tmp_path / "temp"
    spill_parent.mkdir()
    env = {**os.environ, "TAUT_TEMP_DIR": str(spill_parent), "TAUT_MEMORY_LIMIT": MEMORY_LIMIT}
    outputs = [tmp_path / f"outcomes-{run}.csv" for run in (1, 2)]
    seen, stop = Watched(), threading.Event()
    watcher = threading.Thread(target=_watch, args=(spill_parent, seen, stop))
    watcher.start()
    try:
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "taut", "outcomes", str(big_log), "-o", str(output)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for output in outputs
        ]
        messages = [run.communicate(timeout=300)[1] for run in runs]
    finally:
        stop.set()
        watcher.join()
    assert [run.returncode for run in runs] == [0, 0], messages
    assert _sorted_rows(outputs[0]) == _sorted_rows(outputs[1])
    assert len(_sorted_rows(outputs[0])) > 90_000
    # One folder a run, each readable by its owner only, each really spilled into.
    assert len(seen.modes) == 2, seen
    assert all(name.startswith(SPILL_PREFIX) for name in seen.modes)
    assert set(seen.modes.values()) == {0o700}
    assert all(held > 0 for held in seen.most_bytes.values()), seen
    assert list(spill_parent.iterdir()) == []
