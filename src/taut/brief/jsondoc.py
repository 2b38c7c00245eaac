"""The scan report as JSON (the shape of :meth:`taut.signal.report.ScanReport.to_json_dict`).

With insights, each item of ``signals`` gains ``insight`` (``headline``, ``text``,
``conditions`` [{``field``, ``value``, ...}], ``widespread``, ``spread``, ``consequences``,
``confidence``, ``blank_fields``: :meth:`taut.insight.records.Insight.to_json_dict`).

A signal's life, from the state store's memory (:mod:`taut.brief.lifecycle`), is added
whether or not there is a store, so the shape never depends on it:

.. code-block:: text

    signals, watching: each also {id, lifecycle, first_raised, age_weeks, note, until,
                                  steady_since}
                       # null without a store, or for a slice the store does not track;
                       # steady_since: the day its check was first seen settled again, for
                       # a signal in its week of grace (lifecycle recovering: a scan from
                       # 7 days after it resolves it if its check holds) or resolved at
                       # its end; null for any other
    previous_as_of:    the previous scan's as_of in the store (null: none, or no store)
    settled_since_last_scan: [{id, area, check, metric, direction, segment, lifecycle,
                               first_raised, steady_since, closed_on, weeks_open, note,
                               baseline_from}]
                       # resolved or rebaselined since the previous scan (null: no store);
                       # weeks_open: from first_raised to closed_on, or to as_of when it
                       # closed later (a decision made today on a scan of older data)
    still_open_not_listed: [{id, area, check, metric, direction, segment, lifecycle, state,
                             first_raised, steady_since, last_seen, age_weeks, note, until}]
                       # open signals whose slice is neither a signal nor watched in this
                       # scan (null: no store)

Top-level ``reinforcements`` lists the recorded changes with their verdicts as of this scan
(``[{id, area, check, applied_on, change, playbook, segment, signal_id, effect: {verdict,
metric, method, before, after, effect, interval, cases_before, cases_since, cases_needed,
reason}}]``: :meth:`taut.reinforce.changes.JudgedChange.to_json_dict`), always present (an
empty list with no recorded change, or none judged).

With reinforcements, each signal gains ``reinforcements`` (``[{id, title, why}]``, best first) and
``look_first`` (a sentence when none fits, else ``null``):
:meth:`taut.reinforce.records.Recommendation.to_json_dict`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from taut.brief.lifecycle import (
    checked,
    since_last_scan,
    steady_since,
    tracked_of,
    weeks_open,
)
from taut.brief.wording import explained, steadied
from taut.signal.decide.cap import Signal
from taut.signal.report import JsonDict, ScanReport
from taut.store.records import Memory, TrackedSignal

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation

LIFE_FIELDS: tuple[str, ...] = (
    "id",
    "lifecycle",
    "first_raised",
    "age_weeks",
    "note",
    "until",
    "steady_since",
)
"""What each signal and watched slice gains from the store (all null without one)."""


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def life_fields(signal: Signal, *, memory: Memory | None) -> JsonDict:
    """A slice's life as JSON fields: its tracked signal's, or nulls (module docstring)."""
    tracked = None if memory is None else tracked_of(memory, signal)
    if memory is None or tracked is None:
        return dict.fromkeys(LIFE_FIELDS)
    return {
        "id": tracked.id,
        "lifecycle": tracked.lifecycle,
        "first_raised": tracked.first_raised.isoformat(),
        "age_weeks": tracked.age_weeks(as_of=memory.as_of),
        "note": tracked.note,
        "until": _day(tracked.until),
        "steady_since": _day(steady_since(tracked)),
    }


def _tracked(item: TrackedSignal) -> JsonDict:
    return {
        "id": item.id,
        "area": item.area,
        "check": item.check,
        "metric": item.metric,
        "direction": item.direction,
        "segment": item.segment,
        "lifecycle": item.lifecycle,
        "first_raised": item.first_raised.isoformat(),
        "steady_since": _day(steady_since(item)),
        "note": item.note,
    }


def settled_dict(item: TrackedSignal, *, as_of: date) -> JsonDict:
    """A signal resolved or rebaselined since the previous scan, as JSON."""
    return _tracked(item) | {
        "closed_on": (item.closed_on or as_of).isoformat(),
        "weeks_open": weeks_open(item, as_of=as_of),
        "baseline_from": _day(item.baseline_from),
    }


def unlisted_dict(item: TrackedSignal, *, as_of: date) -> JsonDict:
    """An open signal this scan does not list, as JSON."""
    return _tracked(item) | {
        "state": item.state,
        "last_seen": item.last_seen.isoformat(),
        "age_weeks": item.age_weeks(as_of=as_of),
        "until": _day(item.until),
    }


def render_json(
    report: ScanReport,
    *,
    insights: Sequence[Insight] = (),
    memory: Memory | None = None,
    reinforcements: Sequence[Recommendation] = (),
    changes: Sequence[JudgedChange] = (),
) -> str:
    """Indented JSON with sorted keys, ending with a newline.

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals, or the memory is of another scan.
    """
    data = report.to_json_dict()
    for item, insight in zip(data["signals"], explained(report, insights), strict=False):
        item["insight"] = insight.to_json_dict()
    for key, signals in (("signals", report.signals), ("watching", report.watching)):
        for item, signal in zip(data[key], signals, strict=True):
            item.update(life_fields(signal, memory=memory))
    data["previous_as_of"] = None
    data["settled_since_last_scan"] = None
    data["still_open_not_listed"] = None
    if memory is not None:
        since = since_last_scan(report, memory=checked(report, memory))
        data["previous_as_of"] = _day(memory.previous_as_of)
        data["settled_since_last_scan"] = [
            settled_dict(item, as_of=memory.as_of) for item in since.settled
        ]
        data["still_open_not_listed"] = [
            unlisted_dict(lived.tracked, as_of=memory.as_of)
            for lived in (*since.new, *since.still_open)
            if lived.signal is None
        ]
    steady = steadied(report, reinforcements)
    for item in data["signals"]:
        if item["check"] in steady:
            item.update(steady[item["check"]].to_json_dict())
    data["reinforcements"] = [item.to_json_dict() for item in changes]
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
