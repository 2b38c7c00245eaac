"""``taut signals``: the signals the state store tracks, and people's decisions on them.

``list`` shows them; ``ack``, ``dismiss`` and ``rebaseline`` record a decision on one
(docs/store.md, "A signal's life"). Every command takes the contract first, like the
others, since the contract says where its store is.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import typer

from taut.api import acknowledge, dismiss, latest_kept, rebaseline, signals
from taut.brief.lifecycle import grace_words, open_words
from taut.cli.shell import ContractArg, TextOrJson, app, err, guard, out, say
from taut.errors import ExitCode
from taut.signal.state import METRIC_WORDS, segment_words
from taut.store.records import TrackedSignal

signals_app = typer.Typer(
    name="signals",
    help="The signals kept across scans, and your decisions on them (ack, dismiss, "
    "rebaseline).\n\nExample: taut signals list taut.yaml",
    no_args_is_help=True,
)
app.add_typer(signals_app)

IdArg = Annotated[
    str,
    typer.Argument(help="The signal's id, as 'taut signals list' shows it.", show_default=False),
]
NoteOption = Annotated[str, typer.Option("--note", help="What is being done, in a few words.")]


def _day(value: str, *, option: str, example: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        say(
            err,
            ("error:", "bold red"),
            f" {option} '{value}' is not a date. Write it as YYYY-MM-DD, e.g. {option} {example}.",
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None


def _id(value: str) -> int:
    if not re.fullmatch(r"\d{1,12}", value.strip()):
        say(
            err,
            ("error:", "bold red"),
            f" signal id '{value}' is not a number. 'taut signals list CONTRACT' shows each "
            "signal's id, e.g. 3.",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    return int(value)


def _line(signal: TrackedSignal, *, as_of: date) -> str:
    """One signal in words: what, where, since when, and the decision on it."""
    metric = METRIC_WORDS.get(signal.metric, signal.metric)
    where = segment_words(signal.segment)
    parts = [
        f"{signal.check} ({signal.area}): {metric} {signal.direction}, {where}",
        f"first raised {signal.first_raised.isoformat()}, {open_words(signal, as_of=as_of)}",
    ]
    if signal.lifecycle == "dismissed" and signal.until is not None:
        parts.append(f"dismissed through {signal.until.isoformat()}")
    grace = grace_words(signal, as_of=as_of)
    if grace:
        parts.append(grace)
    if signal.closed_on is not None:
        parts.append(f"closed {signal.closed_on.isoformat()}")
    if signal.baseline_from is not None:
        parts.append(f"baseline restarts {signal.baseline_from.isoformat()}")
    if signal.note:
        parts.append(f"note: {signal.note}")
    return " · ".join(parts)


def _plain(signal: TrackedSignal, *, as_of: date) -> dict[str, Any]:
    found = asdict(signal)
    found["age_weeks"] = signal.age_weeks(as_of=as_of)
    return {
        key: value.isoformat() if isinstance(value, date) else value for key, value in found.items()
    }


@signals_app.command("list")
def list_command(
    contract: ContractArg,
    *,
    every: Annotated[
        bool, typer.Option("--all", help="Also the closed ones (resolved, rebaselined).")
    ] = False,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the signals the state store tracks: open ones, or every one with --all.

    Each shows its id (what ack, dismiss and rebaseline take), its lifecycle, where it was
    last seen, when it was first raised and the decision on it.

    Example: taut signals list taut.yaml --all
    """
    found = guard(lambda: signals(contract, closed=every))
    # Ages count to the store's latest scan, the day its brief counted them to.
    latest = guard(lambda: latest_kept(contract)) if found else None
    as_of = latest or max((item.last_seen for item in found), default=date.min)
    if fmt == "json":
        out.print_json(json.dumps([_plain(item, as_of=as_of) for item in found]), ensure_ascii=True)
        return
    if not found:
        which = "signal" if every else "open signal"
        say(out, f"No {which} in the state store yet: 'taut scan {contract}' keeps each scan.")
        return
    width = max(len(item.lifecycle) for item in found)
    for item in found:
        say(
            out,
            (f"{item.id:>4}", "bold"),
            f"  {item.lifecycle:<{width}}  {_line(item, as_of=as_of)}",
        )


def _done(signal: TrackedSignal, words: str) -> None:
    say(out, ("✓", "green"), f" Signal {signal.id} ({signal.check}) {words}")


@signals_app.command("ack")
def ack_command(contract: ContractArg, signal_id: IdArg, *, note: NoteOption) -> None:
    """Acknowledge a signal: say what is being done. It stays open, shown with your note.

    Example: taut signals ack taut.yaml 3 --note "new triage rota from Monday"
    """
    number = _id(signal_id)
    signal = guard(lambda: acknowledge(contract, number, note=note))
    _done(signal, f"acknowledged: {signal.note}")


@signals_app.command("dismiss")
def dismiss_command(
    contract: ContractArg,
    signal_id: IdArg,
    *,
    until: Annotated[str, typer.Option("--until", help="The last day it is muted (YYYY-MM-DD).")],
    note: NoteOption,
) -> None:
    """Dismiss a signal until a day: a temporary cause. Muted through that day, then open again.

    Example: taut signals dismiss taut.yaml 3 --until 2026-01-31 --note "year-end audit"
    """
    number = _id(signal_id)
    day = _day(until, option="--until", example="2026-01-31")
    signal = guard(lambda: dismiss(contract, number, until=day, note=note))
    _done(signal, f"dismissed through {day.isoformat()}: {signal.note}")


@signals_app.command("rebaseline")
def rebaseline_command(
    contract: ContractArg,
    signal_id: IdArg,
    *,
    start: Annotated[
        str,
        typer.Option("--from", help="The first day of the new normal (YYYY-MM-DD)."),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why this is the new normal.")] = None,
) -> None:
    """Accept a signal as the new normal: it closes, and its check's baseline restarts then.

    Later scans judge the check against the cases from that day on; a further change is
    a new signal.

    Example: taut signals rebaseline taut.yaml 3 --from 2026-01-05 --note "new SLA"
    """
    number = _id(signal_id)
    day = _day(start, option="--from", example="2026-01-05")
    signal = guard(lambda: rebaseline(contract, number, baseline_from=day, note=note))
    _done(signal, f"rebaselined: its check's baseline restarts on {day.isoformat()}.")
