"""The replay: every Monday's report equals a scan of the log cut at the Sunday before."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from taut import api
from taut.api.replaying import replay_source
from taut.api.scanning import scan_inputs, stored_outcomes
from taut.errors import InsufficientDataError, UsageError
from taut.signal.inputs.casebook import CheckCases, Labels, read_casebook
from taut.signal.inputs.cut import CaseTimes, TeamDays, cut_cases, hold_back
from taut.signal.inputs.moves import BaselineMoves
from taut.signal.replay import TeamPeople
from taut.signal.report import ScanReport
from taut.simulate import Drift, sales_handoff

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HOUR_US = 3_600_000_000


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """14 weeks, a skip of the acknowledgement from week 10 (some cases pending each Sunday)."""
    drift = Drift(kind="skip", onset=date(2025, 3, 10), size=0.4)
    sim = sales_handoff(seed=11, weeks=14, deals_per_day=12.0, drifts=(drift,))
    return sim.write(tmp_path_factory.mktemp("replay"), fmt="csv")


@pytest.fixture(scope="module")
def reports(contract: Path) -> list[ScanReport]:
    return list(api.replay(contract))


def _same(replayed: ScanReport, scanned: ScanReport) -> None:
    """The fields the brief compares, then the whole report (fragility and words included)."""

    def signals(report: ScanReport) -> list[tuple[object, ...]]:
        return [
            (s.check, s.segment, s.metric, s.state, s.raised)
            for s in (*report.signals, *report.watching)
        ]

    assert signals(replayed) == signals(scanned)
    assert replayed.steady == scanned.steady
    assert [c.state for c in replayed.checks] == [c.state for c in scanned.checks]
    assert replayed == scanned


def test_every_monday_equals_a_scan_as_of_the_sunday_before(
    contract: Path, reports: list[ScanReport]
) -> None:
    assert len(reports) >= 5
    assert any(r.signals for r in reports)
    assert not reports[0].signals
    for report in reports:
        _same(report, api.scan(contract, as_of=report.as_of))


def test_mondays_in_order_from_the_first_with_a_baseline_to_the_last_day(
    contract: Path, reports: list[ScanReport]
) -> None:
    days = [r.as_of for r in reports]
    assert all(day.weekday() == 6 for day in days[:-1])  # Sundays
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(days))
    assert days[-1] == api.scan(contract).as_of
    with pytest.raises(InsufficientDataError):  # the Sunday before the first one: refused
        api.scan(contract, as_of=days[0] - timedelta(weeks=1))


def test_since_starts_later_and_past_the_log_is_a_usage_error(
    contract: Path, reports: list[ScanReport]
) -> None:
    monday = reports[3].as_of + timedelta(days=1)
    later = list(api.replay(contract, since=monday - timedelta(days=2)))  # a Saturday
    assert [r.as_of for r in later] == [r.as_of for r in reports[3:]]
    assert later[0] == reports[3]
    with pytest.raises(UsageError, match="--since 2030-01-06 is after the log's last day"):
        api.replay(contract, since=date(2030, 1, 6))


def test_a_monday_given_moves_equals_a_scan_given_the_same_restarts_and_episodes(
    contract: Path, reports: list[ScanReport]
) -> None:
    # ack-within-24h restarts in week 3 (its window fills by mid-March); an episode of
    # ack-present in weeks 5-6 is left out of its first-weeks baseline.
    decided = BaselineMoves(
        restarts={"ack-within-24h": date(2025, 1, 20)},
        exclude={"ack-present": [(date(2025, 2, 3), date(2025, 2, 16))]},
    )
    source = replay_source(contract, con=None)
    moved = list(source.weekly(moves=lambda as_of: decided.in_force(as_of=as_of)))
    assert [r.as_of for r in moved] == [r.as_of for r in reports]
    for report in moved:
        force = decided.in_force(as_of=report.as_of)
        scanned = api.scan(
            contract, as_of=report.as_of, restarts=force.restarts, exclude=force.exclude
        )
        _same(report, scanned)
    changed = [r.moved for r, plain in zip(moved, reports, strict=True) if r != plain]
    assert len(changed) == len(reports)  # every Monday reads the decisions
    assert {m.check for moves in changed for m in moves} == {"ack-within-24h", "ack-present"}
    # The same source scans a Monday again without moves as it did before any was given.
    assert source.scan(reports[-1].as_of) == reports[-1]


def _timed(anchor_h: list[float], reached_h: list[float | None], *, limit_h: float) -> CaseTimes:
    """A within check's cases by hand: kept when the step came within the limit."""
    anchor = np.array(anchor_h)
    reached = np.array([np.nan if r is None else r for r in reached_h])
    late = reached - anchor > limit_h
    missed = np.where(np.isnan(reached), 1.0, np.where(late, 1.0, 0.0))
    decided = np.where(np.isnan(reached), anchor + limit_h, reached)
    cases = CheckCases(
        check="c",
        anchor=anchor,
        decided=decided,
        missed=missed,
        value=reached - anchor,
        day=np.array(["2025-01-06"] * anchor.size, dtype="datetime64[D]"),
        labels={"team": Labels.of(np.array(["A"] * anchor.size, dtype=object))},
    )
    micros = np.rint(anchor * HOUR_US).astype(np.int64)
    reached_us = np.where(np.isnan(reached), -1, np.rint(np.nan_to_num(reached) * HOUR_US))
    return CaseTimes(
        cases=cases,
        kind="timed",
        limit_us=int(limit_h * HOUR_US),
        anchor_us=micros,
        decided_us=np.rint(decided * HOUR_US).astype(np.int64),
        reached_us=reached_us.astype(np.int64),
        workload=np.ones(anchor.size, dtype=np.int64),
        hour=np.full(anchor.size, 9, dtype=np.int64),
    )


def test_a_step_after_the_cut_is_pending_until_its_deadline_then_missed() -> None:
    # Anchors at hours 0, 10, 20 and 40; a 24-hour limit; the data cut at hour 30.
    times = _timed([0.0, 10.0, 20.0, 40.0], [5.0, 32.0, None, 41.0], limit_h=24.0)
    days = TeamDays(
        names=("A",),
        team=np.zeros(1, np.int64),
        day=np.array(["2025-01-06"], dtype="datetime64[D]"),
        started=np.ones(1, np.int64),
    )
    cut = cut_cases(
        times,
        cut_us=30 * HOUR_US,
        end_us=30 * HOUR_US,
        ranks=days.ranks(as_of=np.datetime64("2025-01-06")),
        small=frozenset(),
        small_label="small",
    )
    assert cut.anchor.tolist() == [0.0, 10.0, 20.0]  # the case anchored at 40 had not begun
    # kept at 5; the step at 32 not seen yet (deadline 34): pending; none by 44: pending.
    assert cut.missed[0] == 0.0
    assert np.isnan(cut.missed[1:]).all()
    assert np.isnan(cut.value[1:]).all()
    assert np.isnan(cut.decided[1:]).all()
    at_36 = cut_cases(
        times,
        cut_us=36 * HOUR_US,
        end_us=36 * HOUR_US,
        ranks={"A": np.ones(1, np.int64)},
        small=frozenset(),
        small_label="small",
    )
    # By hour 36 the second step came (at 32, in time); the third's deadline (44) is ahead.
    assert at_36.missed[:3].tolist()[:2] == [0.0, 0.0]
    assert np.isnan(at_36.missed[2])
    at_50 = cut_cases(
        times,
        cut_us=50 * HOUR_US,
        end_us=50 * HOUR_US,
        ranks={"A": np.ones(1, np.int64)},
        small=frozenset(),
        small_label="small",
    )
    # By hour 50 the third case's deadline (44) has passed: missed then, with no value.
    assert at_50.missed[2] == 1.0
    assert at_50.decided[2] == 44.0
    assert np.isnan(at_50.value[2])


def test_a_team_is_held_back_until_five_people_have_been_seen_on_it() -> None:
    # Team "A": people first seen at hours 1..6; team "B": one person at hour 2.
    people = TeamPeople(
        names=("A", "B"),
        team=np.array([0, 0, 0, 0, 0, 0, 1]),
        first_us=np.array([1, 2, 3, 4, 5, 6, 2]) * HOUR_US,
        person=np.ones(7, dtype=bool),
    )
    assert people.at(4 * HOUR_US) == {"A": 3, "B": 1}
    assert people.at(7 * HOUR_US) == {"A": 6, "B": 1}
    assert people.at(1 * HOUR_US) == {}
    labels = Labels.of(np.array(["A", "B", None, "A"], dtype=object))
    held = hold_back(labels, small=frozenset({"A", "B"}), label="small team")
    assert held.tolist() == ["small team", "small team", None, "small team"]
    assert (held == "small team").tolist() == [True, True, False, True]


def test_workload_is_ranked_among_the_days_seen_so_far() -> None:
    # Team A started 1, 2, 3, 10 and 12 cases on five days. A case of the 3-case day is
    # high-workload as of the third day (3 of 3 days at or below it) and of the fourth
    # (3 of 4 = 0.75, the cut), normal as of the fifth (3 of 5).
    days = TeamDays(
        names=("A",),
        team=np.zeros(5, np.int64),
        day=np.array(
            ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09", "2025-01-10"],
            dtype="datetime64[D]",
        ),
        started=np.array([1, 2, 3, 10, 12]),
    )
    times = _timed([0.0], [1.0], limit_h=24.0)
    times = dataclasses.replace(times, workload=np.array([3]))
    labels = [
        cut_cases(
            times,
            cut_us=10 * HOUR_US,
            end_us=10 * HOUR_US,
            ranks=days.ranks(as_of=np.datetime64(day)),
            small=frozenset(),
            small_label="s",
        )
        .labels["workload"]
        .tolist()[0]
        for day in ("2025-01-08", "2025-01-09", "2025-01-10")
    ]
    assert labels == ["high", "high", "normal"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("log", "mondays"),
    [("receipt", (0, 20, 40, -1)), ("helpdesk", (0, 60, 150, -1))],
)
def test_corpus_mondays_equal_scans(log: str, mondays: tuple[int, ...]) -> None:
    contract = CORPUS / log / "taut.yaml"
    reports = list(api.replay(contract))
    for index in mondays:
        _same(reports[index], api.scan(contract, as_of=reports[index].as_of))


def test_the_one_documented_difference_a_condition_recorded_after_the_sunday(
    tmp_path: Path,
) -> None:
    """docs/scan.md, Replay: a replay reads a case's condition as the whole log records it."""
    import pandas as pd  # noqa: PLC0415 - only to rewrite the log

    sim = sales_handoff(seed=5, weeks=12, deals_per_day=10.0)
    contract = sim.write(tmp_path, fmt="csv")
    events = pd.read_csv(tmp_path / "events.csv", dtype=str, keep_default_na=False)
    at = pd.to_datetime(events["at"])
    closed = events["step"] == "Deal closed"
    # Deals closed in the week up to Sunday 2025-03-16 get their region only on their last
    # event, after that Sunday for most of them.
    late = events.loc[closed & at.between("2025-03-10", "2025-03-17"), "deal_id"]
    region = events.loc[closed, ["deal_id", "region"]].set_index("deal_id")["region"]
    moved = events["deal_id"].isin(late)
    last = moved & ~events["deal_id"].duplicated(keep="last")
    events.loc[moved & closed, "region"] = ""
    events.loc[last, "region"] = events.loc[last, "deal_id"].map(region)
    events.to_csv(tmp_path / "events.csv", index=False)
    sunday = date(2025, 3, 16)

    replayed, _, _ = replay_source(contract, con=None).cut(sunday)
    model, log, people, workspace = scan_inputs(contract, as_of=sunday, con=None)
    table = stored_outcomes(model, log, people=people, workspace=workspace)
    scanned = read_casebook(table, contract=model)
    differing = 0
    for check, cases in scanned.items():
        mine = replayed[check]
        for name in ("anchor", "decided", "missed", "value", "day"):
            assert np.array_equal(getattr(mine, name), getattr(cases, name), equal_nan=True)
        for name, labels in cases.labels.items():
            if name != "region":
                assert mine.labels[name].tolist() == labels.tolist(), (check, name)
        pairs = zip(mine.labels["region"].tolist(), cases.labels["region"].tolist(), strict=True)
        unequal = [(ours, theirs) for ours, theirs in pairs if ours != theirs]
        # Only where the scan as of the Sunday did not know the region yet.
        assert all(theirs is None and ours is not None for ours, theirs in unequal)
        differing += len(unequal)
    assert differing > 0
