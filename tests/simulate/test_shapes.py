"""The shapes of real logs (taut.simulate.shapes): each seeded, off by default, and as asked.

Every expectation is computed from the events a reader of the written file would see, with
pandas, not from the simulator's internals.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from taut.simulate import LogShape, Pause, Simulation, sales_handoff

DEFAULT_CSV_SHA256 = "9105bcccf2d2abd45d5e740ff6d0843798b4be1a1e4007cc18929f7db1438621"
"""``sales_handoff(seed=0, weeks=8, deals_per_day=10.0)`` written as CSV, measured on main
before the shapes existed: the detection benchmark's logs must not move."""


def _small(shape: LogShape | None = None, **options: int | float) -> Simulation:
    return sales_handoff(seed=4, weeks=20, deals_per_day=10.0, shape=shape, **options)  # type: ignore[arg-type]


def _in_pause(at: pd.Series) -> pd.Series:
    inside: pd.Series = ((at.dt.month == 12) & (at.dt.day >= 24)) | (
        (at.dt.month == 1) & (at.dt.day == 1)
    )
    return inside


def test_default_output_is_byte_for_byte_what_it_was(tmp_path: Path) -> None:
    sales_handoff(seed=0, weeks=8, deals_per_day=10.0).write(tmp_path, fmt="csv")
    digest = hashlib.sha256((tmp_path / "events.csv").read_bytes()).hexdigest()
    assert digest == DEFAULT_CSV_SHA256


def test_no_shape_and_the_empty_shape_give_the_plain_simulation() -> None:
    plain = _small()
    pd.testing.assert_frame_equal(plain.events, _small(LogShape()).events)
    assert plain.shape == LogShape()
    assert LogShape().plain
    assert not LogShape(day_only=True).plain


@pytest.mark.parametrize(
    "shape",
    [
        LogShape(quarter_swing=0.5),
        LogShape(pause=Pause()),
        LogShape(lifecycle=True),
        LogShape(amounts=True),
        LogShape(day_only=True, lifecycle=True, amounts=True, quarter_swing=0.3, pause=Pause()),
    ],
)
def test_each_shape_is_seeded(shape: LogShape) -> None:
    first = sales_handoff(seed=9, weeks=60, deals_per_day=6.0, shape=shape)
    again = sales_handoff(seed=9, weeks=60, deals_per_day=6.0, shape=shape)
    other = sales_handoff(seed=10, weeks=60, deals_per_day=6.0, shape=shape)
    pd.testing.assert_frame_equal(first.events, again.events)
    assert not first.events.equals(other.events)


def test_quarter_swing_makes_quarters_differ_far_more_than_plain_growth() -> None:
    def quarter_spread(sim: Simulation) -> float:
        closed = sim.events.loc[sim.events["step"] == "Deal closed", "at"]
        quarters = closed.groupby(closed.dt.to_period("Q")).size().iloc[1:-1]  # whole ones
        return float(quarters.max() / quarters.min())

    plain = sales_handoff(seed=3, weeks=104, deals_per_day=10.0, growth=0.0)
    swung = sales_handoff(
        seed=3, weeks=104, deals_per_day=10.0, growth=0.0, shape=LogShape(quarter_swing=0.6)
    )
    assert quarter_spread(plain) < 1.35  # holidays and month ends alone
    assert quarter_spread(swung) > 2.0


def test_day_only_records_every_time_at_midnight_and_keeps_each_case() -> None:
    plain, daily = _small(), _small(LogShape(day_only=True))
    assert (daily.events["at"] == daily.events["at"].dt.normalize()).all()
    pd.testing.assert_series_equal(
        daily.events["at"], plain.events["at"].dt.floor("D"), check_names=False
    )
    assert daily.cases == plain.cases


def test_a_pause_recurs_every_year_with_little_volume_and_no_work_done_in_it() -> None:
    sim = sales_handoff(seed=5, weeks=3 * 52, deals_per_day=10.0, shape=LogShape(pause=Pause()))
    events = sim.events
    closed = events.loc[events["step"] == "Deal closed", "at"]
    day = closed.dt.normalize()
    weekday = day.dt.weekday < 5
    for year in (2025, 2026, 2027):
        window = day[weekday & _in_pause(closed)]
        inside = window[(window.dt.year == year) & (window.dt.month == 12)]
        assert inside.size > 0, year  # a few deals still close in each year's pause
    paused_rate = (weekday & _in_pause(closed)).sum() / day[weekday & _in_pause(closed)].nunique()
    ordinary = (weekday & ~_in_pause(closed)).sum() / day[weekday & ~_in_pause(closed)].nunique()
    assert paused_rate < 0.3 * ordinary
    later = events[events["step"] != "Deal closed"]
    assert not _in_pause(later["at"]).any()
    first = events.groupby("deal_id", observed=True)["at"].min()
    closing = events[events["step"] == "Deal closed"].set_index("deal_id")["at"]
    assert (first[closing.index] == closing).all()  # nothing of a case before its closing


def test_lifecycle_gives_each_later_step_schedule_start_and_complete_in_order() -> None:
    plain, sim = _small(), _small(LogShape(lifecycle=True))
    events = sim.events
    assert set(events["lifecycle"].astype(str)) == {"schedule", "start", "complete"}
    completes = events[events["lifecycle"] == "complete"].drop(columns="lifecycle")
    pd.testing.assert_frame_equal(
        completes.reset_index(drop=True), plain.events.reset_index(drop=True)
    )
    later = events[events["step"] != "Deal closed"]
    times = later.pivot_table(
        index=["deal_id", "step"], columns="lifecycle", values="at", aggfunc="min", observed=True
    ).dropna()
    assert len(times) > 0
    assert (times["schedule"] <= times["start"]).all()
    assert (times["start"] <= times["complete"]).all()
    closed = events[events["step"] == "Deal closed"]
    assert set(closed["lifecycle"].astype(str)) == {"complete"}


def test_amounts_are_numbers_on_the_first_event_rounded_and_larger_for_larger_deals() -> None:
    plain, sim = _small(), _small(LogShape(amounts=True))
    events = sim.events
    pd.testing.assert_frame_equal(events.drop(columns="amount"), plain.events)
    first = events["step"] == "Deal closed"
    assert events.loc[first, "amount"].notna().all()
    assert events.loc[~first, "amount"].isna().all()
    amounts = events.loc[first, "amount"]
    assert (amounts % 500 == 0).all()
    assert amounts.nunique() > 20  # a continuous amount, not a handful of categories
    median = amounts.groupby(events.loc[first, "deal_size"].astype(str)).median()
    assert median["small"] < median["medium"] < median["large"]


def test_shaped_logs_write_their_extra_columns(tmp_path: Path) -> None:
    shape = LogShape(day_only=True, lifecycle=True, amounts=True)
    sim = sales_handoff(seed=1, weeks=4, deals_per_day=5.0, shape=shape)
    sim.write(tmp_path, fmt="csv")
    written = pd.read_csv(tmp_path / "events.csv")
    assert {"lifecycle", "amount"} <= set(written.columns)
    assert written["at"].str.endswith("00:00:00").all()
    assert np.isclose(written["amount"].sum(), sim.events["amount"].sum())


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: LogShape(quarter_swing=1.5), "quarter_swing 1.5 must be a number from 0 to 0.9"),
        (lambda: LogShape(quarter_swing=True), "quarter_swing True"),
        (lambda: Pause(start=(13, 1)), "Pause start (13, 1) is not a (month, day)"),
        (lambda: Pause(share=2.0), "Pause share 2.0 must be from 0 to 1"),
        (lambda: sales_handoff(shape="day_only"), "shape must be a LogShape or None; got str"),  # type: ignore[arg-type]
    ],
)
def test_bad_shapes_are_refused_with_the_value_and_the_rule(make: object, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        make()  # type: ignore[operator]


def test_pause_covers_a_window_within_one_year_too() -> None:
    days = np.array(["2025-07-31", "2025-08-01", "2025-08-15", "2025-08-16"], "M8[D]")
    assert Pause(start=(8, 1), end=(8, 15)).covers(days).tolist() == [False, True, True, False]
    assert date(2025, 8, 1).month == 8
