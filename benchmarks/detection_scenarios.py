"""Scenarios of the detection benchmark: simulated handoff logs with known drifts, scanned once.

A :class:`Scenario` is one :func:`taut.simulate.sales_handoff` configuration: no drift, or one
drift of a kind, size, ramp and (optionally) condition, starting ``onset_week`` weeks after
the first simulated day. Every scenario uses the same seeds, so before the onset every
scenario's log is identical to the no-drift log of that seed (the simulator draws a
drift's randomness from its own generator).

For one seed, :func:`run_seed` simulates the log, writes it as Parquet with its
``taut.yaml`` into a temporary folder, computes the outcomes table once and returns a
:class:`SeedRun`:

- ``raised``: every watched slice (a metric of a check, as a whole or in a segment) that
  taut raised, with the day it was raised, at its default budget (``BUDGETS``: one false
  signal per check-year). These are the states
  :func:`taut.signal.scan.scan_outcomes` builds before its alert budget picks the few to
  show (:func:`taut.signal.scan.watch_checks`), so a slice the budget lists as
  ``watching`` still counts, as it would in a daily scan;
- ``streams``: per requested :class:`SliceSpec`, the stream taut's detector of that metric
  sees (:func:`taut.signal.inputs.streams.metric_streams`: settled cases in anchor order, 0/1
  missed or overdue at the limit, capped log-latency), split at the baseline window, with
  the local day each value became known. Peers and the oracle are fed these.

Days are whole local days since 1970-01-01 (``int``), so they subtract to delays.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from taut import api
from taut.contract.models import Contract
from taut.ingest.people import team_people
from taut.outcomes import evaluate_checks
from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration
from taut.signal.inputs.casebook import CheckCases, read_casebook
from taut.signal.inputs.clock import EPOCH, local_days
from taut.signal.inputs.streams import metric_streams
from taut.signal.scan import watch_checks
from taut.signal.state import Metric
from taut.simulate import Condition, Drift, DriftKind, sales_handoff
from taut.simulate.process import affected_checks

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

START = date(2025, 1, 6)
WEEKS = 30
ONSET_WEEK = 14
DEALS_PER_DAY = 30.0
GROWTH = 0.3
# The casebook's label dimension for each simulator condition field.
LABEL_OF_FIELD: dict[str, str] = {"hour": "day_part", "workload": "workload"}
LABEL_VALUE: dict[str, str] = {"late": "late"}
# taut's false-alarm budgets (false signals a check-year): the default sensitivity.
BUDGETS: tuple[float, ...] = (1.0,)


@dataclass(frozen=True, kw_only=True)
class Setup:
    """The size of every simulated log: weeks, volume, growth and the onset week."""

    weeks: int = WEEKS
    deals_per_day: float = DEALS_PER_DAY
    growth: float = GROWTH
    onset_week: int = ONSET_WEEK

    @property
    def onset(self) -> date:
        """The drift's first day."""
        return START + timedelta(weeks=self.onset_week)


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """One simulated situation.

    Attributes:
        name: a short key (``--scenarios``).
        title: what it is, in words.
        kind: the drift's kind, or ``None`` for no drift.
        size: the drift's size (extra share, or multiplier).
        step: the step it acts on (``None``: the kind's default).
        ramp_days: days from onset to full strength (0: sudden).
        condition: what the drift is confined to.
        metric: the metric the drift moves: ``missed``, or for a drift in time ``latency``
            or ``spread``.
    """

    name: str
    title: str
    kind: DriftKind | None = None
    size: float = 0.0
    step: str | None = None
    ramp_days: int = 0
    condition: Condition | None = None
    metric: Metric = "missed"

    def drifts(self, setup: Setup) -> tuple[Drift, ...]:
        """The drifts to inject (none for the no-drift scenario)."""
        if self.kind is None:
            return ()
        drift = Drift(
            kind=self.kind,
            onset=setup.onset,
            size=self.size,
            step=self.step,
            ramp_days=self.ramp_days,
            condition=self.condition,
        )
        return (drift,)

    @property
    def affected(self) -> tuple[str, ...]:
        """The ids of the checks the drift moves (empty for no drift)."""
        if self.kind is None:
            return ()
        drift = Drift(kind=self.kind, onset=START, size=self.size or 0.1, step=self.step)
        return affected_checks(kind=self.kind, step=drift.at_step)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The streams peers and the oracle watch in each affected check.

        The missed (or overdue) stream, and for a drift in time the log-latency stream as
        well: taut watches both, and the latency stream of a check with a long limit is
        known late (a case counts once settled at four times the limit).
        """
        return ("missed",) if self.metric == "missed" else ("missed", self.metric)

    @property
    def segment(self) -> tuple[str, str] | None:
        """The casebook segment ``(dimension, value)`` matching the condition, if any."""
        if self.condition is None:
            return None
        field, value = self.condition.field, self.condition.value
        return (LABEL_OF_FIELD.get(field, field), LABEL_VALUE.get(value, value))


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(name="none", title="no drift (weekdays, month ends, holidays, +30% growth)"),
    Scenario(name="skip-sudden", title="ack skipped +5 pts, sudden", kind="skip", size=0.05),
    Scenario(
        name="skip-gradual", title="ack skipped +5 pts over 6 weeks", kind="skip", size=0.05,
        ramp_days=42,
    ),
    Scenario(name="blank-sudden", title="intake fields blank +5 pts, sudden", kind="blank",
             size=0.05),
    Scenario(
        name="blank-gradual", title="intake fields blank +5 pts over 6 weeks", kind="blank",
        size=0.05, ramp_days=42,
    ),
    Scenario(
        name="latency", title="ack latency x3 (7 h to 21 h median) over 4 weeks",
        kind="latency", size=3.0, ramp_days=28, metric="latency",
    ),
    Scenario(
        name="spread", title="ack latency spread x1.5, median held, sudden", kind="spread",
        size=1.5, metric="spread",
    ),
    Scenario(
        name="team", title="intake blank +10 pts in team West only, sudden", kind="blank",
        size=0.10, condition=Condition(field="team", value="West"),
    ),
    Scenario(
        name="workload", title="ack latency x2 on high-workload days only, sudden",
        kind="latency", size=2.0, condition=Condition(field="workload", value="high"),
        metric="latency",
    ),
    Scenario(
        name="low-risk", title="delivery latency x1.5 (2 d to 3 d median), low-risk check",
        kind="latency", size=1.5, step="Delivery started", metric="latency",
    ),
)  # fmt: skip
BY_NAME: dict[str, Scenario] = {scenario.name: scenario for scenario in SCENARIOS}


@dataclass(frozen=True)
class SliceSpec:
    """A stream to extract: a metric of a check, whole or in one segment."""

    check: str
    metric: Metric
    segment: tuple[str, str] | None = None


@dataclass(frozen=True, eq=False)
class Stream:
    """One slice's detector input, split at the end of the baseline window.

    Attributes:
        baseline: values of the cases anchored in the baseline window (stream order).
        baseline_day: their local anchor days.
        values: the monitored values, anchored after it (stream order).
        known_day: local day each monitored value was known (non-decreasing).
        anchor_day: local anchor day of each monitored value.
    """

    baseline: FloatArray
    baseline_day: IntArray
    values: FloatArray
    known_day: IntArray
    anchor_day: IntArray


@dataclass(frozen=True)
class Raised:
    """One watched slice taut raised (drifting, recovering or recovered), and its start."""

    check: str
    metric: Metric
    segment: tuple[tuple[str, str], ...]
    day: int
    since: int


@dataclass(frozen=True, eq=False)
class SeedRun:
    """What one seed of one scenario gave (module docstring).

    Attributes:
        scenario: the scenario's name.
        seed: the seed.
        onset: the onset day, ``None`` without drift.
        ramp_end: the day the drift reached full strength, ``None`` without drift.
        first_day: the first monitored day (the day after the baseline window).
        last_day: the last day of data.
        checks: the checks that had cases.
        cases: each of those checks' cases in the whole log (baseline included).
        raised: every slice taut raised, by budget (false signals per check-year).
        streams: the requested slices' streams.
        seconds: how long the simulation and scan took.
    """

    scenario: str
    seed: int
    onset: int | None
    ramp_end: int | None
    first_day: int
    last_day: int
    checks: tuple[str, ...]
    cases: dict[str, int]
    raised: dict[float, tuple[Raised, ...]]
    streams: dict[SliceSpec, Stream]
    seconds: float


def day_number(day: date) -> int:
    """Days since 1970-01-01.

    >>> day_number(date(1970, 1, 3))
    2
    """
    return (day - date(1970, 1, 1)).days


def extract_stream(
    cases: CheckCases,
    spec: SliceSpec,
    *,
    contract: Contract,
    until: date,
    as_of_hours: float,
    timezone: str,
) -> Stream:
    """The stream of ``spec`` (module docstring), as taut's detector of that metric sees it."""
    check = next(c for _, c in contract.checks if c.id == spec.check)
    if spec.segment is not None:
        dimension, value = spec.segment
        cases = cases.subset(np.asarray(cases.labels[dimension] == value, dtype=bool))
    streams = metric_streams(cases, check=check, as_of_hours=as_of_hours)
    stream = streams["latency" if spec.metric == "spread" else spec.metric]
    anchor = cases.day[stream.cases].astype("datetime64[D]").astype(np.int64)
    early = anchor <= day_number(until)
    known = local_days(stream.known_at, timezone=timezone).astype(np.int64)
    return Stream(
        baseline=stream.values[early],
        baseline_day=anchor[early],
        values=stream.values[~early],
        known_day=known[~early],
        anchor_day=anchor[~early],
    )


def run_seed(
    scenario: Scenario,
    *,
    seed: int,
    setup: Setup,
    slices: tuple[SliceSpec, ...] = (),
    budgets: tuple[float, ...] = BUDGETS,
    calibration: ScanCalibration = SCAN_CALIBRATION,
) -> SeedRun:
    """Simulate, compute the outcomes once, scan, and extract ``slices`` (module docstring).

    ``budgets`` are the false-alarm budgets taut scans at (``raised`` has one entry for
    each), mapped to nominal ones by ``calibration``.
    """
    began = time.perf_counter()
    sim = sales_handoff(
        seed=seed,
        start=START,
        weeks=setup.weeks,
        deals_per_day=setup.deals_per_day,
        growth=setup.growth,
        drifts=scenario.drifts(setup),
    )
    with tempfile.TemporaryDirectory(prefix="taut-detection-") as folder:
        workspace = api.open_workspace(sim.write(folder, fmt="parquet"), duplicates="keep")
        log = workspace.log
        contract = workspace.contract_file.contract
        book = read_casebook(evaluate_checks(contract, log), contract=contract)
        people = team_people(log, contract=contract)
    data_end_hours = (log.data_end - EPOCH) / timedelta(hours=1)
    raised: dict[float, tuple[Raised, ...]] = {}
    for budget in budgets:
        states, until, as_of = watch_checks(
            book, contract=contract, as_of_hours=data_end_hours, timezone=log.timezone,
            people=people, false_alarms_per_year=budget, calibration=calibration,
        )  # fmt: skip
        raised[budget] = tuple(
            Raised(
                check=state.check,
                metric=state.metric,
                segment=tuple(sorted((state.segment or {}).items())),
                day=day_number(state.raised),
                since=day_number(state.since or state.raised),
            )
            for state in states
            if state.raised is not None and state.state in {"drifting", "recovering", "recovered"}
        )
    streams = {
        spec: extract_stream(
            book[spec.check], spec, contract=contract, until=until,
            as_of_hours=data_end_hours, timezone=log.timezone,
        )
        for spec in slices
    }  # fmt: skip
    truth = sim.truth[0] if sim.truth else None
    return SeedRun(
        scenario=scenario.name,
        seed=seed,
        onset=day_number(truth.onset) if truth else None,
        ramp_end=day_number(truth.ramp_end) if truth else None,
        first_day=day_number(until) + 1,
        last_day=day_number(as_of),
        checks=tuple(check for check, cases in book.items() if cases.size),
        cases={check: cases.size for check, cases in book.items() if cases.size},
        raised=raised,
        streams=streams,
        seconds=time.perf_counter() - began,
    )
