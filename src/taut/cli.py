"""The ``taut`` command: a thin shell over :mod:`taut.api`.

Data goes to stdout, progress and messages to stderr. Exit codes are
:class:`taut.errors.ExitCode`. A user's mistake prints one readable message; a traceback
only with ``--debug``.
"""

from __future__ import annotations

import errno
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
from rich.text import Text

from taut import __version__
from taut.api import explain, open_workspace, outcomes, review_baseline, scan
from taut.brief import BriefFormat, render
from taut.contract import load_contract
from taut.errors import ExitCode, OutputError, Problem, TautError
from taut.files import STDOUT, check_output, check_project_folder
from taut.ingest import LogSummary, summarize_log
from taut.ingest.connection import out_of_memory
from taut.ingest.people import SMALL_TEAM, small_teams, team_people
from taut.interrupts import received
from taut.outcomes.export import output_format, write_outcomes
from taut.outcomes.summary import CheckSummary, summarize_outcomes
from taut.signal import severity
from taut.terminal import silence_standard_output, visible
from taut.words import counted, share

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


Part = str | tuple[str, str]


def _say(console: Console, *parts: Part) -> None:
    """Print text and ``(text, style)`` parts as they are: Rich markup in them is not read,
    and control characters are shown as visible escapes (:func:`taut.terminal.visible`)."""
    pieces = [
        (visible(part), "") if isinstance(part, str) else (visible(part[0]), part[1])
        for part in parts
    ]
    console.print(Text.assemble(*pieces), highlight=False)


def _report(error: TautError) -> int:
    """Print ``error`` in one message (none for a closed pipe); return its exit code."""
    if isinstance(error, OutputError) and error.target == STDOUT:
        silence_standard_output()
        if error.errno == errno.EPIPE:  # the reader has all it wanted, e.g. `| head`
            return int(error.exit_code)
    _say(err, ("error:", "bold red"), f" {error}")
    return int(error.exit_code)


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
        raise typer.Exit(_report(error)) from None
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        if (stop := received()) is not None:  # the engine's "interrupted" is the signal's
            raise stop from None
        if _state["debug"]:
            raise
        _say(
            err,
            ("internal error:", "bold red"),
            f" {type(error).__name__}: {error}\n"
            "This is a bug in taut. Run again with --debug and report the output.",
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


def _problem_lines(problems: tuple[Problem, ...]) -> list[tuple[Part, str]]:
    icon = {"error": ("✗ error", "red"), "warning": ("! warning", "yellow")}
    return [(icon.get(problem.severity, "· note"), f"  {problem.render()}") for problem in problems]


def _summary_lines(
    summary: LogSummary, named: tuple[str, ...], *, held_back: int | None = None
) -> list[str]:
    span = "no events"
    if summary.first_time is not None and summary.last_time is not None:
        span = f"{summary.first_time:%Y-%m-%d} to {summary.last_time:%Y-%m-%d} (UTC)"
    lines = [
        f"  {summary.rows_read:,} rows read · {summary.rows_kept:,} kept · "
        f"{summary.duplicates_dropped:,} exact duplicates ignored · "
        f"{summary.rows_set_aside:,} set aside",
        f"  {counted(summary.cases, 'case', digits=True)} · "
        f"{counted(len(summary.activities), 'activity', digits=True)} · {span}",
    ]
    if summary.teams or summary.people:
        lines.append(
            f"  {counted(summary.teams, 'team', digits=True)} · "
            f"{counted(summary.people, 'person', digits=True)} (counted, never named)"
        )
    if held_back:
        lines.append(
            f"  {counted(held_back, 'team', digits=True)} of fewer than 5 people held back: "
            f"shown as '{SMALL_TEAM}'"
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
    people = _guard(lambda: team_people(workspace.log, contract=workspace.contract_file.contract))
    held_back = None if people is None else len(small_teams(people))
    problems = workspace.log.problems
    warnings = workspace.contract_file.warnings
    baseline = _guard(lambda: review_baseline(workspace))
    window, thin = (None, ()) if baseline is None else baseline
    if fmt == "json":
        payload = {
            "contract": str(workspace.contract_file.path),
            "source": workspace.log.source,
            "summary": json.loads(json.dumps(asdict(summary), default=str)),
            "teams_held_back": held_back,
            "baseline": None
            if window is None
            else {"from": window.start, "until": window.until, "rule": window.rule},
            "thin_baselines": [
                {"check": item.check, "cases": item.cases, "misses": item.misses}
                | {"message": item.message()}
                for item in thin
            ],
            "warnings": [*warnings, *(item.message() for item in thin)],
            "problems": [asdict(problem) for problem in problems],
            "ok": not workspace.log.errors,
        }
        out.print_json(json.dumps(payload, default=str), ensure_ascii=True)
    else:
        contract_model = workspace.contract_file.contract
        _say(out, (contract_model.process, "bold"), f"  ({workspace.log.source})")
        for line in _summary_lines(summary, contract_model.activities, held_back=held_back):
            _say(out, line)
        if window is not None:
            _say(out, f"  Baseline: {window.describe()} ({window.rule_words()})")
        for line in (*warnings, *(item.message() for item in thin)):
            _say(out, ("! warning", "yellow"), f"  {line}")
        for icon, line in _problem_lines(problems):
            _say(out, icon, line)
        if not workspace.log.errors:
            checks = counted(len(contract_model.checks), "check", digits=True)
            out.print(f"[green]✓[/] The log can be checked against {checks}.")
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
    """Write one row per case and applicable check (status, value, conditions).

    A file is written whole or not at all, never over the contract or the log it reads.
    In CSV, text cells a spreadsheet would run as formulas get a leading quote.
    """
    if str(output) != "-":
        _guard(lambda: _check_not_an_input(output, contract=contract))
    if output_format(output) is None:
        _say(
            err,
            ("error:", "bold red"),
            f" cannot write outcomes to '{output}': the file must end in "
            ".parquet or .csv (or use '-o -' for CSV on stdout).",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    table = _guard(lambda: outcomes(contract))
    rows = _guard(lambda: write_outcomes(table, output))
    _say(err, f"Wrote {rows:,} outcomes to {STDOUT if str(output) == '-' else output}.")


def _check_not_an_input(output: Path, *, contract: Path) -> None:
    """Refuse an output that is the contract or its log, or that cannot be written."""
    contract_file = load_contract(contract)
    inputs = {"contract": contract_file.path, "event log": contract_file.source_path}
    check_output(output, inputs=inputs)


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
        mark = {True: "[green]meets target[/]", False: "[red]below target[/]", None: "no data"}
        table.add_row(
            Text(visible(row.area)),
            Text(visible(row.check)),
            f"{row.applicable:,}",
            f"{row.kept:,}",
            f"{row.missed:,}",
            f"{row.pending:,}",
            share(row.kept_share),
            f"{row.target:.0%}",
            mark[row.meets_target],
        )
    return table


@app.command()
def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to write the simulated log and its contract.")
    ] = Path("taut-demo"),
    seed: Annotated[int, typer.Option(min=0, help="Seed of the simulation (0 or more).")] = 7,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a taut.yaml or events.csv already in --dir.")
    ] = False,
) -> None:
    """Simulate a Sales-to-Operations handoff, check it and summarise its outcomes.

    Refuses a --dir that already holds taut.yaml or events.csv, unless --force.
    """
    # The simulator pulls in pandas; only the demo needs it, so the other commands start faster.
    from taut.simulate import demo_simulation  # noqa: PLC0415

    writes = ("taut.yaml", "events.csv")
    _guard(lambda: check_project_folder(directory, writes=writes, force=force))
    _say(err, f"Simulating the Sales-to-Operations handoff (seed {seed}) into {directory}/ …")
    simulation = _guard(lambda: demo_simulation(seed=seed))
    contract_path = _guard(lambda: simulation.write(directory, fmt="csv"))
    workspace = _guard(lambda: open_workspace(contract_path))
    if workspace.log.errors:
        for icon, line in _problem_lines(workspace.log.problems):
            _say(err, icon, line)
        raise typer.Exit(int(ExitCode.INPUT))
    table = _guard(lambda: outcomes(contract_path))
    summaries = _guard(lambda: summarize_outcomes(workspace.contract_file.contract, table))
    _say(out, (workspace.contract_file.contract.process, "bold"), f"  ({contract_path})")
    out.print(_summary_table(summaries))
    out.print("What was injected into the simulation (taut does not see this):", highlight=False)
    for truth in simulation.truth:
        _say(out, f"  · {truth.describe()}")
    out.print()
    explained = _guard(lambda: explain(contract_path))
    text = render(explained.report, fmt="text", insights=explained.insights)
    out.print(text, highlight=False, markup=False)
    _say(
        out,
        f"Next: taut scan {contract_path} --format html > scan.html   ·   "
        f"taut outcomes {contract_path} -o outcomes.parquet",
    )


FailOn = Literal["drifting", "loosening", "never"]


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        _say(
            err,
            ("error:", "bold red"),
            f" --as-of '{value}' is not a date. Write it as YYYY-MM-DD, e.g. --as-of 2025-04-30.",
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
        sys.stdout.write(render(report, fmt=fmt, insights=explained.insights))
    else:
        report = _guard(lambda: scan(contract, as_of=day))
        sys.stdout.write(render(report, fmt=fmt))
    for item in report.thin:
        _say(err, ("! warning", "yellow"), f"  {item.message()}")
    if fail_on != "never" and severity(report.worst_state) >= severity(fail_on):
        raise typer.Exit(int(ExitCode.SIGNALS))


def run() -> int:
    """Run the command and return its exit code (the entry point is :mod:`taut.__main__`).

    A write to standard output that fails outside a command's own guard (a full disk, a
    closed stream or pipe) ends here as one message and ``ExitCode.OUTPUT``.
    """
    try:
        try:
            app()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        sys.stdout.flush()
    except OutputError as error:
        return _report(error)
    return code
