"""What the notifications have sent, so that nothing is ever sent twice on a channel.

A notification (:mod:`taut.notify`) sends news of two kinds: a signal that is new (``kind``
``signal``, ``subject`` its tracked signal's id, ``status`` its lifecycle ``new``) and a
recorded change's verdict (``kind`` ``change``, ``subject`` the change's id, ``status`` the
verdict, e.g. ``working``). Each item sent on a channel (``webhook``, ``email``) is one row
of the ``deliveries`` table; before sending, the notifier reads what was sent and leaves it
out. A change whose verdict moves (``working`` then ``relapsing``) is news again; the same
verdict next week is not.

Rows hold ids and words taut chose, never a person or a value of the event log.

>>> Sent(kind="signal", subject=3, status="new", channel="email").key
('signal', 3, 'new')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import insert, select

from taut.store.database.faults import failing
from taut.store.database.store import Store
from taut.store.database.tables import deliveries

DeliveryKind = Literal["signal", "change"]
Channel = Literal["webhook", "email"]


@dataclass(frozen=True, kw_only=True)
class Sent:
    """One item sent on one channel.

    Attributes:
        kind: ``signal`` (a new signal) or ``change`` (a recorded change's verdict).
        subject: the tracked signal's or the change's id in the store.
        status: the signal's lifecycle (``new``) or the change's verdict.
        channel: ``webhook`` or ``email``.
    """

    kind: DeliveryKind
    subject: int
    status: str
    channel: Channel

    @property
    def key(self) -> tuple[str, int, str]:
        """The item, whatever channel carried it."""
        return (self.kind, self.subject, self.status)


def sent(store: Store) -> frozenset[Sent]:
    """Everything the store says was sent, on any channel.

    Raises:
        StoreError: the store cannot be read.
    """
    with (
        failing(store.name, doing="read"),
        store.engine.connect() as connection,
        connection.begin(),
    ):
        found = connection.execute(
            select(
                deliveries.c.kind, deliveries.c.subject, deliveries.c.status, deliveries.c.channel
            )
        ).mappings()
        return frozenset(
            Sent(
                kind=row["kind"],
                subject=row["subject"],
                status=row["status"],
                channel=row["channel"],
            )
            for row in found
        )


def record_sent(store: Store, items: Iterable[Sent], *, as_of: date, now: datetime) -> int:
    """Keep ``items`` as sent (as of the scan ``as_of``, at ``now``), in one write.

    Items already kept are left as they are (two notifiers at once record an item once:
    the write lock serialises them and each reads what the other kept).

    Returns:
        How many rows were added.

    Raises:
        StoreError: the store cannot be written; nothing is kept.
    """
    wanted = set(items)
    if not wanted:
        return 0
    with failing(store.name, doing="written"), store.writing_connection() as connection:
        columns = (
            deliveries.c.kind,
            deliveries.c.subject,
            deliveries.c.status,
            deliveries.c.channel,
        )
        kept = {
            Sent(kind=row[0], subject=row[1], status=row[2], channel=row[3])
            for row in connection.execute(select(*columns))
        }
        new = sorted(
            wanted - kept, key=lambda item: (item.kind, item.subject, item.status, item.channel)
        )
        if new:
            connection.execute(
                insert(deliveries),
                [
                    {
                        "kind": item.kind,
                        "subject": item.subject,
                        "status": item.status,
                        "channel": item.channel,
                        "as_of": as_of,
                        "sent_at": now,
                    }
                    for item in new
                ],
            )
    return len(new)
