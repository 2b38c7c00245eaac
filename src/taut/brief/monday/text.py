"""The Monday brief for a terminal or a plain e-mail: Rich text, colour where it helps.

:func:`styled_brief` gives a :class:`rich.text.Text` (red for a step below its commitment
or drifting, yellow for what is heading there, green for what held, bold for a new
signal's mark); :func:`render_text` its plain characters, what a pipe, a file and the
golden files get. Data is shown as written: control characters become visible escapes
and Rich markup in it is never read (the text is assembled, not parsed).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.text import Text

from taut.brief.briefing import Audience, Briefing
from taut.brief.monday.compose import compose_brief
from taut.brief.monday.content import (
    CHANGE_QUESTION,
    CHANGES_TITLE,
    FRAGILE_QUESTION,
    LOOSE_QUESTION,
    NEW_MARK,
    STEADY_TITLE,
    MondayBrief,
    Step,
)
from taut.brief.monday.emphasis import step_details
from taut.brief.monday.figures import Figure
from taut.terminal import visible

WIDTH = 88
"""The width paragraphs are wrapped to."""

RED, YELLOW, GREEN = "red", "yellow", "green"


def _wrapped(text: Text, words: str, *, indent: str, style: str = "", first: str = "") -> None:
    lines = textwrap.wrap(
        visible(words),
        width=WIDTH,
        initial_indent=indent + first,
        subsequent_indent=indent + " " * len(first),
    )
    for line in lines:
        text.append(line + "\n", style=style)


def _title(text: Text, number: str, title: str) -> None:
    text.append("\n")
    text.append(f"{number}{title}\n", style="bold")


def _step(text: Text, step: Step, *, audience: Audience) -> None:
    mark = f"[{NEW_MARK}] " if step.new else ""
    head = f"{step.check} ({step.area}, {step.risk} risk): {step.headline}"
    lines = textwrap.wrap(
        visible(mark + head), width=WIDTH, initial_indent="  ", subsequent_indent="    "
    )
    style = RED if step.state == "drifting" else YELLOW
    for number, line in enumerate(lines):
        if number == 0 and mark:
            text.append(line[: 2 + len(mark)], style="bold magenta")
            text.append(line[2 + len(mark) :] + "\n", style=style)
        else:
            text.append(line + "\n", style=style)
    _wrapped(text, step.change, indent="    ")
    for line in step_details(step, audience=audience):
        _wrapped(text, line, indent="    ")


def styled_brief(brief: MondayBrief) -> Text:
    """The brief as Rich text (module docstring)."""
    text = Text()
    text.append(visible(brief.title) + "\n", style="bold")
    text.append("\n")
    for line in brief.lead:
        _wrapped(text, line, indent="")
    _title(text, "1. ", FRAGILE_QUESTION)
    _wrapped(text, brief.fragile_intro, indent="  ")
    for area in brief.fragile:
        style = RED if area.below else YELLOW if area.at_risk else GREEN
        _wrapped(
            text,
            f"{area.area} ({area.risk} risk): {area.sentence}",
            indent="  ",
            first="- ",
            style=style,
        )
    _title(text, "2. ", LOOSE_QUESTION)
    _wrapped(text, brief.loose_intro, indent="  ")
    for step in brief.steps:
        _step(text, step, audience=brief.audience)
    for line in brief.loosening:
        _wrapped(text, line, indent="  ", first="- ", style=YELLOW)
    _title(text, "3. ", CHANGE_QUESTION)
    _wrapped(text, brief.remedy_intro, indent="  ")
    for remedy in brief.remedies:
        text.append(f"  For {visible(remedy.check)}:\n")
        for rank, (title, why) in enumerate(remedy.options, start=1):
            _wrapped(text, f"{title}. {why}", indent="    ", first=f"{rank}. ")
        if remedy.look_first:
            _wrapped(text, remedy.look_first, indent="    ")
    _title(text, "", STEADY_TITLE)
    for line in brief.steady or ("Nothing held steady this week.",):
        _wrapped(text, line, indent="  ", first="- ", style=GREEN)
    _title(text, "", CHANGES_TITLE)
    _wrapped(text, brief.changes_intro, indent="  ")
    for change in brief.changes:
        mark = f"[{NEW_MARK}] " if change.new else ""
        _wrapped(
            text,
            f"{mark}{change.what}: {change.verdict_words}. {change.reason}",
            indent="  ",
            first="- ",
            style=GREEN if change.verdict == "working" else "",
        )
    if brief.notes:
        _title(text, "", "Not judged surely")
        for line in brief.notes:
            _wrapped(text, line, indent="  ", first="- ")
    return text


def render_text(briefing: Briefing, *, charts: Sequence[Figure] = ()) -> str:  # noqa: ARG001
    """The brief as plain text (charts are not drawn in text)."""
    return styled_brief(compose_brief(briefing)).plain
