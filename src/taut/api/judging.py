"""The recorded changes judged with a scan: each change's verdict as of the scan, and the
baselines a working one restarts (``judged_changes``, ``judged_scan``, ``change_restarts``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis

from taut.api.recorded import Recorded, cases_of, recorded_changes
from taut.api.scanning import scan_inputs, stored_outcomes
from taut.contract import Contract
from taut.errors import UsageError
from taut.ingest import EventLog
from taut.ingest.connection import scan_memory
from taut.reinforce.changes import Change, Effect, JudgedChange
from taut.signal import ScanReport, scan_outcomes
from taut.signal.inputs.clock import hours_since_epoch, last_data_day

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir


@dataclass(frozen=True, kw_only=True)
class JudgedScan:
    """A scan given the recorded changes: its report and each change's verdict as of it."""

    report: ScanReport
    changes: tuple[JudgedChange, ...] = ()


def judged_changes(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
) -> tuple[JudgedChange, ...]:
    """Every recorded change with its verdict as of ``as_of`` (``None``: the log's last day).

    Changes made after ``as_of`` are left out (not made yet that day), and so are changes
    to a check no longer in the contract. With ``as_of`` left out, a change dated after the
    log's last day is ``not-yet-clear`` with no case since. Reads the log once.

    Raises:
        ContractError, UsageError, InputError: as :func:`scan`.
        StoreError: the store cannot be opened or read.
    """
    recorded = recorded_changes(contract)
    if not recorded.changes:
        return ()
    model, log, people, workspace = scan_inputs(contract, as_of=as_of, con=con)
    table = stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        return _judge_recorded(model, log, table, recorded=recorded, latest=as_of is None)


def judged_scan(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    recorded: Recorded | None = None,
) -> JudgedScan:
    """:func:`scan` with the recorded changes judged from the same read of the log.

    A change whose verdict is ``working`` (or ``relapsing``: it worked first) restarts its
    check's baseline on the change's day (:func:`change_restarts`), so the check is judged
    against the steadier normal the change made, not the drift it answered.

    Args:
        recorded: the changes to judge (:func:`recorded_changes`); with none this is
            :func:`scan`.
        contract, as_of, con, restarts, exclude: as :func:`scan`.
    """
    report, judged = judged_scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude, recorded=recorded
    )[3:]
    return JudgedScan(report=report, changes=judged)


def change_restarts(
    judged: Sequence[JudgedChange], *, restarts: Mapping[str, date] | None = None
) -> dict[str, date]:
    """``restarts`` with each working (or relapsing) change's check restarting on its day.

    Of two restarts of one check, the later day wins (the newer normal). A change on a
    segment restarts nothing: the rest of the check did not change.

    >>> from taut.reinforce.changes import Effect
    >>> made = Change(id=1, area="A", check="ack", applied_on=date(2026, 3, 2), change="Gate")
    >>> worked = Effect(verdict="working", metric="missed", method="its", before=0.2,
    ...     after=0.05, effect=-0.15, interval=(-0.2, -0.1), cases_before=400,
    ...     cases_since=300, cases_needed=None, reason="")
    >>> change_restarts([JudgedChange(change=made, effect=worked)],
    ...     restarts={"ack": date(2026, 1, 5)})
    {'ack': datetime.date(2026, 3, 2)}
    """
    found = dict(restarts or {})
    for item in judged:
        if item.effect.verdict not in ("working", "relapsing") or item.change.segment:
            continue
        day = item.change.applied_on
        if item.change.check not in found or found[item.change.check] < day:
            found[item.change.check] = day
    return found


def judged_scan_parts(
    contract: str | Path,
    *,
    as_of: date | None,
    con: ibis.BaseBackend | None,
    restarts: Mapping[str, date] | None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None,
    recorded: Recorded | None,
) -> tuple[Contract, EventLog, ir.Table, ScanReport, tuple[JudgedChange, ...]]:
    """:func:`_scan_parts` with the recorded changes judged between the outcomes and the
    scan, their working ones moving the checks' baselines."""
    model, log, people, workspace = scan_inputs(contract, as_of=as_of, con=con)
    table = stored_outcomes(model, log, people=people, workspace=workspace)
    with scan_memory(table.get_backend()):
        judged = _judge_recorded(
            model, log, table, recorded=recorded or Recorded(), latest=as_of is None
        )
        report = scan_outcomes(
            table,
            contract=model,
            data_end=log.data_end,
            timezone=log.timezone,
            people=people,
            restarts=change_restarts(judged, restarts=restarts),
            exclude=exclude,
        )
    return model, log, table, report, judged


def _judge_recorded(
    model: Contract, log: EventLog, table: ir.Table, *, recorded: Recorded, latest: bool
) -> tuple[JudgedChange, ...]:
    """Each recorded change on a check of the contract, judged as of the log's last day
    from its check's cases.

    A change dated after that day is left out of a back-test (``latest`` false: it was not
    made yet), and in a scan of all the data (``latest``) is ``not-yet-clear`` with no case
    since: the change has happened, the log has not reached it yet.
    """
    names = {check.id for _, check in model.checks}
    as_of = last_data_day(hours_since_epoch(log.data_end), timezone=log.timezone)
    chosen = [item for item in recorded.changes if item.check in names]
    if not latest:
        chosen = [item for item in chosen if item.applied_on <= as_of]
    if not chosen:
        return ()
    # statsmodels loads slowly (about 1 s of CPU): only a scan with a change to judge pays it.
    from taut.reinforce.verdict import judge  # noqa: PLC0415

    book = cases_of(model, table, checks={item.check for item in chosen})
    kinds = {check.id: check.kind for _, check in model.checks}
    found: list[JudgedChange] = []
    for item in chosen:
        metric = _change_metric(item, kind=kinds[item.check], answers=recorded.answers)
        if item.applied_on > as_of:
            effect = _not_reached(item, metric=metric, last=as_of)
        else:
            try:
                effect = judge(change=item, cases=book[item.check], as_of=as_of, metric=metric)
            except UsageError as error:  # a segment no case carries any more: said, not fatal
                effect = _not_reached(item, metric=metric, last=as_of, why=str(error))
        found.append(JudgedChange(change=item, effect=effect))
    return tuple(found)


def _not_reached(
    change: Change, *, metric: Literal["missed", "latency"], last: date, why: str | None = None
) -> Effect:
    """The verdict on a change taut cannot judge from the log: dated after its last day
    (no case since), or, with ``why``, on a segment no case carries any more (a team
    renamed since): ``not-yet-clear``, with the reason."""
    reason = why or (
        f"The log ends on {last.isoformat()}, before the change's day "
        f"({change.applied_on.isoformat()}): no case since it yet."
    )
    return Effect(
        verdict="not-yet-clear",
        metric=metric,
        method="did" if change.segment else "its",
        before=None,
        after=None,
        effect=None,
        interval=None,
        cases_before=0,
        cases_since=0,
        cases_needed=None,
        reason=reason,
    )


def _change_metric(
    change: Change, *, kind: str, answers: Mapping[int, str]
) -> Literal["missed", "latency"]:
    """What a change is judged on: the share missed, unless it answers a signal on the time
    taken (``latency`` or ``spread``) of a check that measures time (``within``,
    ``present``)."""
    metric = answers.get(change.signal_id) if change.signal_id is not None else None
    timed = kind in ("within", "present") and metric in ("latency", "spread")
    return "latency" if timed else "missed"
