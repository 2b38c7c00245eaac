"""Explain every signal of a scan: conditions, spread, consequences and plain words.

:func:`explain_signals` is the whole Insight stage in one call. Per signal, in the order
of ``report.signals``:

1. the signal's check's cases become a slip indicator, before and during the drift
   (:mod:`taut.insight.slip`);
2. the candidate conditions are read from the outcomes columns, the declared attributes
   and, when the log is given, the handoff between teams (:mod:`taut.insight.conditions`,
   :mod:`taut.insight.handoff`);
3. each is measured by a difference-in-differences and corrected with Holm's procedure
   for the number tried (:mod:`taut.insight.attribution`);
4. the people and teams showing the slip are counted (:mod:`taut.insight.spread`) and,
   when lagging outcomes are given, their relative risks measured
   (:mod:`taut.insight.consequences`); for a ``complete`` check, the blank share of each
   field is counted before and during (:mod:`taut.insight.fields`);
5. the same weeks a year earlier are compared, to tell a seasonal pause from a new change
   (:mod:`taut.insight.season`);
6. the templates write the headline and text (:mod:`taut.insight.headline`).

The signal's segment (if any) only says where the alarm rang first; conditions are
always measured over all of the check's cases, so a slip confined to a segment is found
by the condition that is that segment.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from taut.contract.models import CompleteRule, PresentRule, WithinRule
from taut.ingest.people import team_people
from taut.insight.attribution import attribute_slip
from taut.insight.conditions import candidate_conditions
from taut.insight.consequences import measure_consequences
from taut.insight.fields import measure_blank_fields
from taut.insight.handoff import handoff_labels, handoff_table
from taut.insight.headline import Findings, write_insight
from taut.insight.season import same_weeks_last_year
from taut.insight.slip import SlipCases, slip_cases
from taut.insight.spread import measure_spread, people_on_cases
from taut.signal.inputs.casebook import ORDER as CASE_ORDER
from taut.signal.inputs.dimensions import CONDITIONS
from taut.signal.inputs.resolution import recorded_to_the_day

if TYPE_CHECKING:
    from datetime import date

    import ibis.expr.types as ir

    from taut.contract.models import Contract
    from taut.ingest.log import EventLog
    from taut.insight.records import BlankFields, Insight
    from taut.signal.report import ScanReport

logger = logging.getLogger(__name__)


def _frame(table: Any) -> pd.DataFrame:
    """A pandas frame of an Arrow table, a pandas frame or an Ibis table (executed)."""
    if isinstance(table, pd.DataFrame):
        return table
    if isinstance(table, pa.Table):
        return table.to_pandas()
    if hasattr(table, "to_pandas"):
        frame = table.to_pandas()
        if isinstance(frame, pd.DataFrame):
            return frame
    raise TypeError(
        f"Expected a pyarrow Table, a pandas DataFrame or an Ibis table; got "
        f"{type(table).__name__}."
    )


FRAME_COLUMNS: tuple[str, ...] = (
    "check",
    "case_id",
    "anchor_time",
    "status",
    "value",
    "day",
    *(dimension.column for dimension in CONDITIONS),
)
"""The outcomes columns the insight reads of a check's rows; the contract's condition
attributes follow, and ``blank_fields`` for a ``complete`` check."""


def _columns(contract: Contract, *, rule: object) -> list[str]:
    """The columns read for a check of ``rule``: what the insight's steps use, no more."""
    complete = ("blank_fields",) if isinstance(rule, CompleteRule) else ()
    return list(dict.fromkeys((*FRAME_COLUMNS, *contract.conditions, *complete)))


def _signal_rows(
    outcomes: pa.Table | pd.DataFrame | ir.Table,
    *,
    check: str,
    columns: list[str],
    since: date | None,
    handoffs: ir.Table | None = None,
) -> Any:
    """The rows of ``check`` of an Arrow or Ibis table, in order; a pandas frame as it is.

    From an Ibis table (the scan's stored outcomes) the database reads only what the
    insight uses: the check's rows anchored from ``since`` (the baseline window's first
    day) on, ``columns`` only, each case's handoff joined from ``handoffs`` (column
    ``handoff``) when given. Arrow puts them in the casebook's order (anchor, case id) and
    turns them into pandas, sharing one Python string per distinct value (a frame built
    by Ibis holds one per row).
    """
    if isinstance(outcomes, pd.DataFrame):
        return outcomes
    if not isinstance(outcomes, pa.Table):
        rows = outcomes.filter(outcomes["check"] == check)
        if since is not None:
            rows = rows.filter(rows["day"] >= since)
        rows = rows.select(*columns)
        if handoffs is not None:
            joined = rows.left_join(handoffs, rows["case_id"] == handoffs["case_id"])
            rows = joined.select(*(joined[name] for name in columns), joined["handoff"])
        read: pa.Table = rows.to_pyarrow()
        ordered = read.take(pc.sort_indices(read, sort_keys=CASE_ORDER))
        del read
        # Each Arrow column is freed as it becomes pandas, and a day is a datetime64 (read
        # through pd.to_datetime everywhere) rather than a Python date object per row.
        return ordered.to_pandas(split_blocks=True, self_destruct=True, date_as_object=False)
    wanted = pc.equal(outcomes.column("check"), pa.scalar(check))
    return outcomes.filter(wanted)


def _stored_handoffs(
    outcomes: pa.Table | pd.DataFrame | ir.Table,
    *,
    log: EventLog | None,
    contract: Contract,
    people: dict[str, int] | None,
) -> ir.Table | None:
    """The handoffs stored beside the outcomes, to be joined to a check's rows there.

    ``None`` when there are none to read, or the outcomes are not an Ibis table on the
    log's own connection (the handoffs are then mapped in pandas, :func:`handoff_labels`).
    """
    if log is None or contract.columns.team is None:
        return None
    if isinstance(outcomes, pa.Table | pd.DataFrame):
        return None
    backend = outcomes.get_backend()
    if backend is not log.table.get_backend():
        return None
    name = f"taut_handoffs_{uuid.uuid4().hex[:12]}"
    return backend.create_table(name, handoff_table(log, people=people), temp=True)


def _lagged(
    lagging: pa.Table | pd.DataFrame | ir.Table,
) -> tuple[pd.DataFrame, tuple[str, ...] | None]:
    """The lagging outcomes as consequences read them, and their names when not all rows.

    From an Ibis table only the rows where an outcome occurred leave the database (the
    only rows consequences count), with the outcomes' names: every case has a row per
    outcome, so the whole table is as long as the log's cases times its outcomes.
    """
    if isinstance(lagging, pa.Table | pd.DataFrame):
        return _frame(lagging), None
    names = lagging.select("outcome").distinct().to_pyarrow().column("outcome").to_pylist()
    occurred = lagging.filter(lagging["occurred"]).to_pyarrow().to_pandas()
    return occurred, tuple(sorted(str(name) for name in names if name is not None))


def _blank_fields(cases: SlipCases, rule: object, metric: str) -> BlankFields | None:
    """Which fields are left blank, for a signal on a ``complete`` check's misses."""
    if not isinstance(rule, CompleteRule) or metric != "missed":
        return None
    return measure_blank_fields(cases, fields=rule.fields)


def _in_baseline(frame: pd.DataFrame, *, until: date) -> npt.NDArray[np.bool_]:
    """Which of a check's rows are anchored in the baseline window."""
    return np.asarray(pd.to_datetime(frame["day"]) <= pd.Timestamp(until), dtype=bool)


def _day_only(frame: pd.DataFrame, *, timed: bool) -> bool:
    """Whether a check's times are recorded to the day, by the scan's own rule.

    ``timed``: the check's ``value`` is the hours to its step (within and present checks).
    """
    anchor = pd.to_datetime(frame["anchor_time"], utc=True)
    hours = ((anchor - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(hours=1)).to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    values = np.full(len(frame), np.nan)
    if timed:
        values = pd.to_numeric(frame["value"], errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    return recorded_to_the_day(np.asarray(hours, dtype=np.float64), values)


def explain_signals(
    *,
    report: ScanReport,
    outcomes: pa.Table | pd.DataFrame | ir.Table,
    contract: Contract,
    log: EventLog | None = None,
    lagging: pa.Table | pd.DataFrame | ir.Table | None = None,
) -> tuple[Insight, ...]:
    """One :class:`~taut.insight.records.Insight` per signal, in ``report.signals`` order.

    Args:
        report: the scan's result.
        outcomes: the outcomes table the scan read (:func:`taut.outcomes.evaluate_checks`),
            materialised, or an Ibis table (only the signals' checks are read from it).
        contract: the contract (its declared condition attributes).
        log: the event log, to count people and teams and read handoffs; ``None`` counts
            teams from the outcomes and skips people and handoffs.
        lagging: the :func:`taut.outcomes.evaluate_lagging` table (materialised, or an
            Ibis table of which only the rows where an outcome occurred are read), for
            consequences; ``None`` skips them.

    Returns:
        The insights, one per signal; the input is not changed.
    """
    if not report.signals:
        return ()
    lagged, outcome_names = (None, None) if lagging is None else _lagged(lagging)
    people = None if log is None else team_people(log, contract=contract)
    stored = _stored_handoffs(outcomes, log=log, contract=contract, people=people)
    handoffs = None
    if stored is None and log is not None and contract.columns.team is not None:
        handoffs = handoff_labels(log, people=people)
    found: list[Insight] = []
    rules = {check.id: check.rule for _, check in contract.checks}
    frames: dict[str, pd.DataFrame] = {}
    for signal in report.signals:
        # A check's own window: a restart (a rebaselined signal) moves it.
        baseline_from, baseline_until = report.baseline_of(signal.check)
        # One check's rows at a time (slip_cases keeps one check's rows): the rest of a large
        # outcomes table never becomes a pandas frame, and two checks' never at once.
        if signal.check not in frames:
            frames.clear()
            rows = _signal_rows(
                outcomes,
                check=signal.check,
                columns=_columns(contract, rule=rules.get(signal.check)),
                since=baseline_from,
                handoffs=stored,
            )
            frame = _frame(rows)
            del rows
            if baseline_from is not None:
                # Cases before the baseline window are not part of the scan's comparison.
                kept = (pd.to_datetime(frame["day"]) >= pd.Timestamp(baseline_from)).to_numpy()
                if not kept.all():  # the stored outcomes' rows are filtered when read
                    frame = frame[kept].reset_index(drop=True)
            for begin, end in report.excluded_of(signal.check):
                # A resolved drift episode is not part of the baseline either.
                day = pd.to_datetime(frame["day"])
                out = (day >= pd.Timestamp(begin)) & (day <= pd.Timestamp(min(end, baseline_until)))
                frame = frame[~out.to_numpy()].reset_index(drop=True)
            frames[signal.check] = frame
        cases = slip_cases(
            frames[signal.check],
            signal=signal,
            baseline_until=baseline_until,
            as_of=report.as_of,
        )
        handoff = None
        if stored is not None:
            handoff = pd.Series(cases.frame["handoff"].to_numpy(dtype=object), dtype=object)
        elif handoffs is not None:
            ids = cases.frame["case_id"].astype(str)
            handoff = pd.Series(ids.map(handoffs).to_numpy(dtype=object), dtype=object)
        candidates = candidate_conditions(
            cases.frame,
            attributes=tuple(contract.conditions),
            # a team is named only when five or more people worked its cases in each window
            people=None if people is None or log is None else people_on_cases(cases, log=log),
            handoff=handoff,
            in_baseline=_in_baseline(cases.frame, until=baseline_until),
            day_only=_day_only(
                cases.frame,
                timed=isinstance(rules.get(signal.check), PresentRule | WithinRule),
            ),
        )
        attribution = attribute_slip(cases, candidates)
        consequences = (
            ()
            if lagged is None
            else measure_consequences(
                cases,
                lagging=lagged,
                signal=signal,
                baseline_until=baseline_until,
                outcomes=outcome_names,
            )
        )
        findings = Findings(
            signal=signal,
            named=attribution.named,
            tried=len(attribution.tried),
            excess=attribution.excess,
            spread=measure_spread(cases, log=log, people=people),
            consequences=consequences,
            baseline_until=baseline_until,
            baseline_from=baseline_from if report.excluded_of(signal.check) else None,
            as_of=report.as_of,
            during_from=cases.during_from,
            blank_fields=_blank_fields(cases, rules.get(signal.check), signal.metric),
            before_rate=attribution.before_rate,
            during_rate=attribution.during_rate,
            during_cases=attribution.during_cases,
            fields_tried=tuple(dict.fromkeys(effect.field for effect in attribution.tried)),
            season=same_weeks_last_year(
                cases,
                as_of=report.as_of,
                rise=attribution.during_rate - attribution.before_rate,
            ),
        )
        found.append(write_insight(findings))
        logger.info(
            "Explained %s: %d of %d conditions named",
            signal.check,
            len(attribution.named),
            len(attribution.tried),
        )
    return tuple(found)
