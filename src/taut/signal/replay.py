"""History from the first run: the scans taut would have made every Monday of a log's past.

``taut scan --replay weekly`` (:func:`taut.api.replay`) reports, in date order, what a scan
run each Monday would have said: the data up to the end of the Sunday before (``as_of``
that Sunday), then the log's last day (what ``taut scan`` says today). Rerunning the whole
pipeline once a week would read the log and evaluate every check once per Monday. The
replay does that work once:

1. the log is read and the outcomes evaluated once, on the whole log, with each case's
   times kept to the microsecond (:class:`~taut.signal.inputs.cut.CaseTimes`), the cases
   each team started per day (:class:`~taut.signal.inputs.cut.TeamDays`) and when each
   person first appears on a team (:class:`TeamPeople`);
2. each Monday's casebook is a numpy cut of those arrays
   (:func:`~taut.signal.inputs.cut.cut_cases`): cases not yet started left out, steps not
   yet taken pending or missed by their deadline, the workload percentile ranked over the
   days seen so far, teams of fewer than five people seen so far held back;
3. the scan's steps from the baseline on (:data:`~taut.signal.scan.STEPS` after
   ``read_cases``) run on that casebook, as ``taut scan --as-of`` would run them: the
   adaptive baseline window, the bands, every slice's detectors and the alert budget move
   with the Monday, so they are computed for each.

Mondays before the first one whose scan has a baseline to compare with are skipped (a
scan then is refused for lack of data after the baseline).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from taut.contract.models import CompleteRule, OrderRule, PresentRule, WithinRule
from taut.errors import InsufficientDataError
from taut.ingest.clip import end_of_local_day
from taut.ingest.people import SMALL_TEAM, small_teams
from taut.outcomes.cases import collect_case_facts
from taut.outcomes.conditions import team_workload
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.clock import EPOCH, hours_since_epoch, last_data_day, local_day
from taut.signal.inputs.cut import CaseTimes, CutKind, IntArray, TeamDays, cut_cases
from taut.signal.inputs.moves import BaselineMoves
from taut.signal.run import ScanRun
from taut.signal.scan import STEPS, read_cases, run_steps

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.contract.models import Check, Contract
    from taut.ingest.log import EventLog
    from taut.signal.report import ScanReport

logger = logging.getLogger(__name__)

MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // MICROSECOND


@dataclass(frozen=True, eq=False)
class TeamPeople:
    """When each person first appears on each team's events (counts only leave it).

    Attributes:
        names: the teams.
        team: each row's team, a position in ``names``.
        first_us: when the row's person first appears on the team (microseconds since the
            epoch); for the row of no person, the team's first event naming none.
        person: whether the row is a person (the row of no person only lists the team).
    """

    names: tuple[str, ...]
    team: IntArray
    first_us: IntArray
    person: npt.NDArray[np.bool_]

    def at(self, cut_us: int) -> dict[str, int]:
        """People per team seen before ``cut_us`` (:func:`taut.ingest.people.people_per_team`)."""
        seen = self.first_us < cut_us
        listed = np.bincount(self.team[seen], minlength=len(self.names))
        people = np.bincount(self.team[seen & self.person], minlength=len(self.names))
        return {name: int(people[code]) for code, name in enumerate(self.names) if listed[code]}


def _codes(column: pa.ChunkedArray[Any]) -> tuple[tuple[Any, ...], IntArray]:
    """A text column's distinct values and each row's position among them (Arrow-encoded)."""
    encoded: Any = pc.dictionary_encode(column.combine_chunks())  # a DictionaryArray
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return tuple(encoded.dictionary.to_pylist()), np.asarray(codes, dtype=np.int64)


def team_people_timeline(log: EventLog) -> TeamPeople:
    """:class:`TeamPeople` of ``log`` (one grouped query; no person's value leaves it)."""
    table = log.table
    rows = (
        table.filter(table.team.notnull() & (table.team != SMALL_TEAM))
        .group_by(["team", "person"])
        .aggregate(first=table.ts.min())
        .select("team", person=lambda t: t.person.notnull(), first="first")
        .to_pyarrow()
    )
    first = np.asarray(rows.column("first").to_numpy(zero_copy_only=False), dtype="datetime64[us]")
    names, team = _codes(rows.column("team"))
    return TeamPeople(
        names=names,
        team=team,
        first_us=first.astype(np.int64),
        person=np.asarray(rows.column("person").to_numpy(zero_copy_only=False), dtype=bool),
    )


def team_days(contract: Contract, log: EventLog) -> TeamDays:
    """:class:`~taut.signal.inputs.cut.TeamDays` of ``log`` (:mod:`taut.outcomes.conditions`)."""
    counts = team_workload(cases=collect_case_facts(contract=contract, log=log)).to_pyarrow()
    keys, team = _codes(counts.column("_team_key"))
    names = tuple(None if key == "" else key for key in keys)  # "": the cases without a team
    days = counts.column("_day").to_numpy(zero_copy_only=False)
    return TeamDays(
        names=names,
        team=team,
        day=np.asarray(days, dtype="datetime64[D]"),
        started=np.asarray(counts.column("workload").to_numpy(zero_copy_only=False), np.int64),
    )


def _kind(check: Check) -> tuple[CutKind, timedelta]:
    rule = check.rule
    if isinstance(rule, WithinRule):
        return "timed", rule.limit
    if isinstance(rule, PresentRule):
        return "timed", rule.within
    if isinstance(rule, CompleteRule):
        return "complete", timedelta(0)
    if isinstance(rule, OrderRule):
        return "order", timedelta(0)
    raise TypeError(f"check '{check.id}' has a rule a replay cannot cut")  # pragma: no cover


def _us(column: pa.ChunkedArray[Any]) -> IntArray:
    stamps = np.asarray(column.to_numpy(zero_copy_only=False), dtype="datetime64[us]")
    return np.where(np.isnat(stamps), -1, stamps.astype(np.int64))


def case_times(outcomes: ir.Table, *, contract: Contract) -> dict[str, CaseTimes]:
    """Every check's :class:`~taut.signal.inputs.cut.CaseTimes` from the stored outcomes.

    Args:
        outcomes: the whole log's outcomes stored as a table, teams not held back.
        contract: the contract they were evaluated for.
    """
    book = read_casebook(outcomes, contract=contract)
    # The casebook's order: anchor then case id, per check.
    extra = (
        outcomes.select(
            "check", "case_id", "anchor_time", "decided_time", "value", "workload", "hour"
        )
        .order_by(["check", "anchor_time", "case_id"])
        .to_pyarrow()
    )
    checks = extra.column("check")
    found: dict[str, CaseTimes] = {}
    for _, check in contract.checks:
        rows = extra.filter(pc.equal(checks, pa.scalar(check.id)))
        kind, limit = _kind(check)
        decided = _us(rows.column("decided_time"))
        has_value = np.asarray(rows.column("value").is_valid().to_numpy(zero_copy_only=False))
        found[check.id] = CaseTimes(
            cases=book[check.id],
            kind=kind,
            limit_us=limit // MICROSECOND,
            anchor_us=_us(rows.column("anchor_time")),
            decided_us=decided,
            reached_us=np.where(has_value, decided, -1) if kind == "timed" else decided,
            workload=np.asarray(rows.column("workload").to_numpy(zero_copy_only=False), np.int64),
            hour=np.asarray(rows.column("hour").to_numpy(zero_copy_only=False), np.int64),
        )
    return found


def weekly_days(*, first: date, last: date, since: date | None = None) -> tuple[date, ...]:
    """The as-of days of a weekly replay: each Sunday before ``last``, then ``last``.

    ``since`` (a Monday or any day) starts later: only the scans run on or after it.

    >>> weekly_days(first=date(2025, 1, 1), last=date(2025, 1, 15))
    (datetime.date(2025, 1, 5), datetime.date(2025, 1, 12), datetime.date(2025, 1, 15))
    >>> weekly_days(first=date(2025, 1, 1), last=date(2025, 1, 15), since=date(2025, 1, 7))
    (datetime.date(2025, 1, 12), datetime.date(2025, 1, 15))
    """
    sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    if since is not None:
        sunday = max(sunday, since - timedelta(days=1))
        sunday += timedelta(days=(6 - sunday.weekday()) % 7)
    days: list[date] = []
    while sunday < last:
        days.append(sunday)
        sunday += timedelta(weeks=1)
    return (*days, last)


@dataclass(frozen=True, eq=False)
class ReplaySource:
    """What every Monday's scan is cut from: computed once (module docstring).

    Attributes:
        contract: the contract.
        timezone: the contract's time zone.
        data_start: the log's first time (naive UTC).
        data_end: the log's end (naive UTC).
        times: every check's cases on the whole log.
        team_days: the cases each team started per day.
        people: when each person first appears on a team; ``None`` when no team is held
            back (:func:`taut.ingest.people.team_people`).
    """

    contract: Contract
    timezone: str
    data_start: datetime
    data_end: datetime
    times: dict[str, CaseTimes]
    team_days: TeamDays
    people: TeamPeople | None

    def first_day(self) -> date:
        """The first local day of data."""
        return local_day(hours_since_epoch(self.data_start), timezone=self.timezone)

    def last_day(self) -> date:
        """The last local day of data (what ``taut scan`` reports as of)."""
        return last_data_day(hours_since_epoch(self.data_end), timezone=self.timezone)

    def cut(self, as_of: date) -> tuple[dict[str, CheckCases], dict[str, int] | None, datetime]:
        """The casebook, the people per team and the end of data of a scan as of ``as_of``."""
        end = min(end_of_local_day(as_of, timezone=self.timezone), self.data_end)
        cut_us, end_us = _micros(end_of_local_day(as_of, timezone=self.timezone)), _micros(end)
        people = self.people.at(cut_us) if self.people is not None else None
        small = frozenset(small_teams(people)) if people is not None else frozenset()
        ranks = self.team_days.ranks(as_of=np.datetime64(as_of, "D"))
        book = {
            check: cut_cases(
                times,
                cut_us=cut_us,
                end_us=end_us,
                ranks=ranks,
                small=small,
                small_label=SMALL_TEAM,
            )
            for check, times in self.times.items()
        }
        return book, people, end

    def scan(self, as_of: date, *, moves: BaselineMoves | None = None) -> ScanReport:
        """The report of a scan of the log cut at the end of local day ``as_of``.

        ``moves``: the decisions in force that Monday (restarts, excluded episodes:
        :mod:`taut.signal.inputs.moves`), as ``taut scan --as-of`` would be given them.

        Raises:
            InsufficientDataError: as :func:`taut.signal.scan_outcomes`.
        """
        book, people, end = self.cut(as_of)
        run = ScanRun(
            contract=self.contract,
            as_of_hours=hours_since_epoch(end),
            timezone=self.timezone,
            data_end=end,
            people=people,
            book=book,
            moves=moves or BaselineMoves(),
        )
        report = run_steps(
            run, steps=tuple(step for step in STEPS if step is not read_cases)
        ).report
        if report is None:  # pragma: no cover - write_report is the last step
            raise RuntimeError("The scan's steps did not write a report.")
        return report

    def weekly(
        self,
        *,
        since: date | None = None,
        moves: Callable[[date], BaselineMoves] | None = None,
    ) -> Iterator[ScanReport]:
        """Every Monday's report in date order (module docstring), from ``since`` on.

        ``moves`` gives the decisions in force on each Monday (its ``as_of``); it is asked
        only when that Monday's report is, after the caller has kept the one before (so it
        can answer from the store the earlier Mondays filled). ``None``: none.
        """
        started = False
        for as_of in weekly_days(first=self.first_day(), last=self.last_day(), since=since):
            try:
                report = self.scan(as_of, moves=moves(as_of) if moves is not None else None)
            except InsufficientDataError:
                if started or as_of >= self.last_day():
                    raise
                logger.debug("No baseline to compare with as of %s: skipped", as_of)
                continue
            started = True
            yield report
