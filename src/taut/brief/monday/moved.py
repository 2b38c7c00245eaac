"""What moved in a step, in numbers, each beside the cases it counts.

The Monday brief says a step's figures in one sentence (:func:`change_words`): its level
now against its baseline's, each with its own count, so a count never reads as the other
figure's (``Missed in 17.8% of the 3,649 recent cases, against 94.7% of the 19 in the
baseline.``, never ``against 94.7% in the baseline (3,649 cases)``).

Few cases: a figure over fewer than :data:`FEW_CASES` cases is not quoted as a share
or a median, the news it would read as. The count comes first (``1 case since 28 November
2013, and it was missed``, ``3 of 17 cases since 2 October 2013 missed``), then the
baseline's level, then that the cases are too few to quote a share; with the step's own
kept share over the last four weeks and its cases beside it when the whole step is meant
(:func:`recent_weeks`). :data:`FEW_CASES` is the count the first question already asks
before it quotes a step's current share (:data:`~taut.signal.decide.fragility.
MIN_CURRENT_CASES`), so the brief asks no less of a change than of a level.

Thin baselines: :func:`thin_words` says why a step is not judged surely from the counts
its :class:`~taut.signal.inputs.window.ThinBaseline` record carries, both reasons when
both hold (too few decided cases, and too few misses among them); :func:`held_caveat`
qualifies a step coming back whose usual level rests on a thin baseline, or which is
still below its commitment, so neither reads as plain good news under "What held steady".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from taut.brief.monday.phrases import day_words, target_words
from taut.brief.wording import metric_pair, metric_value
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import CURRENT_WEEKS, MIN_CURRENT_CASES, Fragility
from taut.signal.inputs.window import MIN_SURE_CASES, MIN_SURE_MISSES, ThinBaseline
from taut.signal.report import ScanReport
from taut.words import counted, share, where

FEW_CASES = MIN_CURRENT_CASES
"""Under this many cases a step's figure is said by its count, never as a share or median."""

COMING_BACK = ("recovering", "recovered", "improved")
"""States whose current value is the recent weeks' level, not the level since the drift."""


def recent_weeks(item: Fragility, *, as_of: date) -> str | None:
    """The step's kept share over the last four weeks with its cases, as a sentence (over
    its latest cases when too few became known in those weeks), or ``None`` without any.

    >>> item = Fragility(area="A", check="ack", risk="high", target=0.9, current=0.966,
    ...     cases=59, headroom=0.066, trend=None, breaks=None, score=0.1)
    >>> recent_weeks(item, as_of=date(2025, 7, 6))
    'Over the last four weeks the step was kept in 96.6% of 59 cases.'
    """
    if item.current is None or not item.cases:
        return None
    weeks = as_of - timedelta(days=7 * CURRENT_WEEKS - 1)
    kept = f"kept in {share(item.current)} of {counted(item.cases, 'case', digits=True)}"
    if item.recent_from is None or item.recent_from >= weeks:
        return f"Over the last four weeks the step was {kept}."
    return f"Over its latest cases (since {day_words(item.recent_from)}) the step was {kept}."


def _few(signal: Signal, *, span: str, baseline: str) -> str:
    """A figure over fewer than :data:`FEW_CASES` cases: the count first, no share."""
    if signal.metric == "missed":
        current = signal.current or 0.0
        if signal.cases == 1:
            head = f"1 case {span}, {'missed' if current >= 0.5 else 'kept'}"
        else:
            missed = round(current * signal.cases)
            head = f"{missed} of {counted(signal.cases, 'case', digits=True)} {span} missed"
        return f"{head}, against {baseline}: too few cases yet to quote a share."
    timed = counted(signal.cases, "case", digits=True)
    name = "median time" if signal.metric == "latency" else "spread of times (p75/p25)"
    return (
        f"only the latest {timed} timed {span}, against {baseline}: too few cases yet to "
        f"quote a {name}."
    )


def _baseline(signal: Signal, *, before: str) -> str:
    """The baseline's level with its count: a share over fewer than :data:`FEW_CASES`
    cases by its count (``16 of the 17 in the baseline``, ``all 18 in the baseline``)."""
    cases = signal.baseline_cases
    if signal.metric != "missed":
        return f"{before} over the {cases:,} in the baseline"
    if cases < FEW_CASES:
        missed = round(signal.baseline * cases)
        some = "all" if missed == cases else "none of the" if missed == 0 else f"{missed} of the"
        return f"{some} {cases:,} in the baseline"
    return f"{before} of the {cases:,} in the baseline"


def change_words(signal: Signal, *, checks: Sequence[Fragility] = (), as_of: date) -> str:
    """What moved, in a sentence, each figure with its own count: ``Missed in 28.1% of the
    2,821 cases since 16 June 2025, against 6.3% of the 1,762 in the baseline.`` A check
    coming back is read over its recent weeks; one still recovering with the level it had
    drifted to. Under :data:`FEW_CASES` cases, the count comes first and no share is
    quoted; the whole step's last four weeks (from ``checks``) follow it.

    >>> from taut.signal.decide.cap import Signal
    >>> one = Signal(area="A", check="ack", risk="high", state="loosening",
    ...     since=date(2013, 11, 28), raised=None, segment=None, metric="missed",
    ...     baseline=0.007, current=1.0, cases=1, baseline_cases=845, direction="up",
    ...     confidence=0.6)
    >>> change_words(one, as_of=date(2013, 12, 15))  # doctest: +NORMALIZE_WHITESPACE
    '1 case since 28 November 2013, missed, against 0.7% of the 845 in the baseline: too
    few cases yet to quote a share.'
    """
    before, now = metric_pair(signal)
    place_words = "" if signal.segment is None else f"In {where(signal.segment)}, "
    back = signal.state in COMING_BACK
    since = None if back or signal.since is None else f"since {day_words(signal.since)}"
    baseline = _baseline(signal, before=before)
    if signal.state == "recovering" and signal.drifted is not None:
        baseline += f" and {metric_value(signal, signal.drifted)} at the drift"
    if signal.cases < FEW_CASES:
        text = place_words + _few(signal, span=since or "lately", baseline=baseline)
        weeks = [item for item in checks if item.check == signal.check]
        said = recent_weeks(weeks[0], as_of=as_of) if weeks and signal.segment is None else None
        text += f" {said}" if said else ""
        return text[0].upper() + text[1:]
    cases = counted(signal.cases, "case", digits=True)
    if signal.metric == "missed":
        recent = counted(signal.cases, "recent case", digits=True) if back else f"latest {cases}"
        head = f"missed in {now} of the {f'{cases} {since}' if since else recent}"
    else:
        name = "median time" if signal.metric == "latency" else "spread of times (p75/p25)"
        head = f"{name} {now}{f' {since}' if since else ''} (the latest {cases} timed)"
    text = f"{place_words}{head}, against {baseline}."
    return text[0].upper() + text[1:]


def few_headline(signal: Signal) -> str | None:
    """A step's headline when its figure rests on fewer than :data:`FEW_CASES` cases (the
    insight's "About 1 in 6 now missed" would quote a share on 17 cases), else ``None``.

    >>> from taut.signal.decide.cap import Signal
    >>> few = Signal(area="A", check="ack", risk="high", state="drifting",
    ...     since=date(2013, 10, 2), raised=None, segment=None, metric="missed",
    ...     baseline=0.007, current=3 / 17, cases=17, baseline_cases=1092, direction="up",
    ...     confidence=1.2)
    >>> few_headline(few)
    'Raised on 17 cases so far: too few yet to say how often it is now missed.'
    """
    if signal.cases >= FEW_CASES:
        return None
    what = {
        "missed": "how often it is now missed",
        "latency": "how long it now takes",
        "spread": "how much its times now vary",
    }[signal.metric]
    return (
        f"Raised on {counted(signal.cases, 'case', digits=True)} so far: too few yet to say {what}."
    )


def thin_words(item: ThinBaseline) -> str:
    """Why a step is not judged surely, from the counts its record carries: both reasons
    when both hold.

    >>> from taut.signal.inputs.window import BaselineWindow
    >>> window = BaselineWindow(start=date(2010, 1, 13), until=date(2010, 4, 4),
    ...     rule="recent")
    >>> def thin(cases: int, misses: int) -> str:
    ...     return thin_words(ThinBaseline(area="A", check="c", cases=cases, misses=misses,
    ...         reason="", window=window))
    >>> thin(138, 0)
    'its baseline holds only 138 decided cases and no miss among them: too few to know its usual level, or how rare a miss was'
    >>> thin(160, 84)
    'its baseline holds only 160 decided cases: too few to know its usual level'
    >>> thin(845, 0)
    'its baseline holds no miss in 845 decided cases: too few to know how rare a miss was'
    """  # noqa: E501
    misses = "no miss" if item.misses == 0 else counted(item.misses, "miss", digits=True)
    decided = counted(item.cases, "decided case", digits=True)
    few_misses = item.misses < MIN_SURE_MISSES
    if item.cases < MIN_SURE_CASES and few_misses:
        return (
            f"its baseline holds only {decided} and {misses} among them: too few to know "
            "its usual level, or how rare a miss was"
        )
    if item.cases < MIN_SURE_CASES:
        return f"its baseline holds only {decided}: too few to know its usual level"
    return f"its baseline holds {misses} in {decided}: too few to know how rare a miss was"


def held_caveat(signal: Signal, *, report: ScanReport) -> str:
    """What keeps a step coming back from plain good news, as a clause (empty when
    nothing does): a baseline too thin to know its usual level by, and a commitment it is
    still below (question 1 names every step below its commitment)."""
    said = []
    thin = [item for item in report.thin if item.check == signal.check]
    if thin:
        decided = counted(thin[0].cases, "decided case", digits=True)
        misses = "no miss" if thin[0].misses == 0 else counted(thin[0].misses, "miss")
        rests = f"only {decided}" if thin[0].cases < MIN_SURE_CASES else f"{misses} in {decided}"
        said.append(f"though that usual level rests on {rests}")
    below = [
        item
        for item in report.checks
        if item.check == signal.check and item.headroom is not None and item.headroom < 0
    ]
    if below:
        still = f"still below its {target_words(below[0].target)} commitment (see question 1)"
        said.append(f"and it is {still}" if said else f"though it is {still}")
    return "".join(f", {clause}" for clause in said)
