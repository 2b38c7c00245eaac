"""One bounded run of a fuzz target in a child process, and what it found.

``make test`` (through ``tests/fuzz/test_fuzz.py``) runs each target for a few seconds;
``make fuzz`` (through ``python -m tests.fuzz.session``) runs each for ``FUZZ_SECONDS``
and keeps what it finds. New corpus entries go to a scratch folder first on the command
line, so the committed seeds under ``tests/fuzz/seeds`` are only read.
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUZZ = Path(__file__).resolve().parent
TARGETS: tuple[str, ...] = ("contract", "log")
"""Each target is ``tests/fuzz/<name>_target.py`` with seeds in ``tests/fuzz/seeds/<name>``."""


@dataclass(frozen=True)
class Session:
    """What one run of a target did: its exit code, output and the crashing inputs."""

    target: str
    returncode: int
    output: str
    crashes: tuple[Path, ...]

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and not self.crashes

    def report(self) -> str:
        lines = [f"fuzz target '{self.target}' exited {self.returncode}"]
        for crash in self.crashes:
            data = crash.read_bytes()
            lines.append(f"reproducer {crash} ({len(data)} bytes): {data[:400]!r}")
            lines.append(f"  base64: {base64.b64encode(data).decode()[:2000]}")
        lines.append(f"replay: PYTHONPATH=. python tests/fuzz/{self.target}_target.py CRASH_FILE")
        lines.append("--- output (end) ---")
        lines.append(self.output[-6000:])
        return "\n".join(lines)


def run_target(
    target: str, *, seconds: int, runs: int, corpus: Path, crashes: Path, env: dict[str, str]
) -> Session:
    """Fuzz ``target`` for at most ``seconds`` and ``runs`` inputs with a fixed seed."""
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    before = set(crashes.iterdir())
    command = [
        sys.executable,
        str(FUZZ / f"{target}_target.py"),
        str(corpus),
        str(FUZZ / "seeds" / target),
        f"-max_total_time={seconds}",
        f"-runs={runs}",
        "-seed=1",
        f"-artifact_prefix={crashes}/{target}-",
        "-timeout=60",
        "-rss_limit_mb=4096",
        "-max_len=8192",
        "-print_final_stats=1",
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=seconds * 3 + 300,
    )
    # libFuzzer also saves inputs slower than 10 s ("slow-unit-"); on a loaded machine
    # the first read is that slow, and slowness is not a crash.
    found = tuple(
        sorted(path for path in set(crashes.iterdir()) - before if "slow-unit-" not in path.name)
    )
    return Session(
        target=target, returncode=done.returncode, output=done.stdout + done.stderr, crashes=found
    )


def main() -> None:
    """``make fuzz``: run every target for a long time, keeping corpus and crashes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--work", type=Path, default=ROOT / "fuzz-work")
    options = parser.parse_args()
    sessions = [
        run_target(
            target,
            seconds=options.seconds,
            runs=-1,
            corpus=options.work / "corpus" / target,
            crashes=options.work / "crashes",
            env={},
        )
        for target in TARGETS
    ]
    for session in sessions:
        verdict = "no crash" if session.clean else session.report()
        sys.stderr.write(f"{session.target}: {verdict}\n")
    if not all(session.clean for session in sessions):
        sys.stderr.write(f"Crashing inputs are in {options.work / 'crashes'}/\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
