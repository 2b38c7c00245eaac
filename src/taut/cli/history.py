"""``taut history``: the scans kept in the state store, and each signal's life over time."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import typer

from taut.api import StoreHistory, history
from taut.brief.lifecycle import open_words
from taut.cli.shell import ContractArg, TextOrJson, app, guard, out, say
from taut.contract import load_contract
from taut.insight.wording import ratio, ratio_pair
from taut.store.records import ScanEntry, Sighting, SignalHistory
from taut.words import NOT_AVAILABLE, counted, hours_pair, shares, where

METRIC_WORDS = {
    "missed": "share of cases missing the rule",
    "latency": "time taken",
    "spread": "spread of times",
}
"""A signal's metric in words, as ``taut history`` names it."""


@app.command("history")
def history_command(
    contract: ContractArg,
    check: Annotated[
        str | None, typer.Option("--check", help="Only this check's signals (its id).")
    ] = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """The scans kept in the state store, and each signal's life over time.

    Every stored scan, then each signal: its lifecycle, age, note and what each scan saw.

    Example: taut history taut.yaml --check ack-within-24h

    Exits 0; 2 for a contract error or an unknown --check; 4 if the store cannot be read.
    """
    found = guard(lambda: history(contract, check=check))
    if fmt == "json":
        out.print_json(json.dumps(_payload(found), default=_iso), ensure_ascii=True)
        return
    process = guard(lambda: load_contract(contract)).contract.process
    for line in history_lines(found, process=process):
        say(out, line)


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def ran_at(value: datetime, *, to: Literal["minute", "second"] = "minute") -> str:
    """When a scan ran, in UTC, to the minute (JSON: to the second, with its UTC offset),
    never its microseconds: ``2026-01-05 13:30`` (the column says UTC),
    ``2026-01-05T13:30:12+00:00``.

    >>> from datetime import timedelta, timezone
    >>> chicago = datetime(2026, 1, 5, 7, 30, 12, 345678, tzinfo=timezone(timedelta(hours=-6)))
    >>> ran_at(chicago), ran_at(chicago, to="second")
    ('2026-01-05 13:30', '2026-01-05T13:30:12+00:00')
    """
    utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return utc.isoformat(timespec="seconds") if to == "second" else utc.strftime("%Y-%m-%d %H:%M")


def _payload(found: StoreHistory) -> dict[str, Any]:
    as_of = _latest(found)
    return {
        "store": found.store,
        "scans": [
            asdict(entry) | {"ran_at": ran_at(entry.ran_at, to="second")}
            for entry in found.history.scans
        ],
        "signals": [
            asdict(item.signal)
            | {
                "age_weeks": item.signal.age_weeks(as_of=as_of),
                "sightings": [asdict(s) for s in item.sightings],
            }
            for item in found.history.signals
        ],
    }


def _latest(found: StoreHistory) -> date:
    """The day ages count to: the store's latest scan (as its brief and ``taut signals
    list`` count them, :meth:`TrackedSignal.age_weeks`)."""
    scans = found.history.scans
    if scans:
        return scans[-1].as_of
    return max((item.signal.last_seen for item in found.history.signals), default=date.min)


def history_lines(found: StoreHistory, *, process: str) -> list[str]:
    """The text of ``taut history``, line by line."""
    scans = found.history.scans
    lines = [f"{process} · state store {found.store}"]
    if not scans:
        lines.append("No scan is stored yet: each `taut scan` of this contract stores one.")
        return lines
    replayed = sum(entry.replay for entry in scans)
    lines.append(
        f"{counted(len(scans), 'scan', digits=True)} stored, as of {scans[0].as_of} to "
        f"{scans[-1].as_of}" + (f" ({replayed} from a replay)" if replayed else "")
    )
    width = max(len("data until (UTC)"), *(len(entry.data_end) for entry in scans))
    lines.extend(
        [
            "",
            f"  as of        {'data until (UTC)':<{width}}  ran at (UTC)      raised  new  worst",
        ]
    )
    lines.extend(_scan_line(entry, width=width) for entry in scans)
    signals = found.history.signals
    still = sum(item.signal.closed_on is None for item in signals)
    lines.extend(["", f"Signals: {len(signals)} ({still} open)" if signals else "No signals."])
    for item in signals:
        lines.extend(_signal_lines(item, as_of=scans[-1].as_of))
    return lines


def _scan_line(entry: ScanEntry, *, width: int) -> str:
    replay = "  (replay)" if entry.replay else ""
    return (
        f"  {entry.as_of}   {entry.data_end:<{width}}  {ran_at(entry.ran_at)}  "
        f"{entry.raised:>6}  {entry.new:>3}  {entry.worst}{replay}"
    )


def _signal_lines(item: SignalHistory, *, as_of: date) -> list[str]:
    signal = item.signal
    rising = "rising" if signal.direction == "up" else "falling"
    metric = METRIC_WORDS.get(signal.metric, signal.metric)
    facts = [
        signal.lifecycle,
        f"first raised {signal.first_raised}",
        open_words(signal, as_of=as_of),
    ]
    if signal.closed_on is not None:
        facts.append(f"closed {signal.closed_on}")
    if signal.until is not None:
        facts.append(f"dismissed until {signal.until}")
    if signal.baseline_from is not None:
        facts.append(f"baseline from {signal.baseline_from}")
    lines = [
        "",
        f"  #{signal.id} {signal.check} ({signal.area}): {metric} {rising}, "
        f"{where(signal.segment)}",
        f"     {' · '.join(facts)}",
    ]
    if signal.note:
        lines.append(f"     note: {signal.note}")
    lines.extend(_sighting_line(line, metric=signal.metric) for line in item.sightings)
    return lines


def _sighting_line(line: Sighting, *, metric: str) -> str:
    before, after = _values(metric, line.baseline, line.current)
    values = f"{before} → {after}"
    if line.baseline is None and line.current is None:  # never "n/a → n/a": say why
        why = (
            "held steady"
            if line.state == "steady"
            else "was read on another measure, or not judged"
        )
        values = f"no figures (its check {why})"
    cases = "" if line.cases is None else f"  {counted(line.cases, 'case', digits=True)}"
    return (
        f"     {line.as_of}  {line.state:<11} {line.lifecycle:<12} {values}{cases}  "
        f"{where(line.segment)}"
    )


def _values(metric: str, before: float | None, after: float | None) -> tuple[str, str]:
    """A metric's baseline and current values in its unit, precise enough to differ."""
    if metric == "missed":
        return shares(before, after)
    if metric == "latency":
        return hours_pair(before, after)
    # A spread (p75/p25) as the briefs write it: two digits, rounded down ("2,700x",
    # never "2715.9x").
    if before is None or after is None:
        return _ratio(before), _ratio(after)
    low, high = ratio_pair(before, after)
    return f"{low}x", f"{high}x"


def _ratio(value: float | None) -> str:
    return NOT_AVAILABLE if value is None else f"{ratio(value)}x"
