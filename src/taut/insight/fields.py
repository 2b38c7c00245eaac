"""Which fields are left blank: the part of a ``complete`` slip a form can be fixed for.

A signal on a ``complete`` check says forms are less complete; the fix ("make this field
mandatory", "pre-fill that one") depends on *which* fields are left blank, and on whether
forms miss one field or arrive half blank. :func:`measure_blank_fields` reads the
``blank_fields`` column of the check's decided cases, before (the baseline window) and
during the drift (:mod:`taut.insight.slip`), and gives for each field of the contract the
share of forms with it blank, and the share of forms with two or more blank fields.

The measure is counted, not modelled: shares of the same cases the slip indicator uses.
A field is *named* in the text when its blank share rose by at least half as much as the
field that rose most (:func:`risen_fields`), so one field is named when one field moved,
and several when the form as a whole is being skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from taut.insight.records import BlankFields, FieldShare
from taut.insight.slip import SlipCases

NAMED_SHARE = 0.5
"""A field is named when its rise is at least this share of the largest rise."""


def _blank_sets(values: pd.Series) -> list[frozenset[str]]:
    sets: list[frozenset[str]] = []
    for value in values.tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            sets.append(frozenset())
        else:
            sets.append(frozenset(str(name) for name in value))
    return sets


@dataclass(frozen=True)
class _Window:
    sets: list[frozenset[str]]

    def share(self, field: str) -> float:
        return sum(field in s for s in self.sets) / len(self.sets) if self.sets else 0.0

    def several(self) -> float:
        return sum(len(s) > 1 for s in self.sets) / len(self.sets) if self.sets else 0.0


def measure_blank_fields(cases: SlipCases, *, fields: Sequence[str]) -> BlankFields | None:
    """Blank shares per field and of forms with several blanks, before and during.

    Returns ``None`` when the cases carry no ``blank_fields`` column or a window holds
    no decided case.

    >>> frame = pd.DataFrame({"blank_fields": [[], ["scope"], [], ["scope", "billing"]]})
    >>> cases = SlipCases(check="c", frame=frame, slip=np.array([0.0, 1.0, 0.0, 1.0]),
    ...     before=np.array([True, True, False, False]),
    ...     during=np.array([False, False, True, True]))
    >>> found = measure_blank_fields(cases, fields=("billing", "scope"))
    >>> [(f.field, f.before, f.during) for f in found.fields], found.several_during
    ([('billing', 0.0, 0.5), ('scope', 0.5, 0.5)], 0.5)
    """
    if "blank_fields" not in cases.frame.columns:
        return None
    decided = cases.decided
    sets = _blank_sets(cases.frame["blank_fields"])
    before = _Window([s for s, keep in zip(sets, decided & cases.before, strict=True) if keep])
    during = _Window([s for s, keep in zip(sets, decided & cases.during, strict=True) if keep])
    if not before.sets or not during.sets:
        return None
    return BlankFields(
        fields=tuple(
            FieldShare(field=name, before=before.share(name), during=during.share(name))
            for name in fields
        ),
        several_before=before.several(),
        several_during=during.several(),
        before_cases=len(before.sets),
        during_cases=len(during.sets),
    )


def risen_fields(found: BlankFields) -> tuple[FieldShare, ...]:
    """The fields whose blank share rose most, largest rise first (module docstring).

    >>> found = BlankFields(fields=(FieldShare(field="a", before=0.01, during=0.02),
    ...     FieldShare(field="b", before=0.01, during=0.09),
    ...     FieldShare(field="c", before=0.01, during=0.06)), several_before=0.0,
    ...     several_during=0.02, before_cases=900, during_cases=400)
    >>> [f.field for f in risen_fields(found)]
    ['b', 'c']
    """
    rises = sorted(found.fields, key=lambda f: f.during - f.before, reverse=True)
    if not rises or rises[0].during - rises[0].before <= 0:
        return ()
    top = rises[0].during - rises[0].before
    return tuple(f for f in rises if f.during - f.before >= NAMED_SHARE * top)
