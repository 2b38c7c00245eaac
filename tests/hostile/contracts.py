"""Hypothesis strategies for contracts: the valid project's ``taut.yaml``, mutated.

A drawn contract starts from :func:`tests.hostile.project.base_contract` and takes one or
two structural mutations (keys dropped or renamed, values of the wrong type, random
durations and targets, hostile names, deep nesting, shared nodes that YAML writes as
anchors and aliases, huge numbers, wrong check kinds), then sometimes one mutation of the
YAML text itself (a line repeated or dropped, the text cut short, a deep or recursive
document). Mutations are registered by class name so :mod:`tests.hostile.known` can hold
one back.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.hostile.known import allowed
from tests.hostile.project import base_contract
from tests.hostile.texts import hostile_text

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class HostileContract:
    """A contract's YAML text and the mutations that made it (for the failure report)."""

    text: str
    mutations: tuple[str, ...]

    def describe(self) -> str:
        return f"mutations: {', '.join(self.mutations)}\n--- taut.yaml ---\n{self.text[:4000]}"


def _paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every path to a node below the root, parents before children."""
    found: list[Path_] = []
    children: list[tuple[str | int, Any]] = []
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    for key, child in children:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _parent(data: Any, path: Path_) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _pick(draw: st.DrawFn, data: Any, *, where: Callable[[Path_], bool] = lambda _: True) -> Path_:
    return draw(st.sampled_from([path for path in _paths(data) if where(path)] or [()]))


def _set(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    _parent(data, path)[path[-1]] = value
    return data


def _checks(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [check for area in data["areas"] for check in area["checks"]]


PLAUSIBLE = (date(1900, 1, 1), date(2100, 12, 31))
"""Dates a careless contract may hold; the calendar's edges are the class out-of-range-dates."""
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=PLAUSIBLE[0], max_value=PLAUSIBLE[1]),
    hostile_text(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(), inner, max_size=3),
    max_leaves=6,
)
UNITS = ("m", "h", "d", "w")
DURATIONS: dict[str, st.SearchStrategy[str]] = {
    # Whole days or weeks, or less than a day: each unit alone.
    "durations": st.one_of(
        st.builds("{}{}".format, st.integers(min_value=1, max_value=10_000), st.sampled_from("dw")),
        st.builds("{}m".format, st.integers(min_value=1, max_value=1440)),
        st.builds("{}h".format, st.integers(min_value=1, max_value=24)),
        st.sampled_from(("0.5h", "90m", "48h", "2.5h")),
    ),
    "malformed-durations": st.sampled_from(
        ("", "h", "24hours", "-1h", "0h", "1e9", "1_000h", "24 h", " d", "D", "1e400d", "NaNh")
    ),
    # More than a day with a part of a day (36h, 1.5d), and sizes past any calendar.
    "mixed-unit-durations": st.sampled_from(("36h", "25h", "1.5d", "1.5w", "2.25d", "1441m")),
    "huge-durations": st.builds(
        "{}{}".format, st.integers(min_value=10**6, max_value=10**30), st.sampled_from(UNITS)
    ),
}
"""Duration strategies by class: the known-broken classes can be held back one by one."""


def _drop_key(draw: st.DrawFn, data: Any) -> Any:
    path = _pick(draw, data, where=lambda p: isinstance(p[-1], str))
    if path:
        del _parent(data, path)[path[-1]]
    return data


def _rename_key(draw: st.DrawFn, data: Any) -> Any:
    path = _pick(draw, data, where=lambda p: isinstance(p[-1], str))
    if path:
        parent, key = _parent(data, path), path[-1]
        name = draw(st.sampled_from((str(key)[:-1], str(key).upper(), f"{key}s")) | hostile_text())
        parent[name] = parent.pop(key)
    return data


def _swap_type(draw: st.DrawFn, data: Any) -> Any:
    return _set(data, _pick(draw, data), draw(VALUES))


def _duration(draw: st.DrawFn, data: Any) -> Any:
    kinds = [name for name in DURATIONS if allowed(name)]
    limit = draw(DURATIONS[draw(st.sampled_from(kinds))])
    checks = _checks(data)
    checks[1]["within"]["limit"] = limit
    checks[2]["present"]["within"] = draw(st.sampled_from((limit, "7d")))
    return data


def _target(draw: st.DrawFn, data: Any) -> Any:
    check = draw(st.sampled_from(_checks(data)))
    check["target"] = draw(
        st.sampled_from(("0%", "100%", "150%", "-5%", "95 %", "%", "95.5%", "1e3%", "abc"))
        | st.floats(allow_nan=True)
        | st.integers(min_value=-(10**20), max_value=10**20)
    )
    return data


def _names(draw: st.DrawFn, data: Any) -> Any:
    places = (
        ("process",),
        ("areas", 0, "name"),
        ("areas", 0, "checks", 1, "id"),
        ("areas", 0, "checks", 1, "within", "from"),
        ("areas", 0, "checks", 2, "present", "step"),
        ("areas", 0, "checks", 3, "order", 0),
        ("areas", 0, "checks", 0, "complete", "fields", 0),
        ("conditions", 0),
        ("columns", "team"),
    )
    for place in draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True)):
        _set(data, place, draw(hostile_text()))
    return data


def _nest(draw: st.DrawFn, data: Any) -> Any:
    value: Any = draw(SCALARS)
    for _ in range(draw(st.integers(min_value=1, max_value=60))):
        value = draw(st.sampled_from(([value], {"x": value})))
    return _set(data, _pick(draw, data), value)


def _share(draw: st.DrawFn, data: Any) -> Any:
    """One node in two places: YAML writes it once with an anchor, then as an alias."""
    source, target = _pick(draw, data), _pick(draw, data)
    if source and target and source[: len(target)] != target and target[: len(source)] != source:
        _set(data, target, _parent(data, source)[source[-1]])
    if draw(st.booleans()):
        data["areas"].append(data["areas"][0])
    return data


def _huge(draw: st.DrawFn, data: Any) -> Any:
    value = draw(st.sampled_from((10**400, -(10**400), 1e308, math.inf, -math.inf, math.nan)))
    return _set(data, _pick(draw, data), value)


def _wrong_kind(draw: st.DrawFn, data: Any) -> Any:
    check = draw(st.sampled_from(_checks(data)))
    kind = next(key for key in check if key not in {"id", "target", "where"})
    other = draw(st.sampled_from(("within", "present", "order", "complete", "absent", "before")))
    if draw(st.booleans()):
        check[other] = check.pop(kind)
    else:
        check[other] = draw(st.sampled_from((check[kind], {}, [], "yes")))
    return data


def _times(draw: st.DrawFn, data: Any) -> Any:
    choice = draw(st.integers(min_value=0, max_value=2))
    if choice == 0:
        dates = st.dates(min_value=PLAUSIBLE[0], max_value=PLAUSIBLE[1])
        if allowed("out-of-range-dates"):
            dates = st.dates()
        data["baseline"]["until"] = draw(dates | st.sampled_from(("2025-02-30", "soon", "")))
    elif choice == 1:
        data["source"]["timezone"] = draw(
            st.sampled_from(("Mars/Olympus", "UTC+5", "", "Europe/Berlin", "utc", "+05:00"))
            | st.sampled_from(("America", "../../etc/passwd", "9" * 300, "Europe/Berlin\x00"))
        )
    else:
        data["source"]["timestamp_format"] = draw(
            st.sampled_from(("%Y-%m-%d %H:%M", "%d/%m/%Y", "%Q", "%", "%s", "")) | hostile_text()
        )
    return data


def _source(draw: st.DrawFn, data: Any) -> Any:
    data["source"]["path"] = draw(
        st.sampled_from(("", ".", "..", "events.xlsx", "missing.csv", "/dev/null", "events"))
        | st.sampled_from((f"{'e' * 300}.csv", "ev\x00ents.csv", "~nobody-here/events.csv"))
    )
    return data


CONTRACT_MUTATIONS: dict[str, Callable[[st.DrawFn, Any], Any]] = {
    "drop-key": _drop_key,
    "rename-key": _rename_key,
    "swap-type": _swap_type,
    "duration": _duration,
    "target": _target,
    "hostile-names": _names,
    "nesting": _nest,
    "shared-nodes": _share,
    "huge-numbers": _huge,
    "wrong-check-kind": _wrong_kind,
    "times-and-zones": _times,
    "source-path": _source,
}
"""Structural mutations of the contract's data, by class name."""


def _text_mutation(draw: st.DrawFn, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    choices = [
        name
        for name in ("repeat-line", "drop-line", "cut-short", "deep-document", "recursive-alias")
        if allowed(name)
    ]
    name = draw(st.sampled_from(choices))
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if name == "repeat-line":
        return name, "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
    if name == "drop-line":
        return name, "".join(lines[:index] + lines[index + 1 :])
    if name == "cut-short":
        return name, text[: draw(st.integers(min_value=0, max_value=len(text)))]
    if name == "deep-document":
        depth = draw(st.sampled_from((100, 900, 1100, 5000)))
        return name, text + f"extra: {'[' * depth}1{']' * depth}\n"
    return name, text + "loop: &loop [*loop]\n"


@st.composite
def hostile_contracts(draw: st.DrawFn) -> HostileContract:
    """The valid contract with one or two structural mutations, maybe a textual one."""
    names = [name for name in CONTRACT_MUTATIONS if allowed(name)]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))
    data: Any = base_contract()
    for name in chosen:
        # A mutation may find the part it changes already dropped by an earlier one.
        with contextlib.suppress(KeyError, IndexError, TypeError, AttributeError, StopIteration):
            data = CONTRACT_MUTATIONS[name](draw, data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        name, text = _text_mutation(draw, text)
        chosen.append(name)
    return HostileContract(text=text, mutations=tuple(chosen))
