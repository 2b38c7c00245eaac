"""The briefs with reinforcements: one block under each signal's insight, in every format."""

from __future__ import annotations

import json

import pytest

from taut.brief import FORMATS, render
from taut.reinforce import Recommendation, Reinforcement, recommend, shipped_playbook
from tests.golden import ROOT, assert_golden
from tests.reinforce.cases import contract, effect, insight, report, signal

GOLDEN = ROOT / "reinforce" / "brief"


def _scan() -> tuple:  # type: ignore[type-arg]
    pinned, loose = signal("ack-within-24h"), signal("intake-complete", since=None)
    scan = report(pinned, loose)
    insights = (insight(pinned, named=(effect("workload", "high-workload days"),)), insight(loose))
    steady = recommend(
        report=scan, insights=insights, playbook=shipped_playbook(), contract=contract()
    )
    return scan, insights, steady


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_shows_what_would_steady_each_signal(fmt: str) -> None:
    scan, insights, steady = _scan()
    text = render(scan, fmt=fmt, insights=insights, reinforcements=steady)
    assert_golden(GOLDEN / f"{fmt}.txt", text)
    plain = render(scan, fmt=fmt, insights=insights)
    assert "What would steady it" not in plain
    assert ("What would steady it" in text) is (fmt != "json")


def test_json_gives_each_signal_its_reinforcements_or_where_to_look_first() -> None:
    scan, insights, steady = _scan()
    doc = json.loads(render(scan, fmt="json", insights=insights, reinforcements=steady))
    pinned, loose = doc["signals"]
    assert [item["id"] for item in pinned["reinforcements"]] == [
        entry.id for entry in steady[0].reinforcements
    ]
    assert set(pinned["reinforcements"][0]) == {"id", "title", "why"}
    assert pinned["look_first"] is None
    assert loose["reinforcements"] == []
    assert loose["look_first"] == steady[1].look_first


def test_reinforcements_of_another_report_are_refused() -> None:
    scan, insights, _ = _scan()
    other = (Recommendation(check="x", reinforcements=(), look_first="look"),) * 2
    with pytest.raises(ValueError, match="report's signals"):
        render(scan, fmt="text", insights=insights, reinforcements=other)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_users_own_words_are_shown_not_run(fmt: str) -> None:
    scan, insights, steady = _scan()
    hostile = Reinforcement(id="x", title="<script>alert(1)</script>", why="*bold* [link](y)")
    mixed = (Recommendation(check=steady[0].check, reinforcements=(hostile,), look_first=None),)
    text = render(scan, fmt=fmt, insights=insights, reinforcements=mixed + steady[1:])
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
