"""The insight's words: a headline, a short text and a confidence, from fixed templates.

Each signal reads, in order: a headline (one short sentence, Flesch reading ease 60 or
more); what changed, with numbers and dates; for a form, which fields are left blank and
whether forms now arrive with several blanks; what it means in practice; the conditions
that made the slip reasonable (capacity, timing, an unclear handoff, complexity) or, when
none explains it, that it shows under every condition tried; whether the same weeks a
year earlier saw the same change (:mod:`taut.insight.season`); how many people and teams
show it (counts only); what it leads to; and how sure taut is. The same records always
give the same words. The text speaks of conditions and teams, never of a person.

Rules that keep a paragraph in agreement with its numbers:

- a before and an after are written as a pair (:func:`~taut.insight.wording.one_in_pair`,
  :func:`~taut.insight.wording.duration_pair`), so they never read alike;
- the cases a week are the decided cases shown times the change in the slip rate shown,
  over the weeks shown, and the sentence shows all three;
- a condition's inside and outside rates come with the whole they split, from the same
  cases and window, so the parts bracket it;
- a signal raised on a segment is said to be there, never "across the board"; the
  conditions said to be tried are the ones that were (no team on a log without teams).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from taut.insight.confidence import confidence_words
from taut.insight.reach import consequence_lines, field_lines, spread_line
from taut.insight.records import BlankFields, ConditionEffect, Consequence, Insight, Spread
from taut.insight.season import Season
from taut.insight.wording import (
    duration_pair,
    one_in_pair,
    place,
    ratio_pair,
    reason,
    segment_place,
    slip_share,
)
from taut.signal.decide.cap import Signal
from taut.words import (
    cases_behind,
    counted,
    in_weeks,
)

MAX_CONDITIONS_IN_TEXT = 3


@dataclass(frozen=True, kw_only=True)
class Findings:
    """Everything the templates need about one signal.

    Attributes:
        signal: the signal explained.
        named: the conditions that hold, most explanatory first.
        tried: how many conditions (and pairs) were tried.
        excess: excess slipped cases during the drift.
        spread: people and teams showing it, or ``None``.
        consequences: one per lagging outcome.
        baseline_until: the last day of the baseline window.
        as_of: the last day of data.
        during_from: the first day of the window ``excess`` was counted over (``None``:
            :attr:`start`).
        blank_fields: for a ``complete`` check, which fields are left blank.
        before_rate, during_rate: the slip rate of all the check's decided cases before
            and during the drift window (NaN: unknown), the whole the conditions split.
        during_cases: the decided cases behind ``during_rate``.
        fields_tried: the condition fields measured (``None``: not told, assumed all of
            workload, hour, weekday, team and case attributes).
        season: the same weeks a year earlier, when the change recurred then.
        baseline_from: the first day of the check's own baseline window, when the store's
            decisions moved it and left its drifts' days out of it (``None``: the scan's
            window, nothing left out); the paragraph then names both ends.
    """

    signal: Signal
    named: tuple[ConditionEffect, ...]
    tried: int
    excess: float
    spread: Spread | None
    consequences: tuple[Consequence, ...]
    baseline_until: date
    as_of: date
    during_from: date | None = None
    blank_fields: BlankFields | None = None
    before_rate: float = math.nan
    during_rate: float = math.nan
    during_cases: int = 0
    fields_tried: tuple[str, ...] | None = None
    season: Season | None = None
    baseline_from: date | None = None

    @property
    def start(self) -> date:
        """The first day of the drift window."""
        first = self.baseline_until + timedelta(days=1)
        return max(self.signal.since or first, first)


def _day(value: date) -> str:
    return f"{value:%d %B %Y}".lstrip("0")


def _current(signal: Signal) -> float:
    return signal.current if signal.current is not None else signal.baseline


def _where(findings: Findings) -> str:
    """Where the headline says the change is: a named condition, the signal's segment, a
    season, or across the board (only when conditions were tried and none stands out)."""
    signal = findings.signal
    if signal.segment:
        return f", for {segment_place(signal.segment)}"
    if findings.named:
        first = findings.named[0]
        return f", most of all {place(first.field, first.value, short=True)}"
    if findings.season is not None:
        return ", as in the same weeks last year"
    if findings.fields_tried == () or not _every_team_shows(findings):
        return ""
    return ", across the board"


def _every_team_shows(findings: Findings) -> bool:
    """Whether the spread count has no team left out (or no teams to count): only then may
    a paragraph say "across the board" or "in each team" beside "N of M teams show it"."""
    spread = findings.spread
    return spread is None or spread.teams in (0, spread.teams_showing)


def _teams_unjudged(findings: Findings) -> bool:
    """Whether teams worked on the drift's cases with too few of them to judge: the spread
    line says so, so the slip is not said to show "in each team"."""
    spread = findings.spread
    return spread is not None and (spread.teams_seen or 0) > spread.teams


def write_headline(findings: Findings) -> str:
    """The headline: what moved and where it concentrates, in one short sentence."""
    signal = findings.signal
    where = _where(findings)
    if signal.metric == "missed":
        only = "" if signal.direction == "up" else "only "
        _, now = one_in_pair(signal.baseline, _current(signal))
        return f"{signal.check}: {only}{now} now missed{where}."
    if signal.metric == "latency":
        _, now = duration_pair(signal.baseline, _current(signal))
        return f"{signal.check}: now takes {now}{where}."
    verb = "more" if signal.direction == "up" else "less"
    return f"{signal.check}: times vary {verb} than they did{where}."


def _what_changed(findings: Findings) -> str:
    signal = findings.signal
    since = _day(findings.start)
    base = f"the baseline up to {_day(findings.baseline_until)}"
    if findings.baseline_from is not None:  # its own window, its drifts' days left out
        base = (
            f"its baseline from {_day(findings.baseline_from)} to "
            f"{_day(findings.baseline_until)}, without the days it drifted"
        )
    current = _current(signal)
    cases = cases_behind(signal.metric, signal.cases)
    scope = f"For {segment_place(signal.segment)}, since" if signal.segment else "Since"
    if signal.metric == "missed":
        before, now = one_in_pair(signal.baseline, current)
        return (
            f"{scope} {since}, {signal.check} has been missed in {now} cases, "
            f"against {before} in {base} ({cases})."
        )
    if signal.metric == "latency":
        before, now = duration_pair(signal.baseline, current)
        change = "up" if current >= signal.baseline else "down"
        small = abs(current - signal.baseline) < 0.05 * signal.baseline
        note = f", a change of {_small_change(signal.baseline, current)}" if small else ""
        return (
            f"{scope} {since}, the middle time for {signal.check} is {now}, "
            f"{change} from {before} in {base}{note} ({cases})."
        )
    verb = "spread out" if current >= signal.baseline else "drawn together"
    before, now = ratio_pair(signal.baseline, current)
    return (
        f"{scope} {since}, the times for {signal.check} have {verb}: the slowest quarter of "
        f"cases take at least {now} times as long as the fastest quarter, against {before} "
        f"times in {base} ({cases})."
    )


def _small_change(before: float, after: float) -> str:
    """A small relative change in words, e.g. ``less than 1%`` or ``about 3%``."""
    change = abs(after - before) / before if before else math.inf
    return "less than 1%" if change < 0.01 else f"about {round(change * 100)}%"


SLIPPED: dict[str, str] = {
    "missed": "missed",
    "latency": "slower than nine in ten baseline cases or never done",
    "spread": "slower than nine in ten baseline cases or never done",
}
"""What a slipped case is, per metric, in the sentence that counts them (:mod:`slip`)."""


def _per_week(cases: int, change: float, days: int, basis: str) -> str | None:
    """The extra slipped cases a week, ``cases * change / weeks``, with what it comes from."""
    if change <= 0 or days < 1 or cases < 1 or math.isnan(change):
        return None
    per_week = round(cases * change / days * 7)
    if per_week < 1:
        return f"In practice that is less than one more slipped case a week ({basis})."
    return f"In practice that is about {counted(per_week, 'more slipped case')} a week ({basis})."


def _span(days: int) -> str:
    """A window's length as the cases-a-week sentence shows it: in days under three weeks
    (where rounding to weeks would move the figure), in rounded weeks from then on."""
    return counted(days, "day") if days < 21 else in_weeks(days)


def _meaning(findings: Findings) -> str | None:
    """The extra slipped cases a week, from numbers the paragraph shows.

    For a share missed: the first sentence's cases times its change in the share, over the
    weeks since its date. For a time: the slow cases (slower than nine in ten baseline
    cases, :mod:`taut.insight.slip`), whose counts and shares this sentence shows itself.
    """
    signal = findings.signal
    if signal.metric == "missed" and signal.current is not None:
        days = (findings.as_of - findings.start).days + 1
        basis = f"{counted(signal.cases, 'case', digits=True)} over {_span(days)}"
        return _per_week(signal.cases, signal.current - signal.baseline, days, basis)
    start = findings.during_from or findings.start
    days = (findings.as_of - start).days + 1
    before, during = findings.before_rate, findings.during_rate
    if math.isnan(before) or math.isnan(during):
        return None
    then, now = one_in_pair(before, during)
    scope = " of the whole check" if signal.segment else ""
    basis = (
        f"{counted(findings.during_cases, 'decided case', digits=True)}{scope} begun since "
        f"{_day(start)}, {_span(days)}, {now} {SLIPPED[signal.metric]} against {then} in "
        f"the baseline"
    )
    return _per_week(findings.during_cases, during - before, days, basis)


def _whole(findings: Findings, noun: str) -> str:
    """The whole a condition's parts split, unless a sentence before says it already (the
    first, for a share missed over the signal's own cases; the cases-a-week sentence, for a
    time)."""
    signal = findings.signal
    start = findings.during_from or findings.start
    same = signal.metric != "missed" or (not signal.segment and start == findings.start)
    if same or math.isnan(findings.before_rate) or math.isnan(findings.during_rate):
        return ""
    then, now = one_in_pair(findings.before_rate, findings.during_rate)
    return f"Over all the check's cases since {_day(start)}, {noun} went from {then} to {now}. "


FIELD_PHRASES: dict[str, str] = {
    "workload": "on busy and quiet days",
    "hour": "early and late in the day",
    "weekday": "on every weekday",
    "team": "in each team",
    "handoff": "with and without a handoff between teams",
}
"""How a condition field reads in "it shows ...", when no condition of it stands out."""
ASSUMED_FIELDS = ("workload", "hour", "weekday", "team", "kind of case")
"""The fields a :class:`Findings` built without ``fields_tried`` is taken to have tried."""


def _everywhere(fields: tuple[str, ...]) -> str:
    phrases = [FIELD_PHRASES[f] for f in FIELD_PHRASES if f in fields]
    others = [f for f in fields if f not in FIELD_PHRASES and "+" not in f]
    phrases += [
        "for each kind of case" if name == "kind of case" else f"for each value of {name}"
        for name in others
    ]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + f" and {phrases[-1]}"


def _season(season: Season) -> str:
    then, now = one_in_pair(season.before, season.during)
    return (
        f"The same weeks a year earlier ({_day(season.start)} to {_day(season.end)}) saw the "
        f"same kind of change, from {then} to {now} slipped cases: it coincides with a "
        f"seasonal pause seen last year, such as a holiday period, rather than a new cause."
    )


def _unnamed(findings: Findings) -> list[str]:
    fields = findings.fields_tried
    if fields is None:
        fields = ASSUMED_FIELDS
    lines: list[str] = []
    singles = tuple(f for f in fields if "+" not in f)
    if not _every_team_shows(findings) or _teams_unjudged(findings):
        # The spread line counts the teams that show it, and those too thin to judge:
        # "in each team" would contradict it.
        singles = tuple(f for f in singles if f != "team")
    if not singles:
        lines.append("Too few cases fall under each condition to tell where it concentrates.")
    else:
        said = _everywhere(singles).replace(
            "for each value of kind of case", "for each kind of case"
        )
        lead = (
            f"The alarm rang for {segment_place(findings.signal.segment)}, but over all of the "
            f"check's cases no one condition explains it"
            if findings.signal.segment
            else "No one condition explains it"
        )
        lines.append(f"{lead}: it shows {said}.")
    if findings.season is not None:
        lines.append(_season(findings.season))
    elif singles and not findings.signal.segment:
        lines.append("That points at the step itself rather than at one place.")
    return lines


def _conditions(findings: Findings) -> list[str]:
    if not findings.named:
        return _unnamed(findings)
    noun = "misses" if findings.signal.metric == "missed" else "slow cases"
    first = findings.named[0]
    in_then, in_now = one_in_pair(first.inside_before, first.inside_during)
    out_then, out_now = one_in_pair(first.outside_before, first.outside_during)
    lines = [
        f"{_whole(findings, noun)}"
        f"It is concentrated {place(first.field, first.value, short=False)}: there {noun} "
        f"went from {in_then} to {in_now}, while elsewhere they went from {out_then} to "
        f"{out_now}.",
        f"That accounts for {slip_share(first.share_explained)}.",
    ]
    if findings.season is not None:
        lines.append(_season(findings.season))
    else:
        lines.append(f"What likely made it reasonable is {reason(first.field)}.")
    shown = findings.named[:MAX_CONDITIONS_IN_TEXT]
    said = [slip_share(first.share_explained)]
    for other in shown[1:]:
        words = slip_share(other.share_explained)
        again = " too" if words in said else ""
        said.append(words)
        lines.append(
            f"It also shows {place(other.field, other.value, short=False)} ({words}{again})."
        )
    if sum(effect.share_explained for effect in shown) > 1:
        lines.append(OVERLAP)
    return lines


OVERLAP = (
    "These conditions overlap (a case can meet several), so their shares of the slip add up "
    "to more than the whole."
)
"""Said when the shares of the slip of the conditions in the text add up to more than it."""


def write_insight(findings: Findings) -> Insight:
    """The whole insight of one signal (module docstring)."""
    confidence = confidence_words(
        signal=findings.signal, named=bool(findings.named), tried=findings.tried
    )
    sentences: list[str | None] = [_what_changed(findings), *field_lines(findings.blank_fields)]
    sentences += [_meaning(findings), *_conditions(findings)]
    sentences += [spread_line(findings.spread), *consequence_lines(findings.consequences)]
    sentences.append(f"How sure: {confidence}.")
    return Insight(
        check=findings.signal.check,
        headline=write_headline(findings),
        text=" ".join(s for s in sentences if s),
        conditions=findings.named,
        widespread=not findings.named,
        spread=findings.spread,
        consequences=findings.consequences,
        confidence=confidence,
        blank_fields=findings.blank_fields,
        seasonal=findings.season is not None,
    )
