"""A rebaseline on a simulated log: the window moves, the step goes quiet, a later drift is caught.

One log (seed 5, 32 weeks, 20 deals a weekday): acknowledgements skipped 20 points more
from week 10 (the step, accepted as the new normal), then 15 points more from week 24 (a
real drift). Both move ``ack-within-24h`` and ``ack-present``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from taut import api
from taut.errors import UsageError
from taut.signal.state import CheckState
from taut.simulate import Drift, sales_handoff

pytestmark = pytest.mark.slow

START = date(2025, 1, 6)
STEP = START + timedelta(weeks=10)
DRIFT = START + timedelta(weeks=24)
MOVED = ("ack-within-24h", "ack-present")
RESTARTS = dict.fromkeys(MOVED, STEP)


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    drifts = (Drift(kind="skip", onset=STEP, size=0.2), Drift(kind="skip", onset=DRIFT, size=0.15))
    sim = sales_handoff(seed=5, weeks=32, deals_per_day=20.0, drifts=drifts)
    return sim.write(tmp_path_factory.mktemp("rebaseline"), fmt="csv")


def whole(states: tuple[CheckState, ...], check: str) -> CheckState:
    """The whole check's share missed."""
    return next(
        s for s in states if s.check == check and s.segment is None and s.metric == "missed"
    )


def test_a_restart_judges_the_check_on_its_cases_from_that_day(contract: Path) -> None:
    before = DRIFT - timedelta(days=1)
    states = api.states(contract, as_of=before, restarts=RESTARTS)
    table = api.outcomes(contract).to_pandas()
    for check in MOVED:
        rows = table[(table.check == check) & table.status.isin(["kept", "missed"])]
        day = rows.day.astype("datetime64[ns]")
        inside = rows[(day >= STEP.isoformat()) & (day < (STEP + timedelta(weeks=8)).isoformat())]
        state = whole(states, check)
        # The baseline holds exactly the decided cases of the 8 weeks from the restart, and
        # its share is theirs, not the lower one of the weeks before the step.
        assert state.baseline_cases == len(inside)
        assert state.baseline == pytest.approx((inside.status == "missed").mean(), abs=0.01)
    unmoved = whole(states, "intake-complete")
    assert (
        unmoved.baseline_cases
        == whole(api.states(contract, as_of=before), "intake-complete").baseline_cases
    )


def test_a_rebaselined_step_is_steady_afterwards_and_raised_without_it(contract: Path) -> None:
    before = DRIFT - timedelta(days=1)
    plain = api.states(contract, as_of=before)
    moved = api.states(contract, as_of=before, restarts=RESTARTS)
    for check in MOVED:
        assert whole(plain, check).state == "drifting"
        assert whole(moved, check).state == "steady"
        assert not [
            s for s in moved if s.check == check and s.metric == "missed" and s.raised is not None
        ]


def test_a_real_drift_after_the_rebaseline_is_still_caught(contract: Path) -> None:
    report = api.scan(contract, restarts=RESTARTS)
    raised = {s.check: s for s in report.signals}
    for check in MOVED:
        signal = raised[check]
        assert signal.state == "drifting"
        assert signal.metric == "missed"
        assert signal.since is not None
        assert signal.since >= DRIFT - timedelta(days=14)
    moved = {m.check: m for m in report.moved}
    assert moved["ack-present"].start == STEP
    assert report.to_json_dict()["moved_baselines"][0]["start"] == STEP.isoformat()


def test_a_restart_too_recent_to_fill_its_baseline_is_listed_not_watched(contract: Path) -> None:
    recent = START + timedelta(weeks=29)  # the data ends 3 weeks later
    report = api.scan(contract, restarts={"ack-present": recent})
    lines = [n for n in report.not_watched if n.check == "ack-present"]
    assert [n.metric for n in lines] == [None]
    assert recent.isoformat() in lines[0].reason
    assert ("Customer handoff", "ack-present") not in report.steady
    assert "ack-present" not in {s.check for s in (*report.signals, *report.watching)}
    assert "ack-present" not in {t.check for t in report.thin}


def test_an_unknown_check_in_restarts_is_a_usage_error(contract: Path) -> None:
    with pytest.raises(UsageError, match="Did you mean 'ack-present'"):
        api.scan(contract, restarts={"ack-presnt": STEP})
    with pytest.raises(UsageError, match="before the first case"):
        api.states(contract, restarts={"ack-present": date(2000, 1, 3)})


def test_a_restart_after_the_data_waits_for_it(contract: Path) -> None:
    """A rebaseline dated after the scan's last day (today, on data ending Sunday) is not
    yet in force: the scan reads as without it, and never refuses to run."""
    later = api.scan(contract, restarts={"ack-present": date(2030, 1, 6)})
    plain = api.scan(contract)
    assert later.moved == plain.moved == ()
    assert later.signals == plain.signals
    assert later.not_watched == plain.not_watched


def test_the_insight_compares_with_the_restarted_baseline(contract: Path) -> None:
    explained = api.explain(contract, restarts=RESTARTS)
    texts = {insight.check: insight.text for insight in explained.insights}
    until = STEP + timedelta(weeks=8, days=-1)
    for check in MOVED:
        assert f"the baseline up to {until.day} {until:%B %Y}" in texts[check]


HELPDESK = Path(__file__).resolve().parents[1] / "corpus" / "helpdesk" / "taut.yaml"


def test_a_resolved_episode_leaves_a_real_logs_baseline() -> None:
    """helpdesk: taken-in-charge-1d drifted from 2011-06-29 and was back by 2012-02-19. By
    2012-06-24 the recent window (2011-04-21 to 2011-12-25) holds most of that episode; left
    out, the baseline is the check's share in the window reaching back past it."""
    check, as_of = "taken-in-charge-1d", date(2012, 6, 24)
    since, resolved = date(2011, 6, 29), date(2012, 2, 19)
    plain = api.scan(HELPDESK, as_of=as_of)
    assert plain.baseline_from is not None
    overlap = (plain.baseline_until - since).days + 1
    start = plain.baseline_from - timedelta(days=overlap)
    table = api.outcomes(HELPDESK).to_pandas()
    rows = table[(table.check == check) & table.status.isin(["kept", "missed"])]
    day = rows.day.astype("datetime64[ns]")
    inside = rows[(day >= start.isoformat()) & (day < since.isoformat())]
    left = whole(api.states(HELPDESK, as_of=as_of, exclude={check: [(since, resolved)]}), check)
    taken = whole(api.states(HELPDESK, as_of=as_of), check)
    assert left.baseline_cases == len(inside)
    assert left.baseline == pytest.approx((inside.status == "missed").mean(), abs=0.01)
    # The window that took the episode in reads the check worse than it ran before it.
    assert taken.baseline > left.baseline + 0.1


def test_a_restarted_window_too_thin_to_judge_is_the_thin_baseline_path(
    tmp_path: Path,
) -> None:
    """A log whose volume falls by nine tenths: the first 8 weeks hold enough cases of
    ack-within-24h, the 8 weeks from a restart at week 12 fewer than 200."""
    sim = sales_handoff(seed=7, weeks=24, deals_per_day=10.0, growth=-0.9)
    log = sim.write(tmp_path, fmt="csv")
    restart = START + timedelta(weeks=12)
    check = "ack-within-24h"
    assert check not in {t.check for t in api.scan(log).thin}
    report = api.scan(log, restarts={check: restart})
    thin = next(t for t in report.thin if t.check == check)
    assert thin.cases < 200
    assert f"from its restart on {restart.isoformat()}" in thin.message()
    assert all(
        s.thin_baseline for s in api.states(log, restarts={check: restart}) if s.check == check
    )
    assert check not in {c for _, c in report.steady}
