"""Notify: news of new signals and changes' verdicts, sent once, to chat and e-mail.

The last stage: it reads a scan's records and the state store, never the event log.
Its steps, in order (``taut scan --notify``, :func:`taut.api.notify`):

1. :mod:`~taut.notify.settings`: where to send, from the contract's ``notify:`` and the
   environment (secrets from the environment only);
2. :mod:`~taut.notify.news`: what is news (a signal first raised by this scan, a change's
   verdict), and what each channel has not carried yet;
3. :mod:`~taut.notify.webhook` and :mod:`~taut.notify.mail`: the message for a
   Slack-compatible webhook (JSON POST) and for e-mail (SMTP, the brief's HTML inline with
   its charts as PNGs);
4. :mod:`~taut.notify.retry`: tries again after a failure that may pass, with an
   injectable backoff;
5. :mod:`~taut.notify.deliver`: each channel's message sent, each :class:`Delivery`
   reporting how it went; what was delivered is then recorded in the store's ``deliveries``
   (:mod:`taut.store.database.deliveries`), so it is never sent twice.

A failed delivery never costs the scan or the store: the scan is kept before anything is
sent, and the command reports the failure on stderr and exits
:attr:`~taut.errors.ExitCode.NOTIFY`. ``docs/notify.md`` is the user's guide.
"""

from __future__ import annotations

from taut.notify.deliver import Delivery, deliver
from taut.notify.mail import InlineImage
from taut.notify.news import Notice, news, unsent
from taut.notify.retry import Backoff, DeliveryFailure, Retries, attempt, doubling
from taut.notify.settings import Targets, targets

__all__ = [
    "Backoff",
    "Delivery",
    "DeliveryFailure",
    "InlineImage",
    "Notice",
    "Retries",
    "Targets",
    "attempt",
    "deliver",
    "doubling",
    "news",
    "targets",
    "unsent",
]
