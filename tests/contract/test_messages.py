"""Contract error messages, compared exactly with golden files under tests/golden/contract/.

Each case breaks the example contract (tests/contract/example.yaml) in one way and the
message taut gives is compared with ``tests/golden/contract/<case>.txt``, so a change of
wording shows up as a reviewed diff.

To regenerate the golden files after an intended wording change, run::

    TAUT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/contract/test_messages.py

then read the diff (``git diff tests/golden/contract``) before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taut.contract import parse_contract
from taut.contract.loader import load_contract
from taut.errors import ContractError, ContractIssue
from tests.golden import assert_golden

EXAMPLE = Path(__file__).with_name("example.yaml")
GOLDEN = Path(__file__).parents[1] / "golden" / "contract"
# case name -> replacements (old, new) applied to the example contract, in order.
EDITS: dict[str, list[tuple[str, str]]] = {
    "bad_duration": [("limit: 24h", "limit: 24hours")],
    "unknown_check_key": [("target: 90%", "trget: 90%")],
    "unknown_rule_key": [("limit: 24h", "limt: 24h")],
    "unknown_top_key": [("process:", "proces:")],
    "bad_risk": [("risk: high", "risk: hgh")],
    "risk_not_text": [("risk: high", "risk: [high]")],
    "missing_from": [("from: Deal closed, ", "")],
    "missing_column": [("timestamp: at, ", "")],
    "missing_process": [("process: Sales to Operations handoff\n", "")],
    "no_kind": [("        order: [Operations acknowledged, Kickoff scheduled]\n", "")],
    "no_kind_misspelt": [("order: [Operations", "ordr: [Operations")],
    "two_kinds": [("        target: 90%\n", "        target: 90%\n        present: {step: X}\n")],
    "order_one_step": [("Operations acknowledged, Kickoff scheduled]", "Kickoff scheduled]")],
    "order_not_list": [("[Operations acknowledged, Kickoff scheduled]", "Kickoff scheduled")],
    "order_repeated": [("[Operations acknowledged, Kickoff", "[Kickoff scheduled, Kickoff")],
    "target_bare_number": [("target: 95%", "target: 95")],
    "target_over_100": [("target: 95%", "target: 120%")],
    "target_empty": [("target: 95%", "target:")],
    "bad_timezone": [("America/Chicago", "America/Chicgo")],
    "timestamp_format_without_codes": [('"%d/%m/%Y %H:%M"', "dd/mm/yyyy")],
    "bad_until": [("2025-03-31", "2025-31-03")],
    "weeks_zero": [("{until: 2025-03-31}", "{weeks: 0}")],
    "weeks_not_number": [("{until: 2025-03-31}", "{weeks: eight}")],
    "budget_too_large": [("baseline: {until: 2025-03-31}", "alerts: {budget: 30}")],
    "budget_unknown_key": [("baseline: {until: 2025-03-31}", "alerts: {budgt: 3}")],
    "sensitivity_too_high": [
        ("baseline: {until: 2025-03-31}", "alerts: {false_signals_per_year: 10}")
    ],
    "sensitivity_not_number": [
        ("baseline: {until: 2025-03-31}", "alerts: {false_signals_per_year: often}")
    ],
    "sensitivity_misspelt": [
        ("baseline: {until: 2025-03-31}", "alerts: {false_signal_per_year: 2}")
    ],
    "reinforce_misspelt": [
        ("baseline: {until: 2025-03-31}", "reinforce: {playbok: my-playbook.yaml}")
    ],
    "reinforce_not_mapping": [("baseline: {until: 2025-03-31}", "reinforce: my-playbook.yaml")],
    "notify_webhook_url_written": [
        ("baseline: {until: 2025-03-31}", "notify: {webhook: {url: https://hooks.example/T0/B0}}")
    ],
    "notify_password_in_clear": [
        (
            "baseline: {until: 2025-03-31}",
            "notify: {email: {host: mail.example, security: none, sender: t@example.com, "
            "to: [leads@example.com], password_env: SMTP_PASSWORD}}",
        )
    ],
    "notify_bad_address": [
        (
            "baseline: {until: 2025-03-31}",
            "notify: {email: {host: mail.example, sender: taut, to: [leads@example.com]}}",
        )
    ],
    "notify_bad_variable": [
        ("baseline: {until: 2025-03-31}", "notify: {webhook: {url_env: https://hooks.example}}")
    ],
    "notify_misspelt": [("baseline: {until: 2025-03-31}", "notify: {webhok: {url_env: HOOK}}")],
    "repeated_id": [("id: ack-present", "id: ack-within-24h")],
    "repeated_area": [
        (
            "areas:\n",
            "areas:\n  - name: Customer handoff\n    checks: [{id: x, order: [a, b], target: 1}]\n",
        )
    ],
    "repeated_key": [("        target: 90%\n", "        target: 90%\n        target: 95%\n")],
    "where_empty_list": [("{priority: [P1, P2]}", "{priority: []}")],
    "where_not_mapping": [("{priority: [P1, P2]}", "P1")],
    "fields_repeated": [("scope, start_date", "scope, scope")],
    "fields_empty": [("fields: [billing_contact, scope, start_date]", "fields: []")],
    "bad_id": [("id: ack-present", "id: ack present")],
    "source_not_mapping": [
        ("  timezone: America/Chicago   # for times without an offset; default UTC\n", ""),
        ('  timestamp_format: "%d/%m/%Y %H:%M"', ""),
        ("source:\n  path: events.csv", "source: events.csv\n#"),
    ],
    "no_areas": [("areas:\n  - name: Customer", "areas: []\nx:\n  - name: Customer")],
    "empty_checks": [("    checks:\n", "    checks: []\n    chx:\n")],
    "null_check": [("    checks:\n", "    checks:\n      -\n")],
    "outcome_wrong_kind": [("present: {step: Customer complaint}", "within: {step: Complaint}")],
    "within_same_steps": [("to: Operations acknowledged, limit", "to: Deal closed, limit")],
    "present_same_steps": [("after: Deal closed, within: 7d", "after: Operations acknowledged")],
    "many_problems": [
        ("risk: high", "risk: critical"),
        ("limit: 24h", "limit: a day"),
        ("target: 98%\n        where", "target: 98\n        where"),
        ("America/Chicago", "Chicago"),
    ],
    "bad_indent": [("    risk: high", "     risk: high")],
    "tab_indent": [("    risk: high", "\trisk: high")],
    "unquoted_colon": [("process: Sales to", "process: Sales: to")],
    "unquoted_percent": [('"%d/%m/%Y %H:%M"', "%d/%m/%Y")],
    "two_documents": [("outcomes:", "---\noutcomes:")],
    "python_tag": [("process: Sales", "process: !!python/object:os.system Sales")],
}
TEXTS: dict[str, str] = {
    "empty_file": "# a contract will go here\n",
    "top_level_list": "- process: Handoff\n- areas: []\n",
    "top_level_text": "Sales to Operations handoff\n",
}


def _edited(edits: list[tuple[str, str]]) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the case no longer applies to the example: {old!r}"
        text = text.replace(old, new, 1)
    return text


def _assert_golden(name: str, message: str) -> None:
    assert_golden(GOLDEN / f"{name}.txt", message + "\n")


def _error(text: str) -> ContractError:
    with pytest.raises(ContractError) as caught:
        parse_contract(text)
    return caught.value


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edited_contract_message(name: str) -> None:
    _assert_golden(name, str(_error(_edited(EDITS[name]))))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_whole_text_message(name: str) -> None:
    _assert_golden(name, str(_error(TEXTS[name])))


def test_every_golden_file_has_a_case() -> None:
    names = {path.stem for path in GOLDEN.glob("*.txt")}
    assert names == set(EDITS) | set(TEXTS) | {"file_not_found", "file_is_folder", "no_folder"}


def test_duration_issue_is_structured() -> None:
    error = _error(_edited(EDITS["bad_duration"]))
    assert error.file is None
    assert error.issues == (
        ContractIssue(
            "check 'ack-within-24h': limit '24hours' is not a duration. Write a positive "
            "number and a unit: m, h, d or w, e.g. '24h' or '7d'.",
            line=17,
            path=("areas", 0, "checks", 1, "within", "limit"),
        ),
    )


def test_alias_from_is_located_by_its_yaml_name() -> None:
    text = _edited([("from: Deal closed", "from: ''")])
    (issue,) = _error(text).issues
    assert issue.path == ("areas", 0, "checks", 1, "within", "from")
    assert issue.line == 17
    assert issue.message.startswith("check 'ack-within-24h': from is empty.")


def test_order_steps_are_located_in_the_list() -> None:
    text = _edited(
        [("order: [Operations acknowledged, Kickoff", "order:\n          - A\n          - ''\n#")]
    )
    (issue,) = _error(text).issues
    assert issue.path == ("areas", 0, "checks", 3, "order", 1)
    assert issue.line == 25
    assert issue.message.startswith("check 'ack-before-kickoff': order item 2 is empty.")


def test_many_problems_are_all_reported_in_file_order() -> None:
    error = _error(_edited(EDITS["many_problems"]))
    assert [issue.line for issue in error.issues] == [4, 11, 17, 24]


def test_file_not_found_suggests_a_near_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "taut.yml").write_text("process: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContractError) as caught:
        load_contract("taut.yaml")
    assert caught.value.file == Path("taut.yaml")
    _assert_golden("file_not_found", str(caught.value))


def test_folder_given_instead_of_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "taut.yml").write_text("process: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContractError) as caught:
        load_contract("ops")
    _assert_golden("file_is_folder", str(caught.value))


def test_missing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContractError) as caught:
        load_contract(Path("nowhere") / "taut.yaml")
    _assert_golden("no_folder", str(caught.value))


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_damaged_contract_gives_a_contract_error_or_loads(data: st.DataObject) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    start = data.draw(st.integers(0, len(lines) - 1), label="start")
    stop = data.draw(st.integers(start, len(lines)), label="stop")
    filler = data.draw(
        st.sampled_from(["", "x", "- ", ": ", "  ", "[", "{a: 1}", "\t", "~", "on"]),
        label="filler",
    )
    text = "".join(lines[:start]) + filler + "".join(lines[stop:])
    caught: ContractError | None = None
    try:
        parse_contract(text)
    except ContractError as error:
        caught = error
    if caught is not None:
        assert caught.issues
        for issue in caught.issues:
            assert issue.message
            # pydantic's own wording never reaches the user
            assert "Value error," not in issue.message
            assert "Input should" not in issue.message
