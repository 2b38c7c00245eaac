"""Reading a Vega-Lite spec as a test asks of it: its named layers, their marks and data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Spec = dict[str, Any]


def _rows(node: Spec, spec: Spec, inherited: list[Spec] | None) -> list[Spec] | None:
    data = node.get("data")
    if data is None:
        return inherited
    if "values" in data:
        values: list[Spec] = data["values"]
        return values
    named: list[Spec] = spec.get("datasets", {})[data["name"]]
    return named


def nodes(spec: Spec) -> Iterator[tuple[Spec, list[Spec] | None]]:
    """Every view of the spec (layers and concatenated charts) with the rows it draws."""

    def walk(node: Spec, inherited: list[Spec] | None) -> Iterator[tuple[Spec, list[Spec] | None]]:
        rows = _rows(node, spec, inherited)
        yield node, rows
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in node.get(key, []):
                yield from walk(child, rows)

    yield from walk(spec, None)


def named(spec: Spec, name: str) -> tuple[Spec, list[Spec] | None]:
    """The view called ``name`` and its rows."""
    found = [(node, rows) for node, rows in nodes(spec) if node.get("name") == name]
    assert len(found) == 1, f"{len(found)} views named {name!r}"
    return found[0]


def marks(node: Spec) -> list[str]:
    """The mark types drawn in a view and its layers, in order."""
    found: list[str] = []
    mark = node.get("mark")
    if mark is not None:
        found.append(mark if isinstance(mark, str) else mark["type"])
    for child in node.get("layer", []):
        found.extend(marks(child))
    return found


def units(node: Spec, spec: Spec) -> list[tuple[Spec, list[Spec] | None]]:
    """The unit views (those with a mark) inside ``node``, with their rows."""
    return [(child, rows) for child, rows in nodes_of(node, spec) if "mark" in child]


def nodes_of(node: Spec, spec: Spec) -> Iterator[tuple[Spec, list[Spec] | None]]:
    """The views inside ``node`` (itself included), resolving data against ``spec``."""
    for candidate, rows in nodes(spec):
        if candidate is node:
            yield from _inside(candidate, spec, rows)
            return


def _inside(
    node: Spec, spec: Spec, rows: list[Spec] | None
) -> Iterator[tuple[Spec, list[Spec] | None]]:
    yield node, rows
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in node.get(key, []):
            yield from _inside(child, spec, _rows(child, spec, rows))
