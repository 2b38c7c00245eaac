"""Hostile contracts cost little: alias bombs, recursive aliases, deep nesting, huge files.

Each is refused with one located message and exit 2, never a traceback; the messages are
golden files under tests/golden/hostile/bounded-runs/ (regenerate with TAUT_UPDATE_GOLDEN=1).
The bounds themselves are in :mod:`taut.contract.document` and :mod:`taut.contract.loader`.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.contract import parse_contract
from taut.contract.document import MAX_DEPTH, MAX_VALUES, DocumentLimitError, read_document
from taut.contract.loader import MAX_CONTRACT_BYTES
from taut.errors import ContractError, ExitCode
from tests.golden import assert_golden

EXAMPLE = Path(__file__).with_name("example.yaml")
GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "bounded-runs"
runner = CliRunner()


def _bomb(levels: int) -> str:
    """The "billion laughs": each level a list of nine aliases of the level before."""
    names = "abcdefghi"[:levels]
    laughs = ",".join(['"lol"'] * 9)
    lines = [f"a: &a [{laughs}]"]
    for before, name in itertools.pairwise(names):
        aliases = ",".join(["*" + before] * 9)
        lines.append(f"{name}: &{name} [{aliases}]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, str] = {
    "alias_bomb": _bomb(9),
    "recursive_alias": "process: &p [a, *p]\n",
    "recursive_alias_in_mapping": "areas: &a\n  - name: x\n    checks: *a\n",
    "deep_flow_nesting": "process: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep_block_nesting": "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(200)),
}


def _assert_golden(name: str, message: str) -> None:
    assert_golden(GOLDEN / f"{name}.txt", message + "\n")


def test_the_alias_bomb_is_small_and_would_expand_past_the_bound() -> None:
    text = HOSTILE["alias_bomb"]
    assert len(text.encode()) == 342
    assert MAX_VALUES < 9**9  # the last level stands for 9**9 "lol"s


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_refused_at_a_line(name: str, tmp_path: Path) -> None:
    with pytest.raises(DocumentLimitError) as caught:
        read_document(HOSTILE[name])
    assert caught.value.line is not None
    contract = tmp_path / "taut.yaml"
    contract.write_text(HOSTILE[name], encoding="utf-8")
    result = runner.invoke(app, ["check", str(contract)])
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.output
    assert result.stdout == ""
    _assert_golden(name, " ".join(result.stderr.split()).replace(str(tmp_path), "<tmp>"))


def test_aliases_within_the_bound_still_merge() -> None:
    """Anchors stay usable: a merge of a shared rule expands as YAML says."""
    text = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace(
            "within: {from: Deal closed, to: Operations acknowledged, limit: 24h}",
            "within: &ack {from: Deal closed, to: Operations acknowledged, limit: 24h}",
        )
        .replace(
            "      - id: ack-present\n",
            "      - id: ack-again\n        within: {<<: *ack, limit: 48h}\n"
            "        target: 80%\n      - id: ack-present\n",
        )
    )
    rules = {check.id: check.rule.model_dump() for _, check in parse_contract(text).contract.checks}
    assert rules["ack-again"]["limit"] == 2 * rules["ack-within-24h"]["limit"]
    assert {**rules["ack-again"], "limit": None} == {**rules["ack-within-24h"], "limit": None}


def test_nesting_up_to_the_bound_is_read() -> None:
    depth = MAX_DEPTH - 1  # the root mapping is the first level
    document = read_document("k: " + "[" * depth + "]" * depth + "\n")
    assert isinstance(document.data, dict)


def test_a_file_over_the_size_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    contract = tmp_path / "taut.yaml"
    # Valid YAML, but a comment line repeated past the bound: only its size is wrong.
    line = "# " + "x" * 97 + "\n"
    contract.write_text(
        EXAMPLE.read_text(encoding="utf-8") + line * (MAX_CONTRACT_BYTES // len(line) + 1),
        encoding="utf-8",
    )
    size = contract.stat().st_size
    result = runner.invoke(app, ["check", str(contract)])
    assert result.exit_code == ExitCode.USAGE
    message = " ".join(result.stderr.split())
    assert f"{size:,} bytes" in message
    assert f"{MAX_CONTRACT_BYTES:,} bytes" in message
    _assert_golden("contract_too_large", message.replace(str(tmp_path), "<tmp>"))


def test_a_contract_that_never_ends_is_refused_without_reading_it_all() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    result = runner.invoke(app, ["check", "/dev/zero"])
    assert result.exit_code == ExitCode.USAGE
    assert f"more than {MAX_CONTRACT_BYTES:,} bytes" in result.stderr


def test_a_contract_at_the_size_bound_is_read() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text += "#" * (MAX_CONTRACT_BYTES - len(text.encode()) - 1) + "\n"
    assert len(text.encode()) == MAX_CONTRACT_BYTES
    assert parse_contract(text).contract.checks


def test_every_repeated_id_is_reported_once_in_a_large_contract() -> None:
    """Thousands of checks, every id written twice: one issue per repeat, none missed."""
    head, _, _ = EXAMPLE.read_text(encoding="utf-8").partition("areas:")
    checks = 1500
    rows = "".join(
        f"      - {{id: c{index % (checks // 2)}, present: {{step: Deal closed}}, target: 90%}}\n"
        for index in range(checks)
    )
    with pytest.raises(ContractError) as caught:
        parse_contract(head + "areas:\n  - name: Many\n    checks:\n" + rows)
    repeated = [issue for issue in caught.value.issues if "is used more than once" in issue.message]
    assert len(repeated) == checks // 2
    assert {issue.message.split("'")[1] for issue in repeated} == {
        f"c{index}" for index in range(checks // 2)
    }
