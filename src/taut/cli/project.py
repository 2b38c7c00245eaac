"""The project commands: ``taut check`` and ``taut outcomes``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from taut.api import open_workspace, outcomes, playbook, review_baseline
from taut.cli.progress import working
from taut.cli.shell import ContractArg, Part, TextOrJson, app, err, guard, out, say
from taut.contract import load_contract
from taut.errors import ExitCode, Problem
from taut.files import STDOUT, check_output
from taut.ingest import LogSummary, summarize_log
from taut.ingest.people import SMALL_TEAM, small_teams, team_people
from taut.outcomes.export import output_format, write_outcomes
from taut.outcomes.summary import CheckSummary
from taut.terminal import visible
from taut.words import counted, share


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

    Example: taut check taut.yaml --format json > check.json
    """
    with working("Reading the log"):
        workspace = guard(lambda: open_workspace(contract))
    if workspace.contract_file.contract.reinforce.playbook is not None:
        guard(lambda: playbook(contract))  # the user's own playbook is valid too
    summary = guard(lambda: summarize_log(workspace.log))
    people = guard(lambda: team_people(workspace.log, contract=workspace.contract_file.contract))
    held_back = None if people is None else len(small_teams(people))
    problems = workspace.log.problems
    warnings = workspace.contract_file.warnings
    baseline = guard(lambda: review_baseline(workspace))
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
        say(out, (contract_model.process, "bold"), f"  ({workspace.log.source})")
        for line in _summary_lines(summary, contract_model.activities, held_back=held_back):
            say(out, line)
        if window is not None:
            say(out, f"  Baseline: {window.describe()} ({window.rule_words()})")
        for line in (*warnings, *(item.message() for item in thin)):
            say(out, ("! warning", "yellow"), f"  {line}")
        for icon, line in _problem_lines(problems):
            say(out, icon, line)
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

    Example: taut outcomes taut.yaml -o outcomes.parquet
    """
    if str(output) != "-":
        guard(lambda: _check_not_an_input(output, contract=contract))
    if output_format(output) is None:
        say(
            err,
            ("error:", "bold red"),
            f" cannot write outcomes to '{output}': the file must end in "
            ".parquet or .csv (or use '-o -' for CSV on stdout).",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    with working("Reading the log and writing its outcomes"):
        table = guard(lambda: outcomes(contract))
        rows = guard(lambda: write_outcomes(table, output))
    say(err, f"Wrote {rows:,} outcomes to {STDOUT if str(output) == '-' else output}.")


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
