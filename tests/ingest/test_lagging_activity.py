"""A step used only by a lagging outcome may be absent for a while; a checked step may not."""

from __future__ import annotations

from pathlib import Path

from taut.contract import Contract
from taut.ingest import read_log

ROWS = """deal_id,step,at
D1,Deal closed,2025-03-03 09:00:00
D1,Operations acknowledged,2025-03-03 15:00:00
"""


def _contract(*, to: str) -> Contract:
    return Contract.model_validate(
        {
            "process": "Handoff",
            "source": {"path": "events.csv"},
            "columns": {"case": "deal_id", "activity": "step", "timestamp": "at"},
            "areas": [
                {
                    "name": "Customer handoff",
                    "checks": [
                        {
                            "id": "ack-within-24h",
                            "within": {"from": "Deal closed", "to": to, "limit": "24h"},
                            "target": "90%",
                        }
                    ],
                }
            ],
            "outcomes": [{"id": "complaint", "present": {"step": "Customer complaint"}}],
        }
    )


def test_missing_outcome_step_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(ROWS, encoding="utf-8")
    log = read_log(_contract(to="Operations acknowledged"), path=path)
    assert log.errors == ()
    [problem] = [p for p in log.problems if p.code == "missing-outcome-activity"]
    assert problem.severity == "warning"
    assert "'Customer complaint'" in problem.message


def test_missing_checked_step_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(ROWS, encoding="utf-8")
    log = read_log(_contract(to="Operations acknowleged"), path=path)
    [error] = log.errors
    assert error.code == "missing-activity"
    assert "Did you mean 'Operations acknowledged'?" in error.message
