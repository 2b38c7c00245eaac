"""--as-of: later events are hidden and pending is judged as of that evening."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from taut.api import open_workspace
from taut.ingest.clip import clip_log, end_of_local_day
from taut.outcomes import evaluate_checks

AS_OF = date(2025, 3, 12)


def test_clip_hides_later_events_and_recomputes_pending(drift_contract: Path) -> None:
    workspace = open_workspace(drift_contract)
    clipped = clip_log(workspace.log, as_of=AS_OF)
    assert clipped.data_end == end_of_local_day(AS_OF, timezone=workspace.log.timezone)
    latest = clipped.table.local_ts.max().to_pyarrow().as_py()
    assert latest < datetime(2025, 3, 13)  # noqa: DTZ001 - local wall-clock time
    contract = workspace.contract_file.contract
    full = evaluate_checks(contract, workspace.log).to_pandas()
    early = evaluate_checks(contract, clipped).to_pandas()
    # Cases anchored on AS_OF are pending in the clipped log but decided in the full one.
    on_day = full["day"].astype(str) == AS_OF.isoformat()
    assert int((early["status"] == "pending").sum()) > 0
    assert int((on_day & (full["status"] == "pending")).sum()) == 0
    assert len(early) < len(full)
