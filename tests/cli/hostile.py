"""A project whose every name a user controls holds strings that attack the reader.

Activities, teams, condition values, the process and area names and the folder the files live
in carry Rich markup, terminal escape sequences, HTML, Markdown table pipes and spreadsheet
formulas. A team is drifting, so team names reach the signals, the insights and the exports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from taut.simulate import Condition, Drift, sales_handoff

MARKUP = ("[/]", "[link=http://x]click[/link]")
ESCAPES = ("\x1b]0;title\x07", "\x1b[2J", "\x1b]8;;http://x\x1b\\")
HTML = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
FORMULAS = ('=HYPERLINK("http://x")', "+cmd", "@SUM(A1)", "-1+1")

TEAMS = {
    "West": "West [/] \x1b]0;title\x07 <script>alert(1)</script> a|b",
    "North": '=HYPERLINK("http://x")',
    "South": "+cmd",
    "East": "@SUM(A1)",
    "Ops Central": "-1+1",
    "Ops Field": "Ops [link=http://x]click[/link] \x1b[2J",
    "Customer Care": "Care <img src=x onerror=alert(1)>",
}
REGIONS = {"EMEA": "EMEA [/] \x1b]8;;http://x\x1b\\", "Americas": "-1+1", "APAC": "APAC|<b>x</b>"}
ACTIVITIES = {
    "Kickoff scheduled": "Kickoff [/] <script>alert(1)</script> \x1b[2J",
    "Customer complaint": 'Complaint =HYPERLINK("http://x") a|b',
}
PROCESS = "Handoff [/] \x1b]0;title\x07 <script>alert(1)</script> a|b"
AREA = "Customer [link=http://x]handoff[/link] <img src=x onerror=alert(1)>"
FOLDER = "p [link=http:x] <img src=x> a|b =HYPERLINK(1) \x1b[2J"
HOSTILE = (*MARKUP, *ESCAPES, *HTML, "a|b")
"""Raw forms no output may hold (formulas are only dangerous at the start of a CSV cell)."""


def write_hostile_project(root: Path) -> Path:
    """Write the hostile log and contract under ``root``; return the contract's path."""
    drift = Drift(
        kind="blank",
        onset=date(2025, 4, 7),
        size=0.3,
        condition=Condition(field="team", value="West"),
    )
    sim = sales_handoff(seed=3, weeks=20, deals_per_day=20.0, drifts=(drift,))
    folder = root / FOLDER
    contract = sim.write(folder, fmt="csv")
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events["team"] = events["team"].replace(TEAMS)
    events["region"] = events["region"].replace(REGIONS)
    events["step"] = events["step"].replace(ACTIVITIES)
    events.to_csv(folder / "events.csv", index=False)
    document = yaml.safe_load(contract.read_text(encoding="utf-8"))
    document["process"] = PROCESS
    document["areas"][0]["name"] = AREA
    text = yaml.safe_dump(document, allow_unicode=False, sort_keys=False)
    for old, new in ACTIVITIES.items():
        text = text.replace(old, yaml.safe_dump(new).removesuffix("\n...\n").strip())
    contract.write_text(text, encoding="utf-8")
    return contract
