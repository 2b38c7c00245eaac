"""Slices a scan could not watch are listed with their reason, escaped like the rest."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from taut.brief import render
from taut.brief.markdown import markdown_text
from taut.brief.webpage import html_text
from taut.brief.wording import not_watched_lines
from taut.signal.report import NotWatched
from taut.terminal import visible
from tests.brief.test_formats import fixed_report

TEAM = NotWatched(
    area="Customer handoff",
    check="ack-within-24h",
    metric="missed",
    segment={"team": "<b>West</b> | *x*"},
    reason="only 12 decided cases in the baseline window\x1b[2J; it needs 200",
)
WHOLE = NotWatched(
    area="Delivery start",
    check="delivery-within-5d",
    metric="latency",
    segment=None,
    reason="no threshold for 3 cases with a 0.1% miss rate",
)
LINES = (
    "ack-within-24h: one segment is watched only within the whole check, not on its own "
    "(team <b>West</b> | *x*); taut scan --format json gives each reason",
    "delivery-within-5d (all cases): not watched, because no threshold for 3 cases with a "
    "0.1% miss rate",
)
ESCAPE: dict[str, Callable[[str], str]] = {
    "text": visible,
    "md": markdown_text,
    "html": html_text,
}


@pytest.mark.parametrize("fmt", sorted(ESCAPE))
def test_each_format_lists_every_slice_not_watched(fmt: str) -> None:
    report = dataclasses.replace(fixed_report(), not_watched=(TEAM, WHOLE))
    out = render(report, fmt=fmt)
    assert out.count("Not watched") == 1
    for line in LINES:
        assert ESCAPE[fmt](line) in out
    assert out.index("Not watched") > out.index("Most fragile")
    assert "\x1b" not in out
    if fmt != "text":
        assert "<b>West" not in out


def test_segments_are_named_once_per_check_and_whole_checks_come_first() -> None:
    thin = [
        dataclasses.replace(TEAM, segment={"weekday": day}, metric=metric)
        for day in ("Saturday", "Sunday")
        for metric in ("missed", "latency")
    ]
    report = dataclasses.replace(fixed_report(), not_watched=(*thin, WHOLE))
    out = render(report, fmt="text")
    section = out[out.index("Not watched") :].splitlines()[1:]
    assert [line.split(":")[0] for line in section] == [
        "  - delivery-within-5d (all cases)",
        "  - ack-within-24h",
    ]
    assert "two segments" in section[1]
    assert section[1].count("Saturday") == 1


@pytest.mark.parametrize("fmt", [*sorted(ESCAPE), "json"])
def test_no_section_when_every_slice_is_watched(fmt: str) -> None:
    assert "not watched" not in render(fixed_report(), fmt=fmt).lower()


def test_one_reason_for_two_metrics_of_a_check_reads_once() -> None:
    coarse = "its times in the baseline window are too coarse to watch as times"
    items = [
        NotWatched(area="a", check="ack", metric=metric, segment=None, reason=coarse)
        for metric in ("latency", "spread")
    ]
    assert not_watched_lines(items) == (f"ack (all cases): not watched, because {coarse}",)
