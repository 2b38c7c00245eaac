"""``--notify``: the scan's news sent after the report is written and the scan is kept.

Before the scan, where to send is checked (a missing variable or nowhere to send is a usage
error, exit 2, before any work). After the report and the store's write, the news (new
signals, changes' verdicts) not sent before goes to each channel (:func:`taut.api.notify`);
each delivery is announced on stderr. A failed delivery never costs the report or the
store: it is reported, the command exits :attr:`~taut.errors.ExitCode.NOTIFY` (6), and the
next run with ``--notify`` sends what was not delivered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from taut.api import notify, notify_targets
from taut.brief import render
from taut.cli.shell import err, guard, say
from taut.errors import ExitCode, StoreError
from taut.words import counted

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.notify import Delivery, InlineImage, Targets
    from taut.reinforce.changes import JudgedChange
    from taut.reinforce.records import Recommendation
    from taut.signal.report import ScanReport
    from taut.store.records import Memory


def notify_options(contract: Path, *, notify_: bool, store: bool) -> Targets | None:
    """Where ``--notify`` sends, checked before the scan (``None`` without ``--notify``).

    Raises:
        typer.Exit: a usage or setting error (exit 2): ``--no-store`` (taut could not tell
            what it already sent), a variable the contract names is unset, nowhere to send.
    """
    if not notify_:
        return None
    if not store:
        say(
            err,
            ("error:", "bold red"),
            " --notify cannot be combined with --no-store: the store remembers what was "
            "already sent, so that nothing is sent twice. Leave out --no-store.",
        )
        raise typer.Exit(int(ExitCode.USAGE))
    return guard(lambda: notify_targets(contract))


def _announce(delivery: Delivery) -> None:
    items = counted(len(delivery.notices), "item")
    if delivery.ok:
        say(
            err, ("✓ sent", "green"), f" {items} of news by {delivery.channel} to {delivery.target}"
        )
        return
    tries = counted(delivery.tries, "try")
    say(
        err,
        ("error:", "bold red"),
        f" {items} of news could not be sent by {delivery.channel} ({tries}): "
        f"{delivery.error}. The report was written and the scan kept; the next run with "
        "--notify sends it again.",
    )


def send_news(
    contract: Path,
    *,
    targets: Targets,
    report: ScanReport,
    memory: Memory | None,
    insights: Sequence[Insight] = (),
    reinforcements: Sequence[Recommendation] = (),
    changes: Sequence[JudgedChange] = (),
    html: str | None = None,
    images: Sequence[InlineImage] = (),
) -> bool:
    """Send the scan's news; whether everything that had to go went (stderr says how).

    ``memory`` is ``None`` when the store did not keep this scan (a store holding a later
    scan): then nothing is news. ``html`` is the brief the e-mail carries (default: the
    scan's HTML report, :func:`taut.brief.render`); ``images`` its charts as PNGs
    (``taut brief --notify`` passes the Monday brief's HTML and charts).
    """
    if memory is None:
        say(
            err,
            ("! note", "yellow"),
            "  Nothing was sent: this scan is not the store's latest, so nothing in it is news.",
        )
        return True
    page = html
    if page is None:
        page = render(
            report,
            fmt="html",
            insights=insights,
            memory=memory,
            reinforcements=reinforcements,
            changes=changes,
        )

    def send() -> tuple[tuple[Delivery, ...], StoreError | None]:
        done = notify(
            contract,
            report=report,
            memory=memory,
            changes=changes,
            insights=insights,
            html=page,
            images=images,
            targets=targets,
        )
        return done.deliveries, done.unrecorded

    deliveries, unrecorded = guard(send)  # a store that cannot be read: exit 4, nothing sent
    if not deliveries:
        say(err, ("· nothing new to send", "dim"))
    for delivery in deliveries:
        _announce(delivery)
    if unrecorded is not None:
        say(
            err,
            ("error:", "bold red"),
            f" the news was sent but could not be recorded, so it may be sent again: {unrecorded}",
        )
    return unrecorded is None and all(delivery.ok for delivery in deliveries)
