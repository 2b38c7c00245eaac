"""One exception tree for everything taut raises on purpose.

::

    TautError                      base of every error taut raises deliberately
    ├── ContractError              taut.yaml cannot be read or breaks a rule
    ├── SettingError               an environment setting (TAUT_TEMP_DIR, ...) is unusable
    ├── InputError                 the event log cannot be read or lacks what the contract needs
    ├── InsufficientDataError      too little data to say anything honest
    ├── UsageError                 a command asks for what its inputs cannot give
    ├── StoreError                 the state database cannot be read or written
    ├── OutputError                an output file or stream cannot be written
    │   └── OverwriteError         the output would replace an input or an existing project
    └── ThresholdTableError        the shipped threshold table is missing or unreadable

Every message names the thing, shows the offending value, states the rule and the fix,
and suggests the closest valid name where one exists. Exceptions carry structured
fields so callers (the CLI, the web app, tests) need not parse messages.

The CLI turns these into one readable message and an :class:`ExitCode`; a traceback
is printed only with ``--debug``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of the ``taut`` command, stable across releases.

    - ``OK`` (0): the command did its job; for ``scan``, nothing at or above ``--fail-on``.
    - ``SIGNALS`` (1): ``scan`` found signals at or above ``--fail-on``.
    - ``USAGE`` (2): a usage or contract error (bad flag, bad ``taut.yaml``).
    - ``INPUT`` (3): the event log cannot be read or has errors.
    - ``STORE`` (4): the state database cannot be read or written.
    - ``OUTPUT`` (5): the output cannot be written: a missing or read-only folder, a full
      disk, a closed standard output, or a reader that closed the pipe (quietly, no message).
    - ``NOTIFY`` (6): a notification could not be sent (``--notify``); the report was
      written and the scan kept, and the next run tries what was not sent again.
    - ``INTERNAL`` (70): a bug in taut; please report it with ``--debug`` output.
    - ``INTERRUPTED`` (130): stopped by Ctrl-C (SIGINT); no partial output is left.
    - ``TERMINATED`` (143): stopped by SIGTERM; no partial output is left.
    """

    OK = 0
    SIGNALS = 1
    USAGE = 2
    INPUT = 3
    STORE = 4
    OUTPUT = 5
    NOTIFY = 6
    INTERNAL = 70
    INTERRUPTED = 130
    TERMINATED = 143


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest choice, or ``""`` when none is close.

    >>> did_you_mean("Deal closd", ["Deal closed", "Kickoff scheduled"])
    " Did you mean 'Deal closed'?"
    >>> did_you_mean("zzz", ["Deal closed"])
    ''
    """
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def cap_examples(items: Sequence[str], *, limit: int = 5) -> str:
    """Join up to ``limit`` examples, saying how many more were left out.

    >>> cap_examples(["a", "b", "c"], limit=2)
    "'a', 'b' … and 1 more"
    """
    shown = ", ".join(f"'{item}'" for item in items[:limit])
    rest = len(items) - limit
    return f"{shown} … and {rest} more" if rest > 0 else shown


class TautError(Exception):
    """Base of every error taut raises on purpose; ``exit_code`` says how the CLI exits."""

    exit_code: ExitCode = ExitCode.INTERNAL


@dataclass(frozen=True)
class ContractIssue:
    """One problem in a contract file, located at a line when it is known."""

    message: str
    line: int | None = None
    path: tuple[str | int, ...] = ()

    def render(self, file: Path | None) -> str:
        where = str(file) if file is not None else "taut.yaml"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class ContractError(TautError):
    """The stability contract cannot be read or breaks a rule.

    Attributes:
        file: the contract file, when it came from one.
        issues: every problem found, not only the first.
    """

    exit_code = ExitCode.USAGE

    def __init__(self, issues: Sequence[ContractIssue], *, file: Path | None = None) -> None:
        self.file = file
        self.issues = tuple(issues)
        super().__init__("\n".join(issue.render(file) for issue in self.issues))


class SettingError(TautError):
    """An environment setting taut reads (``TAUT_TEMP_DIR``, ``TAUT_MEMORY_LIMIT``) is unusable."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Problem:
    """One kind of problem found in an event log, counted, with a few examples.

    ``severity`` is ``error`` when the contract cannot be checked honestly as the data
    stands, ``warning`` when rows were set aside but the rest can be used.
    """

    code: str
    severity: str
    message: str
    count: int = 0
    examples: tuple[str, ...] = field(default=())

    def render(self) -> str:
        text = self.message
        if self.examples:
            text += f" Examples: {cap_examples(self.examples)}."
        return text


class InputError(TautError):
    """The event log cannot be read, or lacks what the contract needs.

    Attributes:
        problems: every problem found, counted and with examples.
    """

    exit_code = ExitCode.INPUT

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.render() for problem in self.problems))


class InsufficientDataError(TautError):
    """Too little data to say anything honest (for example, no cases in the baseline)."""

    exit_code = ExitCode.INPUT


class UsageError(TautError):
    """A command asks for something its inputs cannot give (``--as-of`` outside the log)."""

    exit_code = ExitCode.USAGE


class StoreError(TautError):
    """The state database cannot be read or written."""

    exit_code = ExitCode.STORE


class OutputError(TautError):
    """An output file or stream cannot be written.

    Attributes:
        target: what was being written: a path, or ``standard output``.
        errno: the operating system's error number, when there is one.
    """

    exit_code = ExitCode.OUTPUT

    def __init__(self, message: str, *, target: str, errno: int | None = None) -> None:
        self.target = target
        self.errno = errno
        super().__init__(message)


class OverwriteError(OutputError):
    """The output would replace one of the command's inputs, or a project without ``--force``."""

    exit_code = ExitCode.USAGE


class ThresholdTableError(TautError):
    """The threshold table shipped with taut is missing or cannot be read: a broken install.

    A scan reads every threshold from that table and never simulates one, so it cannot
    run without it.

    Attributes:
        path: the table's file.
    """

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str, *, path: Path) -> None:
        self.path = path
        super().__init__(message)
