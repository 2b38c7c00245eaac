"""Explaining a scan: each signal's insight, the reinforcements that would steady it,
and the recorded changes judged from the same read of the log (``explain``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from taut.api.judging import judged_scan_parts
from taut.api.recorded import Recorded
from taut.api.scanning import playbook_path
from taut.ingest.connection import scan_memory
from taut.outcomes import evaluate_lagging
from taut.reinforce.changes import JudgedChange
from taut.signal import ScanReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from taut.insight import Insight
    from taut.reinforce import Recommendation


@dataclass(frozen=True)
class Explained:
    """A scan and, for each of its signals in order, the plain-English insight and the
    reinforcements that would steady it (:func:`taut.reinforce.recommend`)."""

    report: ScanReport
    insights: tuple[Insight, ...]
    reinforcements: tuple[Recommendation, ...] = ()
    changes: tuple[JudgedChange, ...] = ()
    """The recorded changes with their verdicts as of the scan (given ``recorded``)."""


def explain(
    contract: str | Path,
    *,
    as_of: date | None = None,
    con: ibis.BaseBackend | None = None,
    restarts: Mapping[str, date] | None = None,
    exclude: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    recorded: Recorded | None = None,
) -> Explained:
    """Scan every check and explain each signal: conditions, spread and consequences, and
    what would steady it (up to three reinforcements from the playbook, or what to look at
    first: :func:`taut.reinforce.recommend`, ``docs/reinforce.md``).

    Takes the same arguments and raises the same errors as :func:`scan`, and
    ContractError when the contract's own playbook (``reinforce: playbook``) cannot be read
    or breaks a rule. With ``recorded`` (:func:`recorded_changes`), each recorded change is
    judged from the same read of the log and a working one restarts its check's baseline
    on its day (:func:`judged_scan`); the verdicts are ``Explained.changes``.
    """
    # Explaining needs pandas; importing it here keeps the other commands' start-up short.
    from taut.insight import explain_signals  # noqa: PLC0415
    from taut.reinforce import load_playbook, recommend  # noqa: PLC0415

    model, log, table, report, judged = judged_scan_parts(
        contract, as_of=as_of, con=con, restarts=restarts, exclude=exclude, recorded=recorded
    )
    # The user's playbook is read before the insight's work, so a broken one fails fast.
    book = load_playbook(path=playbook_path(contract, contract_model=model))
    with scan_memory(table.get_backend()):
        lagging = evaluate_lagging(model, log) if model.outcomes else None
        insights = explain_signals(
            report=report, outcomes=table, contract=model, log=log, lagging=lagging
        )
    steady = recommend(report=report, insights=insights, playbook=book, contract=model)
    return Explained(report=report, insights=insights, reinforcements=steady, changes=judged)
