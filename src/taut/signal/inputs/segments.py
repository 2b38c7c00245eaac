"""Which slices of a check are watched on their own: segments with enough cases.

Besides the whole check, a scan watches each segment of it: every value of every label
dimension of :class:`~taut.signal.inputs.casebook.CheckCases` (the dimensions of
:mod:`taut.signal.inputs.dimensions`: team, workload, day part, weekday, and the declared
conditions). A segment is watched only when its baseline holds at least
``min_baseline_cases`` decided cases (200 by default: fewer give a baseline too rough to
compare against), and a team segment only when at least ``min_people`` people (5) worked
on that team, so no statement about a team is a statement about one person. The rule and
the people counts are :mod:`taut.ingest.people`'s; a held-back team (its name replaced by
:data:`~taut.ingest.people.SMALL_TEAM`) is never a segment of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taut.ingest.people import MIN_PEOPLE
from taut.signal.inputs.casebook import CheckCases, distinct_labels
from taut.signal.inputs.dimensions import TEAM

Mask = npt.NDArray[np.bool_]
SegmentKey = tuple[tuple[str, str], ...]
"""A segment as ``((dimension, value),)``; the empty tuple is the whole check."""


@dataclass(frozen=True, kw_only=True)
class SegmentPolicy:
    """When a segment has enough data to be watched on its own.

    Attributes:
        min_baseline_cases: decided cases the segment needs in the baseline window.
        min_people: distinct people a team segment needs (when people are known).
    """

    min_baseline_cases: int = 200
    min_people: int = MIN_PEOPLE

    def __post_init__(self) -> None:
        if self.min_baseline_cases < 5 or self.min_people < 5:
            raise ValueError(
                f"min_baseline_cases={self.min_baseline_cases} and min_people="
                f"{self.min_people} must both be at least 5: smaller segments identify people."
            )


def watched_segments(
    cases: CheckCases,
    *,
    in_baseline: Mask,
    policy: SegmentPolicy,
    people: dict[str, int] | None = None,
) -> list[tuple[SegmentKey, Mask]]:
    """The whole check and every segment with enough data, each with its case mask.

    Args:
        cases: the check's cases.
        in_baseline: which cases fall in the baseline window.
        policy: the minimum sizes.
        people: distinct people per team (:func:`taut.ingest.people.team_people`); ``None``
            skips the people rule (no person column, or small teams shown by choice).

    >>> from taut.signal.inputs.casebook import CheckCases
    >>> n = 400
    >>> book = CheckCases(check="c", anchor=np.zeros(n), decided=np.zeros(n),
    ...     missed=np.zeros(n), value=np.zeros(n), day=np.zeros(n, dtype="datetime64[D]"),
    ...     labels={"team": np.array(["A"] * 300 + ["B"] * 100, dtype=object)})
    >>> [key for key, _ in watched_segments(
    ...     book, in_baseline=np.ones(n, dtype=bool), policy=SegmentPolicy())]
    [(), (('team', 'A'),)]
    """
    decided_baseline = in_baseline & ~np.isnan(cases.missed)
    found: list[tuple[SegmentKey, Mask]] = [((), np.ones(cases.size, dtype=bool))]
    for dimension, labels in cases.labels.items():
        present = labels[decided_baseline]
        values = sorted({str(v) for v in distinct_labels(present) if v is not None})
        for value in values:
            mask = np.asarray(labels == value, dtype=bool)
            if np.count_nonzero(mask & decided_baseline) < policy.min_baseline_cases:
                continue
            if (
                dimension == TEAM.name
                and people is not None
                and people.get(value, 0) < policy.min_people
            ):
                continue
            if np.count_nonzero(mask) == cases.size:
                continue  # the same cases as the whole check
            found.append((((dimension, value),), mask))
    return found
