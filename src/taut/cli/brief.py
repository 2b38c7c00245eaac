"""``taut brief``: the Monday brief leaders read, in the formats they read it in."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taut.api import briefing
from taut.brief import BriefFormat
from taut.brief.briefing import Audience, Briefing
from taut.cli.keeping import (
    Kept,
    after_scan,
    before_scan,
    caught_up,
    exit_if_failed,
    for_its_day,
)
from taut.cli.notifying import notify_options, send_news
from taut.cli.scan import _as_of
from taut.cli.shell import ContractArg, app, err, guard, out, say
from taut.contract import load_contract
from taut.errors import ExitCode
from taut.files import check_output, whole_file
from taut.notify import InlineImage
from taut.words import counted

if TYPE_CHECKING:
    from taut.brief.charts import Chart
    from taut.notify import Targets


def _charts(found: Briefing, *, fmt: str) -> tuple[Chart, ...]:
    """The rendered charts the format places: HTML inlines them, JSON names them; text
    and Markdown have none (drawing them would only cost time)."""
    from taut.brief.charts import charts_for  # noqa: PLC0415

    return charts_for(found) if fmt in ("html", "json") else ()


def _write(target: Path, text: str, *, contract: Path) -> None:
    loaded = load_contract(contract)
    check_output(target, inputs={"contract": loaded.path, "event log": loaded.source_path})
    with whole_file(target) as part:
        part.write_text(text, encoding="utf-8")


@app.command("brief")
def brief_command(
    contract: ContractArg,
    *,
    fmt: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="text, md, html or json.")
    ] = "text",
    audience: Annotated[
        Audience,
        typer.Option(
            "--for",
            help="Whose emphasis: coo (areas, risk, the few signals), chro (how widespread, "
            "the conditions), ld (slips after a change, workflow that carries training).",
        ),
    ] = "coo",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Brief as if the data ended that day (YYYY-MM-DD)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the brief to this file (whole or not at all)."),
    ] = None,
    png_dir: Annotated[
        Path | None,
        typer.Option("--png-dir", help="Also write each chart as a PNG into this folder."),
    ] = None,
    store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Keep the scan in the state store, so the brief can say what is new since "
            "last week (docs/store.md).",
        ),
    ] = True,
    notify_: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Send what is new (new signals, changes' verdicts) once, to the webhook and "
            "e-mail the contract's notify: names, the e-mail carrying this brief with its "
            "charts (docs/notify.md).",
        ),
    ] = False,
) -> None:
    """The Monday brief: where follow-through is fragile, which steps are getting loose,
    what small change would steady them, what held steady, and whether changes made work.

    The same analysis as taut scan, written for leaders; --for changes the emphasis, never
    the numbers. The scan is kept in the state store as taut scan keeps it, the Mondays
    the store missed caught up first (--no-store skips it; then nothing is marked new
    since last week).

    Exits 0 when the brief is written, 2 for a usage or contract error, 3 when the log
    cannot be used, 4 when the state store cannot be opened or written (the brief is
    written all the same), 5 when the output cannot be written, 6 when --notify could not
    send (sent again by the next run).

    Examples: taut brief taut.yaml
              taut brief taut.yaml --format html --for chro --out brief.html
              taut brief taut.yaml --notify
    """
    # The brief's renderers load pandas and Altair: imported here, so that every other
    # command starts without them.
    from taut.brief.charts import write_pngs  # noqa: PLC0415
    from taut.brief.monday import compose_brief, render_brief, styled_brief  # noqa: PLC0415

    day = _as_of(as_of)
    targets = notify_options(contract, notify_=notify_, store=store)
    kept = before_scan(contract, store=store, as_of=day)
    if day is not None:
        kept = caught_up(contract, kept=kept, store=store, as_of=day, scan_as_of=day)

    def brief(kept: Kept) -> Briefing:
        return guard(
            lambda: briefing(
                contract,
                as_of=day,
                audience=audience,
                store=False,
                restarts=kept.restarts,
                exclude=kept.exclude,
                recorded=kept.recorded,
            )
        )

    found = brief(kept)
    if day is None:  # the Mondays the store missed before today, then today again
        redo = for_its_day(contract, kept=kept, store=store, day=found.report.as_of)
        if redo is not None:
            kept = redo
            if kept.error is None:
                found = brief(kept)
    kept = after_scan(contract, kept=kept, store=store, report=found.report, answered=found.changes)
    found = dataclasses.replace(found, memory=kept.memory)
    charts = _charts(found, fmt=fmt)
    if output is not None:
        text = guard(lambda: render_brief(found, fmt=fmt, charts=charts))
        guard(lambda: _write(output, text, contract=contract))
        say(err, f"Wrote the {fmt} brief to {output}.")
    elif fmt == "text" and sys.stdout.isatty():
        out.print(styled_brief(compose_brief(found)), highlight=False, soft_wrap=True)
    else:
        sys.stdout.write(guard(lambda: render_brief(found, fmt=fmt, charts=charts)))
    if png_dir is not None:
        written = guard(lambda: write_pngs(found, png_dir, charts=charts or None))
        say(err, f"Wrote {counted(len(written), 'chart')} as PNG to {png_dir}/.")
    if targets is not None and kept.error is not None:
        say(
            err,
            ("! note", "yellow"),
            "  --notify sent nothing: the state store, which keeps news from being sent "
            "twice, could not be used (below).",
        )
    exit_if_failed(kept)
    if targets is not None and not _send(contract, found=found, targets=targets, charts=charts):
        raise typer.Exit(int(ExitCode.NOTIFY))


def _send(contract: Path, *, found: Briefing, targets: Targets, charts: tuple[Chart, ...]) -> bool:
    """Send the brief's news: the e-mail carries the brief as HTML (no inline SVG, which
    most mail clients do not show) with its charts as inline PNGs after it (``charts``:
    those already drawn for the page, else drawn here)."""
    from taut.brief.charts import charts_for  # noqa: PLC0415
    from taut.brief.monday import render_brief  # noqa: PLC0415

    drawn = charts or guard(lambda: charts_for(found))
    images = tuple(
        InlineImage(name=chart.name, title=chart.title, png=chart.png()) for chart in drawn
    )
    return send_news(
        contract,
        targets=targets,
        report=found.report,
        memory=found.memory,
        insights=found.insights,
        reinforcements=found.reinforcements,
        changes=found.changes,
        html=guard(lambda: render_brief(found, fmt="html")),
        images=images,
    )
