"""``taut reinforce``: the changes made to the work, recorded so taut can judge them.

``apply`` records one (the check it steadies, the day it took effect, what was changed),
``list`` shows them with taut's verdict on each as of the log's last day, ``remove``
forgets one recorded by mistake (docs/reinforce.md, "Recording a change"). Every command
takes the contract first, since the contract says where its store is.
"""

from __future__ import annotations

import json
import re
from typing import Annotated

import typer

from taut.api import apply_change, changes, judged_changes, remove_change
from taut.cli.shell import ContractArg, TextOrJson, app, err, guard, out, say
from taut.cli.signals import _day
from taut.errors import ExitCode
from taut.reinforce.changes import Change, JudgedChange
from taut.reinforce.wording import change_line, verdict_line

reinforce_app = typer.Typer(
    name="reinforce",
    help="The changes made to the work to steady a check, and whether each is working."
    "\n\nExample: taut reinforce apply taut.yaml --check intake-complete --on 2026-03-02 "
    '--change "Deal size and start date now mandatory"',
    no_args_is_help=True,
)
app.add_typer(reinforce_app)


def _segment(value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    key, sign, label = value.partition("=")
    if not sign or not key.strip() or not label.strip():
        say(
            err,
            ("error:", "bold red"),
            f" --segment '{value}' is not KEY=VALUE. Write it as e.g. --segment team=North, "
            "or leave it out for a change made on the whole check.",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    return {key.strip(): label.strip()}


def _id(value: str) -> int:
    if not re.fullmatch(r"\d{1,12}", value.strip()):
        say(
            err,
            ("error:", "bold red"),
            f" change id '{value}' is not a number. 'taut reinforce list CONTRACT' shows each "
            "change's id, e.g. 2.",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    return int(value)


@reinforce_app.command("apply")
def apply_command(
    contract: ContractArg,
    *,
    check: Annotated[str, typer.Option("--check", help="The check the change steadies.")],
    on: Annotated[str, typer.Option("--on", help="The day the change took effect (YYYY-MM-DD).")],
    change: Annotated[str, typer.Option("--change", help="What was changed, in a sentence.")],
    playbook: Annotated[
        str | None,
        typer.Option("--playbook", help="The playbook entry it follows, e.g. mandatory-fields."),
    ] = None,
    segment: Annotated[
        str | None,
        typer.Option(
            "--segment", help="The one segment it was made on, KEY=VALUE (e.g. team=North)."
        ),
    ] = None,
    signal: Annotated[
        str | None,
        typer.Option(
            "--signal",
            help="The signal it answers (an id of 'taut signals list'); default: the "
            "check's open signal.",
        ),
    ] = None,
) -> None:
    """Record a change made to the work, so every later scan judges whether it works.

    taut compares the check before and since the day (allowing for its weekday pattern,
    volume and trend, and against the untouched segments when --segment names one) and
    says working, not-yet-clear, not-working or relapsing. A working change settles its
    check under a new baseline from that day.

    The day may be after the log's last day (judged once the log reaches it), never after
    today nor before the log's first day.

    Example: taut reinforce apply taut.yaml --check intake-complete --on 2026-03-02
             --change "Deal size and start date now mandatory" --playbook mandatory-fields
    """
    day = _day(on, option="--on", example="2026-03-02")
    where = _segment(segment)
    number = None if signal is None else _signal_id(signal)
    done = guard(
        lambda: apply_change(
            contract,
            check=check,
            on=day,
            change=change,
            playbook=playbook,
            segment=where,
            signal_id=number,
        )
    )
    say(out, ("✓", "green"), f" Change {done.change.id} recorded: {change_line(done.change)}")
    if done.note:
        say(err, ("! note", "yellow"), f"  {done.note}")


def _signal_id(value: str) -> int:
    if not re.fullmatch(r"\d{1,12}", value.strip()):
        say(
            err,
            ("error:", "bold red"),
            f" --signal '{value}' is not a number. 'taut signals list CONTRACT --all' shows "
            "each signal's id, e.g. --signal 3.",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    return int(value)


@reinforce_app.command("list")
def list_command(
    contract: ContractArg,
    *,
    verdict: Annotated[
        bool,
        typer.Option(
            "--verdict/--no-verdict",
            help="Judge each change as of the log's last day (reads the log); "
            "--no-verdict lists what is recorded only.",
        ),
    ] = True,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the recorded changes, each with taut's verdict on it and its numbers.

    Example: taut reinforce list taut.yaml --format json
    """
    kept: tuple[Change, ...] = guard(lambda: changes(contract))
    judged: tuple[JudgedChange, ...] = ()
    if verdict and kept:
        judged = guard(lambda: judged_changes(contract))
    by_id = {item.change.id: item for item in judged}
    if fmt == "json":
        items = [
            by_id[item.id].to_json_dict()
            if item.id in by_id
            else {**item.to_json_dict(), "effect": None}
            for item in kept
        ]
        out.print_json(json.dumps(items), ensure_ascii=True)
        return
    if not kept:
        say(
            out,
            f"No change recorded yet: 'taut reinforce apply {contract} --check ID --on DATE "
            "--change TEXT' records one.",
        )
        return
    for item in kept:
        say(out, (f"{item.id:>4}", "bold"), f"  {change_line(item)}")
        if item.id in by_id:
            say(out, f"      {verdict_line(by_id[item.id])}")
        elif verdict:
            say(
                out,
                "      not judged: made after the log's last day, or its check left the contract",
            )


@reinforce_app.command("remove")
def remove_command(
    contract: ContractArg,
    change_id: Annotated[
        str,
        typer.Argument(
            help="The change's id, as 'taut reinforce list' shows it.", show_default=False
        ),
    ],
) -> None:
    """Forget a recorded change (recorded by mistake, or undone). A signal it already
    settled stays settled.

    Example: taut reinforce remove taut.yaml 2
    """
    number = _id(change_id)
    gone = guard(lambda: remove_change(contract, number))
    say(out, ("✓", "green"), f" Change {gone.id} removed: {change_line(gone)}")
