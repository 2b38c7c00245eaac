"""Properties of a signal's life over any run of weekly scans: rescans add nothing, a key
never has two open signals, and a closed signal stays closed."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from taut.signal.decide.cap import Signal
from taut.signal.report import ScanReport
from taut.store.records import OPEN_LIFECYCLES
from tests.store.life.scans import Ledger, at, lead, report, week

CHECKS = ("kickoff", "handoff", "invoice")

# How one scan saw one check: not judged, held steady, or a lead slice.
seen = st.one_of(
    st.just("unjudged"),
    st.just("steady"),
    st.builds(
        lambda state, metric, team: (state, metric, team),
        st.sampled_from(
            ["drifting", "drifting", "loosening", "recovering", "recovered", "improved"]
        ),
        st.sampled_from(["missed", "latency"]),
        st.sampled_from([None, "North", "South"]),
    ),
)
scans = st.lists(st.tuples(*(seen for _ in CHECKS)), min_size=1, max_size=8)
# Between scans, maybe a decision on the n-th open signal: ack, dismiss for some weeks, or
# rebaseline.
decisions = st.lists(
    st.one_of(
        st.none(), st.tuples(st.sampled_from(["ack", "dismiss", "rebaseline"]), st.integers(0, 5))
    ),
    min_size=8,
    max_size=8,
)


def weekly(n: int, views: tuple[object, ...]) -> ScanReport:
    leads: list[Signal] = []
    steady: list[str] = []
    for check, view in zip(CHECKS, views, strict=True):
        if view == "steady":
            steady.append(check)
        elif isinstance(view, tuple):
            state, metric, team = view
            segment = None if team is None else {"team": team}
            leads.append(lead(check, state, metric=metric, segment=segment, raised=week(n)))
    return report(week(n), *leads, steady=tuple(steady))


def open_keys(ledger: Ledger) -> Counter[object]:
    return Counter(
        item.key for item in ledger.signals.values() if item.lifecycle in OPEN_LIFECYCLES
    )


@settings(max_examples=150, deadline=None)
@given(scans=scans, decisions=decisions)
def test_rescans_add_nothing_no_key_is_open_twice_and_closed_stays_closed(
    scans: list[tuple[object, ...]], decisions: list[tuple[str, int] | None]
) -> None:
    ledger = Ledger()
    first_raised: dict[int, object] = {}
    closed: dict[int, tuple[str, object]] = {}
    for n, views in enumerate(scans):
        scanned = weekly(n, views)
        done = ledger.scan(scanned)
        again = ledger.scan(scanned)
        assert again.memory == done.memory
        assert (again.opened, again.updated) == ((), ())
        assert max(open_keys(ledger).values(), default=0) <= 1
        keys = {item.key for item in done.memory.tracked if item.lifecycle in OPEN_LIFECYCLES}
        for slice_ in (*scanned.signals, *scanned.watching):
            if slice_.state == "drifting":
                assert any(
                    key.check == slice_.check and key.metric == slice_.metric for key in keys
                )
        for item in ledger.signals.values():
            assert first_raised.setdefault(item.id, item.first_raised) == item.first_raised
            if item.id in closed:  # closed for good: never reopened, never re-dated
                assert (item.lifecycle, item.closed_on) == closed[item.id]
        closed.update(
            (item.id, (item.lifecycle, item.closed_on))
            for item in ledger.signals.values()
            if item.lifecycle not in OPEN_LIFECYCLES
        )
        choice = decisions[n]
        still_open = sorted(i for i, s in ledger.signals.items() if s.lifecycle in OPEN_LIFECYCLES)
        if choice is not None and still_open:
            kind, pick = choice
            signal_id = still_open[pick % len(still_open)]
            if kind == "ack":
                ledger.decide(signal_id, kind="ack", now=at(week(n)), note="on it")
            elif kind == "rebaseline":
                ledger.decide(signal_id, kind="rebaseline", now=at(week(n)), baseline_from=week(n))
            else:
                until = week(n + 1 + pick % 3)
                ledger.decide(signal_id, kind="dismiss", now=at(week(n)), note="audit", until=until)
