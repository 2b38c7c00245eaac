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

Reading is bounded, so a hostile or broken file costs little: anchors and aliases are
expanded (``<<: *defaults`` merges work), but the whole document, every alias counted as
the values it stands for, may hold at most :data:`MAX_VALUES` values; an alias inside its
own anchor (a document that would never end) is refused, and so is nesting deeper than
:data:`MAX_DEPTH` levels. Each is a :class:`DocumentLimitError` at the line where the
limit was crossed, found while the nodes are composed, before anything is built from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from taut.errors import ContractIssue

PathPart = str | int

MAX_VALUES = 1_000_000
"""The most values (scalars, lists and mappings, each alias counted as all it stands for)
a contract may hold. A real contract holds a few hundred, and the largest file taut reads
(256 KB) cannot write out this many; the bound stops an alias bomb ("billion laughs": nine
aliases of nine aliases of ... in 342 bytes, a billion values) before it is built."""
MAX_DEPTH = 64
"""The deepest a contract may nest. A real one nests about six levels (areas, an area's
checks, a check, its rule, a list in it); PyYAML composes recursively and would fail
with a RecursionError at a few hundred."""


class DocumentLimitError(yaml.YAMLError):
    """The document crosses a bound of :mod:`taut.contract.document` (its docstring).

    Attributes:
        message: what was found and what to do, in the contract messages' words.
        line: the 1-based line where the bound was crossed.
    """

    def __init__(self, message: str, *, mark: object) -> None:
        super().__init__(message)
        self.message = message
        line = getattr(mark, "line", None)  # PyYAML's two Mark classes, or None
        self.line = line + 1 if isinstance(line, int) else None


class _TextLoader(yaml.SafeLoader):
    """A safe loader resolving plain scalars only to null (and ``<<`` merges); the rest is text.

    Its composer counts, for every node, the values it expands to (an alias counts as its
    anchor's node) and how deep it sits, and refuses the bounds of the module docstring.
    """

    # A fresh table, so the resolvers added below do not leak into yaml.SafeLoader.
    yaml_implicit_resolvers = {}  # noqa: RUF012 (PyYAML's own class-level table)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._values: dict[int, int] = {}  # id of a finished node -> values it expands to
        self._open: list[int] = []  # values counted so far in each node being composed
        self._aliases = 0  # aliases met so far

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event: yaml.AliasEvent = self.peek_event()  # type: ignore[no-untyped-call]
            node = self.anchors.get(event.anchor)
            if node is not None and id(node) not in self._values:
                raise DocumentLimitError(
                    f"the alias '*{event.anchor}' is inside its own anchor "
                    f"'&{event.anchor}', so the contract would never end. Point the alias "
                    "at an anchor defined before it, outside it, or write the part out.",
                    mark=event.start_mark,
                )
            if node is not None:
                self._aliases += 1
                self._count(self._values[id(node)], mark=event.start_mark)
            return super().compose_node(parent, index)
        if len(self._open) >= MAX_DEPTH:
            raise DocumentLimitError(
                f"the contract nests more than {MAX_DEPTH} levels deep here. A contract "
                "nests about six (areas, a check, its rule); check the brackets and the "
                "indentation above this line.",
                mark=self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self._open.append(1)
        try:
            node = super().compose_node(parent, index)
        finally:
            values = self._open.pop()
        if node is not None:
            self._values[id(node)] = values
            self._count(values, mark=node.start_mark)
        return node

    def _count(self, values: int, *, mark: object) -> None:
        """Add a finished node's (or an alias's) values to the node that holds it."""
        total = values + (self._open[-1] if self._open else 0)
        if total > MAX_VALUES:
            raise DocumentLimitError(
                (
                    f"the contract's aliases expand it to more than {MAX_VALUES:,} values "
                    "here (an alias counts as every value of its anchor, and aliases of "
                    "aliases multiply). A contract holds a few hundred; write the repeated "
                    "parts out or use fewer nested aliases."
                )
                if self._aliases
                else (
                    f"the contract holds more than {MAX_VALUES:,} values. A contract holds "
                    "a few hundred: check that this is the contract file."
                ),
                mark=mark,
            )
        if self._open:
            self._open[-1] = total


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
    repeats: tuple[ContractIssue, ...] = ()
    _mappings: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping node's pairs by key, built once per node, so locating every problem of
        a large contract stays linear. The last of repeated keys wins, as in YAML."""
        found = self._mappings.get(id(node))
        if found is None:
            found = {_key_text(k): (k, v) for k, v in node.value}
            self._mappings[id(node)] = found
        return found

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
                pair = self._keys(node).get(str(part))
                if pair is not None:
                    key_node, value_node = pair
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
        # Before constructing: a ``<<`` merge adds the merged pairs to the mapping's node,
        # where a key the mapping overrides would look written twice.
        repeats: list[ContractIssue] = []
        _collect_repeats(root, (), repeats, seen=set())
        data = loader.construct_document(root) if root is not None else None
    except (ValueError, TypeError, OverflowError) as error:
        # PyYAML's constructors raise these for a few tagged values; they are YAML errors.
        raise yaml.YAMLError(f"a value cannot be read ({error})") from error
    finally:
        loader.dispose()
    return Document(data=data, root=root, repeats=tuple(repeats))


def repeated_keys(document: Document) -> list[ContractIssue]:
    """A problem for every key written twice in one mapping (YAML would silently keep the last).

    >>> repeated_keys(read_document("target: 90%\\ntarget: 95%\\n"))[0].message
    "key 'target' is written twice (lines 1 and 2). Keep one."
    """
    return list(document.repeats)


def _collect_repeats(
    node: yaml.Node | None,
    path: tuple[PathPart, ...],
    out: list[ContractIssue],
    *,
    seen: set[int],
) -> None:
    """Walk every written node once (an alias's node at its first place only)."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_repeats(item, (*path, index), out, seen=seen)
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
        _collect_repeats(value_node, (*path, name), out, seen=seen)


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"
