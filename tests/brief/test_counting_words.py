"""No wrong counting word, article or look-alike before/after in anything taut writes.

Scans every golden file under ``tests/golden`` (the reviewed text, Markdown, HTML and JSON
outputs of scans, insights, contracts and messages) and every insight template's text for
the patterns issue 11 found on real logs: "all two teams", "one of one teams", "baseline 1
cases", "1 checks", "a upgrade", "none of the 0 conditions", and a before and an after that
read alike ("0.1 h -> 0.1 h", "about 3 minutes, up from about 3 minutes").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taut.insight.headline import write_insight
from tests.golden import ROOT
from tests.insight.test_golden import CASES

NOUNS = (
    r"(?:cases?|checks?|teams?|people|persons?|conditions?|weeks?|days?|steps?|segments?|"
    r"forms?|fields?|signals?|areas?|activities|activity|rows?)"
)
BAD: dict[str, re.Pattern[str]] = {
    "all two": re.compile(r"\ball (?:two|2) " + NOUNS + r"\b"),
    "one of one": re.compile(r"\b(?:one|1) of (?:one|1) " + NOUNS + r"\b"),
    "one with a plural": re.compile(
        r"(?<![\d.,])\b(?:1|one) (?:cases|checks|teams|conditions|weeks|days|steps|segments|"
        r"forms|fields|signals|areas|activities|rows|more slipped cases)\b"
    ),
    "many with a singular": re.compile(
        r"\b(?:[2-9]|[1-9][\d,]*\d|two|three|four|five|six|seven|eight|nine|ten) "
        r"(?:more slipped )?(?:case|check|team|condition|week|day|step|segment|signal|area)"
        r"\b(?![-:])"
    ),
    "a before a vowel": re.compile(r"\b[Aa] (?:[aeio]\w*|u(?!ni|se|su|sa|ti|r)\w*)\b"),
    "an before a consonant": re.compile(r"\b[Aa]n (?:[b-df-hj-np-tv-z]\w*)\b"),
    "none of zero": re.compile(r"\bnone of the (?:0|no) "),
    "alike before and after": re.compile(r"(?<![\w.])(\d[\d.,]*(?: h|%|x)) -> \1(?![\d.])"),
    "alike in words": re.compile(r"\b(about [\w ,]+?), (?:up|down) from \1\b"),
    "alike shares in words": re.compile(r"\b(about 1 in \d+|about \d+ in 10)( \w+)?, against \1\b"),
}
ALLOWED_A = re.compile(r"\b[Aa] (?:one\w*|once|eu\w*|user\w*|unique\w*|usual\w*|u\w*-)")


def wrong_words(text: str) -> list[str]:
    """Every wrong counting word, article or look-alike pair in ``text``, with its rule."""
    found = []
    for name, pattern in BAD.items():
        for match in pattern.finditer(text):
            if name == "a before a vowel" and ALLOWED_A.match(match.group(0)):
                continue
            found.append(f"{name}: {match.group(0)!r}")
    return found


def _golden_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", _golden_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_golden_outputs_count_and_compare_right(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert wrong_words(text) == [], path


@pytest.mark.parametrize("name", sorted(CASES))
def test_insight_templates_count_and_compare_right(name: str) -> None:
    insight = write_insight(CASES[name])
    assert wrong_words(f"{insight.headline} {insight.text}") == []


@pytest.mark.parametrize(
    "text",
    [
        "all two teams show it",
        "one of one teams",
        "(baseline 1 cases)",
        "checked against 1 checks",
        "leads to a upgrade",
        "none of the 0 conditions tried",
        "median time 0.1 h -> 0.1 h",
        "now takes about 3 minutes, up from about 3 minutes in",
        "about 1 in 2 cases, against about 1 in 2 in",
        "about two more slipped case a week",
    ],
)
def test_each_pattern_catches_what_issue_11_saw(text: str) -> None:
    assert wrong_words(text), text


@pytest.mark.parametrize(
    "text",
    [
        "both teams show it",
        "the only team shows it",
        "(baseline 1 case)",
        "1.5 cases a day",
        "checked against 11 checks",
        "leads to an upgrade, a unit, a user",
        "median time 0.05 h -> 0.06 h",
        "about 40 in 100 now missed, against about 52 in 100",
        "2521.0 h -> 2545.0 h",
    ],
)
def test_the_patterns_pass_right_words(text: str) -> None:
    assert wrong_words(text) == [], text
