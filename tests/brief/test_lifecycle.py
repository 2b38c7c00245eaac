"""A signal's life in every brief format: new this week, still open, settled since last scan.

The golden files are a real scan (the helpdesk log of tests/corpus as of 2013-01-20, a
Sunday) with a hand-made memory: the one signal the weekly history first raised that week
(``new``), the two it had raised before (one acknowledged, one dismissed for a year-end
freeze), one in its week of grace (resolved-before-closed's time, a check this scan sees
steady: made up, its acknowledgment's note kept), and two closed since the previous scan
(one resolved at the end of its grace, one rebaselined). The first
raisings of the three open ones are the ones a weekly store would have kept (the corpus's
weekly scans first raised taken-in-charge-1d on 2012-11-11 with raised 2012-10-18, and
resolved-within-30d on 2012-09-23 with raised 2012-08-23); the two closed ones are made up.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from taut.api import Explained, explain
from taut.brief import FORMATS, render
from taut.brief.lifecycle import age_words, has_new, since_last_scan
from taut.signal.report import ScanReport
from taut.store.records import Lifecycle, Memory, TrackedSignal
from tests.brief.test_formats import fixed_report
from tests.golden import ROOT, assert_golden

HELPDESK = Path(__file__).resolve().parents[1] / "corpus" / "helpdesk" / "taut.yaml"
AS_OF = date(2013, 1, 20)
GOLDEN = ROOT / "life"
SUFFIX = {"text": "txt", "md": "md", "html": "html", "json": "json"}


def _tracked(
    id_: int, check: str, lifecycle: Lifecycle, first_raised: date, **fields: object
) -> TrackedSignal:
    area = "Ticket triage" if check.startswith("taken") else "Resolution"
    base = TrackedSignal(
        id=id_,
        area=area,
        check=check,
        metric="missed",
        direction="up",
        segment=None,
        lifecycle=lifecycle,
        state="drifting",
        first_raised=first_raised,
        first_scan=AS_OF,
        last_seen=AS_OF,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


MEMORY = Memory(
    as_of=AS_OF,
    previous_as_of=date(2013, 1, 13),
    tracked=(
        _tracked(9, "taken-in-charge", "new", date(2013, 1, 18)),
        _tracked(
            4,
            "taken-in-charge-1d",
            "acknowledged",
            date(2012, 10, 18),
            first_scan=date(2012, 11, 11),
            note="Second triage shift starts 1 February; reviewed every Monday",
        ),
        _tracked(
            2,
            "resolved-within-30d",
            "dismissed",
            date(2012, 8, 23),
            first_scan=date(2012, 9, 23),
            until=date(2013, 2, 3),
            note="Year-end change freeze: fixes wait until it lifts",
        ),
        _tracked(
            6,
            "resolved-before-closed",
            "recovering",
            date(2012, 12, 30),
            metric="latency",
            first_scan=date(2013, 1, 6),
            state="steady",
            settled_on=AS_OF,
            note="Weekend queue cover added",
        ),
        _tracked(
            7,
            "resolved-within-30d",
            "resolved",
            date(2012, 12, 2),
            metric="latency",
            first_scan=date(2012, 12, 9),
            last_seen=date(2013, 1, 13),
            state="recovered",
            closed_on=AS_OF,
            settled_on=date(2013, 1, 13),
        ),
        _tracked(
            8,
            "resolved-before-closed",
            "rebaselined",
            date(2012, 12, 20),
            first_scan=date(2012, 12, 23),
            last_seen=date(2013, 1, 13),
            closed_on=date(2013, 1, 15),
            baseline_from=date(2013, 1, 1),
            note="Tickets now close only after the customer confirms",
        ),
    ),
)
"""A new signal, an acknowledged and a dismissed one still open, one in its week of grace
(its check steady this week), one resolved and one rebaselined since the last scan (module
docstring)."""


@cache
def helpdesk() -> Explained:
    """The helpdesk log scanned as of 2013-01-20, with insights, as ``taut scan`` does."""
    return explain(HELPDESK, as_of=AS_OF)


def _render(fmt: str, memory: Memory | None = MEMORY) -> str:
    explained = helpdesk()
    return render(explained.report, fmt=fmt, insights=explained.insights, memory=memory)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_life_reads_as_reviewed(fmt: str) -> None:
    assert_golden(GOLDEN / f"helpdesk-2013-01-20.{SUFFIX[fmt]}", _render(fmt))


def test_the_report_is_the_one_the_memory_describes() -> None:
    """The goldens rest on the scan raising these three checks, and no other."""
    report = helpdesk().report
    assert [(s.check, s.metric, s.state) for s in report.signals] == [
        ("taken-in-charge-1d", "missed", "drifting"),
        ("taken-in-charge", "missed", "drifting"),
        ("resolved-within-30d", "missed", "drifting"),
    ]


def test_text_sections_hold_what_the_memory_says() -> None:
    text = _render("text")
    new = text.split("New this week (1):\n")[1].split("\n\n")[0]
    still = text.split("Still open (3):\n")[1].split("\n\n")[0]
    settled = text.split("Settled since last scan (2):\n")[1].split("\n\n")[0]
    assert new.startswith("  ! taken-in-charge [")
    assert "first raised this week (2013-01-18)" in new
    assert "open 13 weeks, first raised 2012-10-18" in still
    assert '"Second triage shift starts 1 February; reviewed every Monday"' in still
    assert "dismissed until 2013-02-03" in still
    assert "open 21 weeks, first raised 2012-08-23" in still
    assert "resolved on 2013-01-20 after 7 weeks open (first raised 2012-12-02)" in settled
    assert "rebaselined on 2013-01-15 after 3 weeks open" in settled
    assert "baseline restarts from 2013-01-01" in settled
    assert (
        "Since the last scan (2013-01-13): one new this week, three still open, two settled."
        in (text)
    )
    grace = "steady again since 2013-01-20; resolves at the first scan from 2013-01-27 if it holds"
    assert f'{grace}; note: "Weekend queue cover added"' in still
    assert "Weekend queue cover added" not in settled  # in its grace: still open
    # The store's first raising replaces the scan's own raised date on a tracked signal.
    assert "raised 2012-10-10" not in text


AGE = re.compile(r"open (\d+) weeks?, first raised (\d{4}-\d{2}-\d{2})")
THIS_WEEK = re.compile(r"first raised this week \((\d{4}-\d{2}-\d{2})\)")
AGO = re.compile(r"first raised (\d{4}-\d{2}-\d{2}), (\d+) weeks? ago")
CLOSED = re.compile(
    r"on (\d{4}-\d{2}-\d{2}) after (\d+|less than a) weeks? open "
    r"\(first raised (\d{4}-\d{2}-\d{2})\)"
)

CELLS = re.compile(r"(\d{4}-\d{2}-\d{2})(?: \| |</td><td>)(this week|\d+ weeks?)\b")
"""A table's first-raised cell and the age cell after it (Markdown or HTML)."""


def _weeks(start: str, end: date | str) -> int:
    later = end if isinstance(end, date) else date.fromisoformat(end)
    return (later - date.fromisoformat(start)).days // 7


def assert_ages_agree(text: str, *, as_of: date) -> int:
    """Every age in ``text`` agrees with its dates and is counted right; how many there are."""
    assert not re.search(r"\b1 weeks\b|\b0 weeks?\b|\b(?:[02-9]|\d\d+) week\b", text)
    found = 0
    for weeks, first in AGE.findall(text):
        assert int(weeks) == _weeks(first, as_of) >= 1, (weeks, first)
        found += 1
    for first in THIS_WEEK.findall(text):
        assert _weeks(first, as_of) == 0, first
        found += 1
    for first, weeks in AGO.findall(text):
        assert int(weeks) == _weeks(first, as_of) >= 1, (weeks, first)
        found += 1
    for first, age in CELLS.findall(text):
        weeks = _weeks(first, as_of)
        assert age == ("this week" if weeks == 0 else f"{weeks} week{'s' if weeks > 1 else ''}")
        found += 1
    for closed, weeks, first in CLOSED.findall(text):
        expected = _weeks(first, closed)
        assert (weeks == "less than a" and expected == 0) or int(weeks) == expected >= 1
        found += 1
    return found


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_age_in_the_goldens_agrees_with_its_dates(fmt: str) -> None:
    assert assert_ages_agree(_render(fmt), as_of=AS_OF) >= 4


@pytest.mark.parametrize("days", range(0, 40))
def test_ages_read_right_for_every_day(days: int) -> None:
    first = AS_OF - timedelta(days=days)
    for lifecycle in ("new", "ongoing", "acknowledged"):
        item = _tracked(1, "taken-in-charge", lifecycle, first)
        words = age_words(item, as_of=AS_OF)
        assert assert_ages_agree(words, as_of=AS_OF) == 1, words
    closed = _tracked(1, "taken-in-charge", "resolved", first, closed_on=AS_OF)
    text = render(
        replace(helpdesk().report, signals=(), watching=()),
        fmt="text",
        memory=Memory(as_of=AS_OF, previous_as_of=AS_OF - timedelta(7), tracked=(closed,)),
    )
    assert assert_ages_agree(text, as_of=AS_OF) == 1


def test_json_gives_each_signal_its_life_and_lists_what_settled() -> None:
    data = json.loads(_render("json"))
    life = {item["check"]: item for item in data["signals"]}
    assert life["taken-in-charge"]["lifecycle"] == "new"
    assert life["taken-in-charge"]["age_weeks"] == 0
    assert life["taken-in-charge-1d"] | {"age_weeks": 13, "id": 4} == life["taken-in-charge-1d"]
    assert life["taken-in-charge-1d"]["first_raised"] == "2012-10-18"
    assert life["resolved-within-30d"]["until"] == "2013-02-03"
    assert life["resolved-within-30d"]["lifecycle"] == "dismissed"
    assert data["previous_as_of"] == "2013-01-13"
    settled = {item["id"]: item for item in data["settled_since_last_scan"]}
    assert settled[7]["lifecycle"] == "resolved"
    assert settled[7]["closed_on"] == "2013-01-20"
    assert settled[7]["weeks_open"] == 7
    assert settled[7]["steady_since"] == "2013-01-13"
    assert settled[8]["baseline_from"] == "2013-01-01"
    assert settled[8]["steady_since"] is None
    (grace,) = data["still_open_not_listed"]
    assert (grace["id"], grace["lifecycle"], grace["steady_since"]) == (
        6,
        "recovering",
        "2013-01-20",
    )
    assert grace["note"] == "Weekend queue cover added"
    assert life["taken-in-charge-1d"]["steady_since"] is None


def test_json_without_a_store_has_the_same_keys_all_null() -> None:
    with_store = json.loads(_render("json"))
    without = json.loads(_render("json", memory=None))
    assert set(with_store) == set(without)
    for item in without["signals"]:
        assert {key: item[key] for key in ("id", "lifecycle", "first_raised", "age_weeks")} == (
            dict.fromkeys(("id", "lifecycle", "first_raised", "age_weeks"))
        )
    assert without["previous_as_of"] is None
    assert without["settled_since_last_scan"] is None


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_without_a_memory_the_brief_reads_as_before(fmt: str) -> None:
    plain = _render(fmt, memory=None)
    for title in ("New this week", "Still open", "Settled since last scan", "first raised"):
        assert title not in plain
    assert "2013-01-18" in plain  # the scan's own raised date, in its line or its table


def test_a_signal_the_memory_does_not_know_is_shown_without_a_raising() -> None:
    known = Memory(as_of=AS_OF, previous_as_of=None, tracked=MEMORY.tracked[:1])
    text = _render("text", memory=known)
    assert "The first scan on record: one new this week, none still open." in text
    assert "  ! taken-in-charge-1d [Ticket triage, high risk]: drifting since" in text
    # this scan's own date names no stored signal: with a store, no raising is quoted
    assert "raised 2012-10-10" not in text
    assert "Settled since last scan" not in text


def test_an_open_signal_not_in_the_report_is_still_listed() -> None:
    elsewhere = _tracked(
        11, "resolved-before-closed", "ongoing", date(2012, 12, 30), last_seen=date(2013, 1, 13)
    )
    memory = replace(MEMORY, tracked=(*MEMORY.tracked, elsewhere))
    text = _render("text", memory=memory)
    still = text.split("Still open (4):\n")[1].split("\n\n")[0]
    assert (
        "  - resolved-before-closed [Resolution, medium risk]: missed rising; its check last seen "
        "drifting on 2013-01-13; open 3 weeks, first raised 2012-12-30"
    ) in still
    listed = json.loads(_render("json", memory=memory))["still_open_not_listed"]
    assert [(item["id"], item["age_weeks"]) for item in listed] == [(6, 3), (11, 3)]


def test_a_memory_of_another_scan_is_refused() -> None:
    other = replace(MEMORY, as_of=date(2013, 1, 27))
    for fmt in FORMATS:
        with pytest.raises(ValueError, match="as of 2013-01-27 but the report is as of 2013-01-20"):
            _render(fmt, memory=other)


def test_new_decides_fail_on_new() -> None:
    report: ScanReport = helpdesk().report
    assert has_new(report, memory=MEMORY)
    older = replace(MEMORY, tracked=MEMORY.tracked[1:])
    assert not has_new(report, memory=older)
    # Without a store, every drifting signal counts as new; a steady report has none.
    assert has_new(report, memory=None)
    assert not has_new(replace(fixed_report(), signals=(), watching=()), memory=None)


def test_the_sections_split_by_lifecycle() -> None:
    since = since_last_scan(helpdesk().report, memory=MEMORY)
    assert [item.tracked.id for item in since.new] == [9]
    assert [item.tracked.id for item in since.still_open] == [4, 2, 6]
    assert [item.id for item in since.settled] == [7, 8]
    assert since.signals == ()


HOSTILE_NOTE = "<script>alert(1)</script> | *x* \x1b[2J\n  ! taken-in-charge: fake line"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_note_is_shown_as_written_never_run(fmt: str) -> None:
    ack = replace(MEMORY.tracked[1], note=HOSTILE_NOTE)
    page = _render(fmt, memory=replace(MEMORY, tracked=(MEMORY.tracked[0], ack)))
    assert "\x1b" not in page
    if fmt in ("md", "html"):
        assert "<script>" not in page
    assert "\n  ! taken-in-charge: fake line" not in page
    if fmt == "json":
        assert json.loads(page)["signals"][0]["note"] == HOSTILE_NOTE
    if fmt == "md":
        assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*" in page


def test_the_segment_is_not_part_of_a_signals_identity() -> None:
    """Last seen on one team, the same change on the whole check is the same signal."""
    moved = replace(MEMORY.tracked[1], segment={"team": "Value 1"})
    memory = replace(MEMORY, tracked=(MEMORY.tracked[0], moved))
    since = since_last_scan(helpdesk().report, memory=memory)
    assert [(item.tracked.id, item.signal is not None) for item in since.still_open] == [(4, True)]
    assert "  ! taken-in-charge-1d [Ticket triage, high risk]: drifting" in _render("text", memory)


def test_another_metric_of_the_same_check_is_another_signal() -> None:
    other = replace(MEMORY.tracked[1], metric="latency")
    memory = replace(MEMORY, tracked=(MEMORY.tracked[0], other))
    since = since_last_scan(helpdesk().report, memory=memory)
    assert [item.signal for item in since.still_open] == [None]
    assert [signal.check for signal in since.signals] == [
        "taken-in-charge-1d",
        "resolved-within-30d",
    ]


def test_a_decision_made_after_the_scans_day_counts_weeks_to_that_day() -> None:
    """Rebaselined today on a scan of 2013 data: open 13 weeks in the data, not 14 years."""
    late = replace(MEMORY.tracked[5], closed_on=date(2026, 12, 5), first_raised=date(2012, 10, 18))
    memory = replace(MEMORY, tracked=(late,))
    text = _render("text", memory=memory)
    assert (
        "rebaselined on 2026-12-05, after this scan's day; 13 weeks open by 2013-01-20 "
        "(first raised 2012-10-18)"
    ) in text
    settled = json.loads(_render("json", memory=memory))["settled_since_last_scan"]
    assert (settled[0]["closed_on"], settled[0]["weeks_open"]) == ("2026-12-05", 13)


def test_a_signal_in_its_grace_not_judged_this_scan_says_when_its_check_was_last_seen() -> None:
    grace = replace(MEMORY.tracked[3], settled_on=date(2013, 1, 13), last_seen=date(2013, 1, 13))
    memory = replace(MEMORY, tracked=(*MEMORY.tracked[:3], grace))
    still = _render("text", memory=memory).split("Still open (3):\n")[1].split("\n\n")[0]
    assert (
        "median time rising; its check last seen steady on 2013-01-13; open 3 weeks, first "
        "raised 2012-12-30; steady again when last judged, on 2013-01-13; not judged since, "
        "so it resolves at the first scan that sees it hold"
    ) in still  # this scan, from which it could have resolved, did not judge its check


def test_a_grace_over_with_no_scan_since_to_judge_its_check_names_no_day_long_past() -> None:
    """Settled on 2012-12-09, then six weeks of scans that could not judge its check (a
    baseline too thin to be sure): it waits for a scan that sees it hold, and says so."""
    waiting = replace(MEMORY.tracked[3], settled_on=date(2012, 12, 9), last_seen=date(2012, 12, 9))
    memory = replace(MEMORY, tracked=(*MEMORY.tracked[:3], waiting))
    still = _render("text", memory=memory).split("Still open (3):\n")[1].split("\n\n")[0]
    assert (
        "steady again when last judged, on 2012-12-09; not judged since, so it resolves at "
        "the first scan that sees it hold"
    ) in still
    assert "resolves at the first scan from 2012-12-16" not in still
