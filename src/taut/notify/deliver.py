"""Sending the news on each configured channel, each item once, retrying what may pass.

For each channel (webhook first, then e-mail) the notices it has not carried yet
(:func:`taut.notify.news.unsent`) are composed into one message and sent with retries
(:func:`taut.notify.retry.attempt`). A channel with nothing new sends nothing. One
channel's failure does not stop the other; each :class:`Delivery` says how it went and
which items it carried, which the caller then records in the store
(:func:`taut.store.database.deliveries.record_sent`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from taut.notify import mail, webhook
from taut.notify.mail import InlineImage
from taut.notify.news import Notice, unsent
from taut.notify.retry import Attempts, Retries, attempt
from taut.notify.settings import Targets
from taut.store.database.deliveries import Channel, Sent


@dataclass(frozen=True, kw_only=True)
class Delivery:
    """How one channel's message went.

    Attributes:
        channel: ``webhook`` or ``email``.
        target: where it went, as it may be shown (no secret).
        notices: the items it carried.
        tries: how many tries it took.
        error: why it failed in the end (``None``: delivered).
    """

    channel: Channel
    target: str
    notices: tuple[Notice, ...]
    tries: int
    error: str | None

    @property
    def ok(self) -> bool:
        """Whether it was delivered."""
        return self.error is None

    @property
    def sent(self) -> tuple[Sent, ...]:
        """What to record as sent: the items carried, if delivered; else nothing."""
        return tuple(item.sent_on(self.channel) for item in self.notices) if self.ok else ()


def deliver(
    notices: Sequence[Notice],
    *,
    targets: Targets,
    sent: Iterable[Sent],
    process: str,
    as_of: date,
    html: str | None = None,
    images: Sequence[InlineImage] = (),
    retries: Retries | None = None,
) -> tuple[Delivery, ...]:
    """Send each configured channel the notices it has not carried yet.

    Args:
        notices: this scan's news (:func:`taut.notify.news.news`).
        targets: where to send (:func:`taut.notify.settings.targets`).
        sent: what the store says was sent before.
        process, as_of: the contract's process and the scan's day, for the subject line.
        html: the brief as HTML for the e-mail (``None``: the news alone).
        images: the brief's charts as PNGs, inline in the e-mail.
        retries: how hard to try (default :class:`~taut.notify.retry.Retries`: three tries,
            waiting 2 then 4 seconds, 20 seconds a try).

    Returns:
        One delivery per channel that had something to send, webhook first.
    """
    before = tuple(sent)
    how = retries or Retries()
    done: list[Delivery] = []
    if targets.webhook is not None and (pending := unsent(notices, sent=before, channel="webhook")):
        hook = targets.webhook
        body = webhook.payload(pending, process=process, as_of=as_of)
        tried = attempt(
            lambda: webhook.post(hook, body, timeout=how.timeout),
            tries=how.tries,
            backoff=how.backoff,
            sleep=how.sleep,
        )
        done.append(_delivery("webhook", hook.shown(), pending, tried))
    if targets.email is not None and (pending := unsent(notices, sent=before, channel="email")):
        target = targets.email
        message = mail.compose(
            pending, target=target, process=process, as_of=as_of, html=html, images=images
        )
        tried = attempt(
            lambda: mail.send(message, target=target, timeout=how.timeout),
            tries=how.tries,
            backoff=how.backoff,
            sleep=how.sleep,
        )
        done.append(_delivery("email", target.shown(), pending, tried))
    return tuple(done)


def _delivery(
    channel: Channel, target: str, notices: tuple[Notice, ...], tried: Attempts
) -> Delivery:
    return Delivery(
        channel=channel, target=target, notices=notices, tries=tried.tries, error=tried.error
    )
