"""The ``taut`` command: a thin shell over :mod:`taut.api`.

Data goes to stdout, progress and messages to stderr. Exit codes are
:class:`taut.errors.ExitCode`. A user's mistake prints one readable message; a traceback
only with ``--debug``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from taut import __version__
from taut.api import explain, open_workspace, outcomes, scan
from taut.brief import BriefFormat, render
from taut.brief.insights import render_with_insights
from taut.errors import ExitCode, Problem, TautError
from taut.ingest import LogSummary, summarize_log
from taut.ingest.connection import out_of_memory
from taut.outcomes.export import output_format, write_outcomes
from taut.outcomes.summary import CheckSummary, summarize_outcomes

app = typer.Typer(
    name="taut",
    help="Keeps execution from drifting: early, quiet warnings when critical steps loosen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output gets a fixed, roomy width instead of Rich's 80 columns, so tables stay legible.
_PIPED_WIDTH = 120
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else _PIPED_WIDTH)
err = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else _PIPED_WIDTH)
log = logging.getLogger("taut")

T = TypeVar("T")
_state = {"debug": False}

ContractArg = Annotated[Path, typer.Argument(help="The stability contract, e.g. taut.yaml.")]
TextOrJson = Literal["text", "json"]


def _guard(action: Callable[[], T]) -> T:
    """Run ``action``; turn taut's errors into a message and an exit code."""
    try:
        try:
            return action()
        except duckdb.OutOfMemoryException as error:
            raise out_of_memory(error, doing="computing the results") from None
    except TautError as error:
        if _state["debug"]:
            raise
        err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        raise typer.Exit(int(error.exit_code)) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        if _state["debug"]:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(error).__name__}: {error}\n"
            "This is a bug in taut. Run again with --debug and report the output.",
            highlight=False,
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _version(value: bool) -> None:
    if value:
        out.print(f"taut {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    version: Annotated[  # noqa: ARG001 - handled eagerly by its callback
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Keeps execution from drifting: early, quiet warnings when critical steps loosen."""
    _state["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _problem_lines(problems: tuple[Problem, ...]) -> list[str]:
    icon = {"error": "[red]✗ error[/]", "warning": "[yellow]! warning[/]"}
    return [f"{icon.get(problem.severity, '· note')}  {problem.render()}" for problem in problems]


def _summary_lines(summary: LogSummary, named: tuple[str, ...]) -> list[str]:
    span = "no events"
    if summary.first_time is not None and summary.last_time is not None:
        span = f"{summary.first_time:%Y-%m-%d} to {summary.last_time:%Y-%m-%d} (UTC)"
    lines = [
        f"  {summary.rows_read:,} rows read · {summary.rows_kept:,} kept · "
        f"{summary.duplicates_dropped:,} exact duplicates ignored · "
        f"{summary.rows_set_aside:,} set aside",
        f"  {summary.cases:,} cases · {len(summary.activities)} activities · {span}",
    ]
    if summary.teams or summary.people:
        lines.append(
            f"  {summary.teams:,} teams · {summary.people:,} people (counted, never named)"
        )
    counts = dict(summary.activities)
    lines.append("  Activities the contract names:")
    lines.extend(f"    {name:<32} {counts.get(name, 0):>10,}" for name in named)
    return lines


@app.command()
def check(
    contract: ContractArg,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Check a contract and its event log; list every problem found.

    Exits 0 when the log can be checked, 2 for a contract error, 3 when the log has errors.
    """
    workspace = _guard(lambda: open_workspace(contract))
    summary = _guard(lambda: summarize_log(workspace.log))
    problems = workspace.log.problems
    warnings = workspace.contract_file.warnings
    if fmt == "json":
        payload = {
            "contract": str(workspace.contract_file.path),
            "source": workspace.log.source,
            "summary": json.loads(json.dumps(asdict(summary), default=str)),
            "warnings": list(warnings),
            "problems": [asdict(problem) for problem in problems],
            "ok": not workspace.log.errors,
        }
        out.print_json(json.dumps(payload, default=str))
    else:
        contract_model = workspace.contract_file.contract
        out.print(f"[bold]{contract_model.process}[/]  ({workspace.log.source})")
        for line in _summary_lines(summary, contract_model.activities):
            out.print(line, highlight=False)
        for line in warnings:
            out.print(f"[yellow]! warning[/]  {line}", highlight=False)
        for line in _problem_lines(problems):
            out.print(line, highlight=False)
        if not workspace.log.errors:
            checks = len(contract_model.checks)
            out.print(f"[green]✓[/] The log can be checked against {checks} checks.")
    if workspace.log.errors:
        raise typer.Exit(int(ExitCode.INPUT))


@app.command("outcomes")
def outcomes_command(
    contract: ContractArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write: .parquet or .csv; '-' for CSV on stdout."
        ),
    ],
) -> None:
    """Write one row per case and applicable check (status, value, conditions)."""
    if output_format(output) is None:
        err.print(
            f"[bold red]error:[/] cannot write outcomes to '{output}': the file must end in "
            ".parquet or .csv (or use '-o -' for CSV on stdout).",
            highlight=False,
        )
        raise typer.Exit(int(ExitCode.USAGE))
    table = _guard(lambda: outcomes(contract))
    rows = _guard(lambda: write_outcomes(table, output))
    err.print(f"Wrote {rows:,} outcomes to {output}.", highlight=False)


def _summary_table(summaries: tuple[CheckSummary, ...]) -> Table:
    table = Table(title="Outcomes per check", title_justify="left")
    for name, justify in (
        ("area", "left"),
        ("check", "left"),
        ("cases", "right"),
        ("kept", "right"),
        ("missed", "right"),
        ("pending", "right"),
        ("kept %", "right"),
        ("target", "right"),
        ("", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in summaries:
        share = row.kept_share
        mark = {True: "[green]meets target[/]", False: "[red]below target[/]", None: "no data"}
        table.add_row(
            row.area,
            row.check,
            f"{row.applicable:,}",
            f"{row.kept:,}",
            f"{row.missed:,}",
            f"{row.pending:,}",
            "n/a" if share is None else f"{share:.1%}",
            f"{row.target:.0%}",
            mark[row.meets_target],
        )
    return table


@app.command()
def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to write the simulated log and its contract.")
    ] = Path("taut-demo"),
    seed: Annotated[int, typer.Option(help="Seed of the simulation.")] = 7,
) -> None:
    """Simulate a Sales-to-Operations handoff, check it and summarise its outcomes."""
    # The simulator pulls in pandas; only the demo needs it, so the other commands start faster.
    from taut.simulate import demo_simulation  # noqa: PLC0415

    err.print(f"Simulating the Sales-to-Operations handoff (seed {seed}) into {directory}/ …")
    simulation = _guard(lambda: demo_simulation(seed=seed))
    contract_path = _guard(lambda: simulation.write(directory, fmt="csv"))
    workspace = _guard(lambda: open_workspace(contract_path))
    if workspace.log.errors:
        for line in _problem_lines(workspace.log.problems):
            err.print(line, highlight=False)
        raise typer.Exit(int(ExitCode.INPUT))
    table = _guard(lambda: outcomes(contract_path))
    summaries = _guard(lambda: summarize_outcomes(workspace.contract_file.contract, table))
    out.print(f"[bold]{workspace.contract_file.contract.process}[/]  ({contract_path})")
    out.print(_summary_table(summaries))
    out.print("What was injected into the simulation (taut does not see this):", highlight=False)
    for truth in simulation.truth:
        out.print(f"  · {truth.describe()}", highlight=False)
    out.print()
    explained = _guard(lambda: explain(contract_path))
    text = render_with_insights(explained.report, insights=explained.insights, fmt="text")
    out.print(text, highlight=False, markup=False)
    out.print(
        f"Next: taut scan {contract_path} --format html > scan.html   ·   "
        f"taut outcomes {contract_path} -o outcomes.parquet",
        highlight=False,
    )


FailOn = Literal["drifting", "loosening", "never"]
FAIL_LEVELS: dict[str, tuple[str, ...]] = {
    "drifting": ("drifting",),
    "loosening": ("drifting", "loosening"),
    "never": (),
}


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        err.print(
            f"[bold red]error:[/] --as-of '{value}' is not a date. Write it as YYYY-MM-DD, "
            "e.g. --as-of 2025-04-30.",
            highlight=False,
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None


@app.command("scan")
def scan_command(
    contract: ContractArg,
    fmt: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="text, md, html or json.")
    ] = "text",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Evaluate as if the data ended that day (YYYY-MM-DD)."),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Exit 1 when a signal is at or above: drifting, loosening, never."
        ),
    ] = "drifting",
    insight: Annotated[
        bool,
        typer.Option(
            "--insight/--no-insight",
            help="Explain each signal: the conditions behind it, how widespread, what follows.",
        ),
    ] = True,
) -> None:
    """Where is follow-through loosening? Signals, what to watch, and the most fragile areas.

    Exits 0 when nothing is at or above --fail-on, 1 when something is, 2 for a usage or
    contract error, 3 when the log cannot be used.
    """
    day = _as_of(as_of)
    if insight:
        explained = _guard(lambda: explain(contract, as_of=day))
        report = explained.report
        sys.stdout.write(render_with_insights(report, insights=explained.insights, fmt=fmt))
    else:
        report = _guard(lambda: scan(contract, as_of=day))
        sys.stdout.write(render(report, fmt=fmt))
    states = {item.state for item in (*report.signals, *report.watching)}
    if states & set(FAIL_LEVELS[fail_on]):
        raise typer.Exit(int(ExitCode.SIGNALS))


def main() -> None:
    """Entry point of the ``taut`` console script."""
    app()


if __name__ == "__main__":
    main()
