"""Plain-English phrases shared by the text, Markdown and HTML briefs.

Numbers, shares, hours and metric names come from :mod:`taut.words`, the home of the words
the briefs and the insight share; the sentences a brief is made of are here.

>>> metric_value(Signal(area="a", check="c", risk="low", state="drifting", since=None,
...     raised=None, segment=None, metric="latency", baseline=7.0, current=None, cases=1,
...     baseline_cases=1, direction="up", confidence=1.0), 7.25)
'7.2 h'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from taut.insight.wording import ratio, ratio_pair
from taut.signal.decide.cap import Signal
from taut.signal.decide.fragility import CURRENT_WEEKS, Fragility
from taut.signal.decide.settled import SettledChange
from taut.signal.inputs.resolution import DAY_PART_REASON
from taut.signal.report import NotWatched, ScanReport
from taut.words import (
    METRIC_NAMES,
    NOT_AVAILABLE,
    count_words,
    counted,
    hours,
    hours_pair,
    in_weeks,
    share,
    shares,
    where,
)

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.records import Recommendation


def metric_value(signal: Signal, value: float | None) -> str:
    """A metric's value in its unit."""
    if value is None:
        return NOT_AVAILABLE
    if signal.metric == "missed":
        return share(value)
    if signal.metric == "latency":
        return hours(value)
    return f"{ratio(value)}x"


def metric_pair(signal: Signal) -> tuple[str, str]:
    """The signal's baseline and current values in its unit, as precise as it takes to
    tell them apart (:func:`taut.words.distinct_pair`): ``0.05 h -> 0.06 h``, never
    ``0.1 h -> 0.1 h``.

    >>> metric_pair(Signal(area="a", check="c", risk="low", state="drifting", since=None,
    ...     raised=None, segment=None, metric="missed", baseline=0.0182, current=0.0184,
    ...     cases=1, baseline_cases=1, direction="up", confidence=1.0))
    ('1.82%', '1.84%')
    """
    if signal.metric == "missed":
        return shares(signal.baseline, signal.current)
    if signal.metric == "latency":
        return hours_pair(signal.baseline, signal.current)
    if signal.current is None:
        return metric_value(signal, signal.baseline), NOT_AVAILABLE
    before, now = ratio_pair(signal.baseline, signal.current)  # "2,700x", never "2715.9x"
    return f"{before}x", f"{now}x"


TABLE_COLUMNS: tuple[str, ...] = (
    "check",
    "area",
    "risk",
    "where",
    "state",
    "metric",
    "since",
    "raised",
    "baseline",
    "now",
    "cases",
)
"""The columns of a table of signals, in the order :func:`table_cells` fills them."""


def table_columns(*, raised: bool = True) -> tuple[str, ...]:
    """The columns of a table of signals: :data:`TABLE_COLUMNS`, without ``raised`` when
    ``raised`` is false (a brief with the store's memory, :func:`signal_line`).

    >>> "raised" in table_columns(raised=False)
    False
    """
    return tuple(name for name in TABLE_COLUMNS if raised or name != "raised")


def table_cells(signal: Signal, *, raised: bool = True) -> tuple[str, ...]:
    """One signal as the cells of a table row (see :func:`table_columns`)."""
    baseline, now = metric_pair(signal)
    cells = (
        signal.check,
        signal.area,
        signal.risk,
        signal.where,
        signal.state,
        signal.metric,
        signal.since.isoformat() if signal.since else "",
        signal.raised.isoformat() if signal.raised else "",
        baseline,
        now,
        f"{signal.cases:,}",
    )
    return cells if raised else cells[:7] + cells[8:]


def what(signal: Signal) -> str:
    """What moved, e.g. ``share missed 6.3% -> 28.3%``; ``unchanged`` when the two values
    are equal (:func:`metric_pair`); for a check coming back after an alarm, the level it
    had drifted to as well, all three as precise as it takes to tell them apart."""
    drifted = _shown_drift(signal)
    if drifted is None:
        baseline, now = metric_pair(signal)
        back = ""
    else:
        baseline, now, level = _triple(signal, drifted)
        back = f" (back from {level} at the drift)"
    if baseline == now:
        return f"{METRIC_NAMES[signal.metric]} {now}, unchanged{back}"
    return f"{METRIC_NAMES[signal.metric]} {baseline} -> {now}{small_change(signal)}{back}"


def _shown_drift(signal: Signal) -> float | None:
    """The level a recovering, recovered or improved check had drifted to, if known."""
    if signal.current is None or signal.state not in ("recovering", "recovered", "improved"):
        return None
    return signal.drifted


def _triple(signal: Signal, drifted: float) -> tuple[str, str, str]:
    """Baseline, current and drifted level at the least precision that tells apart each
    neighbouring pair that differs (:func:`taut.words.distinct_pair`'s rule, for three)."""
    unit = {"missed": "%", "latency": " h", "spread": "x"}[signal.metric]
    now = signal.current if signal.current is not None else signal.baseline

    def render(value: float, digits: int) -> str:
        if unit == "%":
            return f"{value:.{digits}%}"
        return f"{value:.{digits}f}{unit}"

    values = (signal.baseline, now, drifted)
    texts = tuple(render(value, 1) for value in values)
    for digits in range(1, 8):
        texts = tuple(render(value, digits) for value in values)
        if all(texts[k] != texts[k + 1] or values[k] == values[k + 1] for k in range(2)):
            break
    return texts[0], texts[1], texts[2]


SMALL_CHANGE = 0.05
"""A time or spread that moved by less than this share of its baseline is called small."""


def small_change(signal: Signal) -> str:
    """For a time or a spread that moved by less than 5% of its baseline, how little, in
    words (issue 11: ``78.5 h -> 78.7 h`` said plainly); empty otherwise.

    >>> small_change(Signal(area="a", check="c", risk="low", state="drifting", since=None,
    ...     raised=None, segment=None, metric="latency", baseline=78.5, current=78.7, cases=1,
    ...     baseline_cases=1, direction="up", confidence=1.0))
    ' (less than 1% longer)'
    """
    if signal.metric == "missed" or signal.current is None or signal.baseline <= 0:
        return ""
    change = (signal.current - signal.baseline) / signal.baseline
    if abs(change) >= SMALL_CHANGE:
        return ""
    longer = {"latency": ("longer", "shorter"), "spread": ("wider", "narrower")}[signal.metric]
    word = longer[0] if change > 0 else longer[1]
    size = "less than 1%" if abs(change) < 0.01 else f"about {round(abs(change) * 100)}%"
    return f" ({size} {word})"


def signal_line(signal: Signal, *, raised: bool = True) -> str:
    """One sentence about a signal or a watched check, with the day the scan's detector
    raised it; without that day when ``raised`` is false.

    A brief with the store's memory passes ``raised=False`` for every slice (issue 12: a
    signal's first raising is the store's, one date on every face): a tracked signal's line
    then quotes the store's first raising (:func:`taut.brief.lifecycle.lived_line`), and a
    slice the store does not track as open quotes no raising at all, since no stored
    signal backs it (``taut signals list`` would not find it).
    """
    where = "" if signal.segment is None else f" ({signal.where})"
    since = f" since {signal.since.isoformat()}" if signal.since else ""
    if signal.since and signal.state in ("recovering", "recovered"):
        # ``since`` is when the drift began, not when it came back.
        since = f" from a drift that began {signal.since.isoformat()}"
    raised_on = f", raised {signal.raised.isoformat()}" if raised and signal.raised else ""
    return (
        f"{signal.check}{where} [{signal.area}, {signal.risk} risk]: {signal.state}{since}"
        f"{raised_on}; {what(signal)} over {counted(signal.cases, 'case', digits=True)} "
        f"(baseline {counted(signal.baseline_cases, 'case', digits=True)})"
    )


def recent_window(item: Fragility, *, as_of: date) -> str:
    """The cases a check's share kept rests on, said with it (a signal's line quotes
    another window, its drift's): the last four weeks', or its latest cases when too few
    became known in them (:mod:`taut.signal.decide.fragility`).

    >>> item = Fragility(area="A", check="c", risk="high", target=0.9, current=0.8,
    ...     cases=20, headroom=-0.1, trend=0.0, breaks=None, score=1.0,
    ...     recent_from=date(2026, 1, 4))
    >>> recent_window(item, as_of=date(2026, 3, 1))
    'in its latest 20 cases (since 2026-01-04)'
    """
    weeks = as_of - timedelta(days=7 * CURRENT_WEEKS - 1)
    if item.recent_from is None or item.recent_from >= weeks:
        return "in the last four weeks"
    return f"in its latest {item.cases:,} cases (since {item.recent_from.isoformat()})"


def room_words(headroom: float) -> str:
    """How far above its commitment a share kept is, as the briefs say it: points above,
    or ``right at`` when the room rounds to none (never ``0.0 points above``).

    >>> room_words(0.05), room_words(0.0004)
    ('5.0 points above', 'right at')
    """
    points = f"{headroom * 100:.1f}"
    return "right at" if points == "0.0" else f"{points} points above"


def fragility_line(item: Fragility, *, as_of: date, loose: str = "") -> str:
    """One sentence about how close a check is to its target, over the cases it rests on;
    one above it with no fall at this pace but ``loose`` (``is drifting``,
    :func:`taut.brief.standing.loose_of`) holds for now, not holding."""
    kept = f"{share(item.current)} kept"
    if item.headroom is not None:
        kept = f"{kept} {recent_window(item, as_of=as_of)}"
    head = f"{item.check} [{item.area}, {item.risk} risk]: {kept}"
    target = f"{item.target:.0%}"
    if item.headroom is None:
        return f"{head}, no recent cases"
    if item.headroom < 0:
        return f"{head}, below its {target} commitment now"
    if item.breaks is not None:
        days = (item.breaks - as_of).days
        return (
            f"{head}; at this pace, below its {target} commitment in {in_weeks(days)} "
            f"(around {item.breaks.isoformat()})"
        )
    room = f"{head}, {room_words(item.headroom)} its {target} commitment"
    return f"{room} for now, though it {loose}" if loose else f"{room}, holding"


def headline(report: ScanReport) -> str:
    """The one-line answer at the top of every brief."""
    count = len(report.signals)
    if count == 0:
        return "No step is drifting."
    return f"{count_words(count).capitalize()} step{'s are' if count != 1 else ' is'} drifting."


INSIGHTS_TITLE = "What it means"
"""The title of the section that explains each signal (its insight)."""


def explained(report: ScanReport, insights: Sequence[Insight]) -> tuple[Insight, ...]:
    """The insights of ``report``'s signals, checked to be one per signal in their order.

    Args:
        report: the scan's result.
        insights: ``explain_signals(report=report, ...)``; empty for none.

    Returns:
        The insights to show: empty when there are none or the report has no signal.

    Raises:
        ValueError: when the insights are not those of the report's signals.
    """
    if not insights or not report.signals:
        return ()
    checks = [signal.check for signal in report.signals]
    if [insight.check for insight in insights] != checks:
        raise ValueError(
            f"Got insights for {[i.check for i in insights]} but the report's signals are "
            f"{checks}; pass explain_signals(report=...) of this same report."
        )
    return tuple(insights)


REINFORCE_TITLE = "What would steady it"
"""The title of the block under each signal's insight that gives its reinforcements."""


def steadied(
    report: ScanReport, reinforcements: Sequence[Recommendation]
) -> dict[str, Recommendation]:
    """The recommendations of ``report``'s signals by check, checked to be one per signal
    in their order (empty when there are none).

    Raises:
        ValueError: when the recommendations are not those of the report's signals.
    """
    if not reinforcements or not report.signals:
        return {}
    checks = [signal.check for signal in report.signals]
    if [item.check for item in reinforcements] != checks:
        raise ValueError(
            f"Got reinforcements for {[i.check for i in reinforcements]} but the report's "
            f"signals are {checks}; pass recommend(report=...) of this same report."
        )
    return {item.check: item for item in reinforcements}


def reinforcement_lines(item: Recommendation) -> tuple[str, ...]:
    """A signal's reinforcements as plain lines, best first (``1. Title (id): why``), or
    the one line saying what to look at first.

    >>> from taut.reinforce.records import Recommendation, Reinforcement
    >>> steady = Reinforcement(id="busy-day-cover", title="Add cover on the busiest days",
    ...     why="Misses went up on high-workload days; cover keeps the step on time.")
    >>> reinforcement_lines(Recommendation(check="c", reinforcements=(steady,),
    ...     look_first=None))
    ('1. Add cover on the busiest days (busy-day-cover): Misses went up on high-workload \
days; cover keeps the step on time.',)
    """
    if not item.reinforcements:
        return (item.look_first,) if item.look_first else ()
    return tuple(
        f"{rank}. {entry.title} ({entry.id}): {entry.why}"
        for rank, entry in enumerate(item.reinforcements, start=1)
    )


NOT_WATCHED_TITLE = "Not watched"
"""The title of the section that lists the slices a scan could not watch."""

SETTLED_TITLE = "Loosened before the baseline, now its normal"
"""The title of the section that lists changes older than a recent baseline window."""


def settled_lines(items: Sequence[SettledChange]) -> tuple[str, ...]:
    """One line per check that loosened before a recent baseline and stayed loose: its age
    and its levels, so an old change is neither news nor forgotten.

    >>> item = SettledChange(area="A", check="ack", before=0.41, after=0.67,
    ...     before_cases=900, after_cases=1000, start=date(2012, 7, 7))
    >>> print(settled_lines([item])[0])  # doctest: +NORMALIZE_WHITESPACE
    ack: missed 41.0% before 2012-07-07 -> 67.0% in the baseline from then (1,000 cases); an
    older change, taken as the normal this scan compares with, not news
    """
    lines = []
    for item in items:
        before, after = shares(item.before, item.after)
        lines.append(
            f"{item.check}: missed {before} before {item.start.isoformat()} -> {after} in the "
            f"baseline from then ({counted(item.after_cases, 'case', digits=True)}); an older "
            "change, taken as the normal this scan compares with, not news"
        )
    return tuple(lines)


THIN_TITLE = "Too little baseline to judge surely"
"""The title of the section that lists the checks whose baseline is thin."""


def thin_lines(report: ScanReport) -> tuple[str, ...]:
    """One line per check whose baseline is too thin to judge surely, with its reason.

    A check with too few cases is never listed as held steady, nor its signals called sure;
    the line says why and what to do (``taut scan`` repeats the whole warning on stderr). A
    check thin only for its rare misses that is held steady is not listed again here.
    """
    steady = {check for _, check in report.steady}
    return tuple(
        f"{item.check}: {item.reason}; a later baseline.until in taut.yaml, or more weeks "
        "of data, lets taut judge it"
        for item in report.thin
        # A check with many cases and no miss that still has none is held steady: true.
        if item.check not in steady
    )


def not_watched_line(item: NotWatched) -> str:
    """One slice the scan could not watch, and why.

    >>> not_watched_line(NotWatched(area="a", check="ack", metric="missed",
    ...     segment={"team": "West"}, reason="only 12 cases"))
    'ack (team West): not watched, because only 12 cases'
    """
    return f"{item.check} ({where(item.segment)}): not watched, because {item.reason}"


def not_watched_lines(items: Sequence[NotWatched]) -> tuple[str, ...]:
    """The slices a scan could not watch, for a reader: whole checks first, one line each
    with its reason, then one line per check for its segments watched only within it.

    A segment too thin to watch on its own still counts in its whole check, so a leader needs
    to know which ones, not forty reasons; ``--format json`` keeps every reason.

    >>> thin = [NotWatched(area="a", check="ack", metric=None, segment={"weekday": day},
    ...     reason="only 12 cases") for day in ("Saturday", "Sunday")]
    >>> print(*not_watched_lines(thin))  # doctest: +NORMALIZE_WHITESPACE
    ack: two segments are watched only within the whole check, not on their own (weekday
    Saturday, weekday Sunday); taut scan --format json gives each reason

    A check whose times are recorded to the day reads as not split by hour, once:

    >>> day = [NotWatched(area="a", check="fine", metric=None, segment={"day_part": part},
    ...     reason=DAY_PART_REASON) for part in ("earlier", "late")]
    >>> print(*not_watched_lines(day))  # doctest: +NORMALIZE_WHITESPACE
    fine: not split by hour of day, because the log records this check's times to the day
    (every time at one clock time, midnight as a rule), so the hour of day says nothing about
    a case
    """
    # Two metrics of one check unwatched for one reason read as one line, not the same twice.
    lines = list(dict.fromkeys(not_watched_line(item) for item in items if item.segment is None))
    places: dict[str, list[str]] = {}
    for item in items:
        if item.segment is not None and item.reason == DAY_PART_REASON:
            # A day-recorded check is not split by hour at all: one line, never its labels.
            line = f"{item.check}: not split by hour of day, because {DAY_PART_REASON}"
            if line not in lines:
                lines.append(line)
        elif item.segment is not None:
            named = places.setdefault(item.check, [])
            if where(item.segment) not in named:
                named.append(where(item.segment))
    for check, named in places.items():
        if len(named) == 1:
            segments, own = "one segment is", "its"
        else:
            segments, own = f"{count_words(len(named))} segments are", "their"
        lines.append(
            f"{check}: {segments} watched only within the whole check, not on {own} own "
            f"({', '.join(named)}); taut scan --format json gives each reason"
        )
    return tuple(lines)
