"""Shared fixtures for the outcomes tests: canonical event logs and contracts built in memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa
import pytest

from taut.contract.models import Contract
from taut.ingest.log import EventLog
from taut.outcomes import evaluate_checks

ATTRIBUTES: tuple[str, ...] = (
    "region",
    "deal_size",
    "priority",
    "billing_contact",
    "scope",
    "start_date",
)
STRING_COLUMNS: tuple[str, ...] = ("case_id", "activity", "team", "person", *ATTRIBUTES)


def canonical_frame(rows: Sequence[dict[str, Any]], *, timezone: str = "UTC") -> pd.DataFrame:
    """Rows (``ts`` as naive UTC text or datetime) as a canonical event frame."""
    frame = pd.DataFrame(list(rows))
    for name in STRING_COLUMNS:
        if name not in frame:
            frame[name] = None
        # pandas-stubs 2.x omits other=None, which pandas accepts.
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)  # type: ignore[call-overload]
    utc = pd.to_datetime(frame["ts"], format="ISO8601").dt.tz_localize("UTC")
    frame["ts"] = utc.dt.tz_localize(None).astype("datetime64[us]")
    frame["local_ts"] = utc.dt.tz_convert(timezone).dt.tz_localize(None).astype("datetime64[us]")
    return frame[["case_id", "activity", "ts", "local_ts", "team", "person", *ATTRIBUTES]]


def log_from_frame(frame: pd.DataFrame, *, timezone: str = "UTC") -> EventLog:
    """An EventLog over a canonical frame, deduplicated as ingest does."""
    fields: list[tuple[str, pa.DataType]] = [
        ("case_id", pa.string()),
        ("activity", pa.string()),
        ("ts", pa.timestamp("us")),
        ("local_ts", pa.timestamp("us")),
    ]
    fields += [(name, pa.string()) for name in ("team", "person", *ATTRIBUTES)]
    schema = pa.schema(fields)
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    end = frame["ts"].max()
    return EventLog(
        table=ibis.memtable(table).distinct(),
        attributes=ATTRIBUTES,
        timezone=timezone,
        data_end=datetime.fromisoformat(str(end)),
        problems=(),
        source="test log",
    )


@pytest.fixture
def build_log() -> Callable[..., EventLog]:
    """Build an EventLog from row dicts: ``build_log(rows, timezone="UTC")``."""

    def build(rows: Sequence[dict[str, Any]], *, timezone: str = "UTC") -> EventLog:
        return log_from_frame(canonical_frame(rows, timezone=timezone), timezone=timezone)

    return build


def contract_with(
    *checks: dict[str, Any],
    conditions: Sequence[str] = (),
    outcomes: Sequence[dict[str, Any]] = (),
    timezone: str = "UTC",
) -> Contract:
    """A contract with one area holding ``checks``."""
    return Contract.model_validate(
        {
            "process": "Sales to Operations handoff",
            "source": {"path": "events.csv", "timezone": timezone},
            "columns": {"case": "deal_id", "activity": "step", "timestamp": "at", "team": "team"},
            "conditions": list(conditions),
            "areas": [{"name": "Customer handoff", "risk": "high", "checks": list(checks)}],
            "outcomes": list(outcomes),
        }
    )


@pytest.fixture
def build_contract() -> Callable[..., Contract]:
    """Build a contract: ``build_contract(check, ..., conditions=(), outcomes=(), timezone=)``."""
    return contract_with


def outcome_frame(contract: Contract, log: EventLog) -> pd.DataFrame:
    """The outcomes table as pandas, sorted by check and case, indexed from 0."""
    frame: pd.DataFrame = evaluate_checks(contract, log).to_pyarrow().to_pandas()
    return frame.sort_values(["check", "case_id"]).reset_index(drop=True)


@pytest.fixture
def frame_of() -> Callable[..., pd.DataFrame]:
    """Rows as a canonical event frame: ``frame_of(rows, timezone="UTC")``."""
    return canonical_frame


@pytest.fixture
def log_of() -> Callable[..., EventLog]:
    """An EventLog over a canonical frame: ``log_of(frame, timezone="UTC")``."""
    return log_from_frame


FIELDS: tuple[str, ...] = ("billing_contact", "scope", "start_date")
HANDOFF_CHECKS: tuple[dict[str, Any], ...] = (
    {
        "id": "intake",
        "complete": {"at": "Intake completed", "fields": list(FIELDS)},
        "target": "95%",
    },
    {
        "id": "ack-24h",
        "within": {"from": "Deal closed", "to": "Operations acknowledged", "limit": "24h"},
        "target": "90%",
    },
    {
        "id": "ack-present",
        "present": {"step": "Operations acknowledged", "after": "Deal closed", "within": "3d"},
        "target": "90%",
    },
    {"id": "kickoff", "present": {"step": "Kickoff", "within": "5d"}, "target": "90%"},
    {
        "id": "sequence",
        "order": ["Operations acknowledged", "Kickoff", "Delivery"],
        "target": "90%",
        "where": {"priority": ["P1", "P2"]},
    },
)


@pytest.fixture
def handoff_checks() -> tuple[dict[str, Any], ...]:
    """One check of every kind over a handoff log, the last one scoped by priority."""
    return HANDOFF_CHECKS


@pytest.fixture
def outcomes_of() -> Callable[[Contract, EventLog], pd.DataFrame]:
    """Evaluate a contract on a log and return the sorted outcomes as pandas."""
    return outcome_frame
