"""What is news this week: signals raised for the first time and changes' verdicts.

Only two things are news, so a notification never repeats the brief's standing content:

- a tracked signal whose lifecycle is ``new`` (first raised by this scan; the store's
  :class:`~taut.store.records.Memory` says so): item ``("signal", id, "new")``;
- a recorded change with a verdict (``working``, ``not-working`` or ``relapsing``):
  item ``("change", id, verdict)``. ``not-yet-clear`` is no verdict yet, so it is not news;
  a verdict that moves (``working`` then ``relapsing``) is news again.

Each item is sent once per channel: :func:`unsent` leaves out what the store's
``deliveries`` say a channel already carried.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from taut.brief.lifecycle import Lived, since_last_scan
from taut.brief.wording import what
from taut.store.database.deliveries import Channel, DeliveryKind, Sent
from taut.words import counted

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.changes import JudgedChange, Verdict
    from taut.signal.report import ScanReport
    from taut.store.records import Memory

NEWS_VERDICTS: tuple[Verdict, ...] = ("working", "not-working", "relapsing")
"""The verdicts that are news (``not-yet-clear`` is none yet)."""
VERDICT_WORDS: dict[str, str] = {
    "working": "is working",
    "not-working": "is not working",
    "relapsing": "worked, and is slipping back",
}


@dataclass(frozen=True, kw_only=True)
class Notice:
    """One item of news, in words, with the key that keeps it from being sent twice.

    Attributes:
        kind: ``signal`` or ``change``.
        subject: the tracked signal's or the change's id in the store.
        status: ``new`` for a signal, the verdict for a change.
        title: one short line, e.g. ``New signal in Customer handoff: ack-within-24h``.
        text: a sentence or two with the numbers behind it.
    """

    kind: DeliveryKind
    subject: int
    status: str
    title: str
    text: str

    def sent_on(self, channel: Channel) -> Sent:
        """The delivery record of this notice on ``channel``."""
        return Sent(kind=self.kind, subject=self.subject, status=self.status, channel=channel)


def news(
    *,
    report: ScanReport,
    memory: Memory,
    changes: Sequence[JudgedChange] = (),
    insights: Sequence[Insight] = (),
) -> tuple[Notice, ...]:
    """This scan's news: its new signals (in the brief's order), then changes' verdicts.

    Args:
        report: the scan.
        memory: what the store said of it (the same scan's).
        changes: recorded changes with their verdicts as of the scan.
        insights: the scan's insights; a new signal's headline is taken from its check's.

    Raises:
        ValueError: the memory is of another scan.
    """
    headlines = {insight.check: insight.headline for insight in insights}
    found: list[Notice] = []
    for lived in since_last_scan(report, memory=memory).new:
        tracked = lived.tracked
        headline = headlines.get(tracked.check)
        found.append(
            Notice(
                kind="signal",
                subject=tracked.id,
                status="new",
                title=f"New signal in {tracked.area}: {tracked.check}",
                text=" ".join([*([headline] if headline else []), *_facts(lived)]),
            )
        )
    for judged in changes:
        verdict = judged.effect.verdict
        if verdict not in NEWS_VERDICTS:
            continue
        change = judged.change
        found.append(
            Notice(
                kind="change",
                subject=change.id,
                status=verdict,
                title=f"Change to {change.check} {VERDICT_WORDS[verdict]}: {change.change}",
                text=f"Made {change.applied_on.isoformat()} in {change.area}. "
                f"{judged.effect.reason}",
            )
        )
    return tuple(found)


def _facts(lived: Lived) -> list[str]:
    """A new signal's state, its before and after with the cases behind them, and whether
    taut can be sure (never when the baseline is thin)."""
    signal = lived.signal
    if signal is None:
        tracked = lived.tracked
        return [f"{tracked.state.capitalize()}, first raised {tracked.first_raised.isoformat()}."]
    where = "" if signal.segment is None else f" ({signal.where})"
    since = f" since {signal.since.isoformat()}" if signal.since else ""
    facts = [
        f"{signal.state.capitalize()}{since}{where}: {what(signal)} over "
        f"{counted(signal.cases, 'case', digits=True)} (baseline "
        f"{counted(signal.baseline_cases, 'case', digits=True)})."
    ]
    if signal.thin_baseline:
        facts.append("Tentative: its baseline is too thin for taut to be sure.")
    return facts


def unsent(
    notices: Iterable[Notice], *, sent: Iterable[Sent], channel: Channel
) -> tuple[Notice, ...]:
    """The notices ``channel`` has not carried yet, in order.

    >>> item = Notice(kind="signal", subject=1, status="new", title="t", text="x")
    >>> unsent([item], sent=[item.sent_on("email")], channel="webhook") == (item,)
    True
    >>> unsent([item], sent=[item.sent_on("email")], channel="email")
    ()
    """
    carried = {item.key for item in sent if item.channel == channel}
    return tuple(item for item in notices if item.sent_on(channel).key not in carried)
