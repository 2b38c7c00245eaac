"""The outcomes table: one row per case and applicable check, with its conditions.

>>> from taut.outcomes import OUTCOME_COLUMNS
>>> OUTCOME_COLUMNS[:4]
('case_id', 'area', 'check', 'kind')

:func:`evaluate_checks` returns a lazy Ibis table (run it with ``.to_pandas()``) with these
columns, then one string column per declared ``conditions`` attribute in contract order:

================  ==================  ========================================================
column            type                meaning
================  ==================  ========================================================
``case_id``       string              the case
``area``          string              the area the check belongs to
``check``         string              the check's id
``kind``          string              ``present``, ``within``, ``complete`` or ``order``
``anchor_time``   timestamp (UTC)     when the case's clock for the check started: the first
                                      ``from`` (within), the first ``after`` or first event
                                      (present), the first ``at`` (complete), the earliest
                                      first occurrence of the steps (order); naive UTC
``decided_time``  timestamp, nullable when the status became known: the step that kept it,
                                      the deadline or the late step that missed it, the
                                      judged event (complete), the last of the steps'
                                      first occurrences (order); null while pending
``status``        string              ``kept``, ``missed`` or ``pending``
``value``         float64, nullable   hours from anchor to the step (within, present; null
                                      when none); share of fields filled (complete); null
                                      (order)
``blank_fields``  array<string>       the blank fields in contract order (complete; empty
                                      when kept); null for other kinds
``team``          string, nullable    the case's team: first non-empty ``team`` by time
``hour``          int64               local hour of the anchor (contract time zone)
``weekday``       string              local weekday of the anchor, ``Monday`` .. ``Sunday``
``day``           date                local date of the anchor
``workload``      int64               cases the same team started that local day
``workload_pct``  float64             that day's cumulative share among the team's days
                                      with at least one case started (0..1)
================  ==================  ========================================================

A case attribute (a condition, a ``where`` column, the team) is the first non-empty value
of its column in the case by time, ties broken by the smallest value. Rows exist only for
cases the check applies to and its ``where`` scope admits. The person column is never a
column here. The decision rules are in each kind's module (:mod:`taut.outcomes.within`,
:mod:`~taut.outcomes.present`, :mod:`~taut.outcomes.complete`, :mod:`~taut.outcomes.order`)
and the conditions in :mod:`taut.outcomes.conditions`.

:func:`evaluate_lagging` gives, per case and lagging outcome, whether it occurred and when.
"""

from __future__ import annotations

from taut.outcomes.evaluate import (
    FIXED_COLUMNS,
    LAGGING_COLUMNS,
    evaluate_checks,
    evaluate_lagging,
    outcome_columns,
)

OUTCOME_COLUMNS: tuple[str, ...] = FIXED_COLUMNS
"""The columns every outcomes table has, in order; declared conditions follow them."""

__all__ = [
    "FIXED_COLUMNS",
    "LAGGING_COLUMNS",
    "OUTCOME_COLUMNS",
    "evaluate_checks",
    "evaluate_lagging",
    "outcome_columns",
]
