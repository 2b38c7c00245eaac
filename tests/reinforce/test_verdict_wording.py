"""The verdict's sentences: golden, and quoting the record's own numbers."""

from __future__ import annotations

import json

import numpy as np
import numpy.typing as npt
import pytest

from taut.reinforce.changes import Effect, JudgedChange
from taut.reinforce.verdict import judge
from taut.words import hours_pair, shares
from tests.golden import ROOT, assert_golden
from tests.reinforce.made_cases import change_on, made_cases, on_day

Ints = npt.NDArray[np.int64]
Teams = npt.NDArray[np.object_]


def _relapse(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
    return np.where((offset >= 70) & (offset < 100), 0.04, 0.20).astype(np.float64)


def _fall(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
    return np.where(offset < 70, 0.20, 0.05).astype(np.float64)


def _flat(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
    return np.full(offset.shape, 0.20)


def _west(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
    return np.where((teams == "West") & (offset >= 70), 0.05, 0.20).astype(np.float64)


def _slower(offset: Ints, teams: Teams) -> npt.NDArray[np.float64]:
    return np.where(offset < 70, 8.0, 12.0).astype(np.float64)


def effects() -> dict[str, Effect]:
    """One effect per verdict and method, from hand-made cases."""
    return {
        "working": judge(
            change=change_on(70), cases=made_cases(chance=_fall, days=112), as_of=on_day(111)
        ),
        "not-working": judge(
            change=change_on(70),
            cases=made_cases(chance=_flat, days=140, per_day=80.0),
            as_of=on_day(139),
        ),
        "not-yet-clear": judge(
            change=change_on(70), cases=made_cases(chance=_fall, days=76), as_of=on_day(75)
        ),
        "relapsing": judge(
            change=change_on(70), cases=made_cases(chance=_relapse, days=161), as_of=on_day(160)
        ),
        "working, one team": judge(
            change=change_on(70, segment={"team": "West"}),
            cases=made_cases(chance=_west, days=126, per_day=80.0),
            as_of=on_day(125),
        ),
        "not-working, latency": judge(
            change=change_on(70),
            cases=made_cases(chance=_slower, days=112, latency=True),
            as_of=on_day(111),
            metric="latency",
        ),
        "no history": judge(
            change=change_on(5), cases=made_cases(chance=_fall, days=60), as_of=on_day(59)
        ),
    }


EFFECTS = effects()


def test_each_verdict_reads_as_reviewed() -> None:
    blocks = []
    for name, effect in EFFECTS.items():
        judged = JudgedChange(change=change_on(70), effect=effect).to_json_dict()
        blocks.append(f"## {name}\n{effect.reason}\n{json.dumps(judged['effect'], indent=1)}\n")
    assert_golden(ROOT / "reinforce" / "verdicts.txt", "\n".join(blocks))


def test_the_examples_cover_every_verdict() -> None:
    named = {name.split(",")[0] for name in EFFECTS if name != "no history"}
    assert named == {effect.verdict for effect in EFFECTS.values()}


@pytest.mark.parametrize("name", list(EFFECTS))
def test_a_reason_quotes_its_record(name: str) -> None:
    effect = EFFECTS[name]
    assert effect.reason.split(":")[0].lower().replace(" ", "-") == effect.verdict
    if "too few to compare against" in effect.reason:
        assert effect.cases_needed is None
        return
    if effect.before is not None and effect.after is not None:
        pair = (
            hours_pair(effect.before, effect.after)
            if effect.metric == "latency"
            else shares(effect.before, effect.after)
        )
        assert all(part in effect.reason for part in pair)
        assert f"{effect.cases_since:,} cases" in effect.reason
    if effect.interval is not None and effect.metric == "missed":
        low, high = effect.interval
        assert f"{low * 100:+.1f} to {high * 100:+.1f} points" in effect.reason
    if effect.cases_needed is not None:
        assert f"about {effect.cases_needed:,} more cases" in effect.reason
