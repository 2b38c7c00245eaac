"""A check's weekly series for its control chart, read exactly as the scan read the check.

:func:`check_series` turns one check's :class:`~taut.signal.inputs.casebook.CheckCases`
into a :class:`~taut.brief.briefing.CheckSeries`, on the scan's own terms, so the chart and
the report's numbers agree:

- the cases are the scan's: those anchored from the check's baseline start on
  (:meth:`~taut.signal.report.ScanReport.baseline_of`; a recent or restarted window
  leaves older cases out), in the segment when one is given;
- the values are the scan's streams as of the end of the data
  (:func:`~taut.signal.inputs.streams.metric_streams`): for ``missed`` a case's 0/1
  (overdue at the limit for a ``within`` check), for ``latency`` its capped hours; a case
  not settled yet is left out (a pending case is not a miss);
- ``baseline`` is :func:`~taut.signal.decide.slice_inputs.metric_value` over the cases
  anchored in the baseline window, the drift episodes left out of it excluded
  (:meth:`~taut.signal.report.ScanReport.excluded_of`): the very number the report shows
  as the slice's ``baseline`` (share missed, or median hours);
- a week is a local Monday-to-Sunday of the cases' anchor days; its ``value`` is the
  same metric over that week's cases (NaN for a week with none); every week from the first
  case's to the last day of data is there, empty ones included, oldest first.

The **band** a steady week stays within comes from the baseline weeks
(:mod:`taut.brief.charts.limits`): Laney's p' chart for the share missed, an individuals
(XmR) chart of the weekly log-medians for latency.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from taut.brief.briefing import CheckSeries, WeeklyPoint
from taut.brief.charts.limits import latency_band, share_band
from taut.contract.models import Check, Contract, WithinRule
from taut.errors import UsageError, did_you_mean
from taut.signal.decide.slice_inputs import metric_value
from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.bands import band_attributes, fit_levels
from taut.signal.inputs.casebook import CheckCases, LabelArray, Labels
from taut.signal.inputs.clock import hours_since_epoch
from taut.signal.inputs.streams import metric_streams
from taut.signal.report import ScanReport

SeriesMetric = Literal["missed", "latency"]
MONDAY_SHIFT = 3
"""1970-01-01, day 0 of numpy's days, was a Thursday: ``(day + 3) % 7`` is 0 on Mondays."""


def monday_of(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.datetime64]:
    """The Monday of each day's week.

    >>> monday_of(np.array(["2025-03-05", "2025-03-09", "2025-03-10"], dtype="datetime64[D]"))
    array(['2025-03-03', '2025-03-03', '2025-03-10'], dtype='datetime64[D]')
    """
    numbers = days.astype("datetime64[D]").astype(np.int64)
    mondays: npt.NDArray[np.datetime64] = (numbers - (numbers + MONDAY_SHIFT) % 7).astype(
        "datetime64[D]"
    )
    return mondays


def _find_check(contract: Contract, name: str) -> tuple[str, Check]:
    for area, check in contract.checks:
        if check.id == name:
            return area.name, check
    ids = [check.id for _, check in contract.checks]
    raise UsageError(
        f"No check '{name}' in the contract ({', '.join(ids)}).{did_you_mean(name, ids)}"
    )


def _label_mask(labels: LabelArray, value: str) -> npt.NDArray[np.bool_]:
    """Which cases carry ``value`` (compared as text, as segments are named)."""
    if isinstance(labels, Labels):
        hits = np.asarray([str(word) == value for word in labels.words], dtype=bool)
        return np.asarray(hits[labels.codes], dtype=bool)
    return np.asarray(labels.astype(str) == value, dtype=bool)


def segment_mask(cases: CheckCases, segment: Mapping[str, str] | None) -> npt.NDArray[np.bool_]:
    """The cases of ``segment`` (every case for ``None``).

    Raises:
        UsageError: the segment names a dimension the cases have no label for.
    """
    mask = np.ones(cases.size, dtype=bool)
    for name, value in (segment or {}).items():
        labels = cases.labels.get(name)
        if labels is None:
            known = sorted(cases.labels)
            raise UsageError(
                f"The segment names '{name}', which check '{cases.check}' has no label for "
                f"(it has {', '.join(known)}).{did_you_mean(name, known)}"
            )
        mask &= _label_mask(labels, value)
    return mask


def _between(days: npt.NDArray[np.datetime64], first: date, last: date) -> npt.NDArray[np.bool_]:
    inside: npt.NDArray[np.bool_] = (days >= np.datetime64(first, "D")) & (
        days <= np.datetime64(last, "D")
    )
    return inside


def _weekly(
    metric: SeriesMetric, values: FloatArray, weeks: npt.NDArray[np.int64], count: int
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Each week's cases and metric value (weeks numbered 0 .. count - 1)."""
    cases = np.bincount(weeks, minlength=count).astype(np.int64)
    if metric == "missed":
        sums = np.bincount(weeks, weights=values, minlength=count)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares: FloatArray = np.where(cases > 0, sums / np.maximum(cases, 1), np.nan)
        return cases, shares
    order = np.argsort(weeks, kind="stable")
    groups = np.split(values[order], np.cumsum(cases)[:-1])
    medians = np.full(count, np.nan)
    for week, group in enumerate(groups):  # one pass per week, not per case
        if group.size:
            medians[week] = float(np.exp(np.median(group)))
    return cases, medians


def check_series(
    *,
    cases: CheckCases,
    contract: Contract,
    report: ScanReport,
    metric: SeriesMetric = "missed",
    segment: Mapping[str, str] | None = None,
) -> CheckSeries:
    """One check's (or segment's) weekly series on the scan's own terms (module docstring).

    Args:
        cases: the check's cases as the casebook reads them
            (:func:`~taut.signal.inputs.casebook.read_casebook`); a segment of a banded
            condition attribute needs them labelled as the scan labels them
            (:func:`series_for` does that).
        contract: the contract the scan ran on (the check's area, rule and target, and
            the time zone).
        report: the scan (its baseline window for the check and the end of its data).
        metric: ``missed`` (share of settled cases missed) or ``latency`` (median hours,
            ``within`` checks only).
        segment: e.g. ``{"team": "North"}``; ``None`` for the whole check.

    Raises:
        UsageError: the check is not in the contract, ``latency`` is asked of a check
            that is not a ``within`` check, or the segment names an unknown dimension.
    """
    area, check = _find_check(contract, cases.check)
    rule = check.rule
    if metric == "latency" and not isinstance(rule, WithinRule):
        raise UsageError(
            f"Check '{check.id}' is a '{check.kind}' check, which has no time taken to chart; "
            "chart its share missed (metric='missed') instead."
        )
    start, until = report.baseline_of(check.id)
    keep = segment_mask(cases, segment)
    if start is not None:
        keep &= cases.day >= np.datetime64(start, "D")
    part = cases.subset(keep, labels=False)
    as_of_hours = hours_since_epoch(datetime.fromisoformat(report.data_end))
    stream = metric_streams(part, check=check, as_of_hours=as_of_hours)[metric]
    days = part.day[stream.cases]
    in_base = days <= np.datetime64(until, "D")
    for first, last in report.excluded_of(check.id):
        in_base &= ~_between(days, first, last)
    base_values = stream.values[in_base]
    baseline = metric_value(metric, base_values)

    first_day = part.day.min().item() if part.size else report.as_of
    origin = monday_of(np.asarray([first_day], dtype="datetime64[D]"))[0]
    last_monday = monday_of(np.asarray([report.as_of], dtype="datetime64[D]"))[0]
    count = int((last_monday - origin).astype(np.int64)) // 7 + 1
    weeks = ((monday_of(days) - origin).astype(np.int64) // 7).astype(np.int64)
    inside = (weeks >= 0) & (weeks < count)
    week_cases, week_values = _weekly(metric, stream.values[inside], weeks[inside], count)
    base_weeks = weeks[in_base & inside]
    base_cases, base_week_values = _weekly(metric, base_values[inside[in_base]], base_weeks, count)
    used = base_cases > 0
    band = (
        share_band(baseline=baseline, weekly=base_week_values[used], cases=base_cases[used])
        if metric == "missed"
        else latency_band(baseline=baseline, weekly=base_week_values[used], cases=base_cases[used])
    )
    start_day: date = origin.item()
    points = tuple(
        WeeklyPoint(
            week=start_day + timedelta(weeks=week),
            cases=int(week_cases[week]),
            value=float(week_values[week]),
        )
        for week in range(count)
    )
    target: float | None
    if metric == "missed":
        target = 1.0 - float(check.target)
    else:
        target = rule.limit.total_seconds() / 3600.0 if isinstance(rule, WithinRule) else None
    return CheckSeries(
        area=area,
        check=check.id,
        metric=metric,
        target=target,
        baseline=baseline,
        band=band,
        points=points,
        segment=dict(segment) if segment else None,
    )


def label_like_scan(
    book: Mapping[str, CheckCases], *, contract: Contract, report: ScanReport
) -> dict[str, CheckCases]:
    """The casebook with its condition attributes banded as the scan bands them.

    The scan fits one set of bands per attribute on the baseline cases of the check with
    the most cases (:mod:`taut.signal.inputs.bands`); a segment such as ``amount: 5,000 to
    10,000`` names one of those bands.
    """
    filled = [cases for cases in book.values() if cases.size]
    if not filled or not contract.conditions:
        return dict(book)
    start, until = report.baseline_from, report.baseline_until
    widest = max(filled, key=lambda cases: cases.size)
    if start is not None:
        widest = widest.subset(widest.day >= np.datetime64(start, "D"))
    levels = {
        name: fit_levels([(widest.labels[name], widest.day <= np.datetime64(until, "D"))])
        for name in contract.conditions
        if name in widest.labels
    }
    return {name: band_attributes(cases, levels=levels) for name, cases in book.items()}


def chart_metric(metric: str) -> SeriesMetric:
    """The metric a signal's control chart draws: a spread signal draws the time taken.

    >>> chart_metric("spread"), chart_metric("missed")
    ('latency', 'missed')
    """
    return "missed" if metric == "missed" else "latency"


def series_for(
    book: Mapping[str, CheckCases], *, contract: Contract, report: ScanReport
) -> tuple[CheckSeries, ...]:
    """Every series a brief charts, each once.

    First every check's share missed as a whole, in contract order (the overview's
    sparklines); then, for each signal and each watched check in the report's order, its
    own slice and metric when that is another series (a segment, or the time taken: a
    spread signal draws the time taken). A check with no case in ``book`` has none.

    Args:
        book: the casebook of the scan (:func:`~taut.signal.inputs.casebook.read_casebook`
            on the outcomes the scan read).
        contract: the contract the scan ran on.
        report: the scan.
    """
    labelled = label_like_scan(book, contract=contract, report=report)
    wanted: dict[tuple[str, SeriesMetric, tuple[tuple[str, str], ...]], None] = {
        (check.id, "missed", ()): None for _, check in contract.checks
    }
    for signal in (*report.signals, *report.watching):
        key = tuple(sorted((signal.segment or {}).items()))
        wanted[(signal.check, chart_metric(signal.metric), key)] = None
    return tuple(
        check_series(
            cases=labelled[name],
            contract=contract,
            report=report,
            metric=metric,
            segment=dict(segment) or None,
        )
        for name, metric, segment in wanted
        if name in labelled and labelled[name].size
    )
