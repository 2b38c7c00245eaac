"""The segment dimensions: how a case is labelled by the conditions it ran under.

Every case of the outcomes table (:mod:`taut.outcomes`) carries the columns ``team``,
``workload_pct``, ``hour`` and ``weekday``. A scan slices each check by these dimensions
(:mod:`taut.signal.inputs.segments`), the risk model adjusts for some of them
(:mod:`taut.signal.model.adjust`), and the Insight stage names the ones a slip
concentrates in (:mod:`taut.insight.conditions`). They read the same declaration, here:

- ``team``: the case's team (column ``team``; the insight's field ``team``);
- ``workload``: ``high`` when ``workload_pct >= 0.75`` (a top-quartile day of the team),
  else ``normal`` (field ``workload``);
- ``day_part``: ``late`` when the anchor's local ``hour >= 16``, else ``earlier`` (field
  ``hour``);
- ``weekday``: the anchor's local weekday (field ``weekday``).

Declared condition attributes of the contract are dimensions too, under their own names,
with their values as labels (:func:`attribute_dimension`).

Three consumers read the dimensions in three orders, each kept as it was when the
dimensions were first hard-coded, because each order is behaviour: :data:`DIMENSIONS`
(the casebook's labels, and so the order segments are watched and ties are listed),
:data:`RISK_COVARIATES` (the columns of the risk model's design matrix, whose order moves
the fitted numbers in their last digits) and :data:`CONDITIONS` (the order the insight
tries conditions in).

>>> [d.name for d in DIMENSIONS]
['team', 'workload', 'day_part', 'weekday']
>>> DAY_PART.cut
Cut(at_least=16.0, inside='late', outside='earlier', condition='16:00 or later')
>>> WORKLOAD.place("high-workload days", short=True), WEEKDAY.place("Monday", short=True)
('on busy days', 'on Mondays')
"""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


@dataclass(frozen=True, kw_only=True)
class Cut:
    """A numeric column cut in two at a threshold.

    Attributes:
        at_least: a case is inside when its value is at least this.
        inside: the label of the cases inside (e.g. ``high``).
        outside: the label of the others, unknown values included (e.g. ``normal``).
        condition: the inside in the insight's words (its ``ConditionEffect.value``,
            e.g. ``16:00 or later``).
    """

    at_least: float
    inside: str
    outside: str
    condition: str


@dataclass(frozen=True, kw_only=True)
class Dimension:
    """One way to slice a check's cases, with the words that name its slices.

    Attributes:
        name: the label's name in the casebook and in a segment (``{"day_part": "late"}``).
        column: the outcomes column it is read from.
        cut: how a numeric column becomes two labels; ``None`` when the column's own
            values are the labels.
        levels: the labels the risk model gives a covariate each (one-hot); empty when
            the risk model does not adjust for the dimension.
        field: the name the insight gives a condition on it (``ConditionEffect.field``).
        short: where a slip concentrates, after "mostly" in a headline; ``{value}``
            stands for the label (e.g. ``on {value}s``).
        long: the same in a sentence of the insight's text.
        reason: what a condition on it suggests made a slip reasonable.
    """

    name: str
    column: str
    cut: Cut | None
    levels: tuple[str, ...]
    field: str
    short: str
    long: str
    reason: str

    def place(self, value: str, *, short: bool) -> str:
        """Where a slip concentrates, for the condition ``value`` of this dimension."""
        return (self.short if short else self.long).replace("{value}", value)


TEAM = Dimension(
    name="team",
    column="team",
    cut=None,
    levels=(),
    field="team",
    short="in team {value}",
    long="in team {value}",
    reason="that team's conditions, such as its load, its tools or its steps",
)
WORKLOAD = Dimension(
    name="workload",
    column="workload_pct",
    cut=Cut(at_least=0.75, inside="high", outside="normal", condition="high-workload days"),
    levels=("high",),
    field="workload",
    short="on busy days",
    long="on high-workload days",
    reason="capacity: there are more cases than hands on those days",
)
DAY_PART = Dimension(
    name="day_part",
    column="hour",
    cut=Cut(at_least=16.0, inside="late", outside="earlier", condition="16:00 or later"),
    levels=("late",),
    field="hour",
    short="late in the day",
    long="for cases that start at 16:00 or later",
    reason="timing: the time allowed is tight for work that starts late in the day",
)
WEEKDAY = Dimension(
    name="weekday",
    column="weekday",
    cut=None,
    levels=WEEKDAYS,
    field="weekday",
    short="on {value}s",
    long="on {value}s",
    reason="timing: the time allowed is tight for work that starts on that day",
)

DIMENSIONS: tuple[Dimension, ...] = (TEAM, WORKLOAD, DAY_PART, WEEKDAY)
"""Every fixed dimension, in the order the casebook labels cases and segments are watched."""

RISK_COVARIATES: tuple[Dimension, ...] = (WEEKDAY, DAY_PART, WORKLOAD)
"""The dimensions the risk model adjusts for, in the order of its design matrix's columns."""

CONDITIONS: tuple[Dimension, ...] = (WORKLOAD, DAY_PART, WEEKDAY, TEAM)
"""The dimensions the insight tries as conditions, in the order it tries them."""

ATTRIBUTE_REASON = "complexity: these cases may need more than the step allows for them"


def attribute_dimension(name: str) -> Dimension:
    """A declared condition attribute as a dimension: its values are its labels.

    The name reaches the words exactly as the log's column is written; a numeric
    attribute's labels are its bands (:mod:`taut.signal.inputs.bands`).

    >>> attribute_dimension("deal_size").place("large", short=True)
    'where deal_size is large'
    >>> attribute_dimension("case:AMOUNT_REQ").place("5,000 to 10,000", short=False)
    'where case:AMOUNT_REQ is 5,000 to 10,000'
    """
    where = f"where {name} is " + "{value}"
    return Dimension(
        name=name,
        column=name,
        cut=None,
        levels=(),
        field=name,
        short=where,
        long=where,
        reason=ATTRIBUTE_REASON,
    )


def by_field(field: str) -> Dimension:
    """The dimension the insight calls ``field``; an attribute's when no fixed one is.

    >>> by_field("hour").name, by_field("deal_size").reason[:10]
    ('day_part', 'complexity')
    """
    for dimension in DIMENSIONS:
        if dimension.field == field:
            return dimension
    return attribute_dimension(field)


def dimension_columns() -> tuple[str, ...]:
    """The outcomes columns the fixed dimensions are read from, in :data:`DIMENSIONS` order."""
    return tuple(dimension.column for dimension in DIMENSIONS)
