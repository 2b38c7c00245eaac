"""The contract's YAML, read as text, with the line of every key and value.

taut reads YAML the way people write contracts, not the way YAML 1.1 guesses types:
every plain value stays the text it was written as, except an empty value (or ``~`` /
``null``), which means "not given". So ``on``, ``yes`` and ``no`` stay words, an activity
called ``2024`` stays ``"2024"``, ``0123`` keeps its zero, and the contract's models turn
``24h``, ``95%`` and ``2025-03-31`` into durations, shares and dates themselves, with
messages that say what was expected.

:class:`Document` keeps the composed node tree beside the data so any problem can be
reported at its line: :meth:`Document.line_of` follows a path of keys and list positions
written in the YAML's own spelling (``("areas", 0, "checks", 1, "within", "limit")``).

>>> document = read_document("process: Handoff\\nareas:\\n  - name: on\\n")
>>> document.data
{'process': 'Handoff', 'areas': [{'name': 'on'}]}
>>> document.line_of(("areas", 0, "name"))
3
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from taut.errors import ContractIssue

PathPart = str | int


class _TextLoader(yaml.SafeLoader):
    """A safe loader resolving plain scalars only to null (and ``<<`` merges); the rest is text."""

    # A fresh table, so the resolvers added below do not leak into yaml.SafeLoader.
    yaml_implicit_resolvers = {}  # noqa: RUF012 (PyYAML's own class-level table)


_TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_TextLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


# An explicit tag (``!!int 3``) still gives text: the models decide what a value means.
def _as_text(loader: _TextLoader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(loader.construct_scalar(node))
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag '{node.tag}' is put on a list or mapping", node.start_mark
    )


for _tag in ("bool", "int", "float", "timestamp", "binary"):
    _TextLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_text)


@dataclass(frozen=True)
class Document:
    """A YAML document: its data and the composed nodes that say where each part was written.

    Attributes:
        data: the constructed value (mappings, lists, text and ``None``).
        root: the root node, or ``None`` for an empty document.
    """

    data: object
    root: yaml.Node | None

    def node_at(self, path: Sequence[PathPart], *, key: bool = False) -> yaml.Node | None:
        """The node at ``path`` (the key node of its last part when ``key``), or ``None``.

        A path that leaves the tree stops at the deepest node reached, so a problem with a
        missing part is still shown at the mapping that should hold it.
        """
        node = self.root
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                pairs = [(k, v) for k, v in node.value if _key_text(k) == str(part)]
                if pairs:
                    key_node, value_node = pairs[-1]  # the last of repeated keys wins, as in YAML
                    child = key_node if last and key else value_node
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
            if child is None:
                return node
            node = child
        return node

    def line_of(self, path: Sequence[PathPart], *, key: bool = False) -> int | None:
        """The 1-based line where ``path`` is written (see :meth:`node_at`)."""
        node = self.node_at(path, key=key)
        return None if node is None else node.start_mark.line + 1


def read_document(text: str) -> Document:
    """Parse one YAML document, keeping every plain value as text.

    Args:
        text: the YAML source.

    Returns:
        The document with its node tree.

    Raises:
        yaml.YAMLError: the text is not YAML, or holds more than one document.
    """
    loader = _TextLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except (ValueError, TypeError, OverflowError) as error:
        # PyYAML's constructors raise these for a few tagged values; they are YAML errors.
        raise yaml.YAMLError(f"a value cannot be read ({error})") from error
    finally:
        loader.dispose()
    return Document(data=data, root=root)


def repeated_keys(document: Document) -> list[ContractIssue]:
    """A problem for every key written twice in one mapping (YAML would silently keep the last).

    >>> repeated_keys(read_document("target: 90%\\ntarget: 95%\\n"))[0].message
    "key 'target' is written twice (lines 1 and 2). Keep one."
    """
    issues: list[ContractIssue] = []
    _collect_repeats(document.root, (), issues)
    return issues


def _collect_repeats(
    node: yaml.Node | None, path: tuple[PathPart, ...], out: list[ContractIssue]
) -> None:
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_repeats(item, (*path, index), out)
    if not isinstance(node, yaml.MappingNode):
        return
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        name = _key_text(key_node)
        line = key_node.start_mark.line + 1
        if name == "<<":
            continue
        if name in first_line:
            out.append(
                ContractIssue(
                    f"key '{name}' is written twice (lines {first_line[name]} and {line}). "
                    "Keep one.",
                    line=line,
                    path=(*path, name),
                )
            )
        else:
            first_line[name] = line
        _collect_repeats(value_node, (*path, name), out)


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"
