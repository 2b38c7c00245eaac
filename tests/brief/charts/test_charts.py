"""The brief's charts by structure: their marks, axes, data points and dated marks."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from taut.brief.briefing import Briefing, CheckSeries, WeeklyPoint
from taut.brief.charts import Chart, chart_name, charts_for, check_series, series_for, write_pngs
from taut.brief.charts.control import ABOVE, INSIDE, control_chart
from taut.brief.charts.fragility import BELOW, BREAKS, ROOM, fragility_chart
from taut.brief.charts.overview import overview_chart
from taut.brief.wording import metric_pair
from taut.errors import OutputError
from taut.reinforce.changes import Change, Effect, JudgedChange, Verdict
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import Fragility
from taut.signal.report import ScanReport
from tests.brief.charts.conftest import SKIP_ONSET, Scanned
from tests.brief.charts.specs import marks, named, nodes_of, units


@pytest.fixture(scope="module")
def series(drifted: Scanned) -> tuple[CheckSeries, ...]:
    return series_for(drifted.book, contract=drifted.contract, report=drifted.report)


def _signal(drifted: Scanned, check: str) -> Signal:
    return next(s for s in (*drifted.report.signals, *drifted.report.watching) if s.check == check)


def _whole(series: tuple[CheckSeries, ...], check: str) -> CheckSeries:
    return next(s for s in series if s.check == check and s.segment is None)


def _judged(check: str, day: date, verdict: Verdict = "working") -> JudgedChange:
    change = Change(
        id=1,
        area="Customer handoff",
        check=check,
        applied_on=day,
        change="Acknowledgment step before kickoff is scheduled",
    )
    effect = Effect(
        verdict=verdict,
        metric="missed",
        method="its",
        before=0.3,
        after=0.1,
        effect=-0.2,
        interval=(-0.25, -0.15),
        cases_before=400,
        cases_since=300,
        cases_needed=None,
        reason="Fewer misses since the change.",
    )
    return JudgedChange(change=change, effect=effect)


def test_a_control_chart_draws_every_week_with_cases_and_where_it_lies(
    drifted: Scanned, series: tuple[CheckSeries, ...]
) -> None:
    signal = _signal(drifted, "ack-present")
    mine = _whole(series, "ack-present")
    spec = control_chart(signal=signal, series=mine)

    weeks, rows = named(spec, "weeks")
    assert marks(weeks) == ["line", "point"]
    assert rows is not None
    filled = [p for p in mine.points if p.cases]
    assert [row["week"] for row in rows] == [p.week.isoformat() for p in filled]
    assert [row["value"] for row in rows] == [p.value for p in filled]
    after = [row for row in rows if date.fromisoformat(row["week"]) >= SKIP_ONSET]
    assert after
    assert all(row["kind"] == ABOVE for row in after)
    before = [row for row in rows if date.fromisoformat(row["week"]) < SKIP_ONSET - timedelta(7)]
    assert all(row["kind"] == INSIDE for row in before)
    point = weeks["layer"][1]["encoding"]
    # colour is never the only cue: the week's place is its shape as well
    assert point["shape"]["field"] == point["color"]["field"] == "kind"
    assert point["x"]["title"] == "Week starting"
    assert point["y"]["title"] == "Share of cases missed"


def test_a_control_chart_draws_the_report_s_levels_and_days(
    drifted: Scanned, series: tuple[CheckSeries, ...]
) -> None:
    signal = _signal(drifted, "ack-within-24h")
    spec = control_chart(signal=signal, series=_whole(series, "ack-within-24h"))

    band, band_rows = named(spec, "band")
    assert marks(band) == ["area"]
    assert band_rows is not None
    assert {(row["low"], row["high"]) for row in band_rows} == {
        _whole(series, "ack-within-24h").band
    }
    levels, level_rows = named(spec, "levels")
    assert marks(levels) == ["rule"]
    assert level_rows is not None
    by_role = {row["role"]: row for row in level_rows}
    assert by_role["target"]["value"] == pytest.approx(0.1)
    assert by_role["baseline"]["value"] == pytest.approx(signal.baseline)
    assert by_role["level"]["value"] == signal.current
    assert by_role["level"]["start"] == signal.since.isoformat()  # type: ignore[union-attr]
    usual, now = metric_pair(signal)
    assert by_role["baseline"]["line"] == f"usual level: {usual}"
    assert by_role["level"]["line"].endswith(now)
    days, _ = named(spec, "days")
    assert "rule" in marks(days)
    assert "text" in marks(days)
    dated = {row["kind"]: row["day"] for unit, rows in units(days, spec) for row in rows or []}
    assert dated == {"began": signal.since.isoformat(), "flagged": signal.raised.isoformat()}  # type: ignore[union-attr]
    assert spec["title"]["text"] == "Customer handoff: ack-within-24h"
    assert any(now in line for line in spec["title"]["subtitle"])
    assert any(usual in line for line in spec["title"]["subtitle"])


def test_a_recorded_change_is_drawn_on_its_own_check_with_its_verdict(
    drifted: Scanned, series: tuple[CheckSeries, ...]
) -> None:
    signal = _signal(drifted, "ack-present")
    changes = (
        _judged("ack-present", date(2025, 5, 5), verdict="not-yet-clear"),
        _judged("ack-within-24h", date(2025, 5, 6)),
        _judged("ack-present", date(2024, 1, 1)),  # before the chart's weeks
    )
    spec = control_chart(signal=signal, series=_whole(series, "ack-present"), changes=changes)
    days, _ = named(spec, "days")
    rows = [row for _, found in units(days, spec) for row in found or [] if row["kind"] == "change"]
    assert {row["day"] for row in rows} == {"2025-05-05"}
    assert all(row["label"].endswith("(not yet clear)") for row in rows)


def test_a_time_signal_charts_median_hours_against_the_limit(
    drifted: Scanned,
) -> None:
    latency = check_series(
        cases=drifted.book["delivery-within-5d"],
        contract=drifted.contract,
        report=drifted.report,
        metric="latency",
    )
    assert latency.baseline is not None
    signal = dataclasses.replace(
        _signal(drifted, "delivery-within-5d"),
        metric="latency",
        baseline=latency.baseline,
        current=latency.baseline * 2.0,
    )
    spec = control_chart(signal=signal, series=latency)
    weeks, _ = named(spec, "weeks")
    assert weeks["layer"][0]["encoding"]["y"]["title"] == "Median hours taken"
    _, level_rows = named(spec, "levels")
    by_role = {row["role"]: row for row in level_rows or []}
    assert by_role["target"]["value"] == pytest.approx(120.0)
    assert by_role["target"]["line"] == "limit for each case: 120.0 h"
    # a spread signal's values are ratios: no level of it is drawn on the hours
    spread = dataclasses.replace(signal, metric="spread", baseline=1.5, current=3.0)
    _, spread_rows = named(control_chart(signal=spread, series=latency), "levels")
    assert {row["role"] for row in spread_rows or []} == {"target", "baseline"}


def test_the_overview_has_a_sparkline_a_check_with_its_state_in_words(
    drifted: Scanned, series: tuple[CheckSeries, ...]
) -> None:
    spec = overview_chart(report=drifted.report, series=series)
    rows = spec["vconcat"]
    checks = [check.id for _, check in drifted.contract.checks]
    assert len(rows) == len(checks)
    states = {item.check: item.state for item in drifted.report.checks}
    for chart, check in zip(rows, checks, strict=True):
        assert chart["title"]["text"].endswith(f"· {check}")
        assert chart["title"]["subtitle"].startswith(f"{states[check]}: ")
        # Altair numbers the repeated layer names of a concatenation: sparkline_0, ...
        drawn = next(
            rows
            for node, rows in nodes_of(chart, spec)
            if str(node.get("name", "")).startswith("sparkline")
        )
        mine = _whole(series, check)
        assert drawn is not None
        assert len(drawn) == sum(1 for p in mine.points if p.cases)
    assert spec["title"]["subtitle"][0].endswith(
        f"{sum(1 for s in states.values() if s != 'steady')} of {len(checks)} checks."
    )


def _fragility(check: str, *, headroom: float, breaks: date | None, score: float) -> Fragility:
    return Fragility(
        area="Ops & <Field>",
        check=check,
        risk="high",
        target=0.9,
        current=0.9 + headroom,
        cases=300,
        headroom=headroom,
        trend=-0.01,
        breaks=breaks,
        score=score,
        recent_from=date(2025, 5, 1),
    )


def _report(*checks: Fragility, signals: tuple[Signal, ...] = ()) -> ScanReport:
    return ScanReport(
        process="P",
        as_of=date(2025, 5, 24),
        data_end="2025-05-24 20:00:00",
        baseline_until=date(2025, 3, 2),
        budget=3,
        signals=signals,
        watching=(),
        fragility=(),
        checks=checks,
        steady=(),
    )


def test_the_fragility_chart_ranks_checks_and_says_their_break_dates() -> None:
    report = _report(
        _fragility("room", headroom=0.08, breaks=None, score=0.2),
        _fragility("short", headroom=-0.03, breaks=None, score=1.6),
        _fragility("breaking", headroom=0.02, breaks=date(2025, 7, 14), score=0.7),
    )
    spec = fragility_chart(report=report)
    bars, rows = named(spec, "bars")
    assert marks(bars) == ["bar"]
    assert rows is not None
    assert [row["check"].split(" · ")[1] for row in rows] == ["short", "breaking", "room"]
    assert [row["points"] for row in rows] == [-3.0, 2.0, 8.0]
    assert [row["status"] for row in rows] == [BELOW, BREAKS, ROOM]
    assert rows[1]["breaks"] == "2025-07-14"
    assert rows[1]["words"][1] == "2.0 points above it; below it around 2025-07-14"
    assert rows[0]["words"][1] == "3.0 points below it now"
    assert bars["encoding"]["x"]["title"] == "Room above the commitment (percentage points)"
    assert marks(named(spec, "words")[0]) == ["text"]


def test_charts_for_renders_each_chart_as_accessible_svg(
    drifted: Scanned, series: tuple[CheckSeries, ...]
) -> None:
    briefing = Briefing(report=drifted.report, series=series)
    charts = charts_for(briefing)
    names = [chart.name for chart in charts]
    expected = [chart_name(s) for s in (*drifted.report.signals, *drifted.report.watching)]
    assert names == ["overview", "fragility", *expected]
    for chart in charts:
        assert chart.svg.startswith('<svg role="img" aria-label="')
        assert chart.title in chart.description
        assert chart.title.split(":")[0] in chart.svg


def test_user_words_are_escaped_in_the_svg() -> None:
    item = _fragility("ack", headroom=-0.03, breaks=None, score=1.6)
    charts = charts_for(Briefing(report=_report(item)))
    assert [chart.name for chart in charts] == ["fragility"]
    svg = charts[0].svg
    assert "Ops &amp; &lt;Field&gt;" in svg
    assert "<Field>" not in svg


def test_nothing_to_draw_is_left_out_not_drawn_empty() -> None:
    signal = Signal(
        area="A",
        check="ack",
        risk="high",
        state="drifting",
        since=None,
        raised=None,
        segment=None,
        metric="missed",
        baseline=0.1,
        current=0.2,
        cases=10,
        baseline_cases=10,
        direction="up",
        confidence=1.2,
    )
    empty = CheckSeries(
        area="A", check="ack", metric="missed", target=0.1, baseline=0.1, band=None, points=()
    )
    assert charts_for(Briefing(report=_report(signals=(signal,)), series=(empty,))) == ()


def test_write_pngs_writes_each_chart_whole(tmp_path: Path) -> None:
    points = tuple(
        WeeklyPoint(week=date(2025, 3, 3) + timedelta(weeks=k), cases=100, value=0.05 + 0.01 * k)
        for k in range(8)
    )
    mine = CheckSeries(
        area="A",
        check="ack",
        metric="missed",
        target=0.1,
        baseline=0.05,
        band=(0.0, 0.1),
        points=points,
    )
    signal = Signal(
        area="A",
        check="ack",
        risk="high",
        state="drifting",
        since=date(2025, 4, 7),
        raised=date(2025, 4, 14),
        segment={"team": "North"},
        metric="missed",
        baseline=0.05,
        current=0.1,
        cases=300,
        baseline_cases=500,
        direction="up",
        confidence=1.5,
    )
    briefing = Briefing(
        report=_report(_fragility("ack", headroom=0.01, breaks=None, score=0.8), signals=(signal,)),
        series=(mine,),
    )
    written = write_pngs(briefing, tmp_path / "charts")
    assert [path.name for path in written] == [
        "overview.png",
        "fragility.png",
        "control-ack-team-north.png",
    ]
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(
        p.name for p in written
    )
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(OutputError, match="Cannot write"):
        write_pngs(briefing, blocked / "charts")


def test_a_chart_is_a_frozen_record() -> None:
    chart = Chart(name="n", title="t", description="t", spec={}, svg="<svg/>")
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.name = "m"  # type: ignore[misc]
