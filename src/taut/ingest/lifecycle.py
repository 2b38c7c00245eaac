"""Lifecycle transitions: which events an activity's name stands for.

A log exported from a workflow system often records one work item several times, once per
lifecycle transition (``schedule``, ``start``, ``complete``; XES's ``lifecycle:transition``).
The transition column is ``columns.transition``, or, left out, a column named
``lifecycle:transition`` when the log has one. With a transition column, each event is
named by these rules, in order:

1. an event with no transition is named by its activity;
2. an event the contract names with its transition, ``activity+transition`` (the
   transition as the log writes it, e.g. ``W_Completeren aanvraag+START``), takes that name;
3. an event of the transition ``source.lifecycle`` chooses (compared without regard to
   case; ``all``, the default, chooses every transition) is named by its activity;
4. any other event is named ``activity+transition``.

So ``source: {lifecycle: complete}`` makes ``W_Completeren aanvraag`` mean the work item's
completion, and its start is still there to name, as ``W_Completeren aanvraag+START``.
With the default ``all`` every transition is merged under the activity's name, except those
the contract names with their transition (rule 2). ``taut check`` then says which of the
contract's activities merge several transitions, with their counts
(:func:`merged_transitions`), and how to choose one.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from taut.contract.models import ALL_TRANSITIONS, TRANSITION_COLUMN, Contract
from taut.errors import Problem, did_you_mean
from taut.words import count_words

TRANSITION = "_transition"
"""The helper column holding each parsed row's transition (null without a transition column)."""
SEPARATOR = "+"
"""What joins an activity and its transition in a name (as ProM and pm4py write them)."""
_SHOWN = 3
_LISTED = 12
_ORDER = {
    name: rank
    for rank, name in enumerate(
        ("schedule", "assign", "reassign", "start", "suspend", "resume", "complete")
    )
}


def _in_order(found: dict[str, int]) -> list[str]:
    """Transitions in the order of XES's lifecycle model, others after them by name."""
    return sorted(found, key=lambda t: (_ORDER.get(t.lower(), len(_ORDER)), t))


def transition_column(contract: Contract, *, available: Sequence[str]) -> str | None:
    """The column of lifecycle transitions: ``columns.transition``, else
    ``lifecycle:transition`` when the log has it, else none."""
    if contract.columns.transition is not None:
        return contract.columns.transition
    return TRANSITION_COLUMN if TRANSITION_COLUMN in available else None


def named_with_transition(contract: Contract) -> tuple[str, ...]:
    """The contract's activity names that may name an activity with its transition."""
    return tuple(name for name in contract.activities if SEPARATOR in name)


def event_name(
    activity: ir.StringValue, transition: ir.StringValue, *, contract: Contract
) -> ir.StringValue:
    """Each event's name by the rules of this module's docstring (an expression).

    Args:
        activity: the cleaned activity text (null when blank).
        transition: the cleaned transition text (null when blank).
        contract: for ``source.lifecycle`` and the names written with a transition.
    """
    combined = activity.concat(SEPARATOR, transition)
    chosen = contract.source.lifecycle
    counted = (
        ibis.literal(value=True)
        if chosen == ALL_TRANSITIONS
        else transition.lower() == ibis.literal(chosen)
    )
    written = named_with_transition(contract)
    named = combined.isin(written) if written else ibis.literal(value=False)
    return ibis.ifelse(transition.notnull() & (named | ~counted), combined, activity)


def transition_problems(
    grouped: ir.Table, *, contract: Contract, weight: str
) -> tuple[Problem, ...]:
    """What ``taut check`` says about transitions: an error when ``source.lifecycle`` chooses
    a transition no event has (:func:`unknown_transition`), else the hint on merged ones
    (:func:`merged_transitions`)."""
    found = unknown_transition(grouped, contract=contract) or merged_transitions(
        grouped, contract=contract, weight=weight
    )
    return () if found is None else (found,)


def unknown_transition(grouped: ir.Table, *, contract: Contract) -> Problem | None:
    """The error for a ``source.lifecycle`` that no event's transition matches.

    Args:
        grouped: parsed rows with :data:`TRANSITION`.
        contract: the contract, for ``source.lifecycle``.
    """
    chosen = contract.source.lifecycle
    if chosen == ALL_TRANSITIONS or TRANSITION not in grouped.columns:
        return None
    column = grouped[TRANSITION]
    spelled = grouped.filter(column.notnull()).select(column).distinct().limit(_LISTED + 1)
    transitions = sorted(str(row[TRANSITION]) for row in spelled.to_pyarrow().to_pylist())
    if any(transition.lower() == chosen for transition in transitions):
        return None
    listed = ", ".join(f"'{t}'" for t in _in_order(dict.fromkeys(transitions[:_LISTED], 0)))
    more = " and more" if len(transitions) > _LISTED else ""
    has = f"its transitions are {listed}{more}" if transitions else "it has none"
    return Problem(
        code="unknown-transition",
        severity="error",
        message=(
            f"source.lifecycle is '{chosen}' in taut.yaml, but no event of the log has that "
            f"lifecycle transition ({has}), so an activity named alone would match only events "
            "without a transition. Set "
            "source.lifecycle to one of them, or to 'all' to merge them."
            + did_you_mean(chosen, [t.lower() for t in transitions])
        ),
    )


def merged_transitions(grouped: ir.Table, *, contract: Contract, weight: str) -> Problem | None:
    """The hint for activities the contract names that merge several transitions.

    Only with ``source.lifecycle: all`` (with a chosen transition nothing is merged).

    Args:
        grouped: parsed rows with ``activity``, :data:`TRANSITION` and the ``weight``
            column (how many raw rows each stands for).
        contract: the contract, for its activities and ``source.lifecycle``.
        weight: the name of the row-count column.

    Returns:
        A ``warning`` naming each merged activity with its transitions and their event
        counts, or ``None`` when no named activity merges more than one transition.
    """
    if contract.source.lifecycle != ALL_TRANSITIONS or TRANSITION not in grouped.columns:
        return None
    plain = [name for name in contract.activities if SEPARATOR not in name]
    if not plain:
        return None
    rows = grouped.filter(grouped.activity.isin(plain) & grouped[TRANSITION].notnull())
    counts = (
        rows.group_by(["activity", TRANSITION])
        .aggregate(events=rows[weight].sum())
        .to_pyarrow()
        .to_pylist()
    )
    by_activity: dict[str, dict[str, int]] = {}
    for row in counts:
        by_activity.setdefault(str(row["activity"]), {})[str(row[TRANSITION])] = int(row["events"])
    merged = {name: by_activity[name] for name in plain if len(by_activity.get(name, {})) > 1}
    if not merged:
        return None
    described = [
        f"'{name}' ("
        + ", ".join(f"{found[transition]:,} {transition}" for transition in _in_order(found))
        + ")"
        for name, found in list(merged.items())[:_SHOWN]
    ]
    more = len(merged) - _SHOWN
    listed = "; ".join(described) + (f"; and {more} more" if more > 0 else "")
    first, transitions = next(iter(merged.items()))
    last = max(transitions, key=lambda t: (t.lower() == "complete", transitions[t]))
    start = min(transitions, key=lambda t: (t.lower() != "start", -transitions[t]))
    subject = (
        "One of the contract's activities merges"
        if len(merged) == 1
        else f"{count_words(len(merged)).capitalize()} of the contract's activities merge"
    )
    return Problem(
        code="merged-transitions",
        severity="warning",
        message=(
            f"{subject} several lifecycle transitions under one name, so a case's first "
            f"event of any of them is the step: {listed}. Set "
            f"source.lifecycle in taut.yaml to the transition that counts (e.g. "
            f"lifecycle: {last.lower()}), or name an activity with its transition "
            f"('{first}{SEPARATOR}{start}')."
        ),
        count=sum(sum(found.values()) for found in merged.values()),
    )
