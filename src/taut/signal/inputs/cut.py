"""One check's cases as a scan at an earlier day would have read them: a cut in numpy.

A replay (:mod:`taut.signal.replay`) scans every Monday of a log's past. Reading the log
cut at each Sunday and evaluating the checks again would repeat the whole pipeline once a
week. Instead the outcomes are evaluated once, on the whole log, with each case's times in
microseconds (:class:`CaseTimes`), and each Monday's casebook is derived from them here.
A case's row at a cut ``C`` (the end of the Sunday, naive UTC) with the data ending at
``E = min(C, the log's end)`` follows from its check kind's decision rule
(:mod:`taut.outcomes`), since clipping the log only hides the events at or after ``C``:

- ``complete``: the case is there when its anchor (the first ``at``) is before ``C``, and
  judged as on the whole log (the fields of that event are known with it);
- ``order``: the case is there when every listed step happened before ``C`` (its
  ``decided``, the last of them), judged as on the whole log;
- ``within`` and ``present``: the case is there when its anchor is before ``C``. When the
  step came before ``C`` (``reached``), the row is the whole log's. Otherwise the step is not
  seen yet: the case is ``missed`` with ``decided`` its deadline when the deadline
  (anchor + limit) is at or before ``E``, else ``pending``; its ``value`` is unknown.

The conditions that move with the cut are derived too: the workload label (a day's
percentile among the team's days seen so far, :mod:`taut.outcomes.conditions`) and the
teams held back as small (fewer than five people seen so far, :mod:`taut.ingest.people`).
The day-part label follows :func:`~taut.signal.inputs.resolution.recorded_to_the_day` on the
cases kept. A case's team and condition attributes are those the whole log records: a
value first recorded after the Sunday is read as known (docs/scan.md, "Replay").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from taut.signal.inputs.casebook import CheckCases, LabelArray, Labels
from taut.signal.inputs.dimensions import DAY_PART, DIMENSIONS, TEAM, WORKLOAD
from taut.signal.inputs.resolution import recorded_to_the_day

IntArray = npt.NDArray[np.int64]
CutKind = Literal["timed", "complete", "order"]
"""How a check's rows change with the cut: ``timed`` for within and present checks."""
HOUR_US = 3_600_000_000


@dataclass(frozen=True, eq=False)
class CaseTimes:
    """One check's cases on the whole log, with what a cut needs (casebook order).

    Attributes:
        cases: the casebook's entry, teams not held back.
        kind: how its rows change with the cut (:data:`CutKind`).
        limit_us: the deadline after the anchor, microseconds (timed checks; else 0).
        anchor_us: each case's anchor, microseconds since the epoch (UTC).
        decided_us: when its status became known on the whole log; -1 while pending.
        reached_us: when its step came (timed checks), microseconds; -1 when it never did.
        workload: cases the case's team started on its anchor's local day.
        hour: the anchor's local hour.
    """

    cases: CheckCases
    kind: CutKind
    limit_us: int
    anchor_us: IntArray
    decided_us: IntArray
    reached_us: IntArray
    workload: IntArray
    hour: IntArray


@dataclass(frozen=True, eq=False)
class TeamDays:
    """Cases started per team and local day on the whole log (the workload's population).

    Attributes:
        names: the teams (``None``: the cases without a team).
        team: each row's team, a position in ``names``.
        day: each row's local day.
        started: the cases the team started that day.
    """

    names: tuple[str | None, ...]
    team: IntArray
    day: npt.NDArray[np.datetime64]
    started: IntArray

    def ranks(self, *, as_of: np.datetime64) -> dict[str | None, IntArray]:
        """Per team, the sorted counts of its days up to ``as_of`` (for ``cume_dist``)."""
        seen = self.day <= as_of
        return {
            name: np.sort(self.started[seen & (self.team == code)])
            for code, name in enumerate(self.names)
        }


def _workload_labels(
    team: LabelArray, workload: IntArray, *, ranks: dict[str | None, IntArray]
) -> Labels:
    """Each case's workload label, its day ranked among its team's days seen so far."""
    share = np.zeros(workload.size, dtype=np.float64)
    teams = team if isinstance(team, Labels) else Labels.of(np.asarray(team, dtype=object))
    for name, counts in ranks.items():
        if counts.size == 0:
            continue
        mine = teams == name
        share[mine] = np.searchsorted(counts, workload[mine], side="right") / counts.size
    cut = WORKLOAD.cut
    if cut is None:  # pragma: no cover - the workload dimension is declared with a cut
        raise RuntimeError("The workload dimension has no cut.")
    inside = (share >= cut.at_least) & (workload > 0)
    return Labels(codes=inside.astype(np.int8), words=(cut.outside, cut.inside))


def _day_part_labels(hour: IntArray) -> Labels:
    cut = DAY_PART.cut
    if cut is None:  # pragma: no cover - the day-part dimension is declared with a cut
        raise RuntimeError("The day-part dimension has no cut.")
    return Labels(codes=(hour >= cut.at_least).astype(np.int8), words=(cut.outside, cut.inside))


def hold_back(team: LabelArray, *, small: frozenset[str], label: str) -> LabelArray:
    """``team`` with every name in ``small`` replaced by ``label`` (codes remapped)."""
    if not small:
        return team
    if not isinstance(team, Labels):
        return np.asarray([label if name in small else name for name in team], dtype=object)
    words = [label if word in small else word for word in team.words]
    merged = tuple(dict.fromkeys(words))
    remap = np.asarray([merged.index(word) for word in words], dtype=np.int64)
    codes = remap[team.codes.astype(np.int64)] if team.codes.size else team.codes
    return Labels(codes=codes.astype(np.min_scalar_type(-max(len(merged), 1))), words=merged)


def _taken(values: Any, keep: npt.NDArray[np.bool_]) -> Any:
    return values[keep]


def cut_cases(
    times: CaseTimes,
    *,
    cut_us: int,
    end_us: int,
    ranks: dict[str | None, IntArray],
    small: frozenset[str],
    small_label: str,
) -> CheckCases:
    """The check's cases as a scan of the log cut at ``cut_us`` would read them.

    Args:
        times: the check's cases on the whole log.
        cut_us: the end of the last day kept (naive UTC, microseconds since the epoch).
        end_us: the end of the data then (``min(cut_us, the log's end)``).
        ranks: :meth:`TeamDays.ranks` at the last day kept.
        small: the teams with fewer than five people seen by then.
        small_label: what a held-back team is called.
    """
    cases = times.cases
    if times.kind == "order":
        keep = (times.decided_us >= 0) & (times.decided_us < cut_us)
    else:
        keep = times.anchor_us < cut_us
    missed = cases.missed[keep]
    decided = cases.decided[keep]
    value = cases.value[keep]
    if times.kind == "timed":
        reached = times.reached_us[keep]
        unseen = (reached < 0) | (reached >= cut_us)
        overdue = unseen & (times.anchor_us[keep] + times.limit_us <= end_us)
        anchor_hours = cases.anchor[keep]
        deadline = anchor_hours + times.limit_us / HOUR_US
        missed = np.where(unseen, np.where(overdue, 1.0, np.nan), missed)
        decided = np.where(unseen, np.where(overdue, deadline, np.nan), decided)
        value = np.where(unseen, np.nan, value)
    anchor = cases.anchor[keep]
    steps_timed = times.kind == "timed"
    day_only = recorded_to_the_day(anchor, value if steps_timed else np.full_like(value, np.nan))
    labels: dict[str, LabelArray] = {}
    team = _taken(cases.labels[TEAM.name], keep)
    for dimension in DIMENSIONS:
        if dimension is TEAM:
            labels[TEAM.name] = hold_back(team, small=small, label=small_label)
        elif dimension is WORKLOAD:
            labels[WORKLOAD.name] = _workload_labels(team, times.workload[keep], ranks=ranks)
        elif dimension is DAY_PART:
            if not day_only:
                labels[DAY_PART.name] = _day_part_labels(times.hour[keep])
        elif dimension.name in cases.labels:
            labels[dimension.name] = _taken(cases.labels[dimension.name], keep)
    for name, values in cases.labels.items():
        if name not in labels and name not in {d.name for d in DIMENSIONS}:
            labels[name] = _taken(values, keep)
    return CheckCases(
        check=cases.check,
        anchor=anchor,
        decided=np.asarray(decided, dtype=np.float64),
        missed=np.asarray(missed, dtype=np.float64),
        value=np.asarray(value, dtype=np.float64),
        day=cases.day[keep],
        labels=labels,
        day_only=day_only,
    )
