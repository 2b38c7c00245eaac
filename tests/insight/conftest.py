"""One explained simulated log per condition-bound scenario, computed once per session."""

from __future__ import annotations

import pytest

from tests.insight.scenarios import CONDITIONS, Explained, explain_scenario


@pytest.fixture(scope="session")
def explained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Explained]:
    return {
        name: explain_scenario(tmp_path_factory.mktemp(name), condition=condition, seed=11)
        for name, condition in CONDITIONS.items()
    }
