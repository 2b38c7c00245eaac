"""``taut brief``: the Monday brief leaders read, in the formats they read it in."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated

import typer

from taut.api import briefing
from taut.brief import BriefFormat
from taut.brief.briefing import Audience, Briefing
from taut.brief.charts import charts_for, write_pngs
from taut.brief.monday import render_brief, styled_brief
from taut.brief.monday.compose import compose_brief
from taut.brief.monday.figures import Figure
from taut.cli.keeping import after_scan, before_scan, exit_if_failed
from taut.cli.scan import _as_of
from taut.cli.shell import ContractArg, app, err, guard, out, say
from taut.contract import load_contract
from taut.files import check_output, whole_file
from taut.words import counted


def _charts(found: Briefing, *, fmt: str) -> tuple[Figure, ...]:
    """The rendered charts the format places: HTML inlines them, JSON names them; text
    and Markdown have none (drawing them would only cost time)."""
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
) -> None:
    """The Monday brief: where follow-through is fragile, which steps are getting loose,
    what small change would steady them, what held steady, and whether changes made work.

    The same analysis as taut scan, written for leaders; --for changes the emphasis, never
    the numbers. The scan is kept in the state store as taut scan keeps it (--no-store
    skips it; then nothing is marked new since last week).

    Exits 0 when the brief is written, 2 for a usage or contract error, 3 when the log
    cannot be used, 4 when the state store cannot be opened or written (the brief is
    written all the same), 5 when the output cannot be written.

    Examples: taut brief taut.yaml
              taut brief taut.yaml --format html --for chro --out brief.html
    """
    day = _as_of(as_of)
    kept = before_scan(contract, store=store, as_of=day)
    found = guard(
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
        written = guard(lambda: write_pngs(found, png_dir))
        say(err, f"Wrote {counted(len(written), 'chart')} as PNG to {png_dir}/.")
    exit_if_failed(kept)
