"""Episodes: an old alarm that is over never hides a later collapse (issue 11, item 3).

A hand-made log in the helpdesk's shape: a step missed in 40% of cases in the baseline,
an early episode at 70% that raises an alarm, then months at 15% (better than the
baseline, so the cases since that alarm average out better), then a collapse to 90% in
the last five weeks. A CUSUM raises once and stays raised; before the statistic restarted
after an episode that was over, the scan judged the check on everything since the early
alarm, found it better than the baseline and called it steady ("Held steady" a few lines
below "10% kept").
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from taut import api

START = date(2024, 1, 1)
# weeks at each share missed, in order: baseline, episode, long good stretch, collapse
PHASES: tuple[tuple[int, float], ...] = ((10, 0.40), (6, 0.70), (30, 0.15), (5, 0.90))
PER_DAY = 12


def _write(folder: Path, phases: tuple[tuple[int, float], ...] = PHASES) -> Path:
    rng = np.random.default_rng(11)
    lines = ["case,activity,time"]
    day, case = 0, 0
    for weeks, missed in phases:
        for _ in range(weeks * 7):
            when = START + timedelta(days=day)
            for slot in range(PER_DAY):
                case += 1
                opened = f"{when.isoformat()}T{8 + slot % 9:02d}:{(7 * slot) % 60:02d}:00"
                lines.append(f"c{case},Opened,{opened}")
                if rng.random() >= missed:
                    taken = f"{when.isoformat()}T{9 + slot % 9:02d}:{(7 * slot) % 60:02d}:00"
                    lines.append(f"c{case},Taken,{taken}")
            day += 1
    (folder / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    baseline_end = START + timedelta(weeks=phases[0][0]) - timedelta(days=1)
    contract = folder / "taut.yaml"
    contract.write_text(
        "process: Tickets\n"
        "source: {path: log.csv}\n"
        "columns: {case: case, activity: activity, timestamp: time}\n"
        f"baseline: {{until: {baseline_end.isoformat()}}}\n"
        "areas:\n"
        "  - name: Intake\n"
        "    risk: high\n"
        "    checks:\n"
        "      - id: taken-present\n"
        "        present: {step: Taken, after: Opened, within: 1d}\n"
        "        target: 80%\n",
        encoding="utf-8",
    )
    return contract


def test_a_collapse_after_an_old_episode_is_raised(tmp_path: Path) -> None:
    report = api.scan(_write(tmp_path))
    assert [(s.check, s.state) for s in report.signals] == [("taken-present", "drifting")]
    signal = report.signals[0]
    collapse = START + timedelta(weeks=sum(weeks for weeks, _ in PHASES[:-1]))
    assert signal.since is not None
    assert collapse - timedelta(days=7) <= signal.since <= collapse + timedelta(days=14)
    assert signal.current is not None
    assert signal.current > 0.8
    assert report.steady == ()


def test_the_old_episode_reads_recovered_while_it_is_recent(tmp_path: Path) -> None:
    """Five weeks after the episode ended the check is not steady and not drifting: it
    recovered, and says from which episode."""
    phases = ((10, 0.40), (6, 0.70), (5, 0.40))
    report = api.scan(_write(tmp_path, phases))
    assert report.signals == ()
    assert [(s.check, s.state) for s in report.watching] == [("taken-present", "recovered")]
    episode = START + timedelta(weeks=10)
    back = report.watching[0]
    assert back.raised is not None
    assert episode <= back.raised <= episode + timedelta(weeks=6)
    assert back.current is not None
    assert abs(back.current - 0.40) < 0.1
