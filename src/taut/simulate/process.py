"""The simulated process: its steps, the intake's fields and the contract that watches it.

The contract written beside a simulated log is the brief's example contract, adapted: the
log's times are local wall-clock times in ``America/Chicago`` written in ISO 8601, the
baseline is left at its default (the first 8 weeks of data), and a low-risk area watches
the start of delivery so that a drift in a low-risk check can be told apart from one in a
high-risk check.

Which checks a drift touches is read from the parsed contract, so the truth returned by
the simulator always names check ids that exist in the written ``taut.yaml``.
"""

from __future__ import annotations

from functools import cache

import yaml

from taut.contract.models import CompleteRule, Contract, OrderRule, PresentRule, WithinRule

DEAL_CLOSED = "Deal closed"
INTAKE = "Intake completed"
ACKNOWLEDGED = "Operations acknowledged"
KICKOFF = "Kickoff scheduled"
DELIVERY = "Delivery started"
COMPLAINT = "Customer complaint"
STEPS: tuple[str, ...] = (DEAL_CLOSED, INTAKE, ACKNOWLEDGED, KICKOFF, DELIVERY, COMPLAINT)
INTAKE_FIELDS: tuple[str, ...] = ("billing_contact", "scope", "start_date")
TIMEZONE = "America/Chicago"
_WAITING = frozenset({"skip", "latency", "spread"})  # kinds that delay or drop a `to` step

_CONTRACT = """\
process: Sales to Operations handoff
source:
  path: {path}
  timezone: {timezone}
columns: {{case: deal_id, activity: step, timestamp: at, team: team, person: rep}}
conditions: [region, deal_size]
areas:
  - name: Customer handoff
    risk: high
    checks:
      - id: intake-complete
        complete: {{at: {intake}, fields: [{fields}]}}
        target: 95%
      - id: ack-within-24h
        within: {{from: {closed}, to: {ack}, limit: 24h}}
        target: 90%
      - id: ack-present
        present: {{step: {ack}, after: {closed}, within: 7d}}
        target: 98%
      - id: ack-before-kickoff
        order: [{ack}, {kickoff}]
        target: 98%
        where: {{priority: [P1, P2]}}
  - name: Delivery start
    risk: low
    checks:
      - id: delivery-within-5d
        within: {{from: {kickoff}, to: {delivery}, limit: 5d}}
        target: 90%
outcomes:
  - id: complaint
    present: {{step: {complaint}}}
"""


def contract_text(*, path: str = "events.csv") -> str:
    """The ``taut.yaml`` text that watches a simulated log stored at ``path``.

    >>> contract_text(path="events.parquet").splitlines()[2]
    '  path: events.parquet'
    """
    return _CONTRACT.format(
        path=path,
        timezone=TIMEZONE,
        intake=INTAKE,
        fields=", ".join(INTAKE_FIELDS),
        closed=DEAL_CLOSED,
        ack=ACKNOWLEDGED,
        kickoff=KICKOFF,
        delivery=DELIVERY,
        complaint=COMPLAINT,
    )


@cache
def simulated_contract() -> Contract:
    """The contract of :func:`contract_text`, parsed and validated."""
    return Contract.model_validate(yaml.safe_load(contract_text()))


def affected_checks(*, kind: str, step: str) -> tuple[str, ...]:
    """The ids of the contract's checks a drift of ``kind`` at ``step`` moves.

    - ``skip``: checks that wait for ``step`` (``present`` of it, ``within`` ending at it).
      Checks that start at ``step`` or need it to occur are not moved: their cases drop out.
    - ``blank``: ``complete`` checks judged at ``step``.
    - ``latency`` and ``spread``: ``within`` checks ending at ``step``.
    - ``order``: ``order`` checks that list ``step`` after another step.

    >>> affected_checks(kind="skip", step="Operations acknowledged")
    ('ack-within-24h', 'ack-present')
    >>> affected_checks(kind="order", step="Kickoff scheduled")
    ('ack-before-kickoff',)
    """
    found: list[str] = []
    for _, check in simulated_contract().checks:
        rule = check.rule
        moved = (
            (kind == "skip" and isinstance(rule, PresentRule) and rule.step == step)
            or (kind in _WAITING and isinstance(rule, WithinRule) and rule.to == step)
            or (kind == "blank" and isinstance(rule, CompleteRule) and rule.at == step)
            or (kind == "order" and isinstance(rule, OrderRule) and step in rule.steps[1:])
        )
        if moved:
            found.append(check.id)
    return tuple(found)
