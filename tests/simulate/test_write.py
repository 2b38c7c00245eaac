"""Written files read back as the same events, beside a taut.yaml that loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from taut.contract import load_contract
from taut.contract.models import Contract
from taut.simulate import Condition, Drift, Simulation, demo_simulation, sales_handoff

COLUMNS = [
    "deal_id",
    "step",
    "at",
    "team",
    "rep",
    "region",
    "deal_size",
    "priority",
    "billing_contact",
    "scope",
    "start_date",
]


@pytest.fixture(scope="module")
def small() -> Simulation:
    return sales_handoff(
        seed=8,
        weeks=10,
        deals_per_day=15.0,
        drifts=(Drift(kind="blank", onset=date(2025, 2, 17), size=0.3),),
    )


def _expected(events: pd.DataFrame) -> pd.DataFrame:
    """The events as the files should hold them: strings, ``at`` as local ISO 8601."""
    text = _nulls_as_none(events)
    text["at"] = events["at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return text.astype(object)


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return _nulls_as_none(frame.where(frame != ""))
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_json(path, lines=True, dtype=False)
    return _nulls_as_none(frame)


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Every missing value as ``None`` in object columns, so frames compare cell by cell."""
    objects = frame.astype(object)
    return objects.where(frame.notna(), None)  # type: ignore[call-overload,no-any-return]  # pandas-stubs 2.x omits other=None


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_written_events_read_back(small: Simulation, tmp_path: Path, fmt: str) -> None:
    contract_path = small.write(tmp_path, fmt=fmt)  # type: ignore[arg-type]
    events_path = tmp_path / f"events.{fmt}"
    assert contract_path == tmp_path / "taut.yaml"
    back = _read(events_path)
    assert list(back.columns) == COLUMNS
    pd.testing.assert_frame_equal(back, _expected(small.events), check_dtype=False)
    assert back["at"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:00").all()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_written_contract_validates_and_points_at_the_events(
    small: Simulation, tmp_path: Path, fmt: str
) -> None:
    contract_path = small.write(tmp_path / "nested" / "folder", fmt=fmt)  # type: ignore[arg-type]
    contract = Contract.model_validate(yaml.safe_load(contract_path.read_text(encoding="utf-8")))
    assert contract.source.path == f"events.{fmt}"
    assert contract.source.timezone == "America/Chicago"
    assert contract.source.timestamp_format is None
    assert contract.conditions == ("region", "deal_size")
    loaded = load_contract(contract_path)
    assert loaded.contract == contract
    assert loaded.source_path == (contract_path.parent / f"events.{fmt}").resolve()
    assert loaded.source_path.exists()
    assert loaded.warnings == ()


def test_contract_yaml_property_matches_the_csv_file(small: Simulation, tmp_path: Path) -> None:
    written = small.write(tmp_path, fmt="csv").read_text(encoding="utf-8")
    assert written == small.contract_yaml


def test_contract_has_high_and_low_risk_areas_and_an_outcome(small: Simulation) -> None:
    contract = Contract.model_validate(yaml.safe_load(small.contract_yaml))
    risks = {area.name: area.risk for area in contract.areas}
    assert risks == {"Customer handoff": "high", "Delivery start": "low"}
    ids = [check.id for _, check in contract.checks]
    assert ids == [
        "intake-complete",
        "ack-within-24h",
        "ack-present",
        "ack-before-kickoff",
        "delivery-within-5d",
    ]
    assert dict(contract.checks[3][1].where) == {"priority": ("P1", "P2")}
    assert [outcome.id for outcome in contract.outcomes] == ["complaint"]
    steps = set(small.events["step"].cat.categories)
    assert set(contract.activities) <= steps


def test_unknown_format_is_refused(small: Simulation, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'xlsx' is not one of 'csv', 'parquet', 'jsonl'"):
        small.write(tmp_path, fmt="xlsx")  # type: ignore[arg-type]


def test_demo_simulation_tells_its_story() -> None:
    demo = demo_simulation(seed=7)
    lines = [truth.describe() for truth in demo.truth]
    assert lines == [
        "latency x3 at 'Operations acknowledged' from 2025-04-14, full by 2025-05-12 "
        "on high-workload days (moves: ack-within-24h)",
        "blank +20% at 'Intake completed' from 2025-05-05 in team West (moves: intake-complete)",
    ]
    assert demo.truth[1].condition == Condition(field="team", value="West")
