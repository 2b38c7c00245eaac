"""E-mail through SMTP: the week's news as text, the brief's HTML inline, its charts as images.

The message is ``multipart/alternative``: a plain-text part listing the news (what a
phone's preview and a text-only reader show), and an HTML part, the brief itself, with
each chart a PNG attached inline (``multipart/related``, ``Content-ID``) so it shows without
fetching anything. An HTML brief that refers to a chart as ``cid:NAME@taut`` gets it in
place; charts it does not refer to are shown at its end. With no HTML brief the HTML part
is the news, escaped.
"""

from __future__ import annotations

import html as markup
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from taut.notify.news import Notice
from taut.notify.retry import DeliveryFailure
from taut.notify.settings import EmailTarget
from taut.notify.webhook import summary

TRANSIENT = 400
"""SMTP replies from 400 to 499 are transient (try again); 500 and up are permanent."""
PERMANENT = 500


@dataclass(frozen=True, kw_only=True)
class InlineImage:
    """A chart as a PNG, shown inline in the e-mail.

    Attributes:
        name: the chart's name (letters, digits, ``-`` and ``_``); the brief refers to it as
            ``cid:NAME@taut``.
        title: what it shows, its ``alt`` text.
        png: the image's bytes.
    """

    name: str
    title: str
    png: bytes

    @property
    def cid(self) -> str:
        """Its content id, ``NAME@taut``."""
        return f"{self.name}@taut"


def subject(notices: Sequence[Notice], *, process: str, as_of: date) -> str:
    """``taut · Sales handoff, week to 2026-03-08: one new signal``, on one line whatever
    the process's name holds (a line break in a header would end it).

    >>> subject([], process="Sales\\r\\nBcc: x@example.com", as_of=date(2026, 3, 8))
    'taut · Sales Bcc: x@example.com, week to 2026-03-08: '
    """
    name = " ".join(process.split())
    return f"taut · {name}, week to {as_of.isoformat()}: {summary(notices)}"


def plain_text(notices: Sequence[Notice], *, process: str, as_of: date) -> str:
    """The news as plain text, one paragraph a notice."""
    head = subject(notices, process=process, as_of=as_of)
    items = [f"{item.title}\n{item.text}" for item in notices]
    return "\n\n".join([head, *items]) + "\n"


def _news_html(notices: Sequence[Notice], *, process: str, as_of: date) -> str:
    items = "".join(
        f"<li><strong>{markup.escape(item.title)}</strong><br>{markup.escape(item.text)}</li>"
        for item in notices
    )
    head = markup.escape(subject(notices, process=process, as_of=as_of))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f"<body><h1>{head}</h1><ul>{items}</ul></body></html>"
    )


def _with_images(page: str, images: Sequence[InlineImage]) -> str:
    """``page`` with every chart it does not already refer to shown before ``</body>``."""
    missing = [image for image in images if f"cid:{image.cid}" not in page]
    if not missing:
        return page
    tags = "".join(
        f'<p><img src="cid:{image.cid}" alt="{markup.escape(image.title, quote=True)}" '
        'style="max-width:100%;height:auto"></p>'
        for image in missing
    )
    at = page.lower().rfind("</body>")
    return page[:at] + tags + page[at:] if at >= 0 else page + tags


def compose(
    notices: Sequence[Notice],
    *,
    target: EmailTarget,
    process: str,
    as_of: date,
    html: str | None = None,
    images: Sequence[InlineImage] = (),
) -> EmailMessage:
    """The e-mail of ``notices`` (at least one) with the brief's HTML and its charts."""
    message = EmailMessage()
    message["Subject"] = subject(notices, process=process, as_of=as_of)
    message["From"] = target.sender
    message["To"] = ", ".join(target.to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=target.sender.rsplit("@", 1)[-1])
    message.set_content(plain_text(notices, process=process, as_of=as_of))
    page = html if html is not None else _news_html(notices, process=process, as_of=as_of)
    message.add_alternative(_with_images(page, images), subtype="html")
    if images:
        part = next(item for item in message.iter_parts() if item.get_content_type() == "text/html")
        for image in images:
            part.add_related(image.png, maintype="image", subtype="png", cid=f"<{image.cid}>")
    return message


def send(message: EmailMessage, *, target: EmailTarget, timeout: float) -> None:
    """Send ``message`` through the target's SMTP server.

    Raises:
        DeliveryFailure: the server could not be reached, refused the login, a sender or
            a recipient (``retry`` for a connection failure, a time-out or a 4xx reply).
    """
    server = f"the mail server {target.shown()}"
    try:
        if target.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                target.host, target.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=timeout)
        with client:
            if target.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if target.username is not None or target.password is not None:
                client.login(target.username or "", target.password or "")
            refused = client.send_message(message)
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryFailure(
            f"{server} refused the login ({error.smtp_code}): check the user and password "
            "variables",
            retry=False,
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryFailure(
            f"{server} does not offer STARTTLS: set security: ssl (port 465) if it speaks TLS "
            "from the start",
            retry=False,
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise DeliveryFailure(
            f"{server} refused every recipient ({', '.join(map(str, codes))})",
            retry=all(TRANSIENT <= code < PERMANENT for code in codes),
        ) from None
    except smtplib.SMTPResponseException as error:
        said = error.smtp_error
        words = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
        raise DeliveryFailure(
            f"{server} answered {error.smtp_code} {words}",
            retry=TRANSIENT <= error.smtp_code < PERMANENT,
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailure(f"{server} could not be reached ({error})", retry=True) from None
    if refused:
        raise DeliveryFailure(
            f"{server} refused {len(refused)} of {len(target.to)} recipients", retry=False
        )
