"""What is news: signals first raised by this scan and changes' verdicts, never a repeat."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taut.notify.news import news, unsent
from taut.store.database.deliveries import Sent
from tests.notify.samples import MEMORY, REPORT, judged


def test_only_the_new_signal_is_news() -> None:
    (item,) = news(report=REPORT, memory=MEMORY)
    assert (item.kind, item.subject, item.status) == ("signal", 7, "new")
    assert item.title == "New signal in Customer handoff: ack-within-24h"
    # the numbers come from the report's signal of that check (5.7% -> 34.7% over 940 cases)
    assert "5.7% -> 34.7%" in item.text
    assert "940 cases" in item.text


def test_a_week_with_no_new_signal_has_no_news() -> None:
    quiet = replace(
        MEMORY, tracked=tuple(replace(item, lifecycle="ongoing") for item in MEMORY.tracked)
    )
    assert news(report=REPORT, memory=quiet) == ()


def test_verdicts_are_news_and_not_yet_clear_is_not() -> None:
    changes = (judged(1, "working"), judged(2, "not-yet-clear"), judged(3, "relapsing"))
    found = news(report=REPORT, memory=MEMORY, changes=changes)
    assert [(item.kind, item.subject, item.status) for item in found] == [
        ("signal", 7, "new"),
        ("change", 1, "working"),
        ("change", 3, "relapsing"),
    ]
    assert found[1].title == "Change to ack-within-24h is working: Acknowledgment gate"
    assert "Misses fell from 30% to 12%" in found[1].text


def test_what_a_channel_carried_is_left_out_on_that_channel_only() -> None:
    found = news(report=REPORT, memory=MEMORY, changes=(judged(1, "working"),))
    carried = [found[0].sent_on("webhook")]
    assert unsent(found, sent=carried, channel="webhook") == found[1:]
    assert unsent(found, sent=carried, channel="email") == found


def test_a_moved_verdict_is_news_again() -> None:
    before = [Sent(kind="change", subject=1, status="working", channel="email")]
    (moved,) = unsent(
        news(report=REPORT, memory=replace(MEMORY, tracked=()), changes=(judged(1, "relapsing"),)),
        sent=before,
        channel="email",
    )
    assert moved.status == "relapsing"


def test_a_memory_of_another_scan_is_refused() -> None:
    with pytest.raises(ValueError, match="memory is of the scan"):
        news(report=REPORT, memory=replace(MEMORY, as_of=date(2025, 5, 17)))


def test_a_signal_on_a_thin_baseline_is_sent_as_tentative_and_only_it() -> None:
    (sure,) = news(report=REPORT, memory=MEMORY)
    assert "Tentative" not in sure.text
    thin = replace(REPORT, signals=(replace(REPORT.signals[0], thin_baseline=True),))
    (tentative,) = news(report=thin, memory=MEMORY)
    assert tentative.text.endswith("Tentative: its baseline is too thin for taut to be sure.")


def test_a_segments_signal_says_where() -> None:
    segment = replace(REPORT.signals[0], segment={"team": "North"})
    report = replace(REPORT, signals=(segment,))
    (item,) = news(report=report, memory=MEMORY)
    assert "Drifting since 2025-04-07 (team North): missed 5.7% -> 34.7%" in item.text
