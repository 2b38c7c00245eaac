"""Turn the contract models' validation errors into located, plain-English contract issues.

Pydantic reports a problem as a type (``missing``, ``extra_forbidden`` …) at a ``loc``
path through the *models*; a user needs the line in *their file* and a sentence that
names the thing, shows the value, states the rule and gives the fix::

    taut.yaml, line 14: check 'ack-within-24h': limit '24hours' is not a duration.
    Write a positive number and a unit: m, h, d or w, e.g. '24h' or '7d'.

Three steps: :func:`yaml_path` maps a ``loc`` back to the YAML's own spelling (``from``
not ``from_``; a check's ``rule`` becomes the kind key it was written under), the
subject (``check 'ack-within-24h'``, ``area 'Customer handoff'``, ``source``) is read
from the path, and a sentence is chosen by error type.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from taut.contract.document import Document, PathPart
from taut.contract.models import (
    CHECK_KEYS,
    CHECK_KINDS,
    RISKS,
    RULE_MODELS,
    Alerts,
    Area,
    Baseline,
    Columns,
    Contract,
    LaggingOutcome,
    PresentRule,
    Reinforce,
    Source,
    State,
)
from taut.contract.notifying import Email, Notify, Webhook
from taut.contract.privacy import ColumnUse, Privacy, person_role_message
from taut.errors import ContractIssue, did_you_mean

# How each key is written when it is right; used in the fix of a message.
EXAMPLES: dict[str, str] = {
    "process": "process: Sales to Operations handoff",
    "source": "source: {path: events.csv}",
    "path": "path: events.csv",
    "timezone": "timezone: America/Chicago",
    "timestamp_format": "timestamp_format: '%d/%m/%Y %H:%M'",
    "encoding": "encoding: latin-1",
    "delimiter": "delimiter: ';'",
    "lifecycle": "lifecycle: complete",
    "format": "format: xes",
    "columns": "columns: {case: deal_id, activity: step, timestamp: at}",
    "case": "case: deal_id",
    "activity": "activity: step",
    "timestamp": "timestamp: at",
    "team": "team: team",
    "person": "person: rep",
    "transition": "transition: lifecycle:transition",
    "conditions": "conditions: [region, deal_size]",
    "baseline": "baseline: {until: 2025-03-31}",
    "until": "until: 2025-03-31",
    "weeks": "weeks: 8",
    "alerts": "alerts: {budget: 3}",
    "budget": "budget: 3",
    "false_signals_per_year": "false_signals_per_year: 1",
    "areas": "areas: [{name: Customer handoff, risk: high, checks: [...]}]",
    "name": "name: Customer handoff",
    "risk": "risk: high",
    "checks": "checks: [{id: ack-within-24h, within: {...}, target: 90%}]",
    "id": "id: ack-within-24h",
    "target": "target: 90%",
    "where": "where: {priority: [P1, P2]}",
    "where range": "where: {amount: {at_least: 5000, below: 10000}}",
    "present": "present: {step: Operations acknowledged, after: Deal closed, within: 7d}",
    "within": "within: {from: Deal closed, to: Operations acknowledged, limit: 24h}",
    "complete": "complete: {at: Intake completed, fields: [billing_contact, scope]}",
    "order": "order: [Operations acknowledged, Kickoff scheduled]",
    "steps": "order: [Operations acknowledged, Kickoff scheduled]",
    "step": "step: Operations acknowledged",
    "after": "after: Deal closed",
    "from": "from: Deal closed",
    "to": "to: Operations acknowledged",
    "limit": "limit: 24h",
    "at": "at: Intake completed",
    "fields": "fields: [billing_contact, scope]",
    "outcomes": "outcomes: [{id: complaint, present: {step: Customer complaint}}]",
    "privacy": "privacy: {show_small_teams: false}",
    "show_small_teams": "show_small_teams: false",
    "state": 'state: {url: "postgresql://taut@db.example:5432/taut"}',
    "url": 'url: "sqlite:///.taut/state.db"',
    "reinforce": "reinforce: {playbook: my-playbook.yaml}",
    "playbook": "playbook: my-playbook.yaml",
    "notify": "notify: {webhook: {url_env: TAUT_WEBHOOK_URL}}",
    "webhook": "webhook: {url_env: TAUT_WEBHOOK_URL}",
    "url_env": "url_env: TAUT_WEBHOOK_URL",
    "email": "email: {host: smtp.example.com, sender: taut@example.com, to: [leads@example.com]}",
    "sender": "sender: taut@example.com",
    "security": "security: starttls",
    "username_env": "username_env: TAUT_SMTP_USER",
    "password_env": "password_env: TAUT_SMTP_PASSWORD",
}
OUTCOME_EXAMPLE = "present: {step: Customer complaint}"
# The bounds of the numeric keys, for out-of-range messages (the models hold the rule).
RANGES: dict[str, tuple[float, float]] = {
    "weeks": (1, 520),
    "budget": (1, 20),
    "false_signals_per_year": (0.1, 4),
}
LIST_KEYS = frozenset({"conditions", "areas", "checks", "order", "steps", "fields", "outcomes"})
ITEM_NOUNS = {"areas": "area", "checks": "check", "fields": "field", "steps": "step"}
_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Contract,
    ("source",): Source,
    ("columns",): Columns,
    ("baseline",): Baseline,
    ("alerts",): Alerts,
    ("privacy",): Privacy,
    ("state",): State,
    ("reinforce",): Reinforce,
    ("notify",): Notify,
    ("notify", "webhook"): Webhook,
    ("notify", "email"): Email,
    ("areas", "*"): Area,
    ("outcomes", "*"): LaggingOutcome,
    ("outcomes", "*", "present"): PresentRule,
}
_TEXT_TYPES = frozenset({"string_type", "string_too_short"})
_CONTAINER_TYPES = frozenset(
    {"tuple_type", "list_type", "dict_type", "model_type", "model_attributes_type"}
)
_DATE_TYPES = frozenset({"date_parsing", "date_from_datetime_parsing", "date_type"})
_DATE_TYPES |= {"date_from_datetime_inexact"}
_INT_TYPES = frozenset({"int_parsing", "int_type", "int_from_float"})
_FLOAT_TYPES = frozenset({"float_parsing", "float_type"})


def explain_errors(error: ValidationError, document: Document) -> list[ContractIssue]:
    """One located issue per problem in ``error``, in the order they appear in the file.

    Args:
        error: what validating ``document.data`` against :class:`Contract` raised.
        document: the YAML the data came from, for lines and for the values as written.

    Returns:
        The issues, sorted by line.
    """
    details = list(error.errors(include_url=False))
    inner = _enclosing(details)
    details = [detail for detail in details if not _is_echo(detail, inner)]
    typos = _typos(details, document.data)
    issues: list[ContractIssue] = []
    for detail in details:
        if detail["type"] == "missing" and yaml_path(detail["loc"], document.data) in typos:
            continue  # the misspelt key's message already says "Did you mean ...?"
        issues.extend(_explain(detail, document))
    return sorted(issues, key=lambda issue: issue.line or 0)


def _typos(details: list[ErrorDetails], data: object) -> set[tuple[PathPart, ...]]:
    """Paths of missing keys that an unknown key beside them is a misspelling of."""
    missing = {yaml_path(detail["loc"], data) for detail in details if detail["type"] == "missing"}
    typos = set()
    for detail in details:
        if detail["type"] != "extra_forbidden":
            continue
        path = yaml_path(detail["loc"], data)
        close = difflib.get_close_matches(str(path[-1]), _valid_keys(path[:-1]), n=1)
        if close and (*path[:-1], close[0]) in missing:
            typos.add((*path[:-1], close[0]))
    return typos


def yaml_path(loc: Sequence[PathPart], data: object) -> tuple[PathPart, ...]:
    """Map a pydantic ``loc`` to the path of keys as written in the YAML.

    >>> check = {"id": "ack", "within": {"from": "a", "to": "b", "limit": "1x"}}
    >>> yaml_path(("areas", 0, "checks", 0, "rule", "limit"), {"areas": [{"checks": [check]}]})
    ('areas', 0, 'checks', 0, 'within', 'limit')
    """
    path: list[PathPart] = []
    node: object = data
    parts = [part for part in loc if part != "[key]"]
    index = 0
    while index < len(parts):
        part = parts[index]
        if part in {"rule", "kind"} and _is_check(tuple(path)) and isinstance(node, dict):
            kinds = [kind for kind in CHECK_KINDS if kind in node]
            if not kinds:
                break
            path.append(kinds[0])
            node = node[kinds[0]]
            if part == "kind":
                break
            steps_follow = index + 1 < len(parts) and parts[index + 1] == "steps"
            index += 2 if kinds[0] == "order" and isinstance(node, list) and steps_follow else 1
            continue
        path.append(part)
        node = _child(node, part)
        index += 1
    return tuple(path)


def _explain(detail: ErrorDetails, document: Document) -> list[ContractIssue]:
    data = document.data
    kind = detail["type"]
    path = yaml_path(detail["loc"], data)
    if kind in {"repeated_id", "repeated_area"}:
        return _repeats(kind, document)
    if kind == "person_role":
        return [_person_role(use, document) for use in detail.get("ctx", {}).get("places", ())]
    on_key = kind == "extra_forbidden" or detail["loc"][-1:] == ("[key]",)
    line = document.line_of(path, key=on_key)
    if kind == "missing":
        return [ContractIssue(_missing(path, data), line=line, path=path)]
    if kind == "extra_forbidden":
        return [ContractIssue(_unknown(path, data), line=line, path=path)]
    subject, rest = _subject(path, data)
    prefix = f"{subject}: " if subject and rest else ""
    thing = _thing(rest) if rest else subject or "the contract"
    key = _key(path)
    text = _notify_sentence(detail, thing=thing, key=key) or _sentence(detail, thing=thing, key=key)
    return [ContractIssue(prefix + text, line=line, path=path)]


def _sentence(detail: ErrorDetails, *, thing: str, key: str) -> str:  # noqa: PLR0911
    """The sentence for one error, by type; one return per type reads as a table."""
    kind, value, ctx = detail["type"], detail["input"], detail.get("ctx", {})
    example = f" For example: '{EXAMPLES[key]}'." if key in EXAMPLES else ""
    if value is None or kind == "string_too_short":
        return f"{thing} is empty.{example}"
    if kind in _TEXT_TYPES:
        return f"{thing} must be text, not {_shown(value)}.{example}"
    if kind in _CONTAINER_TYPES:
        shape = "a list" if key in LIST_KEYS else "a mapping of keys"
        if key == "where" and kind in {"tuple_type", "list_type"}:
            shape = "a list of values"
        return f"{thing} must be {shape}, not {_shown(value)}.{example}"
    if kind == "string_pattern_mismatch":
        return (
            f"{thing} {_shown(value)} is not a usable id. Use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, e.g. 'ack-within-24h'."
        )
    if kind == "literal_error" and key == "risk" and not isinstance(value, str):
        return f"{thing} must be high, medium or low, not {_shown(value)}."
    if kind == "literal_error" and key == "risk":
        hint = did_you_mean(str(value), RISKS)
        return f"{thing} {_shown(value)} is not a risk level. Write high, medium or low.{hint}"
    if kind == "too_short":
        return _too_short(thing, key, ctx, example)
    if kind in _INT_TYPES | _FLOAT_TYPES | {"bool_parsing"}:
        noun = "a whole number" if kind in _INT_TYPES else "a number"
        noun = "true or false" if kind == "bool_parsing" else noun
        return f"{thing} {_shown(value)} is not {noun}.{example}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        low, high = RANGES.get(str(key), (ctx.get("ge"), ctx.get("le")))
        return f"{thing} {_shown(value)} is out of range: it must be from {low} to {high}.{example}"
    if kind in _DATE_TYPES:
        return f"{thing} {_shown(value)} is not a date. Write it as YYYY-MM-DD, e.g. 2025-03-31."
    if kind in {"value_error", "assertion_error"}:
        return f"{thing} {ctx.get('error', detail['msg'])}"
    return f"{thing} {_shown(value)} is not valid: {detail['msg']}."


def _notify_sentence(detail: ErrorDetails, *, thing: str, key: str) -> str | None:
    """The sentence for an error of the contract's ``notify`` part, ``None`` for another."""
    kind, value = detail["type"], detail["input"]
    example = f" For example: '{EXAMPLES[key]}'." if key in EXAMPLES else ""
    if kind in {"secret_in_contract", "password_in_clear"}:
        return f"{thing}: {detail['msg']}."
    if kind == "string_pattern_mismatch" and key in {"url_env", "username_env", "password_env"}:
        return (
            f"{thing} {_shown(value)} is not the name of an environment variable. Use letters, "
            f"digits and '_'.{example}"
        )
    if kind == "string_pattern_mismatch" and key in {"sender", "to"}:
        return f"{thing} {_shown(value)} is not an e-mail address, e.g. 'leads@example.com'."
    return None


def _too_short(thing: str, key: str, ctx: dict[str, Any], example: str) -> str:
    needed, actual = ctx.get("min_length", 1), ctx.get("actual_length", 0)
    noun = ITEM_NOUNS.get(key, "value")
    if key == "order":
        noun = "step"
    plural = "" if needed == 1 else "s"
    if not actual:
        return f"{thing} is empty. List at least {needed} {noun}{plural}.{example}"
    listed = f"{actual} {noun}{'' if actual == 1 else 's'}"
    return f"{thing} lists only {listed}; it needs at least {needed}.{example}"


def _missing(path: tuple[PathPart, ...], data: object) -> str:
    key = str(path[-1])
    subject, rest = _subject(path[:-1], data)
    if rest:
        holder = (f"{subject}: " if subject else "") + _thing(rest)
    else:
        holder = subject or "the contract"
    written = OUTCOME_EXAMPLE if path[0] == "outcomes" and key == "present" else EXAMPLES.get(key)
    example = f" Add it, e.g. '{written}'." if written else ""
    return f"{holder} has no {key}.{example}"


def _unknown(path: tuple[PathPart, ...], data: object) -> str:
    key = str(path[-1])
    subject, rest = _subject(path[:-1], data)
    valid = _valid_keys(path[:-1])
    where = f" of {_thing(rest)}" if rest else ""
    prefix = f"{subject}: " if subject else ""
    known = f" Known keys: {', '.join(valid)}." if valid else ""
    hint = did_you_mean(key, valid) if valid else ""
    return f"{prefix}'{key}' is not a known key{where}.{known}{hint}"


def _repeats(kind: str, document: Document) -> list[ContractIssue]:
    data = document.data
    places: dict[str, list[tuple[PathPart, ...]]] = {}
    areas = _child(data, "areas")
    for area_index, area in enumerate(areas if isinstance(areas, list) else []):
        if kind == "repeated_area":
            places.setdefault(str(_child(area, "name")), []).append(("areas", area_index, "name"))
            continue
        checks = _child(area, "checks")
        for check_index, check in enumerate(checks if isinstance(checks, list) else []):
            path: tuple[PathPart, ...] = ("areas", area_index, "checks", check_index, "id")
            places.setdefault(str(_child(check, "id")), []).append(path)
    outcomes = _child(data, "outcomes")
    for index, outcome in enumerate(outcomes if isinstance(outcomes, list) else []):
        if kind == "repeated_id":
            places.setdefault(str(_child(outcome, "id")), []).append(("outcomes", index, "id"))
    issues = []
    for name, paths in places.items():
        if len(paths) < 2:
            continue
        lines = [document.line_of(path) for path in paths]
        shown = _and([str(line) for line in lines if line is not None])
        if kind == "repeated_area":
            text = f"area name '{name}' is used more than once (lines {shown}). "
            text += "Give every area its own name, or merge their checks into one area."
        else:
            text = f"id '{name}' is used more than once (lines {shown}). "
            text += "Give every check and outcome its own id."
        issues.append(ContractIssue(text, line=lines[1], path=paths[1]))
    return issues


def _person_role(use: ColumnUse, document: Document) -> ContractIssue:
    """One place the person column is named in another role, located at its line."""
    path = yaml_path(use.loc, document.data)
    line = document.line_of(path, key=use.role == "scope")
    subject, rest = _subject(path, document.data)
    thing = "where" if use.role == "scope" else _thing(rest) if rest else str(path[-1])
    prefix = f"{subject}: " if subject else ""
    return ContractIssue(prefix + person_role_message(use, thing=thing), line=line, path=path)


def _subject(path: tuple[PathPart, ...], data: object) -> tuple[str | None, tuple[PathPart, ...]]:
    """Who the problem is about (``check 'ack'``), and the rest of the path below it."""
    if len(path) >= 4 and path[0] == "areas" and path[2] == "checks":
        check = _child(_child(_child(_child(data, "areas"), path[1]), "checks"), path[3])
        name = _child(check, "id")
        if isinstance(name, str) and name:
            return f"check '{name}'", path[4:]
        return f"check {_position(path[3])} in {_area(path[1], data)}", path[4:]
    if len(path) >= 2 and path[0] == "areas":
        return _area(path[1], data), path[2:]
    if len(path) >= 2 and path[0] == "outcomes":
        name = _child(_child(_child(data, "outcomes"), path[1]), "id")
        label = f"outcome '{name}'" if isinstance(name, str) and name else None
        return label or f"outcome {_position(path[1])}", path[2:]
    if len(path) >= 2 and path[0] in {
        "source",
        "columns",
        "baseline",
        "alerts",
        "privacy",
        "state",
        "reinforce",
        "notify",
    }:
        return str(path[0]), path[1:]
    return None, path


def _area(index: PathPart, data: object) -> str:
    name = _child(_child(_child(data, "areas"), index), "name")
    return f"area '{name}'" if isinstance(name, str) and name else f"area {_position(index)}"


def _thing(rest: tuple[PathPart, ...]) -> str:
    """Name the part at ``rest`` within its subject: ``limit``, ``fields item 2``, ``where 'x'``."""
    if rest[0] == "where" and len(rest) >= 2:
        base, tail = f"where '{rest[1]}'", rest[2:]
        if tail and tail[0] in {"values", "range"}:  # the tag of a list or a range scope
            tail = tail[1:]
        if tail and isinstance(tail[0], str):  # a bound of a range: at_least, below
            base, tail = f"{base} {tail[0]}", tail[1:]
    else:
        names = [index for index, part in enumerate(rest) if isinstance(part, str)]
        last = names[-1] if names else 0
        base, tail = str(rest[last]), rest[last + 1 :]
    return f"{base} item {_position(tail[0])}" if tail else base


def _key(path: tuple[PathPart, ...]) -> str:
    """The schema key a path ends under (a ``where`` attribute counts as ``where``)."""
    if "where" in path:
        return "where range" if "range" in path[path.index("where") + 2 :][:1] else "where"
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""


def _valid_keys(path: tuple[PathPart, ...]) -> tuple[str, ...]:
    shape = tuple("*" if isinstance(part, int) else part for part in path)
    if shape == ("areas", "*", "checks", "*"):
        return CHECK_KEYS
    model = _MODELS.get(shape)
    if len(shape) == 5 and shape[:4] == ("areas", "*", "checks", "*"):
        model = RULE_MODELS.get(str(shape[4]))
    if model is None:
        return ()
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _is_check(path: tuple[PathPart, ...]) -> bool:
    return len(path) == 4 and path[0] == "areas" and path[2] == "checks"


def _enclosing(details: list[ErrorDetails]) -> set[tuple[PathPart, ...]]:
    """Every location that holds another error's location (its proper prefixes), in one pass."""
    return {tuple(loc[:end]) for loc in (d["loc"] for d in details) for end in range(len(loc))}


def _is_echo(detail: ErrorDetails, enclosing: set[tuple[PathPart, ...]]) -> bool:
    """A ``too_short`` that only repeats that some item inside it failed."""
    return detail["type"] == "too_short" and tuple(detail["loc"]) in enclosing


def _child(node: object, part: PathPart) -> object:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _and(items: list[str]) -> str:
    """``"1, 2 and 3"``."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _position(index: PathPart) -> str:
    return str(index + 1) if isinstance(index, int) else str(index)


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"'{value}'"
