"""Pick, for each signal, the playbook entries that fit what its insight found.

Per signal, in the order of ``report.signals``, with its insight
(:func:`taut.insight.explain_signals`):

1. the insight's findings become :class:`~taut.reinforce.evidence.Evidence`: the blank
   fields, then each named condition, most explanatory first;
2. an entry **fits** when the check's kind is one of its ``when.kinds``, the signal's
   metric one of its ``when.metrics`` (either left out: any), the spread suits its
   ``when.spread``, and at least one finding is one of its ``when.found`` patterns;
3. the entries that fit are **ranked** by the best finding they answer (its place in
   step 1), then the more targeted first (fewer patterns in ``when.found``: cover on busy
   days before a timer that suits many findings), then by effort (low, medium, high), then
   by their order in the playbook; the first
   :data:`~taut.reinforce.records.MAX_REINFORCEMENTS` are kept, each with one sentence:
   the finding it answers, then how it helps (the entry's ``helps``). The first entry
   resting on a finding quotes its numbers; a later one on the same finding names it
   shortly, since the numbers stand just above.

A signal whose insight found nothing an entry can answer (no condition stands out, no
field is left blank more often) gets no entry: a guess would send a team to change the
wrong thing. It gets one line saying what to look at first instead: the season, when the
same weeks a year earlier saw the same change; a thin baseline, when taut cannot yet be
sure; the segment the alarm rang for; or else the step itself, since the slip shows under
every condition tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from taut.reinforce.evidence import Evidence, gather_evidence
from taut.reinforce.playbook import EFFORTS, Entry, Playbook
from taut.reinforce.records import MAX_REINFORCEMENTS, Recommendation, Reinforcement

if TYPE_CHECKING:
    from taut.contract.models import Contract
    from taut.insight.records import Insight, Spread
    from taut.signal.decide.cap import Signal
    from taut.signal.report import ScanReport


def _day(value: date) -> str:
    return f"{value:%d %B %Y}".lstrip("0")


def _spread_suits(entry: Entry, spread: Spread | None) -> bool:
    """Whether the slip's spread suits the entry (an unknown spread suits every entry).

    Every judged team showing it is not a wide slip when other teams on its cases had
    too few cases to judge (``teams_seen``): whether they show it is unknown.
    """
    if entry.when.spread == "any" or spread is None or spread.teams == 0:
        return True
    every_team = spread.teams_showing == spread.teams
    if every_team and (spread.teams_seen or 0) > spread.teams:
        return True
    return every_team if entry.when.spread == "wide" else not every_team


def fits(entry: Entry, *, kind: str, signal: Signal, spread: Spread | None) -> bool:
    """Whether ``entry`` suits the check's kind, the signal's metric and the spread (step
    2 of the module docstring, before the findings)."""
    when = entry.when
    return (
        (not when.kinds or kind in when.kinds)
        and (not when.metrics or signal.metric in when.metrics)
        and _spread_suits(entry, spread)
    )


def _answered(entry: Entry, evidence: Sequence[Evidence]) -> int | None:
    """The place of the first finding ``entry`` answers, or ``None``."""
    wanted = set(entry.when.found)
    return next((rank for rank, item in enumerate(evidence) if item.patterns & wanted), None)


def rank_entries(
    playbook: Playbook, *, kind: str, signal: Signal, insight: Insight
) -> tuple[Reinforcement, ...]:
    """The entries that fit one signal, best first, at most three (module docstring)."""
    evidence = gather_evidence(insight, signal=signal)
    ranked: list[tuple[int, int, int, int, Entry]] = []
    for order, entry in enumerate(playbook.entries):
        if not fits(entry, kind=kind, signal=signal, spread=insight.spread):
            continue
        place = _answered(entry, evidence)
        if place is not None:
            effort = EFFORTS.index(entry.effort)
            ranked.append((place, len(entry.when.found), effort, order, entry))
    ranked.sort(key=lambda item: item[:4])
    chosen: list[Reinforcement] = []
    quoted: set[int] = set()
    for place, _, _, _, entry in ranked[:MAX_REINFORCEMENTS]:
        finding = evidence[place].short if place in quoted else evidence[place].finding
        quoted.add(place)
        chosen.append(
            Reinforcement(id=entry.id, title=entry.title, why=f"{finding}; {entry.helps}.")
        )
    return tuple(chosen)


def look_first(*, signal: Signal, insight: Insight, kind: str, baseline_until: date) -> str:
    """What to look at first for a signal no entry answers (module docstring)."""
    start = _day(max(signal.since or baseline_until, baseline_until + timedelta(days=1)))
    evidence = gather_evidence(insight, signal=signal)
    if evidence:
        first = evidence[0]
        return (
            f"{first.finding}, and no entry of the playbook answers that for {kind_words(kind)}; "
            f"look first at {first.look} before choosing a change."
        )
    if insight.seasonal:
        return (
            "The same weeks a year earlier saw the same change, so look first at what this "
            "season brings to the step (holidays, peaks of volume) and plan for it, rather "
            "than change the step itself."
        )
    if signal.thin_baseline:
        return (
            "taut cannot yet be sure of the change (its baseline is too thin to know the "
            "step's usual level) and no condition stands out; confirm it over the next weeks "
            "before changing the work."
        )
    # A drift dated to the first watched week began then or before, maybe long before (a
    # signal open for months): that day is no time to look at, and it moves every week.
    under_way = signal.since is not None and signal.since <= baseline_until + timedelta(days=7)
    if signal.segment:
        when = f"since {start} or before" if under_way else f"since {start}"
        return (
            f"The alarm rang for {signal.where} but taut could not tie it to any condition "
            f"over the whole check; look first at what is done differently for "
            f"{signal.where} {when}, before choosing a change."
        )
    if under_way:
        return (
            "taut could not tie it to any condition, and the drift dates from the first week "
            f"taut watches ({start}) or before; look first at what changed in the step itself "
            "by then (its form, its tool, its rules or its limit), before choosing a change."
        )
    return (
        f"taut could not tie it to any condition; look first at what changed in the step "
        f"itself around {start} (its form, its tool, its rules or its limit), before "
        "choosing a change."
    )


def kind_words(kind: str) -> str:
    """A check kind in words, e.g. ``a time-limit check``."""
    return {
        "present": "a check that a step happens",
        "within": "a time-limit check",
        "complete": "a form check",
        "order": "an order check",
    }.get(kind, f"a {kind} check")


def recommend(
    *,
    report: ScanReport,
    insights: Sequence[Insight],
    playbook: Playbook,
    contract: Contract,
) -> tuple[Recommendation, ...]:
    """One :class:`~taut.reinforce.records.Recommendation` per signal, in order.

    Args:
        report: the scan's result.
        insights: ``explain_signals(report=report, ...)``, one per signal in order;
            empty gives no recommendation (there is nothing to fit an entry to).
        playbook: :func:`taut.reinforce.load_playbook`'s result.
        contract: the contract, for each check's kind.

    Returns:
        The recommendations; the inputs are not changed.

    Raises:
        ValueError: when the insights are not those of the report's signals.
    """
    if not insights:
        return ()
    checks = [signal.check for signal in report.signals]
    if [insight.check for insight in insights] != checks:
        raise ValueError(
            f"Got insights for {[i.check for i in insights]} but the report's signals are "
            f"{checks}; pass explain_signals(report=...) of this same report."
        )
    kinds = {check.id: check.kind for _, check in contract.checks}
    found: list[Recommendation] = []
    for signal, insight in zip(report.signals, insights, strict=True):
        kind = kinds.get(signal.check, "")
        chosen = rank_entries(playbook, kind=kind, signal=signal, insight=insight)
        line = None
        if not chosen:
            line = look_first(
                signal=signal, insight=insight, kind=kind, baseline_until=report.baseline_until
            )
        found.append(Recommendation(check=signal.check, reinforcements=chosen, look_first=line))
    return tuple(found)
