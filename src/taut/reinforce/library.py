"""Read the shipped playbook and a user's own, or say exactly what is wrong with one.

:func:`load_playbook` reads ``playbook.yaml`` from the package and, when the contract
names one (``reinforce: {playbook: path}``, relative to the folder ``taut.yaml`` is in),
the user's file, whose entries add to the shipped ones or replace them by id
(:meth:`~taut.reinforce.playbook.Playbook.extended`).

A problem in a playbook is a :class:`~taut.errors.ContractError` located in that file
(exit 2), one line per problem, each naming the entry, the field, the value, the rule and
the fix, with the closest valid name where there is one::

    my-playbook.yaml, line 7: entry 'cover-weekends': when.found 'weekends' is not a
    pattern taut finds. Use one of blank-fields, several-blank, ... Did you mean 'weekend'?
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from taut.contract.document import Document, DocumentLimitError, read_document
from taut.errors import ContractError, ContractIssue, did_you_mean
from taut.reinforce.playbook import EFFORTS, PATTERNS, QUESTIONS, Entry, Fit, Playbook

SHIPPED = "playbook.yaml"
"""The playbook shipped in the package, beside this module."""
MAX_PLAYBOOK_BYTES = 256 * 1024
"""The largest playbook taut reads (a real one is a few KB)."""

_CHOICES: dict[str, tuple[str, ...]] = {
    "found": tuple(PATTERNS),
    "answers": tuple(QUESTIONS),
    "effort": EFFORTS,
    "kinds": ("present", "within", "complete", "order"),
    "metrics": ("missed", "latency", "spread"),
    "spread": ("any", "wide", "narrow"),
}
_KEYS: dict[str, tuple[str, ...]] = {
    "entry": tuple(Entry.model_fields),
    "when": tuple(Fit.model_fields),
    "top": tuple(Playbook.model_fields),
}
_EXAMPLE = (
    "entries: [{id: busy-day-cover, title: ..., change: ..., helps: ..., "
    "when: {found: [busy-days]}, answers: capacity, effort: medium, judged_by: ...}]"
)


def shipped_playbook() -> Playbook:
    """The playbook shipped with taut.

    Raises:
        ContractError: the shipped file is broken (a bug in taut's package).
    """
    source = resources.files("taut.reinforce").joinpath(SHIPPED)
    return parse_playbook(source.read_text(encoding="utf-8"), file=Path(str(source)))


def load_playbook(*, path: Path | None = None) -> Playbook:
    """The shipped playbook, extended by the user's file at ``path`` when given.

    Args:
        path: the user's playbook (``reinforce: playbook`` in the contract, resolved
            against the contract's folder); ``None`` for the shipped one alone.

    Raises:
        ContractError: a playbook cannot be read or breaks a rule; every problem found
            is in ``err.issues``, located in that file.
    """
    shipped = shipped_playbook()
    if path is None:
        return shipped
    return shipped.extended(parse_playbook(_read_file(path), file=path))


def _read_file(path: Path) -> str:
    named = "reinforce: playbook in taut.yaml names it"
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_PLAYBOOK_BYTES + 1)
    except FileNotFoundError:
        names = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
        hint = did_you_mean(path.name, names) or " Give its path relative to taut.yaml's folder."
        message = f"there is no such playbook file; {named}.{hint}"
        raise ContractError([ContractIssue(message)], file=path) from None
    except OSError as error:
        message = f"the playbook cannot be read ({error.strerror}); {named}. Check the path."
        raise ContractError([ContractIssue(message)], file=path) from None
    if len(data) > MAX_PLAYBOOK_BYTES:
        message = (
            f"the file is more than {MAX_PLAYBOOK_BYTES:,} bytes; a playbook is a few KB. "
            f"Check that {named} and not another file."
        )
        raise ContractError([ContractIssue(message)], file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"the file is not UTF-8 text (byte {error.start}). Save it as UTF-8."
        raise ContractError([ContractIssue(message)], file=path) from None


def parse_playbook(text: str, *, file: Path) -> Playbook:
    """Validate a playbook written as YAML text (``file`` names it in messages).

    Raises:
        ContractError: the text is not YAML or breaks a rule of the playbook.
    """
    try:
        document = read_document(text)
    except DocumentLimitError as error:
        # The bounds are the contract's; a playbook nests less deep still.
        message = error.message.replace("the contract", "the playbook").replace(
            "A contract nests about six (areas, a check, its rule)",
            "A playbook nests about four (entries, an entry, when, found)",
        )
        raise ContractError([ContractIssue(message, line=error.line)], file=file) from None
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = (
            f"this is not valid YAML ({getattr(error, 'problem', None) or 'it cannot be read'})."
            " Check the indentation and the quotes around this line."
        )
        raise ContractError([ContractIssue(message, line=line)], file=file) from None
    if not isinstance(document.data, dict):
        message = f"a playbook is a mapping with a list of entries, e.g. {_EXAMPLE}."
        raise ContractError([ContractIssue(message, line=document.line_of(()))], file=file)
    try:
        return Playbook.model_validate(document.data)
    except ValidationError as error:
        details = _without_echoes(list(error.errors(include_url=False)))
        issues = [_issue(detail, document) for detail in details]
        raise ContractError(sorted(issues, key=lambda i: i.line or 0), file=file) from None


def _without_echoes(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors worth a line: a list's "too short" that only echoes a bad item below it,
    and a "missing" key whose misspelling is reported with "Did you mean", are dropped."""
    locs = [tuple(detail["loc"]) for detail in details]
    typos = {
        (*loc[:-1], close)
        for detail, loc in zip(details, locs, strict=True)
        if detail["type"] == "extra_forbidden"
        for close in _closest(str(loc[-1]))
    }
    return [
        detail
        for detail, loc in zip(details, locs, strict=True)
        if not any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)
        and not (detail["type"] == "missing" and loc in typos)
    ]


def _closest(key: str) -> list[str]:
    known = {name for names in _KEYS.values() for name in names}
    return difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)


def _child(data: object, part: str | int) -> object:
    if isinstance(data, dict) and isinstance(part, str):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return None


def _issue(detail: ErrorDetails, document: Document) -> ContractIssue:
    """One located, plain-English issue for one pydantic error."""
    loc = tuple(detail["loc"])
    line = document.line_of(loc, key=detail["type"] == "extra_forbidden")
    subject, rest = "", loc
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        name = _child(_child(_child(document.data, "entries"), loc[1]), "id")
        subject = f"entry '{name}': " if isinstance(name, str) else f"entry {loc[1] + 1}: "
        rest = loc[2:]
    thing = _thing(rest) if rest or not subject else ""
    key = next((part for part in reversed(rest) if isinstance(part, str)), "entries")
    parent = "top" if not subject else "when" if rest[:1] == ("when",) else "entry"
    sentence = _sentence(detail, thing=thing, key=key, parent=parent, value=detail.get("input"))
    return ContractIssue(subject + sentence, line=line)


def _thing(rest: tuple[str | int, ...]) -> str:
    """``when.found item 2`` for ``("when", "found", 1)``."""
    names = [str(part) for part in rest if isinstance(part, str)]
    items = [part for part in rest if isinstance(part, int)]
    thing = ".".join(names) or "entries"
    return f"{thing} item {items[-1] + 1}" if items else thing


def _sentence(  # noqa: PLR0911 - one sentence per kind of error, read top to bottom
    detail: ErrorDetails, *, thing: str, key: str, parent: str, value: Any
) -> str:
    kind = detail["type"]
    if kind == "missing":
        return f"{thing} is missing. Add it; every entry has {', '.join(_KEYS['entry'])}."
    if kind == "extra_forbidden":
        known = _KEYS[parent]
        return (
            f"'{key}' is not a key taut knows here. Use {', '.join(known)}."
            f"{did_you_mean(key, known)}"
        )
    if kind == "literal_error" and key in _CHOICES:
        choices = _CHOICES[key]
        return (
            f"{thing} '{value}' is not one taut knows. Use one of {', '.join(choices)}."
            f"{did_you_mean(str(value), choices)}"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{thing} '{value}' is not a valid id. Use lower-case letters, digits and "
            "hyphens, e.g. 'busy-day-cover'."
        )
    if kind in {"string_too_short", "string_too_long"}:
        return f"{thing} '{value}' is {detail['msg'].lower().replace('string', 'text')}."
    if kind in {"too_short", "tuple_type", "list_type"} and key == "found":
        return f"{thing} needs at least one pattern: one of {', '.join(PATTERNS)}."
    if kind in {"too_short", "tuple_type", "list_type"} and parent == "top":
        return f"entries must list at least one entry, e.g. {_EXAMPLE}."
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        keys = _KEYS["when"] if key == "when" else _KEYS["entry"]
        shown = "empty" if value is None else f"'{value}'"
        return f"{thing or 'an entry'} must be a mapping of keys ({', '.join(keys)}), not {shown}."
    if kind == "value_error":
        message = str(detail["msg"]).removeprefix("Value error, ")
        return f"{thing} {message}." if thing else f"{message}."
    return f"{thing or 'the entry'} '{value}' is not valid: {detail['msg'].lower()}."
