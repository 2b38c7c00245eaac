"""Every command's --help: the whole command tree walked, each with an example; the
top-level help lists every exit code; --quiet and --debug are global."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode

runner = CliRunner()


def _commands(group: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command's path below ``group`` (groups and their commands alike)."""
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield (*path, name)
        yield from _commands(command, (*path, name))


COMMANDS = tuple(_commands(typer.main.get_command(app)))


def test_the_walk_finds_the_commands_and_their_subcommands() -> None:
    assert {("scan",), ("signals",), ("signals", "ack"), ("history",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_an_example_of_itself(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Example" in text, f"taut {' '.join(path)} --help shows no example"
    after = text[text.index("Example") :]
    assert f"taut {' '.join(path)}" in after, f"its example does not run taut {' '.join(path)}"


def test_the_top_level_help_lists_every_exit_code() -> None:
    text = runner.invoke(app, ["--help"], env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    for code in ExitCode:
        assert f"{int(code):>3}  {code.name}" in text


@pytest.mark.parametrize("flag", ["--quiet", "-q", "--debug"])
def test_quiet_and_debug_are_global(flag: str) -> None:
    result = runner.invoke(app, [flag, "history", "--help"])
    assert result.exit_code == 0, result.output
