"""Condition attributes as a few labels: numbers in bands named by range, text capped at a top few.

A declared condition attribute (``conditions`` in the contract) slices a check into
segments, one per label (:mod:`taut.signal.inputs.segments`). Used as they come, a
continuous amount gives one label per amount (``5000``, ``5001.5``, ...): thousands of
segments too thin to watch, each one a pass over the cases and a line of the scan's
"not watched" list, and none of them ever a condition worth naming. So, once per scan and
attribute, on the cases anchored in the baseline window (the scan passes those of its check
with the most cases, so a scoped check cannot skew them: one set of bands for the whole
scan, that does not move as later cases arrive), :func:`fit_levels` fixes:

- **numbers** (every present value is a number, written as one or stored as one) with more
  than :data:`MAX_NUMBER_LEVELS` distinct values are cut into at most :data:`BANDS` bands
  at the baseline's quartiles, each edge rounded to two significant digits
  (``5,137.2`` becomes ``5,100``), equal edges merged. A band holds the values at least its
  lower edge and below its upper one, and is named by that range: ``under 5,000``,
  ``5,000 to 10,000`` (at least 5,000, below 10,000), ``10,000 or more``;
- **text** with more than :data:`MAX_TEXT_LEVELS` distinct values keeps the
  :data:`MAX_TEXT_LEVELS` values with the most baseline cases (ties by name) and labels
  every other value :data:`OTHER`, so the work per attribute is bounded whatever its
  cardinality;
- anything else keeps its values as its labels. A missing value stays missing.

>>> # quartiles of the nine amounts: 5,000, 9,000 and 20,000
>>> amounts = np.array([1000.0, 2500.0, 5000.0, 7000.0, 9000.0, 12000.0, 20000.0, 40000.0,
...                     60000.0, None], dtype=object)
>>> for label in attribute_labels(amounts, in_baseline=np.ones(10, dtype=bool)):
...     print(label)
under 5,000
under 5,000
5,000 to 9,000
5,000 to 9,000
9,000 to 20,000
9,000 to 20,000
20,000 or more
20,000 or more
20,000 or more
None
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.casebook import CheckCases, LabelArray, Labels

MAX_NUMBER_LEVELS = 8
"""A numeric attribute with more distinct values than this is banded."""
BANDS = 4
"""At most this many bands: the baseline's quartiles."""
MIN_FIT_VALUES = 20
"""Fewer baseline values than this (a thin baseline) are too few to cut bands: every
value of the check is used instead."""
MAX_TEXT_LEVELS = 12
"""A text attribute keeps at most this many values of its own; the rest are :data:`OTHER`."""
OTHER = "other"


def number_words(value: float) -> str:
    """A band edge as a reader writes it: thousands separated, no trailing zeros.

    >>> number_words(5000.0), number_words(0.35), number_words(-1200.0)
    ('5,000', '0.35', '-1,200')
    """
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def band_edges(values: FloatArray) -> tuple[float, ...]:
    """The inner edges of the bands of ``values`` (module docstring): quartiles, two digits.

    >>> band_edges(np.arange(1.0, 101.0))
    (26.0, 50.0, 75.0)
    >>> band_edges(np.r_[np.zeros(90), np.arange(1.0, 11.0)])
    ()
    """
    if values.size == 0:
        return ()
    quantiles = np.quantile(values, np.arange(1, BANDS) / BANDS)
    rounded = sorted({float(f"{q:.2g}") for q in quantiles.tolist()})
    low = float(values.min())
    return tuple(edge for edge in rounded if edge > low)


def _band_names(edges: tuple[float, ...]) -> list[str]:
    words = [number_words(edge) for edge in edges]
    middle = [f"{lo} to {hi}" for lo, hi in itertools.pairwise(words)]
    return [f"under {words[0]}", *middle, f"{words[-1]} or more"]


def _numbers(texts: npt.NDArray[np.str_]) -> FloatArray | None:
    """The values as numbers when every one is a number, else ``None``."""
    try:
        numbers = texts.astype(np.float64)
    except ValueError:
        return None
    return numbers if bool(np.isfinite(numbers).all()) else None


@dataclass(frozen=True, kw_only=True)
class Levels:
    """How one attribute's values become labels, fixed on the baseline (module docstring).

    Attributes:
        edges: the inner band edges of a banded number; ``None`` when not banded.
        kept: the values a capped text attribute keeps; ``None`` when not capped.
    """

    edges: tuple[float, ...] | None = None
    kept: frozenset[str] | None = None


def _objects(labels: LabelArray) -> npt.NDArray[np.object_]:
    """The labels as an object array (the casebook reads them as :class:`Labels` codes)."""
    if isinstance(labels, Labels):
        return np.asarray(labels.tolist(), dtype=object)
    return labels


def _present(labels: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    return np.asarray(labels != None, dtype=bool)  # noqa: E711 - element by element


def _word_counts(
    samples: Sequence[tuple[LabelArray, npt.NDArray[np.bool_]]],
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_]] | None:
    """Every known value and the baseline's, as text, counted per word of :class:`Labels`.

    The values come grouped by word rather than case by case: every use of them in
    :func:`fit_levels` (distinct values, counts, quartiles) is one of a multiset, so the
    order changes nothing, and no Python string is made per case. ``None`` when a sample
    is an object array.
    """
    every: dict[str, int] = {}
    base: dict[str, int] = {}
    for labels, in_baseline in samples:
        if not isinstance(labels, Labels):
            return None
        codes = labels.codes.astype(np.intp)
        size = len(labels.words)
        counts = np.bincount(codes, minlength=size).tolist()
        inside = np.bincount(codes[in_baseline], minlength=size).tolist()
        for word, count, count_inside in zip(labels.words, counts, inside, strict=True):
            if word is None:
                continue
            text = str(word)
            every[text] = every.get(text, 0) + count
            base[text] = base.get(text, 0) + count_inside

    def repeated(found: dict[str, int]) -> npt.NDArray[np.str_]:
        if not found:
            return np.empty(0, dtype=str)
        return np.repeat(np.asarray(list(found), dtype=str), list(found.values()))

    return repeated(every), repeated(base)


def fit_levels(samples: Sequence[tuple[LabelArray, npt.NDArray[np.bool_]]]) -> Levels:
    """The levels of one attribute from its values in every check (module docstring).

    Args:
        samples: per check, its cases' values of the attribute and which cases are
            anchored in the baseline window. Bands and the kept values are fitted on the
            baseline cases (on every case when the baseline holds fewer than
            :data:`MIN_FIT_VALUES` values). Numbers that give no band edge (one value
            holds three quarters of them) are capped like text.
    """
    counted = _word_counts(samples)
    if counted is None:
        objects = [(_objects(labels), in_baseline) for labels, in_baseline in samples]
        texts = [labels[_present(labels)].astype(str) for labels, _ in objects]
        base = [
            labels[_present(labels) & in_baseline].astype(str) for labels, in_baseline in objects
        ]
        every = np.concatenate(texts) if texts else np.empty(0, dtype=str)
        baseline = np.concatenate(base) if base else np.empty(0, dtype=str)
    else:
        every, baseline = counted
    distinct, counts = np.unique(every, return_counts=True)
    if distinct.size > MAX_NUMBER_LEVELS and _numbers(distinct) is not None:
        numbers = _numbers(baseline if baseline.size >= MIN_FIT_VALUES else every)
        edges = band_edges(numbers) if numbers is not None else ()
        if edges:
            return Levels(edges=edges)
        # one value holds most of the sample: no band edge, so capped like text below
    if distinct.size <= MAX_TEXT_LEVELS:
        return Levels()
    values, base_counts = np.unique(baseline, return_counts=True)
    in_base = dict(zip(values.tolist(), base_counts.tolist(), strict=True))
    # most baseline cases first, then most cases overall, then by name
    order = sorted(
        range(distinct.size),
        key=lambda k: (-in_base.get(str(distinct[k]), 0), -int(counts[k]), str(distinct[k])),
    )
    return Levels(kept=frozenset(str(distinct[k]) for k in order[:MAX_TEXT_LEVELS]))


def apply_levels(labels: LabelArray, levels: Levels) -> LabelArray:
    """Each case's label under ``levels``; ``labels`` itself when they change nothing."""
    if levels.edges is None and levels.kept is None:
        return labels
    if isinstance(labels, Labels):
        # Label the distinct words only, then point each case's code at its new word.
        relabelled = apply_levels(np.asarray(labels.words, dtype=object), levels).tolist()
        words = tuple(dict.fromkeys(relabelled))
        mapping = np.asarray([words.index(word) for word in relabelled], dtype=np.int64)
        codes = mapping[labels.codes].astype(np.min_scalar_type(-max(len(words), 1)))
        return Labels(codes=codes, words=words)
    present = _present(labels)
    texts = labels[present].astype(str)
    out = np.full(labels.size, None, dtype=object)
    if levels.edges is not None:
        names = np.asarray(_band_names(levels.edges), dtype=object)
        numbers = texts.astype(np.float64)
        out[present] = names[np.searchsorted(np.asarray(levels.edges), numbers, side="right")]
    else:
        kept = np.asarray(sorted(levels.kept or ()), dtype=str)
        inside = np.isin(texts, kept)
        out[present] = np.where(inside, texts.astype(object), OTHER)
    return out


@overload
def attribute_labels(labels: Labels, *, in_baseline: npt.NDArray[np.bool_]) -> Labels: ...
@overload
def attribute_labels(
    labels: npt.NDArray[np.object_], *, in_baseline: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]: ...
def attribute_labels(labels: LabelArray, *, in_baseline: npt.NDArray[np.bool_]) -> LabelArray:
    """One attribute's labels banded or capped on its own baseline cases (module docstring).

    Args:
        labels: each case's value (``None`` when missing).
        in_baseline: which cases are anchored in the baseline window.

    Returns:
        A label per case; the input itself when it needs neither bands nor a cap.
    """
    return apply_levels(labels, fit_levels([(labels, in_baseline)]))


def band_attributes(cases: CheckCases, *, levels: Mapping[str, Levels]) -> CheckCases:
    """``cases`` with each attribute of ``levels`` labelled by them."""
    changed = {
        name: apply_levels(cases.labels[name], found)
        for name, found in levels.items()
        if name in cases.labels
    }
    if all(changed[name] is cases.labels[name] for name in changed):
        return cases
    return dataclasses.replace(cases, labels={**cases.labels, **changed})
