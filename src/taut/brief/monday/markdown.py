"""The Monday brief as Markdown: a wiki page, a pull request, a chat message.

Every sentence goes through :func:`taut.brief.markdown.markdown_text` once, here at the
boundary, so names from a log or a contract are shown, never read as markup. Charts are
not embedded (a Markdown file travels alone); the HTML brief has them.
"""

from __future__ import annotations

from collections.abc import Sequence

from taut.brief.briefing import Audience, Briefing
from taut.brief.markdown import markdown_text as md
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


def _step(step: Step, *, audience: Audience) -> list[str]:
    mark = f"**{NEW_MARK}** " if step.new else ""
    lines = [
        f"### {mark}{md(step.check)} ({md(step.area)}, {md(step.risk)} risk)",
        "",
        f"**{md(step.headline)}** {md(step.change)}",
        "",
    ]
    details = step_details(step, audience=audience)
    return [*lines, *(f"- {md(line)}" for line in details), *([""] if details else [])]


def markdown_brief(brief: MondayBrief) -> str:
    """The brief's sections as Markdown (module docstring)."""
    lines = [f"# {md(brief.title)}", "", *(md(line) for line in brief.lead), ""]
    lines += [f"## 1. {FRAGILE_QUESTION}", "", md(brief.fragile_intro), ""]
    lines += [f"- **{md(a.area)}** ({md(a.risk)} risk): {md(a.sentence)}" for a in brief.fragile]
    lines += ["", f"## 2. {LOOSE_QUESTION}", "", md(brief.loose_intro), ""]
    for step in brief.steps:
        lines += _step(step, audience=brief.audience)
    if brief.loosening:
        lines += [f"- {md(line)}" for line in brief.loosening] + [""]
    lines += [f"## 3. {CHANGE_QUESTION}", "", md(brief.remedy_intro), ""]
    for remedy in brief.remedies:
        lines += [f"For **{md(remedy.check)}**:", ""]
        lines += [
            f"{rank}. **{md(title)}.** {md(why)}"
            for rank, (title, why) in enumerate(remedy.options, start=1)
        ]
        if remedy.look_first:
            lines.append(md(remedy.look_first))
        lines.append("")
    lines += [f"## {STEADY_TITLE}", ""]
    lines += [f"- {md(line)}" for line in brief.steady or ("Nothing held steady this week.",)]
    lines += ["", f"## {CHANGES_TITLE}", "", md(brief.changes_intro), ""]
    for change in brief.changes:
        mark = f"**{NEW_MARK}** " if change.new else ""
        lines.append(
            f"- {mark}{md(change.what)}: **{md(change.verdict_words)}**. {md(change.reason)}"
        )
    if brief.notes:
        lines += ["", "## Not judged surely", "", *(f"- {md(line)}" for line in brief.notes)]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(briefing: Briefing, *, charts: Sequence[Figure] = ()) -> str:  # noqa: ARG001
    """The brief as Markdown (charts are in the HTML brief)."""
    return markdown_brief(compose_brief(briefing))
