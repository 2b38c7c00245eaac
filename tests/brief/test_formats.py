"""Every brief format on a fixed report: golden files, self-contained HTML, valid JSON."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from taut.brief import FORMATS, render
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.inputs.moves import MovedBaseline
from taut.signal.report import AreaFragility, ScanReport

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "scan"
PERSON = re.compile(r"\b(rep|ops)-\d+\b")


def fixed_report() -> ScanReport:
    signal = Signal(
        area="Customer handoff",
        check="ack-within-24h",
        risk="high",
        state="drifting",
        since=date(2025, 4, 7),
        raised=date(2025, 4, 9),
        segment=None,
        metric="missed",
        baseline=0.057,
        current=0.347,
        cases=940,
        baseline_cases=987,
        direction="up",
        confidence=12.5,
    )
    watch = Signal(
        area="Delivery start",
        check="delivery-within-5d",
        risk="low",
        state="loosening",
        since=date(2025, 5, 1),
        raised=None,
        segment={"team": "West"},
        metric="latency",
        baseline=48.3,
        current=55.0,
        cases=333,
        baseline_cases=382,
        direction="up",
        confidence=0.6,
        p90=(90.0, 110.0),
    )
    fragile = Fragility(
        area="Delivery start",
        check="delivery-within-5d",
        risk="low",
        target=0.9,
        current=0.935,
        cases=1096,
        headroom=0.035,
        trend=-0.0045,
        breaks=date(2025, 8, 14),
        score=0.5,
    )
    below = Fragility(
        area="Customer handoff",
        check="ack-within-24h",
        risk="high",
        target=0.9,
        current=0.656,
        cases=900,
        headroom=-0.244,
        trend=-0.03,
        breaks=None,
        score=1.0,
    )
    return ScanReport(
        process="Sales to Operations handoff",
        as_of=date(2025, 5, 24),
        data_end="2025-05-25 04:59:00",
        baseline_until=date(2025, 3, 2),
        budget=3,
        signals=(signal,),
        watching=(watch,),
        fragility=(
            AreaFragility(area="Customer handoff", risk="high", score=3.0, weakest=below),
            AreaFragility(area="Delivery start", risk="low", score=0.5, weakest=fragile),
        ),
        checks=(below, fragile),
        steady=(("Customer handoff", "intake-complete"),),
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_its_golden_file(fmt: str) -> None:
    text = render(fixed_report(), fmt=fmt)
    path = GOLDEN / f"{fmt}.txt"
    if os.environ.get("TAUT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert not PERSON.search(text)


def test_text_answers_the_two_questions() -> None:
    text = render(fixed_report(), fmt="text")
    assert "One step is drifting." in text
    assert "below its 90% commitment in about 12 weeks" in text
    assert "missed 5.7% -> 34.7%" in text


def test_html_is_self_contained() -> None:
    page = render(fixed_report(), fmt="html")
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page
    assert "<script" not in page
    assert "<link" not in page


def test_json_round_trips_with_the_promised_keys() -> None:
    data = json.loads(render(fixed_report(), fmt="json"))
    assert {"signals", "watching", "fragility", "steady"} <= set(data)
    assert data["signals"][0]["since"] == "2025-04-07"
    assert data["watching"][0]["segment"] == {"team": "West"}
    assert data["fragility"][0]["area"] == "Customer handoff"


def test_unknown_format_suggests_the_closest() -> None:
    with pytest.raises(ValueError, match="Did you mean 'html'"):
        render(fixed_report(), fmt="htm")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_baseline_the_store_moved_is_named_under_the_scans_own(fmt: str) -> None:
    """A check whose drifts the store left out of its baseline, and one restarted by a
    rebaseline, are read against windows of their own: the first lines say which."""
    plain = render(fixed_report(), fmt=fmt)
    assert "Own baselines" not in plain
    moved = replace(
        fixed_report(),
        moved=(
            MovedBaseline(
                check="ack-within-1d",
                start=date(2023, 11, 2),
                until=date(2025, 3, 2),
                excluded=((date(2024, 2, 1), date(2024, 6, 30)),),
            ),
            MovedBaseline(
                check="kickoff",
                start=date(2025, 4, 7),
                until=date(2025, 6, 1),
                restart=date(2025, 4, 7),
            ),
            MovedBaseline(check="intake", start=date(2025, 1, 6), until=date(2025, 3, 2)),
        ),
    )
    text = " ".join(render(moved, fmt=fmt).split())
    assert (
        "Own baselines: ack-within-1d 2023-11-02 to 2025-03-02, without the days it drifted; "
        "kickoff restarted 2025-04-07 (2025-04-07 to 2025-06-01)."
    ) in text
    assert "intake 2025" not in text  # moved by nothing: the scan's own window
