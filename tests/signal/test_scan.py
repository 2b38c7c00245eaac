"""The scan on simulated logs with known truth: raised where and when it should be."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from taut import api
from taut.api import scan
from taut.signal.report import ScanReport
from taut.signal.state import CheckState
from taut.simulate import Condition, Drift, sales_handoff
from taut.simulate.handoff import demo_simulation
from tests.signal.scenarios import ONSET

pytestmark = pytest.mark.slow


def test_injected_skip_is_raised_after_onset_with_since_near_it(drift_report: ScanReport) -> None:
    hits = [s for s in drift_report.signals if s.check in {"ack-within-24h", "ack-present"}]
    assert hits, drift_report.to_json_dict()
    first = hits[0]
    assert first.state == "drifting"
    assert first.since is not None
    assert first.raised is not None
    assert abs((first.since - ONSET).days) <= 14
    assert ONSET <= first.raised <= ONSET + timedelta(days=21)
    assert first.current is not None
    assert first.current > first.baseline


def _worst_four_weeks(contract: Path, *, check: str, after: date) -> tuple[float, float]:
    """A check's share missed in the baseline, and in its worst four weeks after ``after``."""
    table = api.outcomes(contract).to_pandas()
    rows = table[(table.check == check) & table.status.isin(["kept", "missed"])]
    missed = (rows.status == "missed").astype(float)
    day = rows.day.astype("datetime64[ns]")
    base = float(missed[day <= after.isoformat()].mean())
    weekly = missed[day > after.isoformat()].groupby(day.dt.to_period("W")).agg(["sum", "size"])
    window = weekly.rolling(4).sum().dropna()
    return base, float((window["sum"] / window["size"]).max())


def test_no_drift_raises_no_signal_without_a_sustained_rise(steady_contract: Path) -> None:
    """Nothing is injected, but the simulator's volume pattern can still double a check's
    misses for weeks (delivery-within-5d does, on this seed: about 4% in the baseline, 8-11%
    for six weeks of March and April). A raised signal must stand on such a rise in the
    data (its worst four weeks at least 1.5 times the baseline share); every other check
    stays quiet."""
    report = scan(steady_contract)
    for signal in (*report.signals, *report.watching):
        if signal.state != "drifting":
            continue
        base, worst = _worst_four_weeks(
            steady_contract, check=signal.check, after=report.baseline_until
        )
        assert worst >= 1.5 * base, (signal, base, worst)
    assert {s.check for s in report.signals} <= {"delivery-within-5d"}


def test_no_drift_raises_nothing_in_the_high_risk_area(steady_contract: Path) -> None:
    report = scan(steady_contract)
    high = [s for s in (*report.signals, *report.watching) if s.risk == "high"]
    assert not [s for s in high if s.state == "drifting"]


def test_json_has_the_promised_keys(drift_report: ScanReport) -> None:
    data = drift_report.to_json_dict()
    assert {"signals", "watching", "fragility", "steady"} <= set(data)
    keys = {"area", "check", "state", "since", "raised", "segment", "baseline", "current", "cases"}
    for item in (*data["signals"], *data["watching"]):
        assert keys <= set(item)
    assert [area["area"] for area in data["fragility"]]


def test_as_of_before_the_onset_sees_nothing_yet(drift_contract: Path) -> None:
    report = scan(drift_contract, as_of=ONSET - timedelta(days=1))
    assert report.as_of == ONSET - timedelta(days=1)
    assert not [s for s in report.signals if s.check in {"ack-within-24h", "ack-present"}]


def test_no_drift_over_half_a_year_stays_within_one_false_signal_per_check_year(
    tmp_path: Path,
) -> None:
    """Weekday patterns, month-end peaks, holidays and +30% growth are not drift.

    Eight seeds of 18 monitored weeks and five checks: about 14 check-years. A check
    counts once a seed however many of its slices drift.
    """
    false_signals, check_years = 0, 0.0
    for seed in (0, 1, 2, 3, 5, 6, 7, 8):
        sim = sales_handoff(seed=seed, weeks=26, deals_per_day=20.0, drifts=())
        report = scan(sim.write(tmp_path / str(seed), fmt="csv"))
        drifting = {s.check for s in (*report.signals, *report.watching) if s.state == "drifting"}
        false_signals += len(drifting)
        check_years += 5 * (report.as_of - report.baseline_until).days / 365.25
    assert false_signals / check_years <= 1.0


def test_demo_latency_drift_on_busy_days_is_raised_after_its_onset(tmp_path: Path) -> None:
    report = scan(demo_simulation(seed=7).write(tmp_path, fmt="csv"))
    onset = date(2025, 4, 14)
    latency = [
        s
        for s in (*report.signals, *report.watching)
        if s.check == "ack-within-24h" and s.state == "drifting"
    ]
    assert latency, report.to_json_dict()
    assert all(s.raised is not None and s.raised >= onset for s in latency)
    assert {s.check for s in report.signals} >= {"ack-within-24h", "intake-complete"}


def _first_raised(report: ScanReport) -> date:
    days = [
        s.raised
        for s in (*report.signals, *report.watching)
        if s.check in {"ack-within-24h", "ack-present"} and s.raised is not None
    ]
    assert days, report.to_json_dict()
    return min(days)


def test_the_contract_sensitivity_moves_when_a_drift_is_raised(drift_contract: Path) -> None:
    text = drift_contract.read_text(encoding="utf-8")
    raised: dict[float, date] = {}
    for sensitivity in (0.1, 4.0):
        variant = drift_contract.with_name(f"taut-{sensitivity:g}.yaml")
        variant.write_text(
            f"{text}\nalerts: {{false_signals_per_year: {sensitivity:g}}}\n", encoding="utf-8"
        )
        raised[sensitivity] = _first_raised(scan(variant))
    default = _first_raised(scan(drift_contract))
    # lower thresholds alarm no later on the same streams, higher ones no earlier
    assert raised[4.0] <= default <= raised[0.1]
    assert raised[4.0] < raised[0.1]


def _every_slice_state(contract_path: Path) -> list[CheckState]:
    """Every watched slice's state, as a scan builds them before its alert budget.

    The brief shows one lead slice a check; these are all of them, segments included.
    """
    return list(api.states(contract_path))


def test_a_drift_confined_to_one_team_is_raised_in_that_team(tmp_path: Path) -> None:
    """Intake fields left blank +15 points in team West only: its segment is raised.

    The West segment's baseline holds about ten blank intakes; its rate is pooled with the
    whole check's (taut.signal.model.pooling), so the segment is raised within weeks of the onset.
    """
    onset = date(2025, 4, 7)
    drift = Drift(
        kind="blank", onset=onset, size=0.15, condition=Condition(field="team", value="West")
    )
    sim = sales_handoff(seed=3, weeks=22, deals_per_day=30.0, drifts=(drift,))
    states = _every_slice_state(sim.write(tmp_path, fmt="csv"))
    west = [s for s in states if s.check == "intake-complete" and s.segment == {"team": "West"}]
    assert [s.state for s in west] == ["drifting"], west
    found = west[0]
    assert found.raised is not None
    assert onset <= found.raised <= onset + timedelta(days=35)
    assert found.current is not None
    assert found.current > found.baseline + 0.08
    others = [
        s
        for s in states
        if s.check == "intake-complete"
        and s.segment
        and s.segment.get("team") not in {None, "West"}
    ]
    assert others
    assert all(s.state == "steady" for s in others)


def test_teams_that_always_differed_are_not_raised(tmp_path: Path) -> None:
    """Teams West (+10 points) and North (+4) leave intake fields blank more from day one.

    Pooling pulls a segment's rate towards the whole check's only as far as the teams'
    spread allows (taut.signal.model.pooling): a team that always differed is compared with its
    own level, so nothing is raised.
    """
    start = date(2025, 1, 6)
    drifts = (
        Drift(
            kind="blank", onset=start, size=0.10, condition=Condition(field="team", value="West")
        ),
        Drift(
            kind="blank", onset=start, size=0.04, condition=Condition(field="team", value="North")
        ),
    )
    for seed in (0, 1, 2):
        sim = sales_handoff(seed=seed, start=start, weeks=30, deals_per_day=30.0, drifts=drifts)
        states = _every_slice_state(sim.write(tmp_path / str(seed), fmt="csv"))
        intake = [s for s in states if s.check == "intake-complete"]
        west = [s for s in intake if s.segment == {"team": "West"}]
        assert west
        assert west[0].baseline > 0.08
        assert [s for s in intake if s.state == "drifting"] == []


def test_a_scan_as_of_the_raised_day_already_raises_it(tmp_path: Path) -> None:
    """``raised`` is the day a daily scan would first raise a slice: back-test it.

    The demo's acknowledgement slows threefold on busy days. Its latency stream (capped at
    four days) used to enter a scan only four days after each anchor, so scans as of the
    reported ``raised`` day, and the two days after, had not raised it yet.
    """
    contract = demo_simulation(seed=7).write(tmp_path, fmt="csv")

    def whole_latency(as_of: date | None) -> CheckState:
        return next(
            s
            for s in api.states(contract, as_of=as_of)
            if s.check == "ack-within-24h" and s.metric == "latency" and s.segment is None
        )

    raised = whole_latency(None).raised
    assert raised is not None
    back = whole_latency(raised)
    assert back.state == "drifting"
    assert back.raised == raised


def test_every_check_is_shown_once_on_one_screen(drift_report: ScanReport) -> None:
    """Signals, watching and held steady name each check once, in one state."""
    shown = [s.check for s in (*drift_report.signals, *drift_report.watching)]
    shown += [check for _, check in drift_report.steady]
    assert sorted(shown) == sorted({item.check for item in drift_report.checks})
