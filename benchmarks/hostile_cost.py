"""What hostile input costs: an alias bomb, a contract at the size bound, a 1 GB CSV.

Issue 9 asks for bounded cost. Three measurements, each reported against a stated bound
or as a ratio to an ordinary run (never as a timed test):

1. **Alias bomb.** The 342-byte "billion laughs" (nine levels of nine aliases) is read
   as ``taut check`` would; its CPU time is given as a multiple of reading the example
   contract of docs/contract.md. Before the bound it cost 85 s.
2. **Big contracts.** A contract just under the size bound (256 KB of checks, every id
   written twice) and a 50 MB one, which is refused before it is parsed. Before, a 50 MB
   contract ran 15 minutes past 6 GB (a quadratic duplicate check).
3. **Peak memory of a big CSV.** ``taut scan``, ``taut check`` and ``taut outcomes`` on a
   simulated Sales-to-Operations log written as CSV (about 1 GB at the defaults: 52
   weeks, 6,400 deals a weekday, 10 million events), each in its own process, peak
   resident memory read from ``/usr/bin/time -v`` against issue 10's bound of 3 GB.

Run (the CSV part takes tens of minutes on 2 cores and needs about 15 GB free)::

    .venv/bin/python benchmarks/hostile_cost.py
    .venv/bin/python benchmarks/hostile_cost.py --deals 1600      # a 250 MB log
    .venv/bin/python benchmarks/hostile_cost.py --contract /tmp/big/taut.yaml  # reuse a log
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from results_marks import marked_block, replace_marked
from taut.contract import parse_contract
from taut.errors import ContractError

logger = logging.getLogger(__name__)

SCRIPT = "hostile_cost.py"
SECTION = "## Hostile input: bounded cost (issue 9)"
EXAMPLE = Path(__file__).parents[1] / "tests" / "contract" / "example.yaml"
MEMORY_BOUND_GB = 3.0  # issue 10's bound for the scan of a large log
COMMANDS: dict[str, tuple[str, ...]] = {
    "scan": ("scan", "{contract}", "--fail-on", "never"),
    "check": ("check", "{contract}"),
    "outcomes": ("outcomes", "{contract}", "-o", "{out}/outcomes.parquet"),
}


def alias_bomb() -> str:
    """The 342-byte "billion laughs": nine levels, each nine aliases of the one before."""
    names = "abcdefghi"
    laughs = ",".join(['"lol"'] * 9)
    lines = [f"a: &a [{laughs}]"]
    lines += [f"{n}: &{n} [{','.join(['*' + b] * 9)}]" for b, n in itertools.pairwise(names)]
    return "\n".join(lines) + "\n"


def many_checks(size: int) -> str:
    """A contract of about ``size`` bytes of checks, every id written twice."""
    head, _, _ = EXAMPLE.read_text(encoding="utf-8").partition("areas:")
    row = "      - {{id: c{}, within: {{from: A, to: B, limit: 24h}}, target: 90%}}\n"
    count = max(2, (size - len(head) - 60) // len(row.format(10_000)))
    rows = "".join(row.format(index % (count // 2)) for index in range(count))
    return head + "areas:\n  - name: Many\n    checks:\n" + rows


def cpu_seconds(action: Callable[[], object], *, repeat: int = 1) -> float:
    """The least process CPU time of ``repeat`` runs of ``action``."""
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        action()
        best = min(best, time.process_time() - began)
    return best


def refused(text: str) -> Callable[[], object]:
    def run() -> object:
        try:
            return parse_contract(text)
        except ContractError as error:
            return error

    return run


def contract_rows() -> list[str]:
    example = EXAMPLE.read_text(encoding="utf-8")
    base = cpu_seconds(refused(example), repeat=5)
    rows = [
        "| contract | bytes | CPU | times the example | result |",
        "|---|---:|---:|---:|---|",
        f"| example (docs/contract.md) | {len(example):,} | {base:.3f} s | 1 | read |",
    ]
    for name, text in (
        ("alias bomb (billion laughs)", alias_bomb()),
        ("just under the size bound, every id twice", many_checks(255 * 1024)),
        ("50 MB", many_checks(50 * 1024 * 1024)),
    ):
        outcome = refused(text)()
        result = "read" if not isinstance(outcome, ContractError) else _first(outcome)
        seconds = cpu_seconds(refused(text))
        rows.append(
            f"| {name} | {len(text.encode()):,} | {seconds:.3f} s | {seconds / base:,.1f} | "
            f"{result} |"
        )
    return rows


def _first(error: ContractError) -> str:
    issue = error.issues[0]
    words = issue.message.split(". ")[0]
    more = f" (+{len(error.issues) - 1:,} more)" if len(error.issues) > 1 else ""
    return f"refused: {words}{more}".replace("|", "/")


@dataclass(frozen=True)
class Peak:
    """One command's run: exit code, peak resident memory (GB) and wall time (s)."""

    command: str
    code: int
    peak_gb: float
    seconds: float


def peak_of(command: str, contract: Path, out: Path) -> Peak:
    """Run ``taut <command>`` under ``/usr/bin/time -v`` and read its peak memory."""
    args = [part.format(contract=contract, out=out) for part in COMMANDS[command]]
    began = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-m", "taut", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    peak = int(found.group(1)) / 1024 / 1024 if found else float("nan")
    return Peak(command=command, code=result.returncode, peak_gb=peak, seconds=seconds)


def simulate(folder: Path, *, weeks: int, deals: float) -> Path:
    from taut.simulate import sales_handoff  # noqa: PLC0415 - pandas only where needed

    return sales_handoff(seed=5, weeks=weeks, deals_per_day=deals).write(folder, fmt="csv")


def memory_rows(contract: Path) -> list[str]:
    log = contract.parent / "events.csv"
    size = log.stat().st_size / 1e9 if log.exists() else float("nan")
    rows = [
        f"Log: {size:.2f} GB of CSV. Bound: {MEMORY_BOUND_GB:g} GB peak (issue 10).",
        "",
        "| command | exit | peak memory | share of the bound | wall time |",
        "|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as out:
        for command in COMMANDS:
            peak = peak_of(command, contract, Path(out))
            logger.warning("%s", peak)
            rows.append(
                f"| `taut {command}` | {peak.code} | {peak.peak_gb:.1f} GB | "
                f"{peak.peak_gb / MEMORY_BOUND_GB:.0%} | {peak.seconds / 60:.1f} min |"
            )
    return rows


def write_section(path: Path, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is None:
        replaced = content.rstrip("\n") + f"\n\n{SECTION}\n\n" + marked_block(SCRIPT, text)
    path.write_text(replaced, encoding="utf-8")


def main() -> None:
    """Measure, print, and write this script's block of RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--weeks", type=int, default=52, help="weeks of the simulated log")
    parser.add_argument("--deals", type=float, default=6400.0, help="deals a weekday")
    parser.add_argument("--contract", type=Path, help="an existing contract and CSV log")
    parser.add_argument("--no-memory", action="store_true", help="skip the big-CSV runs")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    command = " ".join([".venv/bin/python benchmarks/hostile_cost.py", *sys.argv[1:]])
    lines = [f"Command: `{command}`.", "", "Contracts (CPU time of reading one):", ""]
    lines += contract_rows()
    if not args.no_memory:
        lines += ["", "Peak memory of each command on a big CSV log:", ""]
        if args.contract is not None:
            lines += memory_rows(args.contract)
        else:
            with tempfile.TemporaryDirectory() as folder:
                lines += memory_rows(simulate(Path(folder), weeks=args.weeks, deals=args.deals))
    text = "\n".join(lines)
    print(text)
    if not args.no_results:
        write_section(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
