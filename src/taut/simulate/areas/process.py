"""The shape of a simulated critical process: its opening step, the steps that follow, and
the four processes leaders name beside the handoff.

A :class:`Process` is read with its contract template (:mod:`taut.contract.templates`):
the template gives the log's column names and the condition attribute, the process gives
how cases arrive and how each step follows the one before it. Per case, a step after
``after`` comes a log-normal delay later (median ``median_hours``, log-sd ``sigma``); it is
missing with probability ``skip``, each of its ``fields`` is blank with probability
``blank``, and with probability ``slip`` it is recorded shortly before ``after`` (an order
slip). The baselines are chosen so that each contract's checks are met with room to spare.
"""

from __future__ import annotations

from dataclasses import dataclass

from taut.contract.templates import check_name


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step after the opening one.

    Attributes:
        name: the activity's name, as the template's checks name it.
        after: the step it follows (its delay is counted from that step's time).
        median_hours, sigma: the log-normal delay after ``after``.
        skip: the share of cases in which it never happens.
        fields: fields recorded on it (the template's ``complete`` check reads them).
        blank: the share of cases in which each field is left blank.
        slip: the share of cases in which it is recorded 5 to 90 minutes before ``after``.
    """

    name: str
    after: str
    median_hours: float
    sigma: float
    skip: float = 0.0
    fields: tuple[str, ...] = ()
    blank: float = 0.0
    slip: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Process:
    """A simulated critical process.

    Attributes:
        template: the contract template that watches it.
        opening: the name of the step that opens each case.
        steps: the later steps, each after an earlier one.
        teams: the teams that own the cases (eight people each, never fewer than five).
        values, weights: the condition attribute's values and their shares.
        hours: the local hours of the day cases open in (``(0, 24)``: round the clock).
        weekend_share: a weekend day's volume as a share of a weekday's.
        id_prefix: the case ids' prefix.
    """

    template: str
    opening: str
    steps: tuple[Step, ...]
    teams: tuple[str, ...]
    values: tuple[str, ...]
    weights: tuple[float, ...]
    hours: tuple[float, float] = (8.0, 18.0)
    weekend_share: float = 0.3
    id_prefix: str = "C-"

    def __post_init__(self) -> None:
        check_name(self.template)
        known = {self.opening}
        for step in self.steps:
            if step.after not in known:
                raise ValueError(f"Step {step.name!r} follows {step.after!r}, not an earlier step.")
            known.add(step.name)

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        for step in self.steps:
            if step.name == name:
                return step
        raise ValueError(f"{self.template} has no step {name!r}.")


SAFETY = Process(
    template="safety",
    opening="Permit requested",
    steps=(
        Step(
            name="Hazard assessment done",
            after="Permit requested",
            median_hours=1.5,
            sigma=0.6,
            skip=0.004,
            fields=("isolation_points", "gas_test", "ppe_checked"),
            blank=0.008,
        ),
        Step(name="Permit signed off", after="Hazard assessment done", median_hours=1.0, sigma=0.6),
        Step(
            name="Work started",
            after="Permit signed off",
            median_hours=2.0,
            sigma=0.7,
            skip=0.01,
            slip=0.004,
        ),
        Step(name="Work closed out", after="Work started", median_hours=6.0, sigma=0.5, skip=0.01),
    ),
    teams=("Crew A", "Crew B", "Crew C", "Crew D", "Crew E"),
    values=("North plant", "South plant", "Terminal"),
    weights=(0.45, 0.35, 0.2),
    hours=(6.0, 19.0),
    weekend_share=0.35,
    id_prefix="PTW-",
)

REVENUE = Process(
    template="revenue",
    opening="Contract signed",
    steps=(
        Step(
            name="Invoice issued", after="Contract signed", median_hours=20.0, sigma=0.7, skip=0.004
        ),
        Step(
            name="Revenue recognised",
            after="Invoice issued",
            median_hours=30.0,
            sigma=0.6,
            skip=0.002,
            fields=("po_number", "delivery_evidence", "performance_obligation"),
            blank=0.008,
        ),
        Step(
            name="Reconciliation approved",
            after="Revenue recognised",
            median_hours=24.0,
            sigma=0.6,
            skip=0.01,
        ),
    ),
    teams=("Billing East", "Billing West", "Billing Central", "Billing Intl"),
    values=("Enterprise", "Mid-market", "Small business"),
    weights=(0.25, 0.4, 0.35),
    hours=(8.0, 18.0),
    weekend_share=0.05,
    id_prefix="CT-",
)

ESCALATION = Process(
    template="escalation",
    opening="Incident opened",
    steps=(
        Step(
            name="Escalated to on-call",
            after="Incident opened",
            median_hours=0.3,
            sigma=0.7,
            skip=0.005,
        ),
        Step(
            name="On-call acknowledged",
            after="Escalated to on-call",
            median_hours=0.15,
            sigma=0.6,
            skip=0.003,
        ),
        Step(
            name="Incident manager engaged",
            after="On-call acknowledged",
            median_hours=0.5,
            sigma=0.6,
            skip=0.01,
        ),
        Step(
            name="Resolved",
            after="Incident manager engaged",
            median_hours=5.0,
            sigma=0.8,
            fields=("root_cause", "customer_impact"),
            blank=0.01,
        ),
    ),
    teams=("Payments", "Identity", "Platform", "Mobile", "Data"),
    values=("Sev1", "Sev2", "Sev3"),
    weights=(0.1, 0.3, 0.6),
    hours=(0.0, 24.0),
    weekend_share=0.8,
    id_prefix="INC-",
)

RESPONSE = Process(
    template="response",
    opening="Request received",
    steps=(
        Step(
            name="First response", after="Request received", median_hours=1.2, sigma=0.8, skip=0.004
        ),
        Step(
            name="Resolution proposed",
            after="First response",
            median_hours=16.0,
            sigma=0.7,
            skip=0.005,
        ),
        Step(
            name="Request closed",
            after="Resolution proposed",
            median_hours=30.0,
            sigma=0.5,
            skip=0.01,
            fields=("resolution_code", "satisfaction_asked"),
            blank=0.01,
        ),
    ),
    teams=("Queue 1", "Queue 2", "Queue 3", "Queue 4", "Queue 5"),
    values=("email", "chat", "phone", "portal"),
    weights=(0.4, 0.25, 0.2, 0.15),
    hours=(7.0, 20.0),
    weekend_share=0.35,
    id_prefix="REQ-",
)

PROCESSES: dict[str, Process] = {
    process.template: process for process in (SAFETY, REVENUE, ESCALATION, RESPONSE)
}
"""The simulated processes by template name (the handoff is :mod:`taut.simulate.handoff`)."""
