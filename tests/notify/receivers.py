"""Local receivers the notification tests start: a webhook (an http.server thread) and an
SMTP server (aiosmtpd), each recording what it got and answering as a test scripts it.

Both listen on 127.0.0.1 on a free port and stop when the test ends. Neither sleeps: a
test says, in order, how the next tries are answered (``answers``), and what was received
is in ``received``.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Webhook:
    """A webhook receiver: the JSON bodies it got, and the HTTP codes it will answer with
    (one per request, in order; 200 once the list runs out)."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    tries: int = 0


@contextmanager
def webhook(*, answers: list[int] | None = None) -> Iterator[Webhook]:
    """A webhook receiver listening while the block runs."""
    state = Webhook(answers=list(answers or []))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                state.tries += 1
                code = state.answers.pop(0) if state.answers else 200
                if code == 200:
                    state.received.append(json.loads(body))
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if code == 200 else b"no")

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests read ``received``, not the server's log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/secret"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Mailbox:
    """An SMTP receiver: the messages it accepted, and the replies it will give to the next
    messages (``"451 ..."`` or ``"550 ..."``; accepted once the list runs out)."""

    host: str = "127.0.0.1"
    port: int = 0
    answers: list[str] = field(default_factory=list)
    received: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    tries: int = 0


class _Handler:
    def __init__(self, state: Mailbox) -> None:
        self.state = state

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.state.tries += 1
        if self.state.answers:
            return self.state.answers.pop(0)
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.state.received.append(message_from_bytes(content, policy=policy.default))
        self.state.recipients.append([str(item) for item in envelope.rcpt_tos])
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _accepting(login: tuple[str, str], state: Mailbox) -> object:
    """An authenticator accepting one user and password (aiosmtpd's protocol); the users
    who logged in are kept in ``state.logins``."""

    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        given = (data.login, data.password) if isinstance(data, LoginPassword) else None
        wanted = (login[0].encode(), login[1].encode())
        if given == wanted:
            state.logins.append(login[0])
        return AuthResult(success=given == wanted, handled=False)

    return authenticate


@contextmanager
def mailbox(
    *, answers: list[str] | None = None, login: tuple[str, str] | None = None
) -> Iterator[Mailbox]:
    """An SMTP receiver (no TLS; it offers a login when ``login`` names the user and
    password it accepts) listening while the block runs."""
    state = Mailbox(answers=list(answers or []), port=free_port())
    controller = Controller(
        _Handler(state),
        hostname=state.host,
        port=state.port,
        authenticator=None if login is None else _accepting(login, state),
        auth_require_tls=False,  # a test server on 127.0.0.1 only
    )
    controller.start()
    try:
        yield state
    finally:
        controller.stop()
