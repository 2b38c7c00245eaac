"""Load ``taut.yaml`` into a validated :class:`Contract`, or say exactly what is wrong.

Every problem the file has is collected and raised together as one
:class:`~taut.errors.ContractError`, each located at its line with a message that names
the thing, shows the value, states the rule and gives the fix. Nothing else escapes:
no YAML error, no pydantic ``ValidationError``, no ``OSError``.

>>> text = '''
... process: Handoff
... source: {path: events.csv}
... columns: {case: deal_id, activity: step, timestamp: at}
... areas:
...   - name: Customer handoff
...     checks:
...       - id: ack-within-24h
...         within: {from: Deal closed, to: Operations acknowledged, limit: 24hours}
...         target: 90%
... '''
>>> parse_contract(text)
Traceback (most recent call last):
...
taut.errors.ContractError: taut.yaml, line 9: check 'ack-within-24h': limit '24hours' is not a duration. Write a positive number and a unit: m, h, d or w, e.g. '24h' or '7d'.
"""  # noqa: E501

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from taut.contract.document import Document, DocumentLimitError, read_document, repeated_keys
from taut.contract.explain import explain_errors
from taut.contract.models import Contract
from taut.contract.review import review_contract
from taut.errors import ContractError, ContractIssue, did_you_mean

logger = logging.getLogger(__name__)

CONTRACT_NAMES: tuple[str, ...] = ("taut.yaml", "taut.yml")
MAX_CONTRACT_BYTES = 256 * 1024
"""The largest contract taut reads: 256 KB (262,144 bytes), where a real one is a few KB
(3,500 checks fit). A larger file is refused before it is read whole, let alone parsed: it
is almost always the wrong file (the event log, say), and the YAML reader, pure Python so
that every value keeps its line, takes about 7 s of CPU a megabyte."""


@dataclass(frozen=True)
class ContractFile:
    """A validated contract and where it came from.

    Attributes:
        contract: the validated contract.
        path: the contract file, absolute.
        base_dir: the folder holding the contract; relative paths in it start here.
        source_path: ``contract.source.path`` resolved against ``base_dir``.
        warnings: advice on a valid contract (see :mod:`taut.contract.review`), rendered
            as ``"taut.yaml, line 9: ..."``; also logged at WARNING level.
    """

    contract: Contract
    path: Path
    base_dir: Path
    source_path: Path
    warnings: tuple[str, ...] = ()


def load_contract(path: str | Path) -> ContractFile:
    """Read and validate a contract file.

    Args:
        path: the contract file, e.g. ``"taut.yaml"``.

    Returns:
        The validated contract with its absolute path, folder and source path.

    Raises:
        ContractError: the file is missing or unreadable, is not YAML, or breaks a rule of
            the contract; every problem found is in ``err.issues``.
    """
    try:
        file = Path(path).expanduser()
    except RuntimeError:  # '~someone' for a user this machine does not know
        message = (
            "the path starts with '~' and a user this machine does not know. Write it in full."
        )
        raise ContractError([ContractIssue(message)], file=Path(path)) from None
    try:
        with file.open("rb") as stream:
            # One byte past the limit tells a file that is too large, without reading it
            # all (it may be a device that never ends).
            data = stream.read(MAX_CONTRACT_BYTES + 1)
        if len(data) > MAX_CONTRACT_BYTES:
            raise _too_large(file.stat().st_size if file.is_file() else None, file=file)
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise ContractError([ContractIssue(_not_found(file))], file=file) from None
    except IsADirectoryError:
        raise ContractError([ContractIssue(_folder(file))], file=file) from None
    except UnicodeDecodeError as error:
        message = (
            f"the file is not UTF-8 text (byte {error.start} cannot be read). "
            "Save it as UTF-8 and try again."
        )
        raise ContractError([ContractIssue(message)], file=file) from None
    except OSError as error:
        message = f"the file cannot be read ({error.strerror}). Check that it is readable."
        raise ContractError([ContractIssue(message)], file=file) from None
    return parse_contract(text, file=file)


def parse_contract(text: str, *, file: Path | None = None) -> ContractFile:
    """Validate a contract written as YAML text.

    Args:
        text: the YAML.
        file: where the text came from; names the file in messages and anchors relative
            paths. Without it messages say ``taut.yaml`` and paths start at the current folder.

    Returns:
        The validated contract.

    Raises:
        ContractError: the text is not YAML or breaks a rule of the contract.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_CONTRACT_BYTES:
        raise _too_large(size, file=file)
    document = _read(text, file=file)
    issues = repeated_keys(document)
    if not isinstance(document.data, dict):
        shape = "a list" if isinstance(document.data, list) else "a single value"
        line = document.line_of(())
        message = (
            f"the contract must be a mapping of keys (process, source, columns, areas, ...), "
            f"not {shape}. Start from the example in docs/contract.md."
        )
        raise ContractError([ContractIssue(message, line=line)], file=file)
    try:
        contract = Contract.model_validate(document.data)
    except ValidationError as error:
        issues += explain_errors(error, document)
        raise ContractError(sorted(issues, key=lambda i: i.line or 0), file=file) from None
    if issues:
        raise ContractError(issues, file=file)
    location = (file if file is not None else Path(CONTRACT_NAMES[0])).resolve()
    warnings = tuple(issue.render(file) for issue in review_contract(contract, document=document))
    for warning in warnings:
        logger.warning("%s", warning)
    try:
        source = location.parent / Path(contract.source.path).expanduser()
    except RuntimeError:  # '~someone' for a user this machine does not know
        message = (
            f"source: path '{contract.source.path}' starts with '~' and a user this machine "
            "does not know. Write the path in full, or relative to the folder taut.yaml is in."
        )
        line = document.line_of(("source", "path"))
        raise ContractError([ContractIssue(message, line=line)], file=file) from None
    logger.debug("Loaded contract %s with %d checks", location, len(contract.checks))
    return ContractFile(
        contract=contract,
        path=location,
        base_dir=location.parent,
        source_path=source.resolve(),
        warnings=warnings,
    )


def _too_large(size: int | None, *, file: Path | None) -> ContractError:
    """Refuse a contract over :data:`MAX_CONTRACT_BYTES` (``size`` ``None`` when unknown)."""
    shown = f"{size:,} bytes" if size is not None else f"more than {MAX_CONTRACT_BYTES:,} bytes"
    message = (
        f"the file is {shown}; a contract is at most {MAX_CONTRACT_BYTES:,} bytes "
        f"({MAX_CONTRACT_BYTES // 1024} KB; a real one is a few KB). Check that this is the "
        "contract and not the event log or another file."
    )
    return ContractError([ContractIssue(message)], file=file)


def _read(text: str, *, file: Path | None) -> Document:
    """Parse the YAML, turning every way it can fail into a located contract issue."""
    try:
        document = read_document(text)
    except DocumentLimitError as error:
        raise ContractError([ContractIssue(error.message, line=error.line)], file=file) from None
    except RecursionError:
        # The composer's depth bound should stop this first; never a traceback all the same.
        message = "the contract nests too deep to be read. Check the brackets and indentation."
        raise ContractError([ContractIssue(message)], file=file) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "it cannot be parsed"
        message = f"this is not valid YAML: {problem}. {_yaml_fix(problem)}"
        if "expected a single document" in str(error.context):
            message = (
                "the file holds more than one YAML document. Keep one contract per file: "
                "remove the '---' line and what follows it."
            )
        raise ContractError([ContractIssue(message, line=line)], file=file) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        character = error.character
        code = ord(character) if isinstance(character, str) else int(character)
        message = (
            f"the file holds a character YAML does not allow (#x{code:04x}). "
            "Remove it; a contract is plain text."
        )
        raise ContractError([ContractIssue(message, line=line)], file=file) from None
    except yaml.YAMLError as error:
        message = f"this is not valid YAML: {error}. {_yaml_fix(str(error))}"
        raise ContractError([ContractIssue(message)], file=file) from None
    if document.root is None:
        message = (
            "the file is empty. A contract names the process, the source, the columns and "
            "at least one area with a check; start from the example in docs/contract.md."
        )
        raise ContractError([ContractIssue(message, line=1)], file=file)
    return document


def _yaml_fix(problem: str) -> str:
    if "'\\t'" in problem:
        return "YAML indents with spaces, never tabs: replace the tab with spaces."
    if "cannot start any token" in problem:
        return "Put the value in quotes, e.g. timestamp_format: '%d/%m/%Y'."
    if "expected <block end>" in problem:
        return "Check the indentation above this line: keys of one mapping start in one column."
    if "mapping values are not allowed" in problem:
        return "Quote a value that holds ': ', or check the indentation of this line."
    if "constructor" in problem or "tag" in problem:
        return "Remove the '!' tag: a contract is plain YAML."
    return "Check the indentation and the quotes around this line."


def _not_found(file: Path) -> str:
    folder = file.parent
    if not folder.is_dir():
        return f"there is no such file: the folder '{folder}' does not exist."
    names = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    hint = did_you_mean(file.name, names)
    if not hint:
        near = [name for name in CONTRACT_NAMES if name in names]
        hint = f" Did you mean '{near[0]}'?" if near else ""
    return f"there is no such file.{hint or ' Create it (see docs/contract.md) or give its path.'}"


def _folder(file: Path) -> str:
    inside = [name for name in CONTRACT_NAMES if (file / name).is_file()]
    example = file / (inside[0] if inside else CONTRACT_NAMES[0])
    return f"this is a folder, not a contract file. Give the file, e.g. '{example}'."
