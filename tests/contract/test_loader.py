"""Loading taut.yaml: typed values, paths, warnings, frozen models, inputs left alone."""

from __future__ import annotations

import copy
import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from taut.contract import (
    Check,
    CompleteRule,
    Contract,
    ContractFile,
    OrderRule,
    PresentRule,
    WithinRule,
    load_contract,
    parse_contract,
)
from taut.contract.models import ValueRange
from taut.errors import ContractError

EXAMPLE = Path(__file__).with_name("example.yaml")


def _example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _with_areas(count: int) -> str:
    area = (
        "  - name: Area {n}\n"
        "    checks:\n"
        "      - {{id: check-{n}, order: [Step a, Step b], target: 95%}}\n"
    )
    head = _example_text().split("areas:")[0]
    return head + "areas:\n" + "".join(area.format(n=n) for n in range(1, count + 1))


def test_example_loads_with_typed_values() -> None:
    loaded = load_contract(EXAMPLE)
    contract = loaded.contract
    assert contract.process == "Sales to Operations handoff"
    assert contract.source.timezone == "America/Chicago"
    assert contract.source.timestamp_format == "%d/%m/%Y %H:%M"
    assert contract.columns.person == "rep"
    assert contract.conditions == ("region", "deal_size")
    assert contract.baseline.until == date(2025, 3, 31)
    assert contract.baseline.weeks == 8
    area = contract.areas[0]
    assert (area.name, area.risk) == ("Customer handoff", "high")
    complete, within, present, order = area.checks
    assert complete.kind == "complete"
    assert isinstance(complete.rule, CompleteRule)
    assert complete.rule.fields == ("billing_contact", "scope", "start_date")
    assert complete.target == 0.95
    assert isinstance(within.rule, WithinRule)
    assert (within.rule.from_, within.rule.to) == ("Deal closed", "Operations acknowledged")
    assert within.rule.limit == timedelta(hours=24)
    assert within.target == 0.9
    assert isinstance(present.rule, PresentRule)
    assert present.rule.within == timedelta(days=7)
    assert present.rule.after == "Deal closed"
    assert isinstance(order.rule, OrderRule)
    assert order.rule.steps == ("Operations acknowledged", "Kickoff scheduled")
    assert order.where == {"priority": ("P1", "P2")}
    assert contract.outcomes[0].present.step == "Customer complaint"
    assert contract.outcomes[0].present.after is None
    assert loaded.warnings == ()


def test_example_helpers_list_names_once_in_order() -> None:
    contract = load_contract(EXAMPLE).contract
    assert contract.activities == (
        "Intake completed",
        "Deal closed",
        "Operations acknowledged",
        "Kickoff scheduled",
        "Customer complaint",
    )
    assert contract.fields == ("billing_contact", "scope", "start_date")
    assert contract.scope_columns == ("priority",)
    assert [check.id for _, check in contract.checks] == [
        "intake-complete",
        "ack-within-24h",
        "ack-present",
        "ack-before-kickoff",
    ]


def test_paths_are_absolute_and_source_is_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ops"
    folder.mkdir()
    (folder / "taut.yaml").write_text(_example_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_contract("ops/taut.yaml")
    assert loaded.path == folder / "taut.yaml"
    assert loaded.path.is_absolute()
    assert loaded.base_dir == folder
    assert loaded.source_path == folder / "events.csv"


def test_parse_contract_without_file_anchors_at_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = parse_contract(_example_text())
    assert loaded.base_dir == tmp_path
    assert loaded.source_path == tmp_path / "events.csv"


def test_yaml_1_1_words_and_numbers_stay_text() -> None:
    text = (
        _example_text()
        .replace("Kickoff scheduled", "on")
        .replace("at: Intake completed", "at: 2024")
        .replace("[P1, P2]", "[yes, 01, 1.10]")
        .replace("process: Sales to Operations handoff", "process: no")
    )
    contract = parse_contract(text).contract
    assert contract.process == "no"
    assert contract.areas[0].checks[0].activities == ("2024",)
    assert contract.areas[0].checks[3].activities == ("Operations acknowledged", "on")
    assert contract.areas[0].checks[3].where == {"priority": ("yes", "01", "1.10")}
    assert all(isinstance(name, str) for name in contract.activities)


def test_numbers_from_python_become_text() -> None:
    check = Check.model_validate(
        {"id": "order-1", "order": [1, 2], "target": 0.9, "where": {"tier": 3}}
    )
    assert check.activities == ("1", "2")
    assert check.where == {"tier": ("3",)}


def test_more_than_five_areas_warns_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="taut.contract.loader"):
        loaded = parse_contract(_with_areas(6))
    assert len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert warning.startswith("taut.yaml, line 9: the contract names 6 critical areas")
    assert "'Area 1', 'Area 2', 'Area 3', 'Area 4', 'Area 5', 'Area 6'" in warning
    assert "When every area is critical, none of them is" in warning
    assert "Keep the 5 that must not wobble" in warning
    assert caplog.messages == [warning]


def test_five_areas_do_not_warn() -> None:
    assert parse_contract(_with_areas(5)).warnings == ()


def test_full_and_low_targets_warn() -> None:
    text = _example_text().replace("target: 95%", "target: 100%").replace("90%", "40%")
    warnings = parse_contract(text).warnings
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "taut.yaml, line 15: check 'intake-complete': target 100% allows no slip at all"
    )
    assert warnings[1].startswith("taut.yaml, line 18: check 'ack-within-24h': target 40% holds")


def test_baseline_with_until_and_weeks_warns() -> None:
    text = _example_text().replace("{until: 2025-03-31}", "{until: 2025-03-31, weeks: 4}")
    assert parse_contract(text).warnings == (
        "taut.yaml, line 8: baseline: weeks is ignored because until is set. Keep one of them.",
    )


def test_baseline_defaults_to_eight_weeks() -> None:
    text = _example_text().replace("baseline: {until: 2025-03-31}", "")
    baseline = parse_contract(text).contract.baseline
    assert (baseline.until, baseline.weeks) == (None, 8)


def test_models_are_frozen() -> None:
    loaded = load_contract(EXAMPLE)
    check = loaded.contract.areas[0].checks[1]
    with pytest.raises(ValidationError, match="frozen"):
        check.target = 0.5  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        loaded.contract.process = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        loaded.path = Path()  # type: ignore[misc]


def test_validating_does_not_mutate_the_input() -> None:
    data: dict[str, object] = {
        "process": "Handoff",
        "source": {"path": "events.csv"},
        "columns": {"case": "deal_id", "activity": "step", "timestamp": "at"},
        "areas": [
            {
                "name": "Handoff",
                "checks": [
                    {"id": "a", "order": ["x", "y"], "target": "95%", "where": {"p": "P1"}},
                    {"id": "b", "within": {"from": "x", "to": "y", "limit": "1d"}, "target": 0.9},
                ],
            }
        ],
    }
    before = copy.deepcopy(data)
    Contract.model_validate(data)
    assert data == before


def test_check_from_python_with_kind_and_rule() -> None:
    rule = WithinRule.model_validate({"from": "a", "to": "b", "limit": "2h"})
    check = Check(id="a-to-b", kind="within", rule=rule, target=0.9)
    assert check.rule is rule
    with pytest.raises(ValidationError, match="is a WithinRule but the check is a order check"):
        Check(id="a-to-b", kind="order", rule=rule, target=0.9)


def test_contract_file_is_a_frozen_record() -> None:
    loaded = load_contract(EXAMPLE)
    assert isinstance(loaded, ContractFile)
    assert loaded.contract.source.path == "events.csv"


def test_load_contract_never_leaks_other_errors(tmp_path: Path) -> None:
    bad = tmp_path / "taut.yaml"
    bad.write_bytes(b"process: \xff\xfe\n")
    with pytest.raises(ContractError, match="not UTF-8 text"):
        load_contract(bad)


def test_a_single_scope_value_becomes_a_list_of_one() -> None:
    text = _example_text().replace("{priority: [P1, P2]}", "{priority: P1}")
    assert parse_contract(text).contract.areas[0].checks[3].where == {"priority": ("P1",)}


def test_a_where_range_is_read_with_its_bounds() -> None:
    text = _example_text().replace(
        "{priority: [P1, P2]}", "{amount: {at_least: 5000, below: 10000}, priority: P1}"
    )
    where = parse_contract(text).contract.areas[0].checks[3].where
    assert where == {"amount": ValueRange(at_least=5000, below=10000), "priority": ("P1",)}


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (
            "{amount: {at_lest: 5000}}",
            "where 'amount' has 'at_lest', which a range does not know. A range is written "
            "'{at_least: 5000, below: 10000}' (either bound alone). Did you mean 'at_least'?",
        ),
        ("{amount: {}}", "where 'amount' is a range with no bound."),
        (
            "{amount: {at_least: 9000, below: 100}}",
            "where 'amount' is a range that holds no value: at_least 9000 is not below "
            "'below' 100.",
        ),
        (
            "{amount: {at_least: lots}}",
            "where 'amount' at_least 'lots' is not a number. For example: "
            "'where: {amount: {at_least: 5000, below: 10000}}'.",
        ),
        ("{amount: {below: .inf}}", "where 'amount' below"),
    ],
)
def test_a_bad_where_range_is_refused_naming_the_attribute_and_the_fix(
    scope: str, message: str
) -> None:
    text = _example_text().replace("{priority: [P1, P2]}", scope)
    with pytest.raises(ContractError) as caught:
        parse_contract(text)
    assert message in str(caught.value)
