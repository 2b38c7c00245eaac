"""Reading the contract's YAML as text, with lines for every key and value."""

from __future__ import annotations

import pytest
import yaml

from taut.contract.document import read_document, repeated_keys
from taut.contract.explain import yaml_path

TEXT = """\
process: no
areas:
  - name: 2024
    checks:
      - id: a
        within:
          from: on
          to: 0123
          limit: 1.10
        target: 95%
until: 2025-03-31
empty:
tilde: ~
"""


def test_plain_values_stay_text_and_empty_is_none() -> None:
    data = read_document(TEXT).data
    assert isinstance(data, dict)
    assert data["process"] == "no"
    assert data["until"] == "2025-03-31"
    assert data["empty"] is None
    assert data["tilde"] is None
    check = data["areas"][0]["checks"][0]
    assert data["areas"][0]["name"] == "2024"
    assert check["within"] == {"from": "on", "to": "0123", "limit": "1.10"}


def test_explicit_tags_give_text_too() -> None:
    assert read_document("a: !!int 3\nb: !!bool yes\nc: !!float x\n").data == {
        "a": "3",
        "b": "yes",
        "c": "x",
    }


def test_the_text_loader_does_not_change_pyyaml() -> None:
    read_document("a: on\n")
    assert yaml.safe_load("a: on\n") == {"a": True}


def test_line_of_follows_keys_and_positions() -> None:
    document = read_document(TEXT)
    assert document.line_of(("areas", 0, "checks", 0, "within", "from")) == 7
    assert document.line_of(("areas", 0, "checks", 0, "target")) == 10
    assert document.line_of(("areas", 0, "name")) == 3
    assert document.line_of(("areas",), key=True) == 2
    assert document.line_of(("areas",)) == 3


def test_line_of_a_missing_part_is_the_deepest_node_reached() -> None:
    document = read_document(TEXT)
    assert document.line_of(("areas", 0, "checks", 0, "within", "nothing")) == 7
    assert document.line_of(("areas", 5)) == 3


def test_merge_keys_are_read_and_not_reported_as_repeats() -> None:
    document = read_document("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert document.data == {"base": {"x": "1"}, "other": {"x": "1", "y": "2"}}
    assert repeated_keys(document) == []


def test_repeated_keys_are_found_at_any_depth() -> None:
    document = read_document("a:\n  - b: 1\n    b: 2\nc: 1\nc: 2\n")
    issues = repeated_keys(document)
    assert [(issue.line, issue.path) for issue in issues] == [(3, ("a", 0, "b")), (5, ("c",))]


def test_more_than_one_document_is_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        read_document("a: 1\n---\nb: 2\n")


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("areas", 0, "checks", 1, "rule", "from"), ("areas", 0, "checks", 1, "within", "from")),
        (("areas", 0, "checks", 0, "rule", "steps", 1), ("areas", 0, "checks", 0, "order", 1)),
        (("areas", 0, "checks", 0, "kind"), ("areas", 0, "checks", 0, "order")),
        (("areas", 0, "checks", 1, "where", "p", "[key]"), ("areas", 0, "checks", 1, "where", "p")),
        (("source", "timezone"), ("source", "timezone")),
    ],
)
def test_yaml_path_maps_model_locations_to_yaml_keys(
    loc: tuple[str | int, ...], expected: tuple[str | int, ...]
) -> None:
    checks = [
        {"id": "a", "order": ["x", "y"]},
        {"id": "b", "within": {"from": "x"}, "where": {"p": ["1"]}},
    ]
    assert yaml_path(loc, {"areas": [{"checks": checks}]}) == expected
