"""E-mail against a local SMTP server (aiosmtpd): the message's parts, inline charts,
transient and permanent refusals."""

from __future__ import annotations

from email.message import EmailMessage

from taut.notify.mail import InlineImage, compose, send
from taut.notify.news import news
from taut.notify.retry import attempt
from taut.notify.settings import EmailTarget
from tests.notify.receivers import Mailbox, mailbox
from tests.notify.samples import MEMORY, REPORT, judged

NOTICES = news(report=REPORT, memory=MEMORY, changes=(judged(1, "working"),))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # a PNG's signature and some bytes
BRIEF = (
    "<!DOCTYPE html><html><body><h1>Monday brief</h1>"
    + ('<img src="cid:control-ack@taut" alt="ack">')
    + "</body></html>"
)


def _target(box: Mailbox) -> EmailTarget:
    return EmailTarget(
        host=box.host,
        port=box.port,
        security="none",
        sender="taut@example.com",
        to=("leads@example.com", "coo@example.com"),
    )


def _message(target: EmailTarget, **parts: object) -> EmailMessage:
    return compose(
        NOTICES,
        target=target,
        process=REPORT.process,
        as_of=REPORT.as_of,
        **parts,  # type: ignore[arg-type]
    )


def test_the_brief_goes_inline_with_its_charts_as_related_images() -> None:
    images = (
        InlineImage(name="control-ack", title="Acknowledged within 24 hours", png=PNG),
        InlineImage(name="overview", title="The areas at a glance", png=PNG),
    )
    with mailbox() as box:
        send(_message(_target(box), html=BRIEF, images=images), target=_target(box), timeout=5)
    (got,) = box.received
    assert box.recipients == [["leads@example.com", "coo@example.com"]]
    assert got["Subject"] == (
        "taut · Sales to Operations handoff, week to 2025-05-24: "
        "one new signal and one verdict on a change"
    )
    text = got.get_body(preferencelist=("plain",))
    page = got.get_body(preferencelist=("html",))
    assert text is not None
    assert page is not None
    assert "New signal in Customer handoff: ack-within-24h" in text.get_content()
    html = page.get_content()
    assert "<h1>Monday brief</h1>" in html
    assert html.count("cid:control-ack@taut") == 1  # referred to by the brief: left in place
    assert '<img src="cid:overview@taut" alt="The areas at a glance"' in html  # added at the end
    inline = [part for part in got.walk() if part.get_content_type() == "image/png"]
    assert sorted(part["Content-ID"] for part in inline) == [
        "<control-ack@taut>",
        "<overview@taut>",
    ]
    assert all(part.get_content() == PNG for part in inline)


def test_without_a_brief_the_html_is_the_news_escaped() -> None:
    with mailbox() as box:
        target = _target(box)
        hostile = news(
            report=REPORT, memory=MEMORY, changes=(judged(1, "working", text="<b>x</b>"),)
        )
        message = compose(hostile, target=target, process="P & Q", as_of=REPORT.as_of)
        send(message, target=target, timeout=5)
    page = box.received[0].get_body(preferencelist=("html",))
    assert page is not None
    html = page.get_content()
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html
    assert "P &amp; Q" in html


def test_a_transient_refusal_is_tried_again_and_delivered() -> None:
    waits: list[float] = []
    with mailbox(answers=["451 4.3.0 Mailbox busy, try later"]) as box:
        target = _target(box)
        tried = attempt(
            lambda: send(_message(target), target=target, timeout=5), sleep=waits.append
        )
    assert (tried.tries, tried.error, waits) == (2, None, [2.0])
    assert len(box.received) == 1


def test_a_permanent_refusal_is_reported_at_once() -> None:
    with mailbox(answers=["550 5.7.1 Relaying denied"]) as box:
        target = _target(box)
        tried = attempt(lambda: send(_message(target), target=target, timeout=5), sleep=print)
    assert tried.tries == 1
    assert (
        tried.error == f"the mail server {box.host}:{box.port} answered 550 5.7.1 Relaying denied"
    )
    assert box.received == []


def test_a_server_without_starttls_is_reported_with_the_fix() -> None:
    with mailbox() as box:
        target = EmailTarget(
            host=box.host,
            port=box.port,
            security="starttls",
            sender="taut@example.com",
            to=("leads@example.com",),
        )
        tried = attempt(lambda: send(_message(target), target=target, timeout=5), sleep=print)
    assert tried.tries == 1
    assert tried.error is not None
    assert "does not offer STARTTLS: set security: ssl" in tried.error


def _login_target(box: Mailbox, password: str) -> EmailTarget:
    return EmailTarget(
        host=box.host,
        port=box.port,
        security="none",  # the settings refuse a password without TLS; the test server has none
        sender="taut@example.com",
        to=("leads@example.com",),
        username="taut-bot",
        password=password,
    )


def test_a_login_is_given_when_configured() -> None:
    with mailbox(login=("taut-bot", "right")) as box:
        target = _login_target(box, "right")
        tried = attempt(lambda: send(_message(target), target=target, timeout=5), sleep=print)
    assert (tried.tries, tried.error) == (1, None)
    assert box.logins == ["taut-bot"]
    assert len(box.received) == 1


def test_a_refused_login_is_reported_at_once_with_the_fix() -> None:
    with mailbox(login=("taut-bot", "right")) as box:
        target = _login_target(box, "wrong")
        tried = attempt(lambda: send(_message(target), target=target, timeout=5), sleep=print)
    assert tried.tries == 1
    assert tried.error is not None
    assert "refused the login (535)" in tried.error
    assert "check the user and password variables" in tried.error
    assert "wrong" not in tried.error
    assert box.received == []
