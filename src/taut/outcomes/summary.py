"""How each check is doing overall: kept, missed and pending cases against the target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis

from taut.contract import Contract

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class CheckSummary:
    """One check's totals over the whole log.

    ``kept_share`` is kept / (kept + missed): pending cases are not yet decided and do not
    count against the target. It is ``None`` when no case is decided yet.
    """

    area: str
    check: str
    kind: str
    risk: str
    target: float
    applicable: int
    kept: int
    missed: int
    pending: int

    @property
    def decided(self) -> int:
        return self.kept + self.missed

    @property
    def kept_share(self) -> float | None:
        return self.kept / self.decided if self.decided else None

    @property
    def meets_target(self) -> bool | None:
        share = self.kept_share
        return None if share is None else share >= self.target


def summarize_outcomes(contract: Contract, outcomes: ir.Table) -> tuple[CheckSummary, ...]:
    """Count kept, missed and pending cases per check, in contract order.

    Checks that apply to no case still get a row (all zeros), so nothing silently vanishes.
    """
    status = outcomes.status
    totals = (
        outcomes.group_by("check")
        .aggregate(
            applicable=ibis._.count(),
            kept=(status == "kept").sum(),
            missed=(status == "missed").sum(),
            pending=(status == "pending").sum(),
        )
        .to_pyarrow()
        .to_pylist()
    )
    by_check = {str(row["check"]): row for row in totals}
    summaries = []
    for area, check in contract.checks:
        row = by_check.get(check.id, {})
        summaries.append(
            CheckSummary(
                area=area.name,
                check=check.id,
                kind=check.kind,
                risk=area.risk,
                target=check.target,
                applicable=int(row.get("applicable") or 0),
                kept=int(row.get("kept") or 0),
                missed=int(row.get("missed") or 0),
                pending=int(row.get("pending") or 0),
            )
        )
    return tuple(summaries)
