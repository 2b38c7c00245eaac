"""The folders are the pipeline: a stage imports only from the stages before it.

Order: errors → files → terminal → words → interrupts → contract → ingest → outcomes → signal
→ insight → reinforce → store → brief (files, terminal, words and interrupts: how taut writes,
shows, says and stops);
``simulate`` may use the contract but no stage may use it; ``api``, ``cli`` and ``web`` are
leaves that nothing inside taut imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "taut"
STAGES: tuple[str, ...] = (
    "errors",
    "files",
    "terminal",
    "words",
    "interrupts",
    "contract",
    "ingest",
    "outcomes",
    "signal",
    "insight",
    "reinforce",
    "store",
    "brief",
    "notify",
)
RANK: dict[str, float] = {name: rank for rank, name in enumerate(STAGES)}
RANK["simulate"] = RANK["contract"] + 0.5  # may use the contract; no stage may use it
LEAVES = {"api": 100, "cli": 101, "web": 101, "__main__": 102}
RANK.update(LEAVES)


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "taut" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _modules() -> list[Path]:
    return sorted(
        path for path in SRC.rglob("*.py") if path.name != "__init__.py" or path.parent != SRC
    )


def test_every_module_belongs_to_a_known_stage() -> None:
    unknown = {path.relative_to(SRC).parts[0].removesuffix(".py") for path in _modules()} - set(
        RANK
    )
    assert unknown == set()


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SRC)))
def test_imports_flow_downstream_only(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    upstream = [
        module
        for module in _imports(path)
        if (stage := _stage(module)) is not None
        and stage != own
        and RANK.get(stage, 1000) > RANK[own]
    ]
    assert upstream == [], f"{path.relative_to(SRC)} imports downstream modules: {upstream}"


def test_simulate_and_leaves_are_not_imported_by_stages() -> None:
    for path in _modules():
        own = path.relative_to(SRC).parts[0].removesuffix(".py")
        if own in LEAVES or own == "simulate":
            continue
        stages = {_stage(module) for module in _imports(path)}
        assert not stages & ({"simulate"} | set(LEAVES)), path
