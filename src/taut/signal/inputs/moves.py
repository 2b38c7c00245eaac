"""Baselines that move with decisions: a check's restart, and the drift episodes left out of it.

The scan's baseline window (:mod:`taut.signal.inputs.window`) is one for every check. Two
decisions a team makes across Mondays move it for one check:

- **A restart** (``restarts``: check id -> local day; a rebaselined signal, "this is the
  new normal"): the check's cases before that day are no longer its normal. Its baseline
  window begins on the restart day and lasts :data:`~taut.signal.inputs.window.FIRST_WEEKS`
  weeks (8: what a short log is judged against), or the scan's own window length when that
  is shorter, and only what follows is watched. Not the recent window's length: on a long
  log that is up to a year, and a rebaselined check would go unwatched that long. While
  that window is still filling (the data ends inside it) the check is not watched, and
  the scan lists it under *not watched* with the day it will be; once it is full, a
  window holding too few cases is the usual thin baseline (never called sure). A restart
  on or before the scan's own window start changes nothing: the rolling window has
  already moved past it.
- **An excluded episode** (``exclude``: check id -> ``(since, resolved)`` day pairs; a
  resolved signal, or an open one's episode so far): the cases anchored from ``since`` to
  ``resolved`` are left out of the check's baseline, so a drift never becomes part of a
  later normal as the recent window rolls over it. A recent window reaches back past its
  first day by as many days as the episodes take from it (never before the first day of
  data), so it keeps its normal days, and the cases of the weeks it reaches back to stay
  in. Cases of the episode in the watched stretch stay watched: the detector's own episode logic has
  already judged them. Under the other rules the baseline lies before any episode.

Why exclusion, not a restart, for a resolved signal: a resolved check came back to the
normal it had, so that normal stays valid; restarting at the resolution day would leave
the check unwatched for a whole baseline length (8 weeks on a short log, up to a year on a
quiet one) after every resolved episode, while excluding the episode costs only the
episode's weeks of baseline. Both are measured in ``benchmarks/rebaseline.py``.

Days are validated here, where the scan knows its checks and its data: an unknown check
is a :class:`~taut.errors.UsageError` naming the closest check, a day before the first
case or after the last day of data one naming the span.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from taut.errors import UsageError, did_you_mean
from taut.signal.inputs.window import FIRST_WEEKS, BaselineWindow, ThinBaseline, thin_baselines
from taut.signal.state import NotWatched

if TYPE_CHECKING:
    from taut.contract.models import Contract
    from taut.signal.inputs.casebook import CheckCases

Episode = tuple[date, date]
"""A drift episode's first and last local day (a resolved signal's ``since`` and end)."""


@dataclass(frozen=True, kw_only=True)
class BaselineMoves:
    """What the decisions of earlier Mondays change in this scan's baselines.

    Attributes:
        restarts: check id -> the local day its baseline restarts (a rebaseline).
        exclude: check id -> the drift episodes (first and last local day, both included)
            left out of its baseline (resolved signals).

    >>> BaselineMoves(restarts={"ack": date(2025, 3, 3)}).checks()
    ('ack',)
    """

    restarts: Mapping[str, date] = field(default_factory=dict)
    exclude: Mapping[str, Sequence[Episode]] = field(default_factory=dict)

    def checks(self) -> tuple[str, ...]:
        """Every check a decision moves, each once, restarts first."""
        return tuple(dict.fromkeys((*self.restarts, *self.exclude)))

    def __bool__(self) -> bool:
        """Whether anything moves."""
        return bool(self.restarts) or bool(self.exclude)

    def in_force(self, *, as_of: date) -> BaselineMoves:
        """The decisions in force for a scan whose data ends on ``as_of``: a restart after
        it has not happened yet, an episode starting after it is left out and one still
        running is cut at it (a rebaseline dated today, on data that ends on Sunday, waits
        for the data to reach it).

        A restart in force supersedes its check's episodes that began before it: the new
        normal starts on the restart day, so an older drift (one whose signal was resolved
        after a change restarted the check) must not take the new baseline's weeks away.

        >>> BaselineMoves(restarts={"ack": date(2025, 3, 3)}).in_force(as_of=date(2025, 3, 2))
        BaselineMoves(restarts={}, exclude={})
        >>> BaselineMoves(restarts={"ack": date(2025, 3, 3)},
        ...     exclude={"ack": [(date(2025, 2, 1), date(2025, 4, 6))]}
        ... ).in_force(as_of=date(2025, 5, 4)).exclude
        {}
        """
        restarts = {name: day for name, day in self.restarts.items() if day <= as_of}
        exclude = {
            name: [
                (begin, min(end, as_of))
                for begin, end in episodes
                if begin <= as_of and (name not in restarts or begin >= restarts[name])
            ]
            for name, episodes in self.exclude.items()
        }
        return BaselineMoves(
            restarts=restarts,
            exclude={name: episodes for name, episodes in exclude.items() if episodes},
        )


@dataclass(frozen=True, kw_only=True)
class MovedBaseline:
    """One check's baseline after the decisions, for the report and the insight.

    Attributes:
        check: the check's id.
        start: the first local day of its baseline window.
        until: the last local day of its baseline window.
        restart: the restart day it was given, or ``None``.
        excluded: the episodes left out of its baseline (those overlapping it).
        filling: the data ends inside the restarted window: nothing is watched yet.
    """

    check: str
    start: date
    until: date
    restart: date | None = None
    excluded: tuple[Episode, ...] = ()
    filling: bool = False

    def not_watched(self, *, area: str) -> NotWatched:
        """The scan's line for a check whose restarted baseline is still filling."""
        return NotWatched(
            area=area, check=self.check, metric=None, segment=None, reason=self.reason()
        )

    def reason(self) -> str:
        """Why a filling check is not watched yet.

        >>> MovedBaseline(check="a", start=date(2025, 3, 3), until=date(2025, 4, 27),
        ...     restart=date(2025, 3, 3), filling=True).reason()
        'its baseline restarted on 2025-03-03 (the new normal); it fills until 2025-04-27 and the check is watched from 2025-04-28'
        """  # noqa: E501
        return (
            f"its baseline restarted on {self.start.isoformat()} (the new normal); it fills "
            f"until {self.until.isoformat()} and the check is watched from "
            f"{(self.until + timedelta(days=1)).isoformat()}"
        )


def move_baselines(
    contract: Contract,
    book: dict[str, CheckCases],
    *,
    moves: BaselineMoves,
    window: BaselineWindow,
    as_of: date,
) -> tuple[dict[str, CheckCases], dict[str, MovedBaseline]]:
    """The casebook with the decisions applied, and each moved check's baseline.

    Raises:
        UsageError: as :func:`refuse_moves`.
    """
    moves = moves.in_force(as_of=as_of)
    if not moves:
        return book, {}
    first: date = min(cases.day.min() for cases in book.values() if cases.size).item()
    checks = [check.id for _, check in contract.checks]
    refuse_moves(moves, checks=checks, first=first, as_of=as_of)
    moved = move_windows(moves, window=window, as_of=as_of, first=first)
    return apply_moves(book, moved=moved), moved


def refuse_moves(moves: BaselineMoves, *, checks: Sequence[str], first: date, as_of: date) -> None:
    """Refuse a restart or an episode naming an unknown check or a day outside the data.

    Args:
        moves: the decisions.
        checks: the contract's check ids.
        first: the first local day of any check's case.
        as_of: the last local day of data the scan sees.

    Raises:
        UsageError: naming the value, the rule and the closest check.

    >>> refuse_moves(BaselineMoves(restarts={"ack-24": date(2025, 3, 3)}), checks=["ack-24h"],
    ...     first=date(2025, 1, 6), as_of=date(2025, 6, 29))
    Traceback (most recent call last):
    taut.errors.UsageError: restarts names the check 'ack-24', which is not in taut.yaml. Did you mean 'ack-24h'?
    """  # noqa: E501
    span = f"Choose a day from {first.isoformat()} to {as_of.isoformat()}."
    named: list[tuple[str, str, tuple[Episode, ...]]] = [
        ("restarts", name, ((day, day),)) for name, day in moves.restarts.items()
    ]
    named += [("exclude", name, tuple(episodes)) for name, episodes in moves.exclude.items()]
    for key, name, days in named:
        if name not in checks:
            listed = ", ".join(f"'{check}'" for check in checks)
            hint = did_you_mean(name, checks) or f" The checks are {listed}."
            raise UsageError(f"{key} names the check '{name}', which is not in taut.yaml.{hint}")
        for begin, end in days:
            if end < begin:
                raise UsageError(
                    f"exclude gives '{name}' an episode from {begin.isoformat()} to "
                    f"{end.isoformat()}, which ends before it begins. Give (first, last) day."
                )
            for day in (begin, end):
                if day < first or day > as_of:
                    where = "before the first case" if day < first else "after the last day"
                    raise UsageError(
                        f"{key} gives '{name}' the day {day.isoformat()}, {where} of the data "
                        f"this scan sees ({first.isoformat()} to {as_of.isoformat()}). {span}"
                    )


def reach_back(*, start: date, until: date, episodes: Sequence[Episode], first: date) -> date:
    """The first day of a recent window that leaves ``episodes`` out and keeps its normal days.

    The window reaches back past ``start`` by as many days as the episodes take from it,
    never before ``first`` (the first day of data).

    >>> reach_back(start=date(2025, 3, 3), until=date(2025, 6, 1), first=date(2024, 1, 1),
    ...     episodes=[(date(2025, 4, 1), date(2025, 4, 10))])
    datetime.date(2025, 2, 21)
    """
    found = start
    for _ in range(len(episodes) + 1):  # each pass can take in one more episode
        lost = sum(
            max(0, (min(end, until) - max(begin, found)).days + 1) for begin, end in episodes
        )
        reached = max(first, start - timedelta(days=lost))
        if reached == found:
            break
        found = reached
    return found


def move_windows(
    moves: BaselineMoves, *, window: BaselineWindow, as_of: date, first: date
) -> dict[str, MovedBaseline]:
    """Each moved check's baseline window (module docstring).

    Args:
        moves: the decisions.
        window: the scan's own baseline window.
        as_of: the last local day of data.
        first: the first local day of data: a recent window reaching back past an
            excluded episode stops there.

    >>> window = BaselineWindow(start=date(2025, 1, 6), until=date(2025, 3, 2),
    ...     rule="first weeks")
    >>> moved = move_windows(BaselineMoves(restarts={"a": date(2025, 4, 7)}), window=window,
    ...     as_of=date(2025, 7, 27), first=window.start)
    >>> moved["a"].start, moved["a"].until, moved["a"].filling
    (datetime.date(2025, 4, 7), datetime.date(2025, 6, 1), False)
    """
    length = min(window.until - window.start, timedelta(weeks=FIRST_WEEKS, days=-1))
    found: dict[str, MovedBaseline] = {}
    for check in moves.checks():
        restart = moves.restarts.get(check)
        start, until = window.start, window.until
        episodes = sorted(moves.exclude.get(check, ()))
        if restart is not None and restart > window.start:
            start, until = restart, restart + length
        elif window.rule == "recent" and episodes:
            start = reach_back(start=start, until=until, episodes=episodes, first=first)
        excluded = tuple((begin, end) for begin, end in episodes if begin <= until and end >= start)
        found[check] = MovedBaseline(
            check=check,
            start=start,
            until=until,
            restart=restart,
            excluded=excluded,
            filling=as_of <= until,
        )
    return found


def apply_moves(
    book: dict[str, CheckCases], *, moved: Mapping[str, MovedBaseline]
) -> dict[str, CheckCases]:
    """Each moved check's cases without those before its restart or in an excluded episode.

    Only the baseline's cases of an episode are left out (anchored on or before the
    check's ``until``); the input is not changed.
    """
    found = dict(book)
    for check, move in moved.items():
        cases = book.get(check)
        if cases is None or not cases.size:
            continue
        keep = cases.day >= np.datetime64(move.start, "D")
        in_baseline = cases.day <= np.datetime64(move.until, "D")
        for begin, end in move.excluded:
            inside = (cases.day >= np.datetime64(begin, "D")) & (
                cases.day <= np.datetime64(end, "D")
            )
            keep &= ~(inside & in_baseline)
        if not np.all(keep):
            found[check] = cases.subset(keep)
    return found


def moved_window(window: BaselineWindow, move: MovedBaseline | None) -> BaselineWindow:
    """``window`` as it stands for one check: restarted, reaching back, or the scan's own."""
    if move is None or (move.start, move.until) == (window.start, window.until):
        return window
    if move.restart is None or move.start != move.restart:
        return dataclasses.replace(window, start=move.start, until=move.until)
    return dataclasses.replace(window, start=move.start, until=move.until, rule="restart")


def moved_thin_baselines(
    contract: Contract,
    book: dict[str, CheckCases],
    *,
    window: BaselineWindow,
    moved: Mapping[str, MovedBaseline],
) -> tuple[ThinBaseline, ...]:
    """Every thin baseline, a moved check's judged on its own window (a filling one: never).

    A check whose restarted window is still filling is not watched at all, and says so.
    """
    windows = {name: moved_window(window, move) for name, move in moved.items()}
    return tuple(
        item
        for item in thin_baselines(contract, book, window=window, windows=windows)
        if not (item.check in moved and moved[item.check].filling)
    )
