"""What one scan saw of each check: its lead slice, steady, or not judged at all.

A scan shows each check at most once: the drifting ones within the alert budget in
``report.signals``, every other check that is not steady in ``report.watching``, both in
the check's **lead** state (:mod:`taut.signal.decide.cap`). A tracked signal is matched to
its check's lead slice; the lead slice's :class:`~taut.store.records.SignalKey` says whether
it is the same signal (same metric and direction) or another change of the same check.

A check that is in neither list is not necessarily steady: ``report.steady`` lists only the
checks whose share kept was watched and did not move. A check that could not be judged this
time (its whole share not watched, a baseline too thin to be sure) is ``unjudged``: its
signals are neither re-seen nor closed by this scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import SignalKey

Seen = Literal["lead", "steady", "unjudged"]
"""How a scan saw a check: a lead slice that is not steady, held steady, or not judged."""


def key_of(signal: Signal) -> SignalKey:
    """A scan's slice's identity across scans (its segment is not part of it)."""
    return SignalKey(check=signal.check, metric=signal.metric, direction=signal.direction)


@dataclass(frozen=True, kw_only=True)
class ScanSlices:
    """One scan's slices by check.

    Attributes:
        leads: check → its lead slice, in the order the brief lists them (signals first,
            then watching).
        steady: the checks the scan saw held steady.
    """

    leads: dict[str, Signal]
    steady: frozenset[str]

    def seen(self, check: str) -> Seen:
        """How this scan saw ``check``."""
        if check in self.leads:
            return "lead"
        return "steady" if check in self.steady else "unjudged"

    def rank(self, check: str) -> int:
        """Where the check's lead slice stands in the brief (checks without one last)."""
        order = list(self.leads)
        return order.index(check) if check in self.leads else len(order)

    def opening(self) -> tuple[Signal, ...]:
        """The drifting slices, each of which opens a signal when none of its key is open."""
        return tuple(signal for signal in self.leads.values() if signal.state == "drifting")


def scan_slices(report: ScanReport) -> ScanSlices:
    """The lead slice of each check a scan shows, and the checks it saw steady.

    The first slice of a check wins should a report ever list one twice (it does not:
    :func:`~taut.signal.decide.cap.lead_states` gives each check one lead).
    """
    leads: dict[str, Signal] = {}
    for signal in (*report.signals, *report.watching):
        leads.setdefault(signal.check, signal)
    return ScanSlices(leads=leads, steady=frozenset(check for _, check in report.steady))
