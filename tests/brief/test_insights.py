"""The brief with insights: plain output unchanged without them, one section with them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from taut.brief import FORMATS, render
from taut.insight.headline import Findings, write_insight
from taut.insight.records import ConditionEffect, Insight, Spread
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.report import AreaFragility, ScanReport

SIGNAL = Signal(
    area="Customer handoff",
    check="ack-within-24h",
    risk="high",
    state="drifting",
    since=date(2025, 4, 7),
    raised=date(2025, 4, 16),
    segment=None,
    metric="missed",
    baseline=0.07,
    current=0.24,
    cases=905,
    baseline_cases=1210,
    direction="up",
    confidence=4.2,
)
REPORT = ScanReport(
    process="Sales to Operations handoff",
    as_of=date(2025, 5, 18),
    data_end="2025-05-19 04:59:00",
    baseline_until=date(2025, 3, 2),
    budget=3,
    signals=(SIGNAL,),
    watching=(),
    fragility=(),
    checks=(),
    steady=(("Customer handoff", "intake-complete"),),
)
EFFECT = ConditionEffect(
    field="workload",
    value="high-workload days",
    share_of_cases=0.31,
    inside_before=0.06,
    inside_during=0.34,
    outside_before=0.07,
    outside_during=0.09,
    inside_cases=280,
    outside_cases=625,
    diff_in_diff=0.26,
    share_explained=0.92,
    p_value=1e-12,
    holds=True,
)


def _insight() -> Insight:
    return write_insight(
        Findings(
            signal=SIGNAL,
            named=(EFFECT,),
            tried=21,
            excess=150.0,
            spread=Spread(people_showing=16, people=20, teams_showing=4, teams=4),
            consequences=(),
            baseline_until=REPORT.baseline_until,
            as_of=REPORT.as_of,
        )
    )


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_without_insights_the_brief_is_unchanged(fmt: str) -> None:
    plain = FORMATS[fmt](REPORT)
    assert render(REPORT, fmt=fmt, insights=None) == plain
    assert render(REPORT, fmt=fmt, insights=()) == plain
    assert FORMATS[fmt](REPORT, insights=()) == plain


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_each_format_shows_the_headline_after_the_signals(fmt: str) -> None:
    insight = _insight()
    out = render(REPORT, fmt=fmt, insights=(insight,))
    headline = insight.headline if fmt != "html" else insight.headline.replace("'", "&#x27;")
    assert headline in out
    assert "What it means" in out
    assert out.index("ack-within-24h") < out.index("What it means") < out.index("steady")


def test_json_gives_each_signal_its_insight() -> None:
    data = json.loads(render(REPORT, fmt="json", insights=(_insight(),)))
    insight = data["signals"][0]["insight"]
    assert insight["conditions"][0]["field"] == "workload"
    assert insight["conditions"][0]["value"] == "high-workload days"
    assert insight["widespread"] is False
    assert insight["headline"].startswith("ack-within-24h:")
    plain = json.loads(render(REPORT, fmt="json"))
    del data["signals"][0]["insight"]
    assert data == plain


def test_mismatched_insights_and_unknown_formats_are_refused() -> None:
    other = Signal(**{**SIGNAL.__dict__, "check": "ack-present"})
    report = ScanReport(**{**REPORT.__dict__, "signals": (other,)})
    with pytest.raises(ValueError, match="explain_signals"):
        render(report, fmt="text", insights=(_insight(),))
    with pytest.raises(ValueError, match="Did you mean 'html'"):
        render(REPORT, fmt="htm", insights=(_insight(),))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_renderer_refuses_insights_of_another_report(fmt: str) -> None:
    other = Signal(**{**SIGNAL.__dict__, "check": "ack-present"})
    report = ScanReport(**{**REPORT.__dict__, "signals": (other,)})
    with pytest.raises(ValueError, match="explain_signals"):
        FORMATS[fmt](report, insights=(_insight(),))


def _crowded_report() -> ScanReport:
    """Watching and fragility present, and data that looks like the old insertion marks."""
    marks = "! ## Signals </table>"
    watched = Signal(**{**SIGNAL.__dict__, "check": "ack-present", "state": "loosening"})
    weakest = Fragility(
        area=marks,
        check="ack-within-24h",
        risk="high",
        target=0.9,
        current=0.8,
        cases=900,
        headroom=-0.1,
        trend=-0.01,
        breaks=None,
        score=1.0,
    )
    area = AreaFragility(area=marks, risk="high", score=1.0, weakest=weakest)
    return ScanReport(**{**REPORT.__dict__, "watching": (watched,), "fragility": (area,)})


@pytest.mark.parametrize(
    ("fmt", "watching"),
    [("text", "Watching ("), ("md", "## Watching"), ("html", "<h2>Watching</h2>")],
)
def test_the_section_sits_between_signals_and_watching_whatever_the_data(
    fmt: str, watching: str
) -> None:
    report = _crowded_report()
    out = render(report, fmt=fmt, insights=(_insight(),))
    assert out.count("What it means") == 1
    assert out.index("ack-within-24h") < out.index("What it means") < out.index(watching)
    assert out.index(watching) < out.rindex("ack-present")
    without = render(report, fmt=fmt)
    assert "What it means" not in without
    assert without.index(watching) == out.index(watching) - (len(out) - len(without))
