"""The store of ``benchmarks/rebaseline.py``: every seed's scans, kept so its text can be rewritten.

``benchmarks/rebaseline.json`` holds, per seed and per simulated log, each Monday's scan: the
raised slices on the restarted checks (check and raised day), the raised slices on the other
checks, and the watched days of each. ``rebaseline.py --from-store`` writes its tables and
its paragraph of ``docs/scan.md`` again from it, measuring nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

STORE = Path(__file__).with_name("rebaseline.json")


@dataclass(frozen=True, kw_only=True)
class Scan:
    """One log scanned at one Monday: raised slices and watched days of the moved checks.

    Attributes:
        monday: weeks after the first simulated day.
        raised: the raised slices on the moved checks, ``(check, raised day)``.
        other_raised: raised slices on every other check.
        watched_days: the moved checks' watched days, summed.
        other_days: every other check's watched days, summed.
    """

    monday: int
    raised: tuple[tuple[str, date], ...]
    other_raised: int
    watched_days: int
    other_days: int


@dataclass(frozen=True, kw_only=True)
class SeedResult:
    """Every scan of one seed's four logs, by log (``stable``, ``step``, ...)."""

    seed: int
    scans: dict[str, tuple[Scan, ...]]
    seconds: float


def save(results: Sequence[SeedResult], *, minutes: float, command: str) -> None:
    """Keep every seed's scans in :data:`STORE`, so the text can be written again."""
    seeds = [
        {
            "seed": r.seed,
            "seconds": r.seconds,
            "scans": {
                name: [
                    asdict(scan) | {"raised": [[c, d.isoformat()] for c, d in scan.raised]}
                    for scan in scans
                ]
                for name, scans in r.scans.items()
            },
        }
        for r in results
    ]
    data = {"command": command, "minutes": minutes, "seeds": seeds}
    STORE.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def load() -> tuple[list[SeedResult], float, str]:
    """The seeds kept in :data:`STORE`, the minutes they took and the command."""
    data = json.loads(STORE.read_text(encoding="utf-8"))
    results = [
        SeedResult(
            seed=item["seed"],
            seconds=item["seconds"],
            scans={
                name: tuple(
                    Scan(
                        monday=scan["monday"],
                        raised=tuple((c, date.fromisoformat(d)) for c, d in scan["raised"]),
                        other_raised=scan["other_raised"],
                        watched_days=scan["watched_days"],
                        other_days=scan["other_days"],
                    )
                    for scan in scans
                )
                for name, scans in item["scans"].items()
            },
        )
        for item in data["seeds"]
    ]
    return results, data["minutes"], data["command"]
