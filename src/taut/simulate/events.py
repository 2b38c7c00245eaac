"""Lay the simulated deals and their step times out as an event log, one row per event.

Columns of the returned :class:`pandas.DataFrame`:

===================  ================  =====================================================
column               dtype             content
===================  ================  =====================================================
``deal_id``          category          ``D-000001`` ...; ids grow with the closing time
``step``             category          the step (activity) name
``at``               datetime64[s]     local wall-clock time (America/Chicago), naive
``team``             category          sales team, Operations team or Customer Care
``rep``              category          ``rep-07`` / ``ops-03``; empty on complaints
``region``           category          on the ``Deal closed`` row only
``deal_size``        category          on the ``Deal closed`` row only
``priority``         category          on the ``Deal closed`` row only
``billing_contact``  category          on the ``Intake completed`` row only; may be blank
``scope``            category          on the ``Intake completed`` row only; may be blank
``start_date``       category          ``YYYY-MM-DD``, on the ``Intake completed`` row only
===================  ================  =====================================================

Events at or after the end of the period have not happened yet and are left out, so the
latest deals are realistically unfinished. Rows are sorted by time, then deal, then step.
Categoricals keep 2,000,000 deals (about 9 million rows) fast to build and small to hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from taut.simulate.behaviour import StepTimes
from taut.simulate.cases import MINUTES_PER_DAY, CaseTable
from taut.simulate.people import (
    BILLING_CONTACTS,
    COORDINATORS,
    DEAL_SIZES,
    OPS_TEAMS,
    PRIORITIES,
    REGIONS,
    REPS,
    SCOPES,
    TEAMS,
)
from taut.simulate.process import INTAKE_FIELDS, STEPS

COLUMNS: tuple[str, ...] = (
    "deal_id",
    "step",
    "at",
    "team",
    "rep",
    "region",
    "deal_size",
    "priority",
    *INTAKE_FIELDS,
)
_OPS_TEAM_BASE = TEAMS.index(OPS_TEAMS[0])
_CARE_TEAM = len(TEAMS) - 1
_NONE = -1

Ints = NDArray[np.int64]


def deal_ids(size: int) -> pd.Index:
    """Deal ids ``D-000001`` .. with at least six digits.

    >>> deal_ids(2).tolist()
    ['D-000001', 'D-000002']
    """
    width = max(6, len(str(size)))
    numbers = pc.utf8_lpad(pa.array(np.arange(1, size + 1)).cast(pa.string()), width, "0")
    labels = pc.utf8_replace_slice(numbers, start=0, stop=0, replacement="D-")
    index: pd.Index = pd.Index(pd.Series(labels, dtype="str"))
    return index


def _date_labels(*, start: date, days: int) -> list[str]:
    first = np.datetime64(start, "D")
    return list(np.datetime_as_string(first + np.arange(days), unit="D"))


def assemble_events(*, cases: CaseTable, steps: StepTimes, start: date, days: int) -> pd.DataFrame:
    """Build the event log of ``days`` days from ``start``; see the module docstring."""
    end = float(days * MINUTES_PER_DAY)
    ops_team = cases.ops_team + _OPS_TEAM_BASE
    coordinator = cases.coordinator + len(REPS)
    deliverer = cases.deliverer + len(REPS)
    closed = cases.closed.astype(np.float64)
    nobody = np.full(cases.size, _NONE, dtype=np.int64)
    care = np.full(cases.size, _CARE_TEAM, dtype=np.int64)
    layout = (
        (closed, cases.team, cases.rep),
        (steps.intake, cases.team, cases.rep),
        (steps.acknowledged, ops_team, coordinator),
        (steps.kickoff, ops_team, coordinator),
        (steps.delivery, ops_team, deliverer),
        (steps.complaint, care, nobody),
    )
    parts: list[tuple[Ints, Ints]] = []
    for code, (times, _, _) in enumerate(layout):
        (case,) = np.nonzero(times < end)  # NaN (never) compares False
        parts.append((case, np.full(case.size, code, dtype=np.int64)))
    case = np.concatenate([part[0] for part in parts])
    step = np.concatenate([part[1] for part in parts])
    minute = np.concatenate([layout[code][0][part[0]] for code, part in enumerate(parts)]).astype(
        np.int64
    )
    team = np.concatenate([layout[code][1][part[0]] for code, part in enumerate(parts)])
    person = np.concatenate([layout[code][2][part[0]] for code, part in enumerate(parts)])

    key = (minute * cases.size + case) * len(STEPS) + step  # unique per event
    order = np.argsort(key, kind="stable")  # timsort: the parts are nearly sorted already
    case, step, minute, team, person = (
        case[order],
        step[order],
        minute[order],
        team[order],
        person[order],
    )
    on_closed = step == 0
    on_intake = step == 1
    at = np.datetime64(start, "m") + minute.astype("timedelta64[m]")
    columns: dict[str, object] = {
        "deal_id": pd.Categorical.from_codes(
            cast("Sequence[int]", case), dtype=pd.CategoricalDtype(deal_ids(cases.size))
        ),
        "step": _categorical(step, STEPS),
        "at": at.astype("datetime64[s]"),
        "team": _categorical(team, TEAMS),
        "rep": _categorical(person, (*REPS, *COORDINATORS)),
        "region": _categorical(np.where(on_closed, cases.region[case], _NONE), REGIONS),
        "deal_size": _categorical(np.where(on_closed, cases.deal_size[case], _NONE), DEAL_SIZES),
        "priority": _categorical(np.where(on_closed, cases.priority[case], _NONE), PRIORITIES),
    }
    values = {
        "billing_contact": (steps.billing_contact, BILLING_CONTACTS),
        "scope": (steps.scope, SCOPES),
        "start_date": (
            steps.start_day,
            tuple(_date_labels(start=start, days=int(steps.start_day.max(initial=0)) + 1)),
        ),
    }
    for index, name in enumerate(INTAKE_FIELDS):
        codes, labels = values[name]
        filled = on_intake & ~steps.blank[case, index]
        columns[name] = _categorical(np.where(filled, codes[case], _NONE), labels)
    return pd.DataFrame(columns, columns=list(COLUMNS))


def _categorical(codes: Ints, labels: tuple[str, ...]) -> pd.Categorical:
    # numpy codes are what from_codes wants; the stubs only name Sequence[int].
    return pd.Categorical.from_codes(
        cast("Sequence[int]", codes), dtype=pd.CategoricalDtype(pd.Index(labels, dtype="str"))
    )
