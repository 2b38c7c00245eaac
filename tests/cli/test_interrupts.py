"""Ctrl-C and SIGTERM sent to a real `taut` process: one line, exit 130 or 143, and no output
file half-written (the target is absent, or the old one untouched, and no temporary is left).

The signal is sent once the write has begun (its temporary file exists), not after a delay,
so the test does not depend on the machine's speed; start-up is interrupted while the
command's modules are still importing.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taut.errors import ExitCode
from taut.files import PART_SUFFIX
from taut.simulate import sales_handoff

pytestmark = pytest.mark.slow
CODES = {signal.SIGINT: ExitCode.INTERRUPTED, signal.SIGTERM: ExitCode.TERMINATED}
WORDS = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of deals: writing its outcomes takes long enough to be caught mid-way."""
    sim = sales_handoff(seed=5, weeks=52, deals_per_day=200.0)
    return sim.write(tmp_path_factory.mktemp("interrupt"), fmt="csv")


def _start(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "taut", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _parts(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(PART_SUFFIX)]


def _wait_for_part(process: subprocess.Popen[bytes], folder: Path) -> None:
    while not _parts(folder):
        assert process.poll() is None, "taut finished before its write began"
        time.sleep(0.005)


def _interrupted_export(
    *args: str, target: Path, signum: int, old: str | None = None
) -> subprocess.Popen[bytes]:
    """A run of ``taut outcomes`` sent ``signum`` once its write has begun.

    On a loaded machine this test process can be scheduled out between seeing the temporary
    file and sending the signal, so the export may finish (exit 0, file complete) before the
    signal arrives. Such a run proves nothing either way and is repeated, up to three times;
    a taut that ignores the signal fails all three. Before each run ``target`` (in the
    folder the export runs in) holds ``old``, or is absent when ``old`` is ``None``.
    """
    folder = target.parent
    for _ in range(3):
        if old is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(old, encoding="utf-8")
        process = _start("outcomes", *args, cwd=folder)
        _wait_for_part(process, folder)
        process.send_signal(signum)
        process.wait(timeout=300)
        if process.returncode != 0:
            return process
        process.communicate()  # the run proved nothing: read and close its pipes
    pytest.fail(f"three exports finished despite {WORDS[signal.Signals(signum)]}")


def _stopped(process: subprocess.Popen[bytes], signum: int, *, progress: int = 0) -> None:
    """Exit 130 or 143, and after ``progress`` lines of progress, the one line that says so."""
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == CODES[signal.Signals(signum)], stderr
    lines = stderr.decode().splitlines()
    assert len(lines) == progress + 1, lines
    words = WORDS[signal.Signals(signum)]
    assert lines[-1] == f"taut: stopped by {words}; no partial output was left."


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("name", ["outcomes.csv", "outcomes.parquet"])
def test_an_interrupted_export_leaves_no_file(big: Path, name: str, signum: int) -> None:
    folder = big.parent
    target = folder / name
    process = _interrupted_export(str(big), "-o", name, target=target, signum=signum)
    _stopped(process, signum)
    assert not target.exists()
    assert _parts(folder) == []


def test_an_interrupted_export_keeps_the_old_file(big: Path) -> None:
    folder = big.parent
    target = folder / "kept.csv"
    process = _interrupted_export(
        str(big),
        "-o",
        target.name,
        target=target,
        signum=signal.SIGINT,
        old="the old export\n",
    )
    _stopped(process, signal.SIGINT)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert _parts(folder) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_start_up_is_one_line(big: Path, signum: int) -> None:
    """The command's imports take about a second; the entry point catches signals first."""
    process = _start("check", str(big), cwd=big.parent)
    time.sleep(0.3)
    process.send_signal(signum)
    _stopped(process, signum)


def test_the_demo_interrupted_leaves_no_half_file(tmp_path: Path) -> None:
    process = _start("demo", "--dir", str(tmp_path / "d"), cwd=tmp_path)
    while not (tmp_path / "d").exists() or not _parts(tmp_path / "d"):
        assert process.poll() is None, "the demo finished before its write began"
        time.sleep(0.001)
    process.send_signal(signal.SIGINT)
    _stopped(process, signal.SIGINT, progress=1)
    assert _parts(tmp_path / "d") == []
    assert sorted(path.name for path in (tmp_path / "d").iterdir()) in ([], ["events.csv"])
