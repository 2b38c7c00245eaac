"""The story commands: ``taut init --template NAME`` and ``taut demo [--area NAME]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taut.api import demo, init_contract
from taut.brief.monday import render_brief, styled_brief
from taut.brief.monday.compose import compose_brief
from taut.cli.shell import app, err, guard, out, say
from taut.contract.templates import TITLES
from taut.words import counted

if TYPE_CHECKING:
    from taut.signal import ScanReport

AREAS_HELP = ", ".join(f"{name} ({title})" for name, title in TITLES.items())


@app.command("init")
def init_command(
    template: Annotated[
        str, typer.Option("--template", "-t", help=f"The contract template: {AREAS_HELP}.")
    ],
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to write taut.yaml (created when missing).")
    ] = Path(),
    force: Annotated[
        bool, typer.Option("--force", help="Replace a taut.yaml already in --dir.")
    ] = False,
) -> None:
    """Write a contract template as taut.yaml, to fill in for your own log.

    The template names the steps, limits and targets of one critical area; fill in
    source.path and columns with your log's file and column names, rename the steps to
    your log's activities, then run taut check taut.yaml.

    Example: taut init --template safety --dir plant-permits
    """
    contract = guard(lambda: init_contract(directory, template=template, force=force))
    say(err, f"Wrote {contract} ({TITLES[template]}).")
    say(
        err,
        f"Next: fill in source.path and columns with your log's names, then taut check {contract}",
    )


@app.command("demo")
def demo_command(
    area: Annotated[
        str, typer.Option("--area", "-a", help=f"The critical area: {AREAS_HELP}.")
    ] = "handoff",
    directory: Annotated[
        Path,
        typer.Option("--dir", help="Where to write the log, contract, store and briefs."),
    ] = Path("demo"),
    seed: Annotated[
        int | None,
        typer.Option(min=0, help="Seed of the simulation (0 or more; default: the story's)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a demo already in --dir (its store too).")
    ] = False,
) -> None:
    """Simulate a critical area that loosens, replay its past, make the story's changes,
    and brief.

    Simulates 30 weeks of the area (the handoff by default) with the drifts of its story,
    replays every Monday into a fresh state store in --dir, records the small changes the
    story's team makes partway through, then prints the brief as of the last day and
    writes brief.md and brief.html into --dir. Refuses a --dir that already holds a demo
    or a project, unless --force.

    Example: taut demo --area escalation --dir escalation-demo
    """
    seeded = "" if seed is None else f" (seed {seed})"
    say(err, f"Simulating {TITLES.get(area, area)}{seeded} into {directory}/ …")

    done: list[ScanReport] = []

    def announce(report: ScanReport) -> None:
        done.append(report)
        signals = counted(len(report.signals), "signal")
        say(err, f"{len(done)}. as of {report.as_of.isoformat()}: {signals}")

    run = guard(lambda: demo(directory, area=area, seed=seed, force=force, each_monday=announce))
    for change in run.recorded:
        say(
            err,
            f"Recorded on {change.applied_on.isoformat()}: {change.change} "
            f"({change.check}, playbook {change.playbook}).",
        )
    if sys.stdout.isatty():
        out.print(styled_brief(compose_brief(run.briefing)), highlight=False, soft_wrap=True)
    else:
        out.print(render_brief(run.briefing, fmt="text"), highlight=False, markup=False)
    out.print("What was injected into the simulation (taut does not see this):", highlight=False)
    for drift in run.story.drifts:
        say(out, f"  · {drift.line}")
    say(out, f"Briefs written: {run.brief_md} and {run.brief_html}")
