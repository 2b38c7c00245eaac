"""A Slack-compatible incoming webhook: the week's news as one JSON POST.

The payload has ``text`` (what every Slack-compatible receiver shows, and Slack's
notification preview) and ``blocks`` (a header, then one section per notice). Text from a
user's contract or log is escaped for Slack's markup (``&``, ``<``, ``>``), so a check
named ``<!channel>`` cannot ping anyone.

>>> from datetime import date
>>> from taut.notify.news import Notice
>>> item = Notice(kind="signal", subject=1, status="new", title="New signal in A: <x>", text="y")
>>> payload([item], process="Handoff", as_of=date(2026, 3, 8))["text"]
'taut · Handoff, week to 2026-03-08: one new signal\\n• New signal in A: &lt;x&gt;'
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import date
from typing import Any

from taut.notify.news import Notice
from taut.notify.retry import DeliveryFailure
from taut.notify.settings import WebhookTarget
from taut.words import counted

MAX_SECTIONS = 45
"""Slack takes at most 50 blocks a message; past this many notices the rest are counted."""
TOO_MANY_REQUESTS = 429
SERVER_ERROR = 500


def escaped(text: str) -> str:
    """``text`` safe in Slack's markup: ``&``, ``<`` and ``>`` as entities.

    >>> escaped("<!channel> & co")
    '&lt;!channel&gt; &amp; co'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def summary(notices: Sequence[Notice]) -> str:
    """How much news, in words: ``2 new signals and 1 verdict``."""
    signals = sum(item.kind == "signal" for item in notices)
    verdicts = len(notices) - signals
    parts = [counted(signals, "new signal")] if signals else []
    parts += [counted(verdicts, "verdict on a change")] if verdicts else []
    return " and ".join(parts)


def payload(notices: Sequence[Notice], *, process: str, as_of: date) -> dict[str, Any]:
    """The webhook's JSON body for ``notices`` (at least one)."""
    head = f"taut · {process}, week to {as_of.isoformat()}: {summary(notices)}"
    shown = notices[:MAX_SECTIONS]
    rest = len(notices) - len(shown)
    lines = [f"• {escaped(item.title)}" for item in shown]
    if rest:
        lines.append(f"… and {rest} more in the brief")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": head[:150]}},
        *(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{escaped(item.title)}*\n{escaped(item.text)}"[:3000],
                },
            }
            for item in shown
        ),
    ]
    if rest:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": lines[-1]}]})
    return {"text": "\n".join([escaped(head), *lines]), "blocks": blocks}


def post(target: WebhookTarget, body: dict[str, Any], *, timeout: float) -> None:
    """POST ``body`` as JSON to the webhook.

    Raises:
        DeliveryFailure: the receiver refused it or could not be reached (``retry`` for
            a connection failure, a time-out, HTTP 429 or 5xx).
    """
    request = urllib.request.Request(  # noqa: S310 - the URL is checked to be http(s)
        target.url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "taut"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        error.close()  # it holds the answer's connection
        code = error.code
        retry = code == TOO_MANY_REQUESTS or code >= SERVER_ERROR
        raise DeliveryFailure(
            f"the webhook at {target.shown()} answered HTTP {code} {error.reason}", retry=retry
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryFailure(
            f"the webhook at {target.shown()} could not be reached ({reason})", retry=True
        ) from None
