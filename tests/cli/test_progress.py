"""Progress on stderr: a bar on a terminal, nothing when piped or with --quiet."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from taut.cli import progress, shell


def _terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(progress, "err", console)
    return screen


def test_a_terminal_sees_the_work_described(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _terminal(monkeypatch)
    with progress.working("Reading the log"):
        pass
    assert "Reading the log" in screen.getvalue()


def test_quiet_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _terminal(monkeypatch)
    monkeypatch.setitem(shell._state, "quiet", True)  # what --quiet sets
    with progress.working("Reading the log"):
        pass
    assert screen.getvalue() == ""


def test_a_pipe_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(progress, "err", Console(file=screen, force_terminal=False))
    with progress.working("Reading the log"):
        pass
    assert screen.getvalue() == ""


def test_quiet_keeps_errors_and_drops_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=False, width=100)
    monkeypatch.setattr(shell, "err", console)
    monkeypatch.setitem(shell._state, "quiet", True)  # what --quiet sets
    shell.say(console, ("! note", "yellow"), "  a note")
    shell.say(console, ("error:", "bold red"), " a mistake")
    assert screen.getvalue() == "error: a mistake\n"
