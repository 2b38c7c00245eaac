"""The baseline window: which stretch of history a scan takes as normal, and when it is too thin.

A scan compares the cases after the baseline window (the *watched stretch*, up to the as-of
day) with the cases in it. The window is chosen in this order of precedence:

1. ``baseline.until`` in the contract: every case from the first day of data up to that
   day (rule ``until``);
2. ``baseline.weeks`` written in the contract: the first that many weeks of data (rule
   ``weeks``);
3. otherwise taut chooses, from the log's length and volume:

   - a log whose data (first anchor day to the as-of day) spans at most
     ``FIRST_WEEKS + WATCH_WEEKS`` weeks (34) is judged against its first
     :data:`FIRST_WEEKS` weeks (rule ``first weeks``): there is no older normal to prefer;
   - a longer log is judged against **recent normal** (rule ``recent``): the watched
     stretch is the last :data:`WATCH_WEEKS` weeks (26), and the baseline is the stretch
     just before it, long enough to hold :data:`MIN_WINDOW_CASES` cases of the busiest check
     and at least :data:`FIRST_WEEKS` weeks, at most :data:`MAX_WINDOW_WEEKS` weeks (a
     year), never before the first day of data.

Why: a four-year log judged against its first eight weeks (89 cases on the helpdesk log)
speaks of drifts that began years ago as news, against a normal no one remembers, and is
"very sure" on a handful of cases. A rolling window keeps the question a leader asks on a
Monday: *is this step loosening now, against how it ran over the last months?* A drift
older than the watched stretch has become the normal the baseline holds; a drift inside it
is shown with its ``since`` day, its age. Half a year watched keeps slow drifts visible and
stays close to the stretch the thresholds were calibrated on (22 weeks after an eight-week
baseline); a year at most keeps the baseline recent while covering every season once;
1,000 cases give a segment holding a fifth of them the 200 cases a segment needs, and a
5% share missed about 50 misses (a relative error of about 14%).

Decisions move one check's window: a restart (a rebaselined signal) or a drift episode left
out (a resolved one), :mod:`taut.signal.inputs.moves`.

A baseline can still be **thin** for one check: fewer than :data:`MIN_SURE_CASES` decided
cases, or (for the share missed) fewer than :data:`MIN_SURE_MISSES` misses, so its level is
known only roughly. Such a check is still watched, but no signal on it is called sure, and
``taut check`` and ``taut scan`` warn (:func:`thin_reason`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

import numpy as np

from taut.errors import InsufficientDataError

if TYPE_CHECKING:
    import numpy.typing as npt

    from taut.contract.models import Baseline, Contract
    from taut.signal.inputs.casebook import CheckCases
    from taut.signal.state import CheckState

FIRST_WEEKS = 8
"""The shortest baseline, and the default one of a log too short for a recent window."""
WATCH_WEEKS = 26
"""The longest watched stretch under the default rule (half a year)."""
MAX_WINDOW_WEEKS = 52
"""The longest recent baseline (a year)."""
MIN_WINDOW_CASES = 1_000
"""Cases of the busiest check a recent baseline reaches back for (within a year)."""
NO_MISS_SAID = 20
"""A thin baseline of at least this many decided cases and no miss says so beside its count
(every case kept reads as a reason to be sure; it is one not to be)."""
MIN_SURE_CASES = 200
"""Decided baseline cases below which a check's baseline is thin (a segment's minimum)."""
MIN_SURE_MISSES = 5
"""Baseline misses below which a share missed is thin (fewer: its level is a guess)."""

Rule = Literal["until", "weeks", "first weeks", "recent", "restart"]
"""``restart``: one check's window moved by a decision (:mod:`taut.signal.inputs.moves`)."""


@dataclass(frozen=True, kw_only=True)
class BaselineWindow:
    """The baseline window's first and last local day, and the rule that chose it.

    >>> BaselineWindow(start=date(2025, 1, 6), until=date(2025, 3, 2), rule="weeks").describe()
    '2025-01-06 to 2025-03-02'
    """

    start: date
    until: date
    rule: Rule

    def describe(self) -> str:
        """The window as ``start to until``."""
        return f"{self.start.isoformat()} to {self.until.isoformat()}"

    def rule_words(self) -> str:
        """Which rule chose the window, in words.

        >>> BaselineWindow(start=date(2024, 7, 1), until=date(2025, 6, 29),
        ...     rule="recent").rule_words()
        "the 52 weeks before the last 26: taut's choice for a long log"
        """
        if self.rule == "until":
            return "up to baseline.until in taut.yaml"
        weeks = round(((self.until - self.start).days + 1) / 7)
        if self.rule == "weeks":
            return f"the first {weeks} weeks of data, as baseline.weeks says"
        if self.rule == "restart":
            return f"the {weeks} weeks from its restart on {self.start.isoformat()}, the new normal"
        if self.rule == "first weeks":
            return f"the first {weeks} weeks of data: the log is too short for a recent baseline"
        return f"the {weeks} weeks before the last {WATCH_WEEKS}: taut's choice for a long log"


def choose_window(
    *,
    baseline: Baseline,
    first: date,
    as_of: date,
    days: npt.NDArray[np.datetime64],
) -> BaselineWindow:
    """The baseline window of a scan (module docstring).

    Args:
        baseline: the contract's ``baseline``.
        first: the first anchor day of any check's cases.
        as_of: the last local day of data.
        days: the anchor days of the busiest check's cases (any order).

    >>> from taut.contract.models import Baseline
    >>> few = np.array(["2020-01-06"] * 10, dtype="datetime64[D]")
    >>> choose_window(baseline=Baseline(), first=date(2020, 1, 6), as_of=date(2020, 7, 31),
    ...     days=few)
    BaselineWindow(start=datetime.date(2020, 1, 6), until=datetime.date(2020, 3, 1), rule='first weeks')
    >>> choose_window(baseline=Baseline(), first=date(2020, 1, 6), as_of=date(2023, 12, 31),
    ...     days=few)
    BaselineWindow(start=datetime.date(2022, 7, 4), until=datetime.date(2023, 7, 2), rule='recent')
    """  # noqa: E501
    if baseline.until is not None:
        return BaselineWindow(start=first, until=baseline.until, rule="until")
    if "weeks" in baseline.model_fields_set:
        until = first + timedelta(weeks=baseline.weeks, days=-1)
        return BaselineWindow(start=first, until=until, rule="weeks")
    if (as_of - first).days + 1 <= 7 * (FIRST_WEEKS + WATCH_WEEKS):
        until = first + timedelta(weeks=FIRST_WEEKS, days=-1)
        return BaselineWindow(start=first, until=until, rule="first weeks")
    until = as_of - timedelta(weeks=WATCH_WEEKS)
    earliest = max(first, until - timedelta(weeks=MAX_WINDOW_WEEKS, days=-1))
    latest = until - timedelta(weeks=FIRST_WEEKS, days=-1)
    inside = np.sort(days[(days >= np.datetime64(earliest)) & (days <= np.datetime64(until))])
    start = earliest
    if inside.size >= MIN_WINDOW_CASES:
        start = max(earliest, min(latest, inside[-MIN_WINDOW_CASES].item()))
    return BaselineWindow(start=start, until=until, rule="recent")


def thin_reason(*, metric: str, cases: int, misses: int | None) -> str | None:
    """Why a baseline of ``cases`` decided cases (``misses`` of them missed) is thin, or ``None``.

    ``misses`` is read only for the share missed (``metric == "missed"``).

    >>> thin_reason(metric="missed", cases=1, misses=1)
    'its baseline holds only 1 decided case'
    >>> thin_reason(metric="missed", cases=160, misses=0)
    'its baseline holds only 160 decided cases, and no miss among them'
    >>> thin_reason(metric="missed", cases=900, misses=0)
    'its baseline holds no miss in 900 decided cases, too few to know how rare a miss was'
    >>> thin_reason(metric="latency", cases=900, misses=None) is None
    True
    """
    rare = metric == "missed" and misses is not None and misses < MIN_SURE_MISSES
    if cases < MIN_SURE_CASES:
        noun = "decided case" if cases == 1 else "decided cases"
        if rare and cases >= NO_MISS_SAID and misses == 0:  # the count alone hides it
            return f"its baseline holds only {cases:,} {noun}, and no miss among them"
        return f"its baseline holds only {cases:,} {noun}"
    if rare:
        count = "no miss" if misses == 0 else ("1 miss" if misses == 1 else f"{misses} misses")
        return (
            f"its baseline holds {count} in {cases:,} decided cases, too few to know how "
            "rare a miss was"
        )
    return None


@dataclass(frozen=True, kw_only=True)
class ThinBaseline:
    """A check whose baseline is too thin to judge it surely, and what to do about it.

    Attributes:
        area: the check's area.
        check: the check's id.
        cases: decided cases of the check in the baseline window.
        misses: how many of them were missed.
        reason: why that is thin (:func:`thin_reason`).
        window: the baseline window.
    """

    area: str
    check: str
    cases: int
    misses: int
    reason: str
    window: BaselineWindow

    def message(self) -> str:
        """The warning ``taut check`` and ``taut scan`` print.

        >>> window = BaselineWindow(start=date(2025, 1, 6), until=date(2025, 3, 2),
        ...     rule="first weeks")
        >>> print(ThinBaseline(area="A", check="ack-24h", cases=12, misses=1,
        ...     reason=thin_reason(metric="missed", cases=12, misses=1), window=window).message())
        ack-24h: its baseline holds only 12 decided cases (baseline 2025-01-06 to 2025-03-02, the first 8 weeks of data: the log is too short for a recent baseline), so taut cannot judge it surely: its signals are tentative, never called sure. Set baseline.until in taut.yaml to a later day so the baseline holds at least 200 decided cases, or scan again once more cases are in.
        """  # noqa: E501
        if self.cases < MIN_SURE_CASES:
            fix = (
                "Set baseline.until in taut.yaml to a later day so the baseline holds at "
                f"least {MIN_SURE_CASES} decided cases, or scan again once more cases are in."
            )
        else:
            fix = (
                f"If misses are truly this rare, read its first few misses as tentative; a "
                f"baseline with at least {MIN_SURE_MISSES} misses (a later baseline.until in "
                "taut.yaml) lets taut judge it."
            )
        if self.window.rule == "restart":
            fix = (
                f"Its baseline restarted on {self.window.start.isoformat()}: scan again once "
                "more cases are in, or restart it on an earlier day."
            )
        elif self.window.rule == "until":
            fix += " Removing baseline.until lets taut choose the baseline."
        return (
            f"{self.check}: {self.reason} (baseline {self.window.describe()}, "
            f"{self.window.rule_words()}), so taut cannot judge it surely: its signals are "
            f"tentative, never called sure. {fix}"
        )


def baseline_window(
    contract: Contract, book: dict[str, CheckCases], *, as_of: date
) -> BaselineWindow:
    """The baseline window of a scan whose data ends on ``as_of`` (module docstring, step 2).

    Raises:
        InsufficientDataError: when no check has a case.
    """
    filled = [cases for cases in book.values() if cases.size]
    if not filled:
        raise InsufficientDataError(
            "No check applies to any case in the log, so there is nothing to scan. Run "
            "'taut check' and 'taut outcomes' to see which cases each check applies to."
        )
    first: date = min(cases.day.min() for cases in filled).item()
    busiest = max(filled, key=lambda cases: cases.size)
    return choose_window(baseline=contract.baseline, first=first, as_of=as_of, days=busiest.day)


def refuse_empty_baseline(
    contract: Contract, book: dict[str, CheckCases], *, window: BaselineWindow
) -> None:
    """A written ``baseline.until`` before a check's first case is an error naming the check."""
    if window.rule != "until":
        return
    last_day = np.datetime64(window.until, "D")
    late = [
        (check.id, cases.day.min().item())
        for _, check in contract.checks
        if (cases := book[check.id]).size and not np.any(cases.day <= last_day)
    ]
    if late:
        names = ", ".join(f"'{name}' (first case {day.isoformat()})" for name, day in late)
        latest = max(day for _, day in late)
        raise InsufficientDataError(
            f"baseline.until {window.until.isoformat()} is before the first case of "
            f"{len(late)} check{'s' if len(late) > 1 else ''}: {names}, so "
            f"{'they' if len(late) > 1 else 'it'} would have no normal to compare with. "
            f"Set baseline.until in taut.yaml to a day after {latest.isoformat()}, or "
            "remove it to let taut choose the baseline."
        )


def thin_baselines(
    contract: Contract,
    book: dict[str, CheckCases],
    *,
    window: BaselineWindow,
    windows: Mapping[str, BaselineWindow] | None = None,
) -> tuple[ThinBaseline, ...]:
    """Every check whose baseline is too thin to judge it surely (module docstring, step 2).

    ``windows`` gives a check whose baseline a decision moved its own window
    (:mod:`taut.signal.inputs.moves`); the others take ``window``.
    """
    found: list[ThinBaseline] = []
    for area, check in contract.checks:
        cases = book[check.id]
        if not cases.size:
            continue
        own = (windows or {}).get(check.id, window)
        inside = (cases.day >= np.datetime64(own.start, "D")) & (
            cases.day <= np.datetime64(own.until, "D")
        )
        decided = cases.missed[inside & ~np.isnan(cases.missed)]
        misses = int(np.count_nonzero(decided))
        reason = thin_reason(metric="missed", cases=int(decided.size), misses=misses)
        if reason is not None:
            found.append(
                ThinBaseline(
                    area=area.name,
                    check=check.id,
                    cases=int(decided.size),
                    misses=misses,
                    reason=reason,
                    window=own,
                )
            )
    return tuple(found)


def mark_thin(state: CheckState, *, thin: bool) -> CheckState:
    """``state`` flagged ``thin_baseline`` when its check's, or its own, baseline is thin."""
    misses = round(state.baseline * state.baseline_cases) if state.segment is None else None
    own = thin_reason(metric=state.metric, cases=state.baseline_cases, misses=misses)
    if not thin and own is None:
        return state
    return dataclasses.replace(state, thin_baseline=True)


def trim_to_window(
    book: dict[str, CheckCases],
    *,
    window: BaselineWindow,
    starts: Mapping[str, date] | None = None,
) -> dict[str, CheckCases]:
    """Each check's cases without those anchored before the window (module docstring).

    ``starts`` gives a check whose window a decision moved its own first day
    (:mod:`taut.signal.inputs.moves`).
    """
    if window.rule != "recent":
        return book
    return {
        check: cases.subset(
            cases.day >= np.datetime64((starts or {}).get(check, window.start), "D")
        )
        if cases.size
        else cases
        for check, cases in book.items()
    }
