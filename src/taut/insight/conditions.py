"""The candidate conditions a slip may concentrate in, read from the outcomes columns.

Each candidate is a yes/no question about a case, asked of the columns every outcomes
table has (:mod:`taut.outcomes`) and of the contract's declared attributes. The fixed
ones are the segment dimensions of :mod:`taut.signal.inputs.dimensions`, tried in the
order of :data:`~taut.signal.inputs.dimensions.CONDITIONS`, with the same cut-offs the
scan slices by:

===========  ============================================  ==============================
field        inside the condition when                     value (in words)
===========  ============================================  ==============================
workload     ``workload_pct >= 0.75`` (a top-quartile day   ``high-workload days``
             of the case's team)
hour         the anchor's local ``hour >= 16``              ``16:00 or later``
weekday      the anchor's local weekday is ``w``            ``Monday`` .. ``Sunday``
team         the case's team is ``t``                       ``t``
handoff      the case passed from team ``a`` to team ``b``  ``a to b``
<attribute>  the case's attribute equals ``v``              ``v``
===========  ============================================  ==============================

An attribute is labelled as the scan labels it (:mod:`taut.signal.inputs.bands`): a number
of many values by its band (``5,000 to 10,000``), fitted on the baseline cases; a text of
many values by its most common values and ``other``. A check whose times are recorded to
the day (:mod:`taut.signal.inputs.resolution`) gets no ``hour`` condition: its hour of day
says nothing about a case.

A team (and a handoff into or out of a team) is a candidate only when at least five
people worked on that team, when people are known, so no condition singles anyone out;
the insight counts them on the signal's own cases, in each window
(:func:`taut.insight.spread.people_on_cases`).
Conditions met by every case or by none are left out: they cannot explain anything.

>>> import pandas as pd
>>> frame = pd.DataFrame({"workload_pct": [0.9, 0.2], "hour": [17, 9],
...     "weekday": ["Monday", "Friday"], "team": ["North", "South"]})
>>> [(c.field, c.value) for c in candidate_conditions(frame, attributes=())][:3]
[('workload', 'high-workload days'), ('hour', '16:00 or later'), ('weekday', 'Friday')]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from taut.ingest.people import may_name
from taut.signal.inputs.bands import attribute_labels
from taut.signal.inputs.dimensions import CONDITIONS, DAY_PART, TEAM

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Candidate:
    """One condition to test: its field, its value in words, and the cases inside it.

    Attributes:
        field: ``workload``, ``hour``, ``weekday``, ``team``, ``handoff`` or an attribute.
        value: the condition in words (module docstring).
        inside: which cases meet it.
    """

    field: str
    value: str
    inside: Mask


def _values(column: pd.Series) -> list[str]:
    return sorted({str(v) for v in column.dropna().tolist()})


def _teams_allowed(teams: list[str], people: Mapping[str, int] | None) -> list[str]:
    return [team for team in teams if may_name(team, people)]


def _handoff_allowed(label: str, people: Mapping[str, int] | None) -> bool:
    """Whether both teams of a handoff ``"a to b"`` may be named (a team's name may hold
    " to " itself: any split of the label into two such teams will do)."""
    if people is None:
        return True
    parts = label.split(" to ")
    return any(
        may_name(" to ".join(parts[:i]), people) and may_name(" to ".join(parts[i:]), people)
        for i in range(1, len(parts))
    )


def candidate_conditions(
    frame: pd.DataFrame,
    *,
    attributes: tuple[str, ...],
    people: Mapping[str, int] | None = None,
    handoff: pd.Series | None = None,
    in_baseline: Mask | None = None,
    day_only: bool = False,
) -> list[Candidate]:
    """Every candidate condition for the cases in ``frame`` (module docstring).

    Args:
        frame: one check's outcome rows.
        attributes: the contract's declared condition attributes (columns of ``frame``).
        people: distinct people per team, or ``None`` when people are not known.
        handoff: per row, ``"a to b"`` for the teams the case passed between, or null;
            ``None`` when the log does not show handoffs. The caller leaves out teams of
            fewer than five people (:func:`taut.insight.handoff.handoff_labels` does).
        in_baseline: which rows are baseline cases, on which an attribute's bands are
            fitted; ``None`` fits them on every row.
        day_only: the check's times are recorded to the day: no ``hour`` condition.

    Returns:
        The candidates, in the order of the table above.
    """
    found: list[Candidate] = []
    labelled: list[tuple[str, pd.Series, list[str]]] = []
    for dimension in CONDITIONS:
        if day_only and dimension is DAY_PART:
            continue
        column = frame[dimension.column]
        if dimension.cut is not None:
            numbers = column.to_numpy(dtype=np.float64, na_value=np.nan)
            inside = numbers >= dimension.cut.at_least
            found.append(
                Candidate(field=dimension.field, value=dimension.cut.condition, inside=inside)
            )
        elif dimension is TEAM:
            labelled.append((dimension.field, column, _teams_allowed(_values(column), people)))
        else:
            labelled.append((dimension.field, column, _values(column)))
    if handoff is not None:
        handoffs = [h for h in _values(handoff) if _handoff_allowed(h, people)]
        labelled.append(("handoff", handoff, handoffs))
    fit_on = np.ones(len(frame), dtype=bool) if in_baseline is None else in_baseline
    for name in attributes:
        banded = pd.Series(
            attribute_labels(frame[name].to_numpy(dtype=object), in_baseline=fit_on),
            dtype=object,
        )
        labelled.append((name, banded, _values(banded)))
    for field, column, values in labelled:
        labels = column.to_numpy(dtype=object)
        found += [
            Candidate(field=field, value=value, inside=np.asarray(labels == value, dtype=bool))
            for value in values
        ]
    return [c for c in found if 0 < int(np.count_nonzero(c.inside)) < c.inside.size]
