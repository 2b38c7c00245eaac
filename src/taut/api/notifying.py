"""Notifications: news of new signals and changes' verdicts, each sent once per channel
(docs/notify.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from taut.api.memory import writable_store
from taut.contract import load_contract
from taut.errors import StoreError, UsageError
from taut.reinforce.changes import JudgedChange
from taut.signal import ScanReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from taut.insight import Insight
    from taut.notify import Delivery, InlineImage, Retries, Targets
    from taut.store.records import Memory


@dataclass(frozen=True)
class Notified:
    """What :func:`notify` did.

    Attributes:
        deliveries: one per channel that had news to send (each says how it went).
        unrecorded: why what was delivered could not be recorded in the store (``None``:
            recorded, or nothing to record); those items may be sent again next time.
    """

    deliveries: tuple[Delivery, ...]
    unrecorded: StoreError | None = None

    @property
    def failed(self) -> tuple[Delivery, ...]:
        """The deliveries that failed."""
        return tuple(item for item in self.deliveries if not item.ok)


def notify_targets(contract: str | Path, *, environ: Mapping[str, str] | None = None) -> Targets:
    """Where the contract's news would be sent (the contract's ``notify:`` and the
    environment), checked before any work is done.

    Raises:
        ContractError: the contract cannot be read.
        SettingError: a variable the contract names is unset, or the environment's own
            configuration is incomplete.
        UsageError: nowhere to send: neither the contract nor the environment names a
            webhook or an e-mail server.
    """
    from taut.notify.settings import EMAIL_FROM, EMAIL_TO, SMTP_HOST, WEBHOOK_URL, targets  # noqa: PLC0415

    found = targets(load_contract(contract).contract.notify, environ=environ)
    if not found.channels:
        raise UsageError(
            "--notify has nowhere to send: taut.yaml has no notify: part and the environment "
            f"names no channel. Add notify: {{webhook: {{url_env: {WEBHOOK_URL}}}}} (or an "
            f"email: part) to taut.yaml, or set {WEBHOOK_URL}, or {SMTP_HOST} with "
            f"{EMAIL_FROM} and {EMAIL_TO} (docs/notify.md)."
        )
    return found


def notify(
    contract: str | Path,
    *,
    report: ScanReport,
    memory: Memory,
    changes: Sequence[JudgedChange] = (),
    insights: Sequence[Insight] = (),
    html: str | None = None,
    images: Sequence[InlineImage] = (),
    targets: Targets | None = None,
    retries: Retries | None = None,
    now: datetime | None = None,
) -> Notified:
    """Send the scan's news (new signals, changes' verdicts) not sent before; record it.

    Call it after the scan is kept (:func:`remember` gives ``memory``), so a failure here
    never costs the scan. Each item is sent at most once per channel: what the store's
    ``deliveries`` hold is left out, and what is delivered is recorded in one write.

    Args:
        contract: the path of ``taut.yaml``.
        report: the scan.
        memory: what the store said of this scan (:func:`remember`).
        changes: recorded changes with their verdicts as of the scan.
        insights: the scan's insights (a new signal's headline).
        html: the brief as HTML, for the e-mail (``None``: the news alone).
        images: the brief's charts as PNGs, shown inline in the e-mail.
        targets: where to send (default: :func:`notify_targets`).
        retries: how hard to try (:class:`taut.notify.Retries`).
        now: when it was sent (default: the clock).

    Returns:
        What was delivered, what failed, and whether the store recorded it.

    Raises:
        ContractError, SettingError, UsageError: as :func:`notify_targets`.
        StoreError: the store cannot be read (nothing was sent).
    """
    from taut.notify import deliver, news  # noqa: PLC0415
    from taut.store.database.deliveries import record_sent, sent  # noqa: PLC0415

    where = targets if targets is not None else notify_targets(contract)
    store = writable_store(contract)
    try:
        items = news(report=report, memory=memory, changes=changes, insights=insights)
        done = deliver(
            items,
            targets=where,
            sent=sent(store),
            process=report.process,
            as_of=report.as_of,
            html=html,
            images=images,
            retries=retries,
        )
        carried = [item for delivery in done for item in delivery.sent]
        try:
            record_sent(store, carried, as_of=report.as_of, now=now or datetime.now(UTC))
        except StoreError as error:
            return Notified(deliveries=done, unrecorded=error)
        return Notified(deliveries=done)
    finally:
        store.close()
