"""api.notify end to end against local receivers and a real store: each item once per
channel, a failed channel tried again next time, the store never lost."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taut.api import notify, notify_targets
from taut.errors import StoreError, UsageError
from taut.notify import Retries
from taut.notify.settings import EmailTarget, Targets, WebhookTarget
from taut.store.database import open_store
from taut.store.database.deliveries import Sent, sent
from tests.notify.receivers import Mailbox, mailbox, webhook
from tests.notify.samples import MEMORY, REPORT, judged

EXAMPLE = Path(__file__).parents[1] / "contract" / "example.yaml"
NOW = datetime(2025, 5, 26, 7, 0, tzinfo=UTC)
QUICK = Retries(tries=2, sleep=lambda _: None, timeout=5)


@pytest.fixture
def contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TAUT_DATABASE_URL", raising=False)
    path = tmp_path / "taut.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def _targets(hook_url: str, box: Mailbox) -> Targets:
    return Targets(
        webhook=WebhookTarget(url=hook_url),
        email=EmailTarget(
            host=box.host,
            port=box.port,
            security="none",
            sender="t@example.com",
            to=("l@example.com",),
        ),
    )


def _store_sent(contract: Path) -> frozenset[Sent]:
    return sent(open_store(url=f"sqlite:///{contract.parent / '.taut' / 'state.db'}"))


def test_news_is_sent_once_on_each_channel(contract: Path) -> None:
    changes = (judged(1, "working"),)
    with webhook() as hook, mailbox() as box:
        where = _targets(hook.url, box)
        first = notify(
            contract,
            report=REPORT,
            memory=MEMORY,
            changes=changes,
            targets=where,
            retries=QUICK,
            now=NOW,
        )
        again = notify(
            contract,
            report=REPORT,
            memory=MEMORY,
            changes=changes,
            targets=where,
            retries=QUICK,
            now=NOW,
        )
    assert [(item.channel, item.ok, len(item.notices)) for item in first.deliveries] == [
        ("webhook", True, 2),
        ("email", True, 2),
    ]
    assert first.unrecorded is None
    assert again.deliveries == ()  # nothing new: nothing sent
    assert (len(hook.received), len(box.received)) == (1, 1)
    assert {(item.key, item.channel) for item in _store_sent(contract)} == {
        (("signal", 7, "new"), "webhook"),
        (("change", 1, "working"), "webhook"),
        (("signal", 7, "new"), "email"),
        (("change", 1, "working"), "email"),
    }


def test_a_failed_channel_is_reported_and_tried_again_next_time(contract: Path) -> None:
    with webhook(answers=[500, 500]) as hook, mailbox() as box:
        where = _targets(hook.url, box)
        first = notify(
            contract, report=REPORT, memory=MEMORY, targets=where, retries=QUICK, now=NOW
        )
        (failed,) = first.failed
        assert (failed.channel, failed.tries) == ("webhook", 2)
        assert failed.error is not None
        assert "HTTP 500" in failed.error
        second = notify(
            contract, report=REPORT, memory=MEMORY, targets=where, retries=QUICK, now=NOW
        )
    assert [(item.channel, item.ok) for item in second.deliveries] == [("webhook", True)]
    assert len(hook.received) == 1
    assert len(box.received) == 1
    assert {item.channel for item in _store_sent(contract)} == {"webhook", "email"}


def test_a_store_that_cannot_be_read_sends_nothing(contract: Path) -> None:
    (contract.parent / ".taut").mkdir()
    (contract.parent / ".taut" / "state.db").write_text("not a database")
    with webhook() as hook, mailbox() as box, pytest.raises(StoreError, match="not a taut store"):
        notify(
            contract, report=REPORT, memory=MEMORY, targets=_targets(hook.url, box), retries=QUICK
        )
    assert hook.tries == 0
    assert box.tries == 0


def test_nowhere_to_send_is_a_usage_error_naming_both_ways(
    contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TAUT_WEBHOOK_URL", "TAUT_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(
        UsageError,
        match=r"has nowhere to send.*notify: \{webhook: \{url_env: TAUT_WEBHOOK_URL\}\}"
        r".*TAUT_SMTP_HOST",
    ):
        notify_targets(contract)


def test_the_contracts_notify_part_is_read(contract: Path) -> None:
    text = contract.read_text().replace(
        "baseline: {until: 2025-03-31}", "notify: {webhook: {url_env: MY_HOOK}}"
    )
    contract.write_text(text)
    found = notify_targets(contract, environ={"MY_HOOK": "https://hooks.example/T/B/X"})
    assert found.channels == ("webhook",)
