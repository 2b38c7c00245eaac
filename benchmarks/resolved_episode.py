"""A resolved drift on a real log: left out of the baseline, restarted at its end, or neither.

What should a resolved signal do to its check's baseline? On the four-year helpdesk log
(``tests/corpus/helpdesk``), scanned as a weekly user would, this script:

1. scans every ``--sweep-weeks`` weeks from ``--sweep-from`` to ``--sweep-until`` (as
   ``taut scan --as-of``; every slice's state, :func:`taut.api.states`) and finds, per check,
   its first drift episode on the share missed: the first scan that finds the whole check
   ``drifting`` opens it (its ``since``, the earliest any scan of it gives), the first later
   scan that finds it neither drifting, recovering nor recovered resolves it (that day);
2. scans every ``--every`` weeks for ``--weeks-after`` weeks after the resolution in three
   ways: no decision; the episode left out of the baseline (``exclude``, what taut does for
   a resolved signal); the check restarted on the resolution day (``restarts``, what a
   rebaseline does), and writes, per scan, the check's state and baseline share each way.

Read: with no decision, the recent window rolls over the episode and the baseline takes it
in (the share rises; a return to the old level reads ``improved``); left out, the baseline
keeps the normal from before the episode; restarted, nothing is watched until the new
window has filled (a whole baseline length).

Run (about 5 minutes on a quiet machine)::

    nice -n 10 .venv/bin/python benchmarks/resolved_episode.py
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from results_marks import marks, replace_marked
from taut import api
from taut.signal.state import CheckState

LOG = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "helpdesk" / "taut.yaml"
RESULTS = Path(__file__).with_name("RESULTS.md")
SCRIPT = "resolved_episode.py"
OPEN = frozenset({"drifting", "recovering", "recovered"})


@dataclass(frozen=True, kw_only=True)
class Episode:
    """One check's first drift episode on its share missed, as the sweep saw it."""

    check: str
    since: date
    raised: date
    resolved: date
    baseline: float


def whole(states: tuple[CheckState, ...], check: str) -> CheckState | None:
    """The whole check's share missed, or ``None`` when it is not watched."""
    found = [s for s in states if s.check == check and s.segment is None and s.metric == "missed"]
    return found[0] if found else None


def sweep(first: date, last: date, *, every: int) -> list[Episode]:
    """Every check's first drift episode between ``first`` and ``last`` (module docstring)."""
    opened: dict[str, Episode] = {}
    done: dict[str, Episode] = {}
    day = first
    while day <= last:
        states = api.states(LOG, as_of=day)
        for check in sorted({s.check for s in states} - set(done)):
            state = whole(states, check)
            if state is None:
                continue
            if check not in opened:
                if state.state == "drifting" and state.since and state.raised:
                    opened[check] = Episode(
                        check=check, since=state.since, raised=state.raised,
                        resolved=day, baseline=state.baseline,
                    )  # fmt: skip
            elif state.state in OPEN:
                if state.since is not None and state.since < opened[check].since:
                    opened[check] = dataclasses.replace(opened[check], since=state.since)
            else:
                done[check] = dataclasses.replace(opened.pop(check), resolved=day)
        day += timedelta(weeks=every)
    return sorted(done.values(), key=lambda episode: episode.resolved)


def cell(state: CheckState | None) -> str:
    """A scan's verdict on the check: its state and baseline share, or not watched."""
    if state is None:
        return "not watched"
    raised = f", raised {state.raised.isoformat()}" if state.raised else ""
    return f"{state.state}{raised}; baseline {state.baseline:.1%} ({state.baseline_cases:,})"


def follow(episode: Episode, *, weeks: int, every: int) -> list[str]:
    """The table rows of the scans after ``episode`` was resolved, each way."""
    check = episode.check
    rows = []
    for step in range(0, weeks + 1, every):
        day = episode.resolved + timedelta(weeks=step)
        none = api.states(LOG, as_of=day)
        left = api.states(LOG, as_of=day, exclude={check: [(episode.since, episode.resolved)]})
        restarted = api.states(LOG, as_of=day, restarts={check: episode.resolved})
        cells = [cell(whole(states, check)) for states in (none, left, restarted)]
        rows.append(f"| {day.isoformat()} | " + " | ".join(cells) + " |")
    return rows


def render(
    followed: dict[Episode, list[str]], *, options: argparse.Namespace, minutes: float
) -> str:
    """The Markdown block for RESULTS.md."""
    command = "nice -n 10 .venv/bin/python benchmarks/resolved_episode.py " + " ".join(sys.argv[1:])
    lines = [
        f"Command: `{command.strip()}` ({minutes:.1f} min). Log: `tests/corpus/helpdesk` "
        f"(four years, 4,580 cases); swept every {options.sweep_weeks} weeks from "
        f"{options.sweep_from} to {options.sweep_until}, each resolved episode then "
        f"followed every {options.every} weeks for {options.weeks_after} weeks.",
    ]
    if not followed:
        lines.append("")
        lines.append("No check drifted and resolved in the sweep.")
    for episode, rows in followed.items():
        lines += [
            "",
            f"**{episode.check}**: drifting since {episode.since.isoformat()} (raised "
            f"{episode.raised.isoformat()}, against a baseline of {episode.baseline:.1%} "
            f"missed), resolved {episode.resolved.isoformat()}.",
            "",
            "| scan (as of) | no decision | episode left out of the baseline (taut) | "
            "restarted at the resolution |",
            "|---|---|---|---|",
            *rows,
        ]
    return "\n".join(lines)


def main() -> None:
    """Sweep, follow each resolved episode three ways, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sweep-from", type=date.fromisoformat, default=date(2011, 5, 1))
    parser.add_argument("--sweep-until", type=date.fromisoformat, default=date(2012, 4, 29))
    parser.add_argument("--sweep-weeks", type=int, default=2)
    parser.add_argument("--every", type=int, default=4, help="weeks between scans after")
    parser.add_argument("--weeks-after", type=int, default=44)
    parser.add_argument("--no-results", action="store_true", help="print, write nothing")
    options = parser.parse_args()
    began = time.perf_counter()
    episodes = sweep(options.sweep_from, options.sweep_until, every=options.sweep_weeks)
    followed = {
        episode: follow(episode, weeks=options.weeks_after, every=options.every)
        for episode in episodes
    }
    minutes = (time.perf_counter() - began) / 60
    text = render(followed, options=options, minutes=minutes)
    print(text)
    if not options.no_results:
        content = RESULTS.read_text(encoding="utf-8")
        replaced = replace_marked(content, SCRIPT, text)
        if replaced is None:
            start, end = marks(SCRIPT)
            raise SystemExit(f"{RESULTS} has no {start} ... {end} block to write into.")
        RESULTS.write_text(replaced, encoding="utf-8")


if __name__ == "__main__":
    main()
