"""Recorded changes to the work and their verdicts (docs/reinforce.md, "Recording a
change"): ``apply_change``, ``changes``, ``remove_change``, ``judged_changes``, ``judged_scan``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.api.memory import readable_store, writable_store
from taut.api.scanning import playbook_path, scan_inputs, stored_outcomes
from taut.contract import Contract, load_contract
from taut.ingest.connection import scan_memory
from taut.ingest.span import log_span
from taut.reinforce.changes import Change
from taut.signal.inputs.casebook import CheckCases, read_casebook

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from taut.store.database import Store


@dataclass(frozen=True, kw_only=True)
class AppliedChange:
    """What :func:`apply_change` kept, and a note for the user when one is due.

    Attributes:
        change: the change as stored (with its id and ``recorded_at``).
        note: a sentence the user should read (a day after the log's end: judged once the
            log reaches it; a signal it was linked to by itself); ``None`` when none.
    """

    change: Change
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """The changes recorded in a store, and the metric of each signal they answer.

    Attributes:
        changes: the recorded changes, by id.
        answers: signal id -> its metric (``missed``, ``latency``, ``spread``), for the
            signals the changes answer: a change answering a signal on the time taken is
            judged on the time taken.
    """

    changes: tuple[Change, ...] = ()
    answers: Mapping[int, str] = dataclasses.field(default_factory=dict)


def apply_change(
    contract: str | Path,
    *,
    check: str,
    on: date,
    change: str,
    playbook: str | None = None,
    segment: Mapping[str, str] | None = None,
    signal_id: int | None = None,
    now: datetime | None = None,
    con: ibis.BaseBackend | None = None,
) -> AppliedChange:
    """Record a change made to the work, to be judged by every later scan.

    Args:
        contract: the path of ``taut.yaml`` (its store: :mod:`taut.store.locate`).
        check: the check the change is meant to steady (a check of the contract).
        on: the local day the change took effect: from the log's first day to today. A
            day after the log's last day is kept, with a note: the scans judge it once the
            log reaches it.
        change: what was changed, in a sentence.
        playbook: the playbook entry it follows (an id of :func:`playbook`).
        segment: the one segment it was made on, e.g. ``{"team": "North"}``; its key a
            segment dimension (``team``, ``workload``, ``day_part``, ``weekday``) or a
            declared condition, its value one the check's cases carry.
        signal_id: the tracked signal it answers; ``None``: the check's open signal,
            when it has one.
        now: when it is recorded (default: the clock); "today" is its UTC day.
        con: an Ibis connection to read the log on; a new in-memory DuckDB when ``None``.

    Raises:
        ContractError: the contract or its playbook cannot be read.
        UsageError: an unknown check, playbook entry, segment key or value, or signal;
            an empty change; a day before the log's first day or after today; a signal on
            another check. Each message names the value, the rule and the closest name.
        InputError: the log cannot be read.
        StoreError: the store cannot be opened or written; nothing is kept.
    """
    from taut.reinforce.recording import (  # noqa: PLC0415
        refuse_change,
        refuse_day,
        refuse_segment_value,
    )

    contract_file = load_contract(contract)
    model = contract_file.contract
    when = now or datetime.now(UTC)
    known_playbook = _playbook_ids(contract, model=model) if playbook is not None else ()
    area, wanted = refuse_change(
        model,
        check=check,
        on=on,
        change=change,
        playbook=playbook,
        playbook_ids=known_playbook,
        segment=segment,
        today=when.astimezone(UTC).date(),
    )
    _, log, people, workspace = scan_inputs(contract, as_of=None, con=con)
    span = log_span(log)
    note = refuse_day(on, span=span, check=check) if span is not None else None
    if segment:
        table = stored_outcomes(model, log, people=people, workspace=workspace)
        with scan_memory(table.get_backend()):
            cases = cases_of(model, table, checks={check})[check]
        refuse_segment_value(segment, cases=cases, check=check)
    store = writable_store(contract)
    try:
        linked, link_note = _answered_signal(store, check=check, signal_id=signal_id)
        kept = store.add_change(
            Change(
                id=0,
                area=area,
                check=check,
                applied_on=on,
                change=wanted,
                playbook=playbook,
                segment=dict(segment) if segment else None,
                signal_id=linked,
                recorded_at=when,
            )
        )
    finally:
        store.close()
    notes = [item for item in (note, link_note) if item]
    return AppliedChange(change=kept, note=" ".join(notes) or None)


def changes(contract: str | Path, *, check: str | None = None) -> tuple[Change, ...]:
    """The changes recorded in the contract's store (of one check, or all), by id.

    Reads only: a SQLite store that does not exist yet is not made (no change).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    store = readable_store(contract)
    if store is None:
        return ()
    try:
        return store.changes(check=check)
    finally:
        store.close()


def recorded_changes(contract: str | Path) -> Recorded:
    """The store's recorded changes with the metric of each signal they answer: what
    :func:`judged_scan` and :func:`explain` take (one read of the store).

    Raises:
        ContractError: the contract cannot be read.
        StoreError: the store cannot be opened or read.
    """
    store = readable_store(contract)
    if store is None:
        return Recorded()
    try:
        found = store.changes()
        wanted = {item.signal_id for item in found if item.signal_id is not None}
        answers = {item.id: item.metric for item in store.signals() if item.id in wanted}
    finally:
        store.close()
    return Recorded(changes=found, answers=answers)


def remove_change(contract: str | Path, change_id: int) -> Change:
    """Forget a recorded change (recorded by mistake, or undone); return what it was.

    Its verdict goes with it; a signal it already closed stays closed (docs/reinforce.md).

    Raises:
        UsageError: no change has ``change_id`` (the message lists the ids there are).
        StoreError: the store cannot be opened or written.
    """
    from taut.store.database.store import missing_change  # noqa: PLC0415

    store = readable_store(contract)
    if store is None:
        raise missing_change(change_id, known=(), store=str(_store_name(contract)))
    try:
        return store.remove_change(change_id)
    finally:
        store.close()


def cases_of(model: Contract, table: ir.Table, *, checks: set[str]) -> dict[str, CheckCases]:
    """The casebook of a few checks only (the others' cases are not read)."""
    areas = tuple(
        area.model_copy(update={"checks": tuple(c for c in area.checks if c.id in checks)})
        for area in model.areas
        if any(c.id in checks for c in area.checks)
    )
    return read_casebook(table, contract=model.model_copy(update={"areas": areas}))


def _playbook_ids(contract: str | Path, *, model: Contract) -> tuple[str, ...]:
    from taut.reinforce import load_playbook  # noqa: PLC0415

    return load_playbook(path=playbook_path(contract, contract_model=model)).ids


def _store_name(contract: str | Path) -> str:
    from taut.store.database.engine import shown  # noqa: PLC0415
    from taut.store.locate import locate_store  # noqa: PLC0415

    return shown(locate_store(contract=load_contract(contract), make_folder=False).url)


def _answered_signal(
    store: Store, *, check: str, signal_id: int | None
) -> tuple[int | None, str | None]:
    """The signal a change answers (the store checks a named one), and a note when taut
    linked it by itself: the check's open signal, the first by id if it has several."""
    from taut.store.records import OPEN_LIFECYCLES  # noqa: PLC0415

    if signal_id is not None:
        return signal_id, None
    open_ones = [item for item in store.signals(check=check) if item.lifecycle in OPEN_LIFECYCLES]
    if not open_ones:
        return None, None
    chosen = open_ones[0]
    return chosen.id, (
        f"It answers signal {chosen.id} ({chosen.check}, {chosen.metric}, first raised "
        f"{chosen.first_raised.isoformat()}), the check's open signal; give --signal to "
        "name another."
    )
