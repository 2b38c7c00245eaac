"""Properties: row order and duplicated rows never change the outcomes; every kind obeys the
registry's protocol."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taut.contract.models import Check, Contract
from taut.ingest.log import EventLog
from taut.outcomes.cases import collect_case_facts
from taut.outcomes.judgement import Judgement
from taut.outcomes.registry import EVALUATORS, evaluator_for

ACTIVITIES = ["Deal closed", "Intake completed", "Operations acknowledged", "Kickoff", "Delivery"]

events = st.lists(
    st.fixed_dictionaries(
        {
            "case_id": st.sampled_from(["a", "b", "c", "d"]),
            "activity": st.sampled_from(ACTIVITIES),
            "ts": st.integers(min_value=0, max_value=60).map(
                lambda hours: pd.Timestamp("2025-01-01") + pd.Timedelta(hours=hours)
            ),
            "team": st.sampled_from(["A", "B", None]),
            "region": st.sampled_from(["EU", "US", None]),
            "priority": st.sampled_from(["P1", "P3", None]),
            "billing_contact": st.sampled_from(["x", None]),
            "scope": st.sampled_from(["x", None]),
            "start_date": st.sampled_from(["x", None]),
        }
    ),
    min_size=1,
    max_size=25,
)


def _tuples(frame: pd.DataFrame) -> pd.DataFrame:
    frame["blank_fields"] = frame["blank_fields"].map(lambda v: None if v is None else tuple(v))
    return frame


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=events, seed=st.integers(min_value=0, max_value=2**32 - 1), data=st.data())
def test_shuffled_and_duplicated_rows_change_nothing(
    *,
    rows: list[dict[str, object]],
    seed: int,
    data: st.DataObject,
    build_contract: Callable[..., Contract],
    handoff_checks: tuple[dict[str, Any], ...],
    frame_of: Callable[..., pd.DataFrame],
    log_of: Callable[..., EventLog],
    outcomes_of: Callable[[Contract, EventLog], pd.DataFrame],
) -> None:
    contract = build_contract(*handoff_checks, conditions=["region"])
    frame = frame_of(rows)
    repeats = data.draw(st.lists(st.integers(0, len(frame) - 1), max_size=len(frame)))
    order = list(range(len(frame))) + repeats
    random.Random(seed).shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)
    original = _tuples(outcomes_of(contract, log_of(frame)))
    assert len(original) > 0
    pd.testing.assert_frame_equal(original, _tuples(outcomes_of(contract, log_of(shuffled))))


def test_every_kind_returns_a_judgement_and_leaves_its_check_alone(
    build_contract: Callable[..., Contract],
    handoff_checks: tuple[dict[str, Any], ...],
    build_log: Callable[..., EventLog],
) -> None:
    rows = [
        {"case_id": "a", "activity": name, "ts": f"2025-01-01 0{i}:00", "scope": "x"}
        for i, name in enumerate(ACTIVITIES)
    ]
    log = build_log(rows)
    contract = build_contract(*handoff_checks)
    cases = collect_case_facts(contract=contract, log=log)
    kinds = set()
    for _, check in contract.checks:
        before = Check.model_validate(check.model_dump(by_alias=True))
        judged = EVALUATORS[check.kind](check=check, cases=cases)
        assert isinstance(judged, Judgement)
        assert check == before
        statuses = cases.table.select(status=judged.status).to_pyarrow().column("status")
        assert set(statuses.to_pylist()) <= {"kept", "missed", "pending"}
        kinds.add(check.kind)
    assert kinds == set(EVALUATORS)


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known kinds: complete, order, present, within"):
        evaluator_for("sequence")
