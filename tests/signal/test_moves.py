"""Baselines that move with decisions: restarted windows, excluded episodes, refused input."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import numpy as np
import pytest

from taut.errors import UsageError
from taut.signal.inputs.casebook import CheckCases
from taut.signal.inputs.moves import (
    BaselineMoves,
    MovedBaseline,
    apply_moves,
    move_windows,
    moved_window,
    refuse_moves,
)
from taut.signal.inputs.window import BaselineWindow, ThinBaseline

FIRST = date(2025, 1, 6)
WINDOW = BaselineWindow(start=FIRST, until=date(2025, 3, 2), rule="first weeks")  # 8 weeks
AS_OF = date(2025, 8, 31)


def cases(*, days: int) -> CheckCases:
    """One case a day from FIRST, missed on even days."""
    n = days
    day = np.arange(np.datetime64(FIRST, "D"), np.datetime64(FIRST, "D") + n)
    return CheckCases(
        check="ack",
        anchor=np.arange(n, dtype=np.float64) * 24.0,
        decided=np.arange(n, dtype=np.float64) * 24.0 + 1.0,
        missed=(np.arange(n) % 2 == 0).astype(np.float64),
        value=np.ones(n),
        day=day,
        labels={"team": np.array(["North"] * n, dtype=object)},
    )


def test_a_restart_starts_the_window_on_its_day_and_keeps_the_usual_length() -> None:
    restart = date(2025, 4, 7)
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}), window=WINDOW, as_of=AS_OF, first=FIRST
    )
    assert moved["ack"].start == restart
    assert moved["ack"].until - moved["ack"].start == WINDOW.until - WINDOW.start
    assert not moved["ack"].filling
    assert moved_window(WINDOW, moved["ack"]).rule == "restart"


def test_a_restart_before_the_window_moves_nothing() -> None:
    recent = BaselineWindow(start=date(2025, 3, 3), until=date(2025, 6, 1), rule="recent")
    moved = move_windows(
        BaselineMoves(restarts={"ack": date(2025, 2, 3)}), window=recent, as_of=AS_OF, first=FIRST
    )
    assert (moved["ack"].start, moved["ack"].until) == (recent.start, recent.until)
    assert moved_window(recent, moved["ack"]) == recent


def test_a_window_still_filling_is_not_watched_and_says_until_when() -> None:
    restart = AS_OF - timedelta(weeks=3)
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}), window=WINDOW, as_of=AS_OF, first=FIRST
    )
    assert moved["ack"].filling
    line = moved["ack"].not_watched(area="Handoff")
    assert line.metric is None
    assert restart.isoformat() in line.reason
    assert (moved["ack"].until + timedelta(days=1)).isoformat() in line.reason


def test_cases_before_the_restart_are_left_out_and_the_input_is_unchanged() -> None:
    book = {"ack": cases(days=200), "other": cases(days=200)}
    before = copy.deepcopy(book)
    restart = date(2025, 4, 7)
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}), window=WINDOW, as_of=AS_OF, first=FIRST
    )
    after = apply_moves(book, moved=moved)
    assert after["ack"].day.min() == np.datetime64(restart, "D")
    assert after["ack"].size == 200 - (restart - FIRST).days
    assert after["other"] is book["other"]
    for name, kept in book.items():
        np.testing.assert_array_equal(kept.day, before[name].day)
        np.testing.assert_array_equal(kept.missed, before[name].missed)


def test_an_excluded_episode_leaves_the_baseline_only() -> None:
    # Episode from day 20 to day 80: days 20..55 are in the 8-week baseline (to day 55),
    # days 56..80 are watched and stay.
    begin, end = FIRST + timedelta(days=20), FIRST + timedelta(days=80)
    moved = move_windows(
        BaselineMoves(exclude={"ack": [(begin, end)]}), window=WINDOW, as_of=AS_OF, first=FIRST
    )
    after = apply_moves({"ack": cases(days=200)}, moved=moved)["ack"]
    days = (after.day - np.datetime64(FIRST, "D")).astype(int)
    assert not np.any((days >= 20) & (days <= 55))
    assert np.all(np.isin(np.arange(56, 81), days))
    assert after.size == 200 - 36


def test_an_episode_outside_the_window_is_not_listed() -> None:
    late = (date(2025, 5, 5), date(2025, 5, 30))
    moved = move_windows(
        BaselineMoves(exclude={"ack": [late]}), window=WINDOW, as_of=AS_OF, first=FIRST
    )
    assert moved["ack"].excluded == ()


def test_an_unknown_check_names_the_closest() -> None:
    with pytest.raises(UsageError, match=r"'ack-24'.*Did you mean 'ack-24h'\?"):
        refuse_moves(
            BaselineMoves(restarts={"ack-24": FIRST}),
            checks=["ack-24h", "intake"],
            first=FIRST,
            as_of=AS_OF,
        )
    with pytest.raises(UsageError, match=r"'zzz'.*The checks are 'ack-24h', 'intake'"):
        refuse_moves(
            BaselineMoves(exclude={"zzz": [(FIRST, FIRST)]}),
            checks=["ack-24h", "intake"],
            first=FIRST,
            as_of=AS_OF,
        )


@pytest.mark.parametrize(
    ("day", "where"),
    [(date(2024, 12, 31), "before the first case"), (date(2025, 9, 1), "after the last day")],
)
def test_a_day_outside_the_data_names_it_and_the_span(day: date, where: str) -> None:
    with pytest.raises(UsageError) as caught:
        refuse_moves(BaselineMoves(restarts={"ack": day}), checks=["ack"], first=FIRST, as_of=AS_OF)
    message = str(caught.value)
    assert day.isoformat() in message
    assert where in message
    assert f"{FIRST.isoformat()} to {AS_OF.isoformat()}" in message


def test_an_episode_ending_before_it_begins_is_refused() -> None:
    with pytest.raises(UsageError, match="ends before it begins"):
        refuse_moves(
            BaselineMoves(exclude={"ack": [(date(2025, 3, 1), date(2025, 2, 1))]}),
            checks=["ack"],
            first=FIRST,
            as_of=AS_OF,
        )


def test_a_thin_restarted_baseline_says_so_with_its_restart() -> None:
    move = MovedBaseline(
        check="ack", start=date(2025, 4, 7), until=date(2025, 6, 1), restart=date(2025, 4, 7)
    )
    window = moved_window(WINDOW, move)
    warning = ThinBaseline(
        area="A", check="ack", cases=40, misses=3, reason="its baseline holds only 40 decided "
        "cases", window=window,
    )  # fmt: skip
    text = warning.message()
    assert "from its restart on 2025-04-07" in text
    assert "never called sure" in text


def test_a_recent_window_reaches_back_past_an_excluded_episode() -> None:
    recent = BaselineWindow(start=date(2025, 3, 3), until=date(2025, 6, 1), rule="recent")
    episode = (date(2025, 4, 1), date(2025, 4, 10))  # ten days of the window
    moved = move_windows(
        BaselineMoves(exclude={"ack": [episode]}), window=recent, as_of=AS_OF, first=FIRST
    )
    assert moved["ack"].start == recent.start - timedelta(days=10)
    assert moved["ack"].until == recent.until
    assert moved["ack"].excluded == (episode,)
    # Never before the first day of data.
    early = move_windows(
        BaselineMoves(exclude={"ack": [episode]}), window=recent, as_of=AS_OF,
        first=date(2025, 2, 27),
    )  # fmt: skip
    assert early["ack"].start == date(2025, 2, 27)


def test_reaching_back_takes_in_an_earlier_episode_too() -> None:
    recent = BaselineWindow(start=date(2025, 3, 3), until=date(2025, 6, 1), rule="recent")
    later = (date(2025, 4, 1), date(2025, 4, 20))  # 20 days in the window
    earlier = (date(2025, 2, 20), date(2025, 2, 24))  # 5 days reached back into
    moved = move_windows(
        BaselineMoves(exclude={"ack": [later, earlier]}), window=recent, as_of=AS_OF, first=FIRST
    )
    assert moved["ack"].start == recent.start - timedelta(days=25)
    assert moved["ack"].excluded == (earlier, later)


def test_a_restart_on_a_long_log_fills_in_eight_weeks_not_the_recent_windows_year() -> None:
    """A long log's recent baseline can be 52 weeks; a rebaselined check restarted with
    that length would go unwatched for a year (helpdesk: restarted 2013-01-01, watched
    from 2013-12-31). Its new window is the first-weeks rule's 8 weeks."""
    year = BaselineWindow(start=date(2023, 1, 2), until=date(2023, 12, 31), rule="recent")
    restart = date(2024, 3, 4)
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}),
        window=year,
        as_of=date(2024, 9, 29),
        first=date(2021, 1, 4),
    )["ack"]
    assert (moved.start, moved.until) == (restart, restart + timedelta(weeks=8, days=-1))
    assert not moved.filling


def test_a_restart_supersedes_an_episode_that_began_before_it() -> None:
    # A signal resolved after a change restarted its check: its episode (Mar 10 - May 30)
    # began before the restart (Apr 7) and would empty the new baseline (Apr 7 - Jun 1).
    restart = date(2025, 4, 7)
    old = (date(2025, 3, 10), date(2025, 5, 30))
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}, exclude={"ack": [old]}).in_force(as_of=AS_OF),
        window=WINDOW,
        as_of=AS_OF,
        first=FIRST,
    )
    assert moved["ack"].excluded == ()
    after = apply_moves({"ack": cases(days=200)}, moved=moved)["ack"]
    assert after.size == 200 - (restart - FIRST).days


def test_an_episode_after_the_restart_is_still_left_out() -> None:
    restart = date(2025, 4, 7)
    later = (date(2025, 4, 21), date(2025, 4, 27))
    moved = move_windows(
        BaselineMoves(restarts={"ack": restart}, exclude={"ack": [later]}).in_force(as_of=AS_OF),
        window=WINDOW,
        as_of=AS_OF,
        first=FIRST,
    )
    assert moved["ack"].excluded == (later,)
    after = apply_moves({"ack": cases(days=200)}, moved=moved)["ack"]
    assert after.size == 200 - (restart - FIRST).days - 7
