"""Hand-made signals and insights for the Reinforce stage's tests and golden files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taut.contract import Contract, parse_contract
from taut.insight.headline import Findings, write_insight
from taut.insight.records import BlankFields, ConditionEffect, FieldShare, Insight, Spread
from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.signal.state import Metric

BASELINE_UNTIL = date(2025, 3, 2)
AS_OF = date(2025, 5, 18)
CONTRACT_TEXT = """
process: Sales to Operations handoff
source: {path: events.csv}
columns: {case: deal_id, activity: step, timestamp: at, team: team, person: rep}
conditions: [deal_size]
areas:
  - name: Customer handoff
    risk: high
    checks:
      - id: ack-within-24h
        within: {from: Deal closed, to: Operations acknowledged, limit: 24h}
        target: 90%
      - id: intake-complete
        complete: {at: Intake completed, fields: [billing_contact, scope, start_date]}
        target: 95%
      - id: ack-present
        present: {step: Operations acknowledged, after: Deal closed, within: 7d}
        target: 95%
      - id: ack-before-kickoff
        order: [Operations acknowledged, Kickoff scheduled]
        target: 95%
"""


def contract() -> Contract:
    """The contract the hand-made signals belong to (one check of each kind)."""
    return parse_contract(CONTRACT_TEXT).contract


def signal(check: str, *, metric: Metric = "missed", **changes: object) -> Signal:
    """A drifting signal on ``check``."""
    base = Signal(
        area="Customer handoff",
        check=check,
        risk="high",
        state="drifting",
        since=date(2025, 4, 7),
        raised=date(2025, 4, 16),
        segment=None,
        metric=metric,
        baseline=0.07 if metric == "missed" else 20.0,
        current=0.16 if metric == "missed" else 31.0,
        cases=905,
        baseline_cases=1210,
        direction="up",
        confidence=4.2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def effect(field: str, value: str, *, explained: float = 0.92) -> ConditionEffect:
    """A condition that holds, with the rates of the insight's golden example."""
    return ConditionEffect(
        field=field,
        value=value,
        share_of_cases=0.31,
        inside_before=0.06,
        inside_during=0.34,
        outside_before=0.07,
        outside_during=0.09,
        inside_cases=280,
        outside_cases=625,
        diff_in_diff=0.26,
        share_explained=explained,
        p_value=1e-12,
        holds=True,
    )


SPREAD = Spread(people_showing=16, people=20, teams_showing=4, teams=4)
BLANKS = BlankFields(
    fields=(
        FieldShare(field="billing_contact", before=0.01, during=0.05),
        FieldShare(field="scope", before=0.01, during=0.04),
        FieldShare(field="start_date", before=0.01, during=0.012),
    ),
    several_before=0.002,
    several_during=0.03,
    before_cases=1210,
    during_cases=905,
)


def insight(
    item: Signal,
    *,
    named: tuple[ConditionEffect, ...] = (),
    blank_fields: BlankFields | None = None,
    spread: Spread | None = SPREAD,
) -> Insight:
    """The insight the templates write for ``item`` and these findings."""
    return write_insight(
        Findings(
            signal=item,
            named=named,
            tried=21,
            excess=150.0,
            spread=spread,
            consequences=(),
            baseline_until=BASELINE_UNTIL,
            as_of=AS_OF,
            blank_fields=blank_fields,
        )
    )


def report(*signals: Signal) -> ScanReport:
    """A scan report raising ``signals``."""
    return ScanReport(
        process="Sales to Operations handoff",
        as_of=AS_OF,
        data_end="2025-05-19 04:59:00",
        baseline_until=BASELINE_UNTIL,
        budget=3,
        signals=signals,
        watching=(),
        fragility=(),
        checks=(),
        steady=(),
    )
