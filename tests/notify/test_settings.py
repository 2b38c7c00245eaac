"""Where news goes: the contract's notify: with secrets from the environment, or the
environment alone; each mistake named with its fix."""

from __future__ import annotations

import pytest

from taut.contract.notifying import Notify
from taut.errors import ExitCode, SettingError
from taut.notify.settings import EmailTarget, WebhookTarget, targets

HOOK = "https://hooks.example.com/services/T0/B0/XYZ"
EMAIL = {
    "host": "smtp.example.com",
    "sender": "taut@example.com",
    "to": ["leads@example.com", "coo@example.com"],
    "password_env": "SMTP_SECRET",
    "username_env": "SMTP_LOGIN",
}


def test_nothing_configured_is_no_channel() -> None:
    assert targets(Notify(), environ={}).channels == ()


def test_the_contract_names_the_variable_and_the_environment_holds_the_url() -> None:
    found = targets(Notify(webhook={"url_env": "HOOK"}), environ={"HOOK": HOOK})
    assert found.webhook == WebhookTarget(url=HOOK)
    assert found.channels == ("webhook",)
    assert found.webhook.shown() == "https://hooks.example.com/…"  # never the token


def test_an_unset_variable_is_named_with_the_fix() -> None:
    with pytest.raises(
        SettingError, match=r"names the environment variable HOOK, which is not set"
    ) as err:
        targets(Notify(webhook={"url_env": "HOOK"}), environ={"HOOK": "  "})
    assert "remove webhook url_env from notify:" in str(err.value)
    assert err.value.exit_code == ExitCode.USAGE


def test_a_url_that_is_not_a_web_address_is_refused_without_showing_it_whole() -> None:
    with pytest.raises(
        SettingError, match=r"TAUT_WEBHOOK_URL holds 'hooks.slack.…', which is not a web address"
    ):
        targets(Notify(), environ={"TAUT_WEBHOOK_URL": "hooks.slack.com/services/T/B/SECRET"})


def test_the_contracts_email_takes_its_login_from_the_environment() -> None:
    found = targets(Notify(email=EMAIL), environ={"SMTP_SECRET": "pw", "SMTP_LOGIN": "taut-bot"})
    assert found.email == EmailTarget(
        host="smtp.example.com",
        port=587,  # starttls's port when none is written
        security="starttls",
        sender="taut@example.com",
        to=("leads@example.com", "coo@example.com"),
        username="taut-bot",
        password="pw",
    )


def test_email_from_the_environment_alone() -> None:
    environ = {
        "TAUT_SMTP_HOST": "mail.local",
        "TAUT_SMTP_PORT": "2525",
        "TAUT_SMTP_SECURITY": "none",
        "TAUT_EMAIL_FROM": "taut@example.com",
        "TAUT_EMAIL_TO": "a@example.com, b@example.com",
    }
    found = targets(Notify(), environ=environ)
    assert found.email is not None
    assert (found.email.host, found.email.port, found.email.security) == (
        "mail.local",
        2525,
        "none",
    )
    assert found.email.to == ("a@example.com", "b@example.com")
    assert found.channels == ("email",)


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"TAUT_EMAIL_TO": ""}, r"TAUT_SMTP_HOST is set, .* but TAUT_EMAIL_TO is not"),
        ({"TAUT_SMTP_PORT": "smtp"}, r"TAUT_SMTP_PORT is 'smtp', not a port number"),
        ({"TAUT_SMTP_SECURITY": "startls"}, r"Did you mean 'starttls'\?"),
        (
            {"TAUT_EMAIL_TO": "leads"},
            r"'leads' in TAUT_EMAIL_FROM or TAUT_EMAIL_TO is not an e-mail",
        ),
        (
            {"TAUT_SMTP_SECURITY": "none", "TAUT_SMTP_PASSWORD": "pw"},
            r"the password would cross the network unprotected",
        ),
    ],
)
def test_an_incomplete_environment_is_refused(changed: dict[str, str], message: str) -> None:
    environ = {
        "TAUT_SMTP_HOST": "mail.local",
        "TAUT_EMAIL_FROM": "taut@example.com",
        "TAUT_EMAIL_TO": "a@example.com",
        **changed,
    }
    with pytest.raises(SettingError, match=message):
        targets(Notify(), environ=environ)


def test_the_contract_wins_over_the_environment_for_its_channel() -> None:
    environ = {"HOOK": HOOK, "TAUT_WEBHOOK_URL": "https://other.example/x"}
    found = targets(Notify(webhook={"url_env": "HOOK"}), environ=environ)
    assert found.webhook == WebhookTarget(url=HOOK)
