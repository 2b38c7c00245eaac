"""Where news is sent, resolved from the contract's ``notify:`` and the environment.

The contract says where (``notify: {webhook: {url_env: ...}, email: {...}}``,
:mod:`taut.contract.notifying`); secrets come from the environment only. A channel the
contract leaves out may be configured in the environment alone:

- ``TAUT_WEBHOOK_URL``: a Slack-compatible incoming webhook's URL;
- ``TAUT_SMTP_HOST`` (with ``TAUT_EMAIL_FROM`` and ``TAUT_EMAIL_TO``, addresses separated
  by commas; optionally ``TAUT_SMTP_PORT``, ``TAUT_SMTP_SECURITY`` = starttls, ssl or none,
  ``TAUT_SMTP_USER`` and ``TAUT_SMTP_PASSWORD``): e-mail.

>>> targets(Notify(), environ={"TAUT_WEBHOOK_URL": "https://hooks.example/T/B"}).channels
('webhook',)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

from taut.contract.notifying import Email, Notify, Security
from taut.errors import SettingError, did_you_mean
from taut.store.database.deliveries import Channel

WEBHOOK_URL = "TAUT_WEBHOOK_URL"
SMTP_HOST = "TAUT_SMTP_HOST"
SMTP_PORT = "TAUT_SMTP_PORT"
SMTP_SECURITY = "TAUT_SMTP_SECURITY"
SMTP_USER = "TAUT_SMTP_USER"
SMTP_PASSWORD = "TAUT_SMTP_PASSWORD"  # noqa: S105 - the variable's name, not a password
EMAIL_FROM = "TAUT_EMAIL_FROM"
EMAIL_TO = "TAUT_EMAIL_TO"
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


@dataclass(frozen=True, kw_only=True)
class WebhookTarget:
    """A webhook to POST to (its URL is a secret: never shown whole, see :meth:`shown`)."""

    url: str

    def shown(self) -> str:
        """The URL as it may be printed: scheme and host only (the path holds the token)."""
        scheme, _, rest = self.url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/…"


@dataclass(frozen=True, kw_only=True)
class EmailTarget:
    """An SMTP server and the addresses a brief goes to."""

    host: str
    port: int
    security: Security
    sender: str
    to: tuple[str, ...]
    username: str | None = None
    password: str | None = None

    def shown(self) -> str:
        """The server as it may be printed: ``smtp.example.com:587``."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, kw_only=True)
class Targets:
    """Each channel's target, ``None`` where none is configured."""

    webhook: WebhookTarget | None = None
    email: EmailTarget | None = None

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The configured channels, webhook first."""
        found: list[Channel] = []
        if self.webhook is not None:
            found.append("webhook")
        if self.email is not None:
            found.append("email")
        return tuple(found)


def targets(notify: Notify, *, environ: Mapping[str, str] | None = None) -> Targets:
    """The contract's ``notify:`` with its secrets read, and the environment's own channels.

    Args:
        notify: the contract's ``notify`` part.
        environ: the environment (default: this process's).

    Raises:
        SettingError: a variable the contract names is not set, or the environment's own
            configuration is incomplete or invalid; the message names the variable and the fix.
    """
    env = os.environ if environ is None else environ
    return Targets(webhook=_webhook(notify, env), email=_email(notify, env))


def _value(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _needed(env: Mapping[str, str], name: str, *, key: str, what: str) -> str:
    value = _value(env, name)
    if value is None:
        raise SettingError(
            f"taut.yaml's notify: {key} names the environment variable {name}, which is not "
            f"set. Set {name} to {what}, or remove {key} from notify: in taut.yaml."
        )
    return value


def _webhook(notify: Notify, env: Mapping[str, str]) -> WebhookTarget | None:
    if notify.webhook is not None:
        name = notify.webhook.url_env
        url = _needed(env, name, key="webhook url_env", what="the webhook's URL")
    else:
        name, found = WEBHOOK_URL, _value(env, WEBHOOK_URL)
        if found is None:
            return None
        url = found
    if not re.match(r"^https?://[^/\s]+", url):
        shown = url if len(url) <= 12 else url[:12] + "…"
        raise SettingError(
            f"{name} holds '{shown}', which is not a web address. Set it to the webhook's "
            "URL, https://hooks.slack.com/services/... or your chat tool's equivalent."
        )
    return WebhookTarget(url=url)


def _email(notify: Notify, env: Mapping[str, str]) -> EmailTarget | None:
    if notify.email is not None:
        return _contract_email(notify.email, env)
    host = _value(env, SMTP_HOST)
    if host is None:
        return None
    missing = [name for name in (EMAIL_FROM, EMAIL_TO) if _value(env, name) is None]
    if missing:
        raise SettingError(
            f"{SMTP_HOST} is set, so taut would send e-mail, but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not. Set {EMAIL_FROM} to the sender's "
            f"address and {EMAIL_TO} to the recipients' (separated by commas), or unset "
            f"{SMTP_HOST}."
        )
    security = _security(env)
    to = tuple(item.strip() for item in (_value(env, EMAIL_TO) or "").split(",") if item.strip())
    for address in (_value(env, EMAIL_FROM) or "", *to):
        if not _ADDRESS.match(address):
            raise SettingError(
                f"'{address}' in {EMAIL_FROM} or {EMAIL_TO} is not an e-mail address. Write "
                "addresses as leads@example.com, several separated by commas."
            )
    password = _value(env, SMTP_PASSWORD)
    if password is not None and security == "none":
        raise SettingError(
            f"{SMTP_PASSWORD} is set but {SMTP_SECURITY} is none: the password would cross "
            f"the network unprotected. Set {SMTP_SECURITY} to starttls or ssl."
        )
    return EmailTarget(
        host=host,
        port=_port(env, security),
        security=security,
        sender=_value(env, EMAIL_FROM) or "",
        to=to,
        username=_value(env, SMTP_USER),
        password=password,
    )


def _contract_email(email: Email, env: Mapping[str, str]) -> EmailTarget:
    username = password = None
    if email.username_env is not None:
        username = _needed(env, email.username_env, key="email username_env", what="the login")
    if email.password_env is not None:
        password = _needed(
            env, email.password_env, key="email password_env", what="the SMTP password"
        )
    return EmailTarget(
        host=email.host,
        port=email.port or DEFAULT_PORTS[email.security],
        security=email.security,
        sender=email.sender,
        to=email.to,
        username=username,
        password=password,
    )


def _security(env: Mapping[str, str]) -> Security:
    value = (_value(env, SMTP_SECURITY) or "starttls").lower()
    known: tuple[Security, ...] = get_args(Security)
    for choice in known:
        if value == choice:
            return choice
    raise SettingError(
        f"{SMTP_SECURITY} is '{value}'; use starttls (port 587), ssl (port 465) or none "
        f"(a relay on the local network).{did_you_mean(value, known)}"
    )


def _port(env: Mapping[str, str], security: Security) -> int:
    value = _value(env, SMTP_PORT)
    if value is None:
        return DEFAULT_PORTS[security]
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise SettingError(
            f"{SMTP_PORT} is '{value}', not a port number. Set it to a number from 1 to "
            "65535, e.g. 587, or unset it for the usual port."
        )
    return int(value)
