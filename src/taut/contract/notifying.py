"""Where taut sends its news: ``notify: {webhook: ..., email: ...}`` in the contract.

News is a signal raised for the first time and a recorded change's verdict (``docs/notify.md``).
It goes to a Slack-compatible webhook, to e-mail, or both. The contract names only what is
not secret: a webhook's URL carries its own token, so the contract names the environment
variable that holds it (``url_env``), never the URL; an SMTP password likewise
(``password_env``). A secret written into the contract is refused with the fix.

::

    notify:
      webhook: {url_env: TAUT_WEBHOOK_URL}
      email:
        host: smtp.example.com
        port: 587
        security: starttls
        sender: taut@example.com
        to: [ops-leads@example.com]
        username_env: TAUT_SMTP_USER
        password_env: TAUT_SMTP_PASSWORD

>>> Notify(webhook={"url_env": "SLACK_HOOK"}).webhook.url_env
'SLACK_HOOK'
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Variable = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
"""The name of an environment variable (letters, digits and underscores)."""
Address = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+$")]
"""An e-mail address, ``name@example.com``."""
Security = Literal["starttls", "ssl", "none"]
"""How the SMTP connection is protected: STARTTLS on a plain port (587), TLS from the first
byte (465), or none (a relay on the local network; never with a password)."""

_SECRETS = {  # a secret's key as someone might write it -> (the key naming its variable, example)
    "url": ("url_env", "TAUT_WEBHOOK_URL"),
    "password": ("password_env", "TAUT_SMTP_PASSWORD"),
    "username": ("username_env", "TAUT_SMTP_USER"),
}


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_secret_written(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for written, (named, example) in _SECRETS.items():
                if written in data and named in cls.model_fields:
                    raise PydanticCustomError(
                        "secret_in_contract",
                        "'{written}' is a secret and is not read from the contract; put it in "
                        "an environment variable and name that variable with {named} "
                        "(e.g. {named}: {example})",
                        {"written": written, "named": named, "example": example},
                    )
        return data


class Webhook(_Part):
    """A Slack-compatible incoming webhook: a JSON ``{"text": ...}`` POST to its URL.

    ``url_env``: the environment variable holding the webhook's URL.
    """

    url_env: Variable


class Email(_Part):
    """E-mail through an SMTP server: the brief's HTML inline, its charts as images.

    Attributes:
        host, port: the SMTP server (port left out: 587 with ``starttls``, 465 with
            ``ssl``, 25 with ``none``).
        security: see :data:`Security`.
        sender: the ``From`` address.
        to: the addresses the brief goes to (at least one).
        username_env, password_env: environment variables holding the login, if the
            server wants one.
    """

    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] | None = None
    security: Security = "starttls"
    sender: Address
    to: Annotated[tuple[Address, ...], Field(min_length=1)]
    username_env: Variable | None = None
    password_env: Variable | None = None

    @model_validator(mode="after")
    def _password_needs_protection(self) -> Email:
        if self.password_env is not None and self.security == "none":
            raise PydanticCustomError(
                "password_in_clear",
                "a password would cross the network unprotected with security: none; use "
                "security: starttls (port 587) or ssl (port 465)",
            )
        return self


class Notify(_Part):
    """Where news goes; either or both may be left out (then the environment may say,
    ``docs/notify.md``)."""

    webhook: Webhook | None = None
    email: Email | None = None
