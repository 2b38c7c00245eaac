"""Frozen, typed models of the stability contract (``taut.yaml``).

The contract names the few areas of work that must not wobble, each with checks of four
kinds (``present``, ``within``, ``complete``, ``order``), a target and an optional scope.
Every model is frozen and rejects unknown keys; values are validated when built, so a
contract that loads is a contract that can be evaluated. Semantics are documented in
``docs/contract.md``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from taut.contract.notifying import Notify
from taut.contract.privacy import Privacy, refuse_person_roles
from taut.contract.quantities import Duration, Target, parse_duration, parse_target
from taut.errors import did_you_mean

__all__ = [
    "ALL_TRANSITIONS",
    "CHECK_KEYS",
    "CHECK_KINDS",
    "DELIMITERS",
    "ENCODINGS",
    "EPOCH_FORMATS",
    "FORMATS",
    "MAX_FIELDS",
    "OUTCOME_COLUMNS",
    "RISKS",
    "RISK_WEIGHT",
    "RULE_MODELS",
    "TRANSITION_COLUMN",
    "Alerts",
    "Area",
    "Baseline",
    "Check",
    "CheckKind",
    "Columns",
    "CompleteRule",
    "Contract",
    "LaggingOutcome",
    "OrderRule",
    "PresentRule",
    "Reinforce",
    "Rule",
    "Source",
    "State",
    "WithinRule",
    "parse_duration",
    "parse_target",
]

CHECK_KINDS: tuple[str, ...] = ("present", "within", "complete", "order")
RISKS: tuple[str, ...] = ("high", "medium", "low")
RISK_WEIGHT: dict[str, float] = {"high": 3.0, "medium": 2.0, "low": 1.0}

Name = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]

OUTCOME_COLUMNS: tuple[str, ...] = (
    "case_id",
    "area",
    "check",
    "kind",
    "anchor_time",
    "decided_time",
    "status",
    "value",
    "blank_fields",
    "team",
    "hour",
    "weekday",
    "day",
    "workload",
    "workload_pct",
)
"""The columns taut adds to every outcome row (:mod:`taut.outcomes`), in order; a condition
becomes a column after them, so it may not take one of their names."""


def _not_an_outcome_column(name: str) -> str:
    if name in OUTCOME_COLUMNS:
        raise ValueError(
            f"is '{name}', the name of a column taut adds to every outcome "
            f"({', '.join(OUTCOME_COLUMNS)}). Rename the column in the log and in conditions."
        )
    return name


Condition = Annotated[Name, AfterValidator(_not_an_outcome_column)]


def _repeated(values: tuple[str, ...]) -> list[str]:
    """The values listed more than once, in order of first appearance (one counting pass).

    >>> _repeated(("a", "b", "a", "c", "b", "a"))
    ['a', 'b']
    """
    return [name for name, times in Counter(values).items() if times > 1]


def _as_values(item: Any) -> Any:
    """A scope's values as a list of text: one value becomes a list of one; numbers become text."""
    items = list(item) if isinstance(item, list | tuple) else [item]
    if item is None or any(isinstance(v, dict | list) for v in items):
        return item  # left for the model to reject with a located message
    return [str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in items]


class Model(BaseModel):
    """Base of the contract's models: frozen, unknown keys rejected.

    Numbers are accepted where text is expected (an activity called ``2024`` is the text
    ``"2024"``), because YAML writers rarely think of step names as numbers.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, coerce_numbers_to_str=True
    )


EPOCH_FORMATS: tuple[str, ...] = ("epoch_s", "epoch_ms", "epoch_us")
"""``timestamp_format`` values naming a unit of epoch numbers instead of ``strptime`` codes."""
ENCODINGS: tuple[str, ...] = ("utf-8", "latin-1", "utf-16")
"""Text encodings a CSV file may be read in (those DuckDB's CSV reader supports)."""
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
"""Field delimiters of a CSV file: detected from its header line, or set in ``source``."""
ALL_TRANSITIONS = "all"
"""``source.lifecycle``'s default: every lifecycle transition counts under the activity's name."""
TRANSITION_COLUMN = "lifecycle:transition"
"""The lifecycle column taut uses when ``columns.transition`` is left out and the log has it."""
_NOT_CSV = (".parquet", ".jsonl", ".ndjson", ".json", ".xes")
FileFormat = Literal["csv", "parquet", "json", "xes"]
"""How a log file is read when ``source.format`` says so instead of its extension."""
FORMATS: tuple[str, ...] = ("csv", "parquet", "json", "xes")
Encoding = Literal["utf-8", "latin-1", "utf-16"]
Delimiter = Literal[",", ";", "\t", "|"]


class Source(Model):
    """Where the event log lives, how to read its text and how to read its times.

    ``encoding`` and ``delimiter`` apply to CSV files; left out, the encoding is UTF-8 (a
    byte-order mark is skipped) and the delimiter is detected from the header line.
    ``format`` reads the file as ``csv``, ``parquet``, ``json`` or ``xes`` whatever its
    extension (left out, the extension decides).
    ``lifecycle`` says which lifecycle transition (``complete``, ``start``, ...) an activity
    named alone stands for, in a log with a lifecycle column; ``all`` (the default) merges
    every transition under the activity's name (:mod:`taut.ingest.lifecycle`).
    """

    path: Name
    timezone: str = "UTC"
    timestamp_format: str | None = None
    encoding: Encoding | None = None
    delimiter: Delimiter | None = None
    format: FileFormat | None = None
    lifecycle: Name = ALL_TRANSITIONS

    @field_validator("lifecycle")
    @classmethod
    def _one_transition(cls, value: str) -> str:
        spelled = value.strip().lower()
        if not spelled or "+" in spelled:
            raise ValueError(
                f"{value!r} is not a lifecycle transition. Name the one transition an "
                f"activity stands for, e.g. 'complete' or 'start', or '{ALL_TRANSITIONS}' to "
                "merge them all."
            )
        return spelled

    @field_validator("encoding", mode="before")
    @classmethod
    def _known_encoding(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        spelled = value.strip().lower().replace("_", "-")
        aliases = {"utf8": "utf-8", "latin1": "latin-1", "iso-8859-1": "latin-1",
                   "utf16": "utf-16"}  # fmt: skip
        spelled = aliases.get(spelled, spelled)
        if spelled not in ENCODINGS:
            raise ValueError(
                f"'{value}' is not an encoding taut reads. Use one of "
                f"{', '.join(ENCODINGS)}, or convert the file to UTF-8 "
                "(e.g. iconv -f windows-1252 -t utf-8)." + did_you_mean(spelled, ENCODINGS)
            )
        return spelled

    @field_validator("delimiter", mode="before")
    @classmethod
    def _known_delimiter(cls, value: Any) -> Any:
        if isinstance(value, str) and value.lower() in {"tab", "\\t"}:
            return "\t"
        if isinstance(value, str) and value not in DELIMITERS:
            raise ValueError(
                f"{value!r} is not a delimiter taut reads. Use one of ',', ';', '|' or "
                'tab (written "\\t" or tab), or leave delimiter out to detect it from '
                "the header line."
            )
        return value

    @model_validator(mode="after")
    def _text_keys_for_csv(self) -> Source:
        name = self.path.lower().removesuffix(".gz")
        given = [key for key in ("encoding", "delimiter") if getattr(self, key) is not None]
        if given and self.format not in {None, "csv"}:
            raise ValueError(
                f"{' and '.join(given)} applies to CSV files only, and format reads "
                f"'{self.path}' as {str(self.format).upper()}. Remove it, or set format: csv."
            )
        if given and self.format is None and name.endswith(_NOT_CSV):
            raise ValueError(
                f"{' and '.join(given)} applies to CSV files only, and '{self.path}' is not "
                "one (Parquet and XES say their own encoding; JSON is always UTF-8). "
                "Remove it."
            )
        return self

    @field_validator("path")
    @classmethod
    def _nameable_path(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError(
                f"{value!r} holds a NUL byte, which no file name can hold. Write the event "
                "log's file name as it is on disk, e.g. 'events.csv'."
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
            hint = did_you_mean(value, sorted(available_timezones()))
            raise ValueError(
                f"'{value}' is not a known time zone. Use an IANA name such as "
                f"'America/Chicago' or 'UTC'.{hint}"
            ) from None
        return value

    @field_validator("timestamp_format")
    @classmethod
    def _has_directives(cls, value: str | None) -> str | None:
        if value is not None and "%" not in value and value not in EPOCH_FORMATS:
            raise ValueError(
                f"'{value}' has no % codes, so no time can be read with it. "
                "Write it with strftime codes, e.g. '%d/%m/%Y %H:%M', or name a unit "
                f"of epoch numbers: {', '.join(EPOCH_FORMATS)}."
                + did_you_mean(value, EPOCH_FORMATS)
            )
        return value


class Columns(Model):
    """Which columns of the log hold the case, the activity, the time, the team and the person,
    and (``transition``) each event's lifecycle transition; left out, a column named
    ``lifecycle:transition`` is used when the log has one."""

    case: Name
    activity: Name
    timestamp: Name
    team: Name | None = None
    person: Name | None = None
    transition: Name | None = None


class Baseline(Model):
    """The stretch of history taken as normal.

    Precedence: ``until`` (every case up to that day) over ``weeks`` written in the
    contract (the first that many weeks of data) over taut's own choice when neither is
    written: the first eight weeks of a log that spans at most 34 weeks, else a recent
    window ending half a year before the as-of day (see ``docs/scan.md``, *The baseline*,
    and :mod:`taut.signal.inputs.window`). ``weeks`` keeps its default of 8 when unwritten;
    ``"weeks" in baseline.model_fields_set`` tells whether it was written.
    """

    until: date | None = None
    weeks: int = Field(default=8, ge=1, le=520)


class Alerts(Model):
    """How many new signals one scan may raise, and how sensitive the detection is.

    ``budget``: at most this many new signals a scan; the rest are listed as watching.
    ``false_signals_per_year``: the sensitivity, how many false signals a check of a
    stable process may raise a year (the detectors' thresholds are set for it).

    >>> (Alerts().budget, Alerts().false_signals_per_year)
    (3, 1.0)
    """

    budget: int = Field(default=3, ge=1, le=20)
    false_signals_per_year: float = Field(default=1.0, ge=0.1, le=4.0)


class PresentRule(Model):
    """``step`` must occur at or after ``after`` (or in every case), within ``within``."""

    step: Name
    after: Name | None = None
    within: Duration = timedelta(days=7)

    @model_validator(mode="after")
    def _two_steps(self) -> PresentRule:
        if self.after == self.step:
            raise ValueError(
                f"names '{self.step}' as both step and after, so every case would keep it. "
                "Name the step that must follow, and the step it follows."
            )
        return self


class WithinRule(Model):
    """The first ``to`` at or after the first ``from`` must come within ``limit``."""

    from_: Name = Field(alias="from")
    to: Name
    limit: Duration

    @model_validator(mode="after")
    def _two_steps(self) -> WithinRule:
        if self.from_ == self.to:
            raise ValueError(
                f"names '{self.to}' as both from and to, so every case would take no time. "
                "Measure the time between two different steps."
            )
        return self


MAX_FIELDS = 56
"""The most fields one ``complete`` check may list (the outcomes' tie-break score of the
filled fields must fit an int64)."""


class CompleteRule(Model):
    """Every listed field must be non-empty on the first ``at`` event."""

    at: Name
    fields: tuple[Name, ...] = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > MAX_FIELDS:
            raise ValueError(
                f"lists {len(value)} fields; taut judges at most {MAX_FIELDS} in one check. "
                "Split it into two checks."
            )
        repeated = _repeated(value)
        if repeated:
            names = ", ".join(f"'{name}'" for name in repeated)
            raise ValueError(f"lists {names} more than once. List each field once.")
        return value


class OrderRule(Model):
    """The first occurrences of ``steps`` must come in the listed order."""

    steps: tuple[Name, ...] = Field(min_length=2)

    @field_validator("steps")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = _repeated(value)
        if repeated:
            names = ", ".join(f"'{name}'" for name in repeated)
            raise ValueError(f"lists {names} more than once. An order names each step once.")
        return value


Rule = PresentRule | WithinRule | CompleteRule | OrderRule
CheckKind = Literal["present", "within", "complete", "order"]
RULE_MODELS: dict[str, type[Rule]] = {
    "present": PresentRule,
    "within": WithinRule,
    "complete": CompleteRule,
    "order": OrderRule,
}
CHECK_KEYS: tuple[str, ...] = ("id", *CHECK_KINDS, "target", "where")
RANGE_KEYS: tuple[str, ...] = ("at_least", "below")


class ValueRange(Model):
    """A ``where`` scope on a number: ``{at_least: 5000, below: 10000}`` (either bound alone).

    A case is in scope when its attribute, read as a number, is at least ``at_least`` and
    below ``below``; a value that is not a number is out of scope.

    >>> ValueRange.model_validate({"at_least": 5000, "below": "10000"}).words("amount")
    'amount at least 5000 and below 10000'
    """

    at_least: Annotated[float, Field(allow_inf_nan=False)] | None = None
    below: Annotated[float, Field(allow_inf_nan=False)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = [str(key) for key in data if key not in RANGE_KEYS]
            if unknown:
                raise ValueError(
                    f"has '{unknown[0]}', which a range does not know. A range is written "
                    "'{at_least: 5000, below: 10000}' (either bound alone)."
                    f"{did_you_mean(unknown[0], RANGE_KEYS)}"
                )
        return data

    @model_validator(mode="after")
    def _bounds(self) -> ValueRange:
        if self.at_least is None and self.below is None:
            raise ValueError(
                "is a range with no bound. Write 'at_least', 'below' or both, e.g. "
                "'{at_least: 5000, below: 10000}'."
            )
        if self.at_least is not None and self.below is not None and self.at_least >= self.below:
            raise ValueError(
                f"is a range that holds no value: at_least {self.at_least:g} is not below "
                f"'below' {self.below:g}. Swap them, or widen the range."
            )
        return self

    def words(self, name: str) -> str:
        """The range in words, e.g. ``amount at least 5000 and below 10000``."""
        parts = []
        if self.at_least is not None:
            parts.append(f"at least {self.at_least:g}")
        if self.below is not None:
            parts.append(f"below {self.below:g}")
        return f"{name} {' and '.join(parts)}"


def _scope_kind(value: Any) -> str:
    return "range" if isinstance(value, dict | ValueRange) else "values"


Scope = Annotated[
    Annotated[Annotated[tuple[Name, ...], Field(min_length=1)], Tag("values")]
    | Annotated[ValueRange, Tag("range")],
    Discriminator(_scope_kind),
]
"""A ``where`` attribute's scope: the values it may take, or a :class:`ValueRange`."""


class Check(Model):
    """One commitment: a rule, a target share of cases that keep it, and an optional scope.

    In YAML the rule is written under its kind's key (``within: {...}``), or for ``order``
    as the list of steps; :attr:`kind` says which. In Python, pass ``kind`` and ``rule``.

    >>> check = Check.model_validate(
    ...     {"id": "ack", "within": {"from": "Deal closed", "to": "Acked", "limit": "24h"},
    ...      "target": "90%"}
    ... )
    >>> check.kind, check.rule.limit, check.target
    ('within', datetime.timedelta(days=1), 0.9)
    """

    id: Identifier
    kind: CheckKind
    rule: Rule
    target: Target
    where: dict[Name, Scope] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _pick_kind(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "rule" in data or "kind" in data:
            return data
        kinds = [key for key in CHECK_KINDS if key in data]
        if not kinds:
            unknown = [str(key) for key in data if key not in CHECK_KEYS]
            hint = "".join(did_you_mean(key, CHECK_KINDS) for key in unknown[:1])
            raise ValueError(
                "has no rule. Write exactly one of present, within, complete or order, "
                f"e.g. 'within: {{from: Deal closed, to: Kickoff scheduled, limit: 24h}}'.{hint}"
            )
        if len(kinds) > 1:
            raise ValueError(
                f"has {len(kinds)} rules ({', '.join(kinds)}) but a check holds one. "
                "Split it into one check per rule, each with its own id."
            )
        kind = kinds[0]
        rest = {key: value for key, value in data.items() if key != kind}
        raw = data[kind]
        rule: Any = {"steps": raw} if kind == "order" and isinstance(raw, list) else raw
        return {**rest, "kind": kind, "rule": rule}

    @field_validator("rule", mode="wrap")
    @classmethod
    def _rule_of_kind(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        kind = info.data.get("kind")
        if kind not in RULE_MODELS:
            return handler(value)
        expected = RULE_MODELS[kind]
        if isinstance(value, BaseModel) and not isinstance(value, expected):
            raise ValueError(
                f"is a {type(value).__name__} but the check is a {kind} check. "
                f"Pass a {expected.__name__}."
            )
        # Validating against the kind's own model (not the union) reports only the
        # problems of that rule, located under it.
        return expected.model_validate(value)

    @field_validator("where", mode="before")
    @classmethod
    def _scalar_to_tuple(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {key: _as_values(item) for key, item in value.items()}

    @property
    def activities(self) -> tuple[str, ...]:
        """The activities this check refers to, in the order written."""
        rule = self.rule
        if isinstance(rule, PresentRule):
            return (rule.after, rule.step) if rule.after else (rule.step,)
        if isinstance(rule, WithinRule):
            return (rule.from_, rule.to)
        if isinstance(rule, CompleteRule):
            return (rule.at,)
        return rule.steps


class Area(Model):
    """A critical area of work, its risk and its checks."""

    name: Name
    risk: Literal["high", "medium", "low"] = "medium"
    checks: tuple[Check, ...] = Field(min_length=1)


class LaggingOutcome(Model):
    """A lagging result (a complaint, a late delivery) used to show consequences."""

    id: Identifier
    present: PresentRule


STORE_SCHEMES: tuple[str, ...] = ("sqlite", "postgresql", "postgres")
"""The database kinds a state store URL may name (``sqlite:///...``, ``postgresql://...``)."""


class State(Model):
    """Where taut keeps its memory of scans, signals and decisions (``docs/store.md``).

    ``url``: a SQLAlchemy URL, ``sqlite:///path/state.db`` or
    ``postgresql://user@host:5432/name``. Left out, the store is ``.taut/state.db`` next to
    the contract; ``TAUT_DATABASE_URL`` in the environment wins over both.

    >>> State(url="postgresql://taut@db.example/taut").url
    'postgresql://taut@db.example/taut'
    """

    url: str | None = Field(default=None, min_length=1)

    @field_validator("url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        scheme = (value or "").split(":", 1)[0].split("+", 1)[0].lower()
        if value is not None and scheme not in STORE_SCHEMES:
            raise PydanticCustomError(
                "store_url",
                "taut keeps its store in SQLite or PostgreSQL only, not '{scheme}'; write "
                "sqlite:///path/to/state.db or postgresql://user@host:5432/name (a password "
                "is better kept in TAUT_DATABASE_URL than in the contract)",
                {"scheme": scheme},
            )
        return value


class Reinforce(Model):
    """Where the user's own playbook is: ``reinforce: {playbook: my-playbook.yaml}``.

    ``playbook``: a YAML file of reinforcements (``docs/reinforce.md``), relative to the
    folder ``taut.yaml`` is in; its entries add to taut's shipped playbook or replace
    shipped ones by id. Left out, the shipped playbook alone is used.
    """

    playbook: Name | None = None


class Contract(Model):
    """The whole stability contract.

    Attributes:
        process: what the process is called, in the organisation's words.
        source: where the log is and how to read its times.
        columns: which columns hold case, activity, timestamp, team and person.
        conditions: case attributes to explain slips with.
        baseline: the stretch of history taken as normal.
        alerts: how many new signals one scan may raise.
        areas: the few critical areas, each with checks.
        outcomes: lagging results, for consequences.
        privacy: whether teams of fewer than five people may be shown.
        state: where the state store is (left out: ``.taut/state.db`` beside the contract).
        reinforce: the user's own playbook of reinforcements, if any.
        notify: where news of new signals and verdicts is sent (docs/notify.md).
    """

    process: Name
    source: Source
    columns: Columns
    conditions: tuple[Condition, ...] = ()
    baseline: Baseline = Field(default_factory=Baseline)
    alerts: Alerts = Field(default_factory=Alerts)
    areas: tuple[Area, ...] = Field(min_length=1)
    outcomes: tuple[LaggingOutcome, ...] = ()
    privacy: Privacy = Field(default_factory=Privacy)
    state: State = Field(default_factory=State)
    reinforce: Reinforce = Field(default_factory=Reinforce)
    notify: Notify = Field(default_factory=Notify)

    @model_validator(mode="after")
    def _person_only_counted(self) -> Contract:
        refuse_person_roles(self)  # the person column plays no other role
        return self

    @model_validator(mode="after")
    def _unique_names(self) -> Contract:
        ids = tuple(check.id for area in self.areas for check in area.checks)
        ids += tuple(outcome.id for outcome in self.outcomes)
        repeated = _repeated(ids)
        if repeated:
            raise PydanticCustomError(
                "repeated_id",
                "check and outcome ids must be unique; repeated: {repeated}.",
                {"repeated": ", ".join(repeated)},
            )
        repeated = _repeated(tuple(area.name for area in self.areas))
        if repeated:
            raise PydanticCustomError(
                "repeated_area",
                "area names must be unique; repeated: {repeated}.",
                {"repeated": ", ".join(repeated)},
            )
        return self

    @property
    def checks(self) -> tuple[tuple[Area, Check], ...]:
        """Every check with its area, in contract order."""
        return tuple((area, check) for area in self.areas for check in area.checks)

    @property
    def activities(self) -> tuple[str, ...]:
        """Every activity the contract names, once each, in order of first mention."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            seen.update(dict.fromkeys(check.activities))
        for outcome in self.outcomes:
            rule = outcome.present
            seen.update(dict.fromkeys((rule.after, rule.step) if rule.after else (rule.step,)))
        return tuple(seen)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field named by a ``complete`` check, once each."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            if isinstance(check.rule, CompleteRule):
                seen.update(dict.fromkeys(check.rule.fields))
        return tuple(seen)

    @property
    def scope_columns(self) -> tuple[str, ...]:
        """Every case attribute used by a ``where`` scope, once each."""
        seen: dict[str, None] = {}
        for _, check in self.checks:
            seen.update(dict.fromkeys(check.where))
        return tuple(seen)
