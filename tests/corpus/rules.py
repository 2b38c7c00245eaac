"""Issue 11's rules for what a scan may say, each a small checker over one scan's outputs.

Every rule reads one :class:`ScanOutput` (the text a person reads and the JSON document of
the same scan) and returns the sentences that break it, each with the words that break it, so
a failing test names the exact place. An empty list means the scan keeps the rule.

The rules (issue 11, "What it must show"):

- :func:`alike_before_after`: before and after never read alike at the precision shown
  ("0.1 h -> 0.1 h", "about 3 minutes, up from about 3 minutes", "5 in 10 ... against 1 in 2").
- :func:`sure_on_thin_baseline`: no signal says "very sure" or "quite sure" when its baseline
  slice held fewer than :data:`THIN_BASELINE` cases (``baseline_cases`` in the JSON).
- :func:`contradictory_states`: one state per check on one screen (not drifting and
  recovering at once), and no check "held steady" while it sits below its commitment and its
  share kept has moved :data:`MATERIAL_CHANGE` or more from the baseline's (the baseline
  share is computed by the corpus from taut's outcomes, ``ScanOutput.baseline_kept``), nor
  for a check whose share is not watched at all.
- :func:`one_story`: a paragraph that says a change shows "across the board" or "in each
  team" does not then say that only some of the teams show it.
- :func:`teams_the_log_has`: a log whose contract maps no team column is never said to show
  anything "in each team" or in so many teams.
- :func:`counting_words`: no "all two teams", "one of one teams", "1 cases", "1 checks",
  "none of the 0 conditions", "a upgrade" or "an step".
- :func:`time_of_day_on_day_times`: a log whose times are recorded to the day gets no
  time-of-day segment ("day part ...") and no "early and late".
- :func:`parts_bracket_whole`: where a paragraph splits a change into a segment and
  "elsewhere", the whole lies between its parts, before and after.
- :func:`steadied_from_its_insight` (issue 13): every signal explained says what would steady
  it, as reinforcements or as what to look at first; every figure a reinforcement quotes is
  one its signal's insight says; a line that looks first at a step "around" a day names the
  day the insight says the change began.
- :func:`recovering_towards_baseline`: "recovering" is never shown for a value worse than the
  baseline unless a recent level is given that is closer to the baseline, and never for a
  value better than the baseline (that is an improvement, not a recovery).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

THIN_BASELINE = 30
"""Fewer baseline cases than this in a signal's slice is a thin baseline: with under 30
cases a share's 90% interval is wider than +-15 points, too wide for "very sure"."""

MATERIAL_CHANGE = 0.10
"""A share kept that moved ten points or more from its baseline share has changed
materially: "held steady" must not be said of it while it is below its commitment."""

NUMBER_WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

UNIT_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "h": 1.0}


@dataclass(frozen=True)
class ScanOutput:
    """One scan of the corpus: what a person reads and the JSON of the same scan."""

    name: str
    text: str
    doc: Mapping[str, Any]
    day_recorded: bool = False
    has_team: bool = True
    baseline_kept: Mapping[str, float] = field(default_factory=dict)


Rule = Callable[[ScanOutput], list[str]]

# A quantity as the outputs write it: "about 1 in 8", "5 in 10", "none", "all", "16.9%",
# "0.1 h", "8253.2x", "about three weeks", "about a day", "about 45 minutes".
_QUANTITY = (
    r"(?:about |fewer than |more than )?(?:"
    r"\d[\d,]*(?:\.\d+)? in \d[\d,]*"
    r"|\d[\d,]*(?:\.\d+)?(?:%| ?h\b|x\b)"
    r"|(?:\d[\d,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:minute|hour|day|week)s?"
    r"|none|nearly all|all)"
)
_PAIRS = (
    re.compile(rf"(?P<before>{_QUANTITY}) -> (?P<after>{_QUANTITY})"),
    re.compile(rf"from (?P<before>{_QUANTITY}) to (?P<after>{_QUANTITY})"),
    re.compile(rf"(?P<after>{_QUANTITY}), (?:up|down) from (?P<before>{_QUANTITY})"),
    re.compile(rf"in (?P<after>{_QUANTITY}) cases, against (?P<before>{_QUANTITY})"),
)


def _amount(word: str) -> float:
    count = NUMBER_WORDS.get(word)
    return float(word) if count is None else float(count)


_READINGS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], float | None]], ...] = (
    (re.compile(r"(?:fewer|more) than .*"), lambda _: None),
    (re.compile(r"none"), lambda _: 0.0),
    (re.compile(r"nearly all"), lambda _: 0.975),
    (re.compile(r"all"), lambda _: 1.0),
    (re.compile(r"(\d+(?:\.\d+)?) in (\d+)"), lambda m: float(m[1]) / float(m[2])),
    (re.compile(r"(\d+(?:\.\d+)?)%"), lambda m: float(m[1]) / 100),
    (re.compile(r"(\d+(?:\.\d+)?)x"), lambda m: float(m[1])),
    (
        re.compile(r"(\d+(?:\.\d+)?|\w+) ?(minute|hour|day|week|h)s?"),
        lambda m: _amount(m[1]) * UNIT_HOURS[m[2]],
    ),
)


def reading(phrase: str) -> float | None:
    """The value a reader takes from a quantity phrase (hours for times), None if not one.

    >>> reading("about 5 in 10"), reading("1 in 2"), reading("about three weeks")
    (0.5, 0.5, 504.0)
    >>> reading("nearly all"), reading("all")
    (0.975, 1.0)
    """
    words = phrase.replace(",", "").removeprefix("about ").strip()
    for pattern, value in _READINGS:
        if match := pattern.fullmatch(words):
            return value(match)
    return None


def _sentences(text: str) -> Iterator[str]:
    """The text's sentences: lines on their own, a wrapped paragraph (indented four or more)
    joined up first, then split after a full stop."""
    blocks: list[str] = []
    joining = False
    for line in text.splitlines():
        indented = line.startswith("    ") and line.strip() != ""
        if indented and joining:
            blocks[-1] += " " + line.strip()
        elif line.strip():
            blocks.append(line.strip())
        joining = indented
    for block in blocks:
        yield from (part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", block) if part)


def _entries(doc: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from doc.get("signals", [])
    yield from doc.get("watching", [])


def alike_before_after(scan: ScanOutput) -> list[str]:
    """Sentences whose before and after read alike at the precision they are shown."""
    found = []
    for sentence in _sentences(scan.text):
        for pattern in _PAIRS:
            for match in pattern.finditer(sentence):
                before, after = reading(match["before"]), reading(match["after"])
                if before is not None and before == after:
                    found.append(f"{match[0]!r} in: {sentence}")
    return found


def sure_on_thin_baseline(scan: ScanOutput) -> list[str]:
    """Signals worded as sure whose baseline slice held fewer than THIN_BASELINE cases."""
    found = []
    for entry in _entries(scan.doc):
        insight = entry.get("insight") or {}
        words = " ".join(str(insight.get(key) or "") for key in ("confidence", "text"))
        thin = int(entry.get("baseline_cases") or 0) < THIN_BASELINE
        if thin and re.search(r"\b(?:very|quite) sure\b", words):
            found.append(
                f"{entry['check']} ({entry.get('segment') or 'all cases'}): "
                f"'{insight.get('confidence')}' on {entry.get('baseline_cases')} baseline cases"
            )
    return found


def contradictory_states(scan: ScanOutput) -> list[str]:
    """Checks shown in two states at once, or held steady while moving below commitment."""
    states: dict[str, set[str]] = {}
    for entry in _entries(scan.doc):
        states.setdefault(str(entry["check"]), set()).add(str(entry["state"]))
    steady = {str(entry["check"]) for entry in scan.doc.get("steady", [])}
    found = [
        f"{check}: shown as {' and '.join(sorted(seen))} on one screen"
        for check, seen in sorted(states.items())
        if len(seen) > 1
    ]
    found.extend(
        f"{check}: held steady and also {' and '.join(sorted(states[check]))}"
        for check in sorted(steady & states.keys())
    )
    unwatched = {
        str(row["check"])
        for row in scan.doc.get("not_watched", [])
        if row.get("segment") is None and row.get("metric") in SHARE_METRICS
    }
    found.extend(
        f"{check}: held steady, yet its share is not watched at all"
        for check in sorted(steady & unwatched)
    )
    for row in scan.doc.get("checks", []):
        current, target = row.get("current"), row.get("target")
        before = scan.baseline_kept.get(str(row["check"]))
        below = current is not None and target is not None and current < target
        moved = (
            before is not None and current is not None and abs(current - before) >= MATERIAL_CHANGE
        )
        if row["check"] in steady and below and moved:
            found.append(
                f"{row['check']}: held steady, yet {current:.1%} kept is below its "
                f"{target:.0%} commitment, against {before:.1%} kept in the baseline"
            )
    return found


_COUNTING = (
    re.compile(r"\ball (?:one|two|1|2) \w+", re.IGNORECASE),
    re.compile(r"\bone of one\b", re.IGNORECASE),
    re.compile(r"(?<![\d.,])\b(?:of the |all )?(?:0|zero) \w+s\b", re.IGNORECASE),
    re.compile(
        r"(?<![\d.,])1 (?:cases|checks|teams|people|segments|conditions|weeks|days|fields)\b"
    ),
    re.compile(r"\b[Aa] (?!one\b|one-|once\b|u(?:s|ni|ti|ro|ra)\w*|eu\w*)[aeiouAEIOU]\w*"),
    re.compile(r"\b[Aa]n (?!hour|honest|h\b|8|11\b|18\b)[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z0-9]\w*"),
)


def counting_words(scan: ScanOutput) -> list[str]:
    """Sentences with a wrong counting word or a wrong article."""
    return [
        f"{match[0]!r} in: {sentence}"
        for sentence in _sentences(scan.text)
        for pattern in _COUNTING
        for match in pattern.finditer(sentence)
    ]


def time_of_day_on_day_times(scan: ScanOutput) -> list[str]:
    """Time-of-day segments or wording on a log whose times are recorded to the day."""
    if not scan.day_recorded:
        return []
    found = [
        f"{entry['check']}: segment {entry['segment']}"
        for entry in _entries(scan.doc)
        if "day_part" in (entry.get("segment") or {}) or "hour" in (entry.get("segment") or {})
    ]
    found.extend(
        f"{match[0]!r} in: {sentence}"
        for sentence in _sentences(scan.text)
        for match in re.finditer(r"day part \w+|early and late|late-day|time of day", sentence)
    )
    return found


_SPLIT = re.compile(
    rf"went from (?P<inside_before>{_QUANTITY}) to (?P<inside_after>{_QUANTITY}), "
    rf"while elsewhere they went from (?P<outside_before>{_QUANTITY}) to "
    rf"(?P<outside_after>{_QUANTITY})"
)
SHARE_METRICS = ("missed", "blank_fields")
"""A check's own stream, the share missed (or blank fields): not watched, nothing is watched."""


_READING_SLACK = 0.25
"""How far outside its parts a whole may read before it fails to be bracketed: one part in
four of the larger part, the rounding of "about 1 in N" at small N."""


def _bracketed(whole: float, first: float, second: float) -> bool:
    low, high = min(first, second), max(first, second)
    return low * (1 - _READING_SLACK) - 0.005 <= whole <= high * (1 + _READING_SLACK) + 0.005


def parts_bracket_whole(scan: ScanOutput) -> list[str]:
    """Segment splits whose parts do not bracket the whole's before and after."""
    found = []
    for entry in _entries(scan.doc):
        text = str((entry.get("insight") or {}).get("text") or "")
        for match in _SPLIT.finditer(text):
            parts = {key: reading(value) for key, value in match.groupdict().items()}
            for when, whole in (("before", entry.get("baseline")), ("after", entry.get("current"))):
                inside, outside = parts[f"inside_{when}"], parts[f"outside_{when}"]
                if whole is None or inside is None or outside is None:
                    continue
                if not _bracketed(float(whole), inside, outside):
                    found.append(
                        f"{entry['check']}: the whole {when} ({float(whole):.1%}) is outside "
                        f"its parts ({inside:.1%}, {outside:.1%}) in: {match[0]}"
                    )
    return found


def recovering_towards_baseline(scan: ScanOutput) -> list[str]:
    """Recovering entries that are not coming back towards the baseline.

    A recovering entry's ``current`` is its recent level and ``drifted`` the level it
    drifted to (from the change's start to the alarm): it is coming back when the recent
    level is still worse than the baseline (else it reads recovered or improved) and nearer
    to it than the drifted level.
    """
    found = []
    for entry in _entries(scan.doc):
        if entry.get("state") != "recovering":
            continue
        baseline, current = entry.get("baseline"), entry.get("current")
        if baseline is None or current is None:
            continue
        name = f"{entry['check']} ({entry.get('metric')})"
        drifted = entry.get("drifted")
        if current <= baseline:
            found.append(f"{name}: recovering {baseline} -> {current} is not worse than baseline")
        elif drifted is None or abs(drifted - baseline) <= abs(current - baseline):
            found.append(
                f"{name}: recovering at {current}, worse than baseline {baseline}, "
                f"and no nearer to it than the level it drifted to ({drifted})"
            )
    return found


_SOME_TEAMS = re.compile(
    r"\b(?P<some>none|\w+) of (?:the )?(?P<all>\w+) teams? shows?", re.IGNORECASE
)


def _count(word: str) -> int | None:
    word = word.lower().replace(",", "")
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def one_story(scan: ScanOutput) -> list[str]:
    """Paragraphs that say "across the board" or "in each team" and then that only some
    teams show it."""
    found = []
    for entry in _entries(scan.doc):
        insight = entry.get("insight") or {}
        words = f"{insight.get('headline') or ''} {insight.get('text') or ''}"
        everywhere = re.search(r"across the board|in each team", words)
        for match in _SOME_TEAMS.finditer(words):
            some, every = _count(match["some"]), _count(match["all"])
            if everywhere and some is not None and every is not None and some < every:
                found.append(
                    f"{entry['check']}: '{everywhere[0]}' and '{match[0]}' in one paragraph"
                )
    return found


def teams_the_log_has(scan: ScanOutput) -> list[str]:
    """Sentences about teams on a log whose contract names no team column."""
    if scan.has_team:
        return []
    return [
        f"{match[0]!r} in: {sentence}"
        for sentence in _sentences(scan.text)
        for match in re.finditer(r"\b(?:in each team|\w+ teams? shows?\b|each team)", sentence)
    ]


_FIGURE = re.compile(r"(?:about|fewer than) \d[\d,]* in \d[\d,]*|about \d+%|\bnone\b")
_AROUND = re.compile(r"around (\d{1,2} [A-Z][a-z]+ \d{4})")


def steadied_from_its_insight(scan: ScanOutput) -> list[str]:
    """Signals with an insight but nothing on what would steady them, and reinforcements
    or look-first lines whose figures or dates their insight does not say."""
    found = []
    for entry in scan.doc.get("signals", []):
        insight = entry.get("insight")
        if insight is None or "reinforcements" not in entry:
            continue
        said = str(insight.get("text") or "")
        lines = [str(item["why"]) for item in entry["reinforcements"]]
        if not lines and not entry.get("look_first"):
            found.append(f"{entry['check']}: neither reinforcements nor a line to look first")
        for line in lines:
            found += [
                f"{entry['check']}: {figure!r} not in its insight, in: {line}"
                for figure in _FIGURE.findall(line)
                if figure not in said
            ]
        for day in _AROUND.findall(str(entry.get("look_first") or "")):
            if f"Since {day}" not in said and f"since {day}" not in said:
                found.append(f"{entry['check']}: 'around {day}' is not when its insight says")
    return found


RULES: dict[str, Rule] = {
    "alike_before_after": alike_before_after,
    "sure_on_thin_baseline": sure_on_thin_baseline,
    "contradictory_states": contradictory_states,
    "counting_words": counting_words,
    "time_of_day_on_day_times": time_of_day_on_day_times,
    "parts_bracket_whole": parts_bracket_whole,
    "recovering_towards_baseline": recovering_towards_baseline,
    "teams_the_log_has": teams_the_log_has,
    "one_story": one_story,
    "steadied_from_its_insight": steadied_from_its_insight,
}
"""Every rule, by name: the corpus test runs each on each scan."""
