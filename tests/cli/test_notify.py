"""`taut scan --notify` end to end against local receivers: news sent once, a failed
delivery reported with exit 6 while the report and the store are kept, and --quiet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from taut.api import history
from taut.cli import app
from taut.errors import ExitCode
from tests.notify.receivers import mailbox, webhook
from tests.signal.scenarios import write_drift_log

runner = CliRunner()
pytestmark = pytest.mark.slow
CLEAR = {"TAUT_DATABASE_URL": "", "TAUT_WEBHOOK_URL": "", "TAUT_SMTP_HOST": ""}


@pytest.fixture(scope="module")
def drift_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_drift_log(tmp_path_factory.mktemp("notify-log")).parent


@pytest.fixture
def contract(drift_log: Path, tmp_path: Path) -> Path:
    """A fresh copy of the drift log and its contract: a store of its own."""
    folder = tmp_path / "project"
    shutil.copytree(drift_log, folder, ignore=shutil.ignore_patterns(".taut"))
    return folder / "taut.yaml"


def _scan(contract: Path, *flags: str, env: dict[str, str]) -> Result:
    return runner.invoke(app, [*flags, "scan", str(contract), "--notify"], env={**CLEAR, **env})


def test_new_signals_are_sent_once(contract: Path) -> None:
    with webhook() as hook:
        first = _scan(contract, env={"TAUT_WEBHOOK_URL": hook.url})
        again = _scan(contract, env={"TAUT_WEBHOOK_URL": hook.url})
    assert first.exit_code == ExitCode.SIGNALS, first.output
    (body,) = hook.received
    assert "New signal in Customer handoff: ack-" in body["text"]
    assert "✓ sent" in first.stderr
    assert "by webhook to http://127.0.0.1:" in first.stderr
    assert "secret" not in first.stderr  # the webhook's token is never shown
    assert again.exit_code == ExitCode.SIGNALS
    assert "nothing new to send" in again.stderr
    assert hook.tries == 1


def test_a_failed_delivery_exits_6_keeps_the_report_and_the_store_and_is_sent_next_run(
    contract: Path,
) -> None:
    with webhook(answers=[403]) as hook:
        failed = _scan(contract, env={"TAUT_WEBHOOK_URL": hook.url})
        assert failed.exit_code == ExitCode.NOTIFY, failed.output
        assert "ack-" in failed.stdout  # the report was written
        assert "could not be sent by webhook (one try)" in failed.stderr
        assert "HTTP 403" in failed.stderr
        assert len(history(contract).history.scans) == 1  # the scan was kept
        retried = _scan(contract, env={"TAUT_WEBHOOK_URL": hook.url})
    assert retried.exit_code == ExitCode.SIGNALS, retried.output
    assert len(hook.received) == 1


def test_the_email_carries_the_html_brief(contract: Path) -> None:
    env = {
        "TAUT_EMAIL_FROM": "taut@example.com",
        "TAUT_EMAIL_TO": "leads@example.com",
        "TAUT_SMTP_SECURITY": "none",
    }
    with mailbox() as box:
        env |= {"TAUT_SMTP_HOST": box.host, "TAUT_SMTP_PORT": str(box.port)}
        result = _scan(contract, env=env)
    assert result.exit_code == ExitCode.SIGNALS, result.output
    (message,) = box.received
    assert message["Subject"].startswith("taut · Sales to Operations handoff, week to ")
    page = message.get_body(preferencelist=("html",))
    assert page is not None
    assert "<!DOCTYPE html>" in page.get_content()


def test_quiet_leaves_stderr_to_errors(contract: Path) -> None:
    with webhook() as hook:
        result = _scan(contract, "--quiet", env={"TAUT_WEBHOOK_URL": hook.url})
    assert result.exit_code == ExitCode.SIGNALS, result.output
    assert result.stderr == ""
    assert len(hook.received) == 1


def test_notify_needs_the_store_and_somewhere_to_send(contract: Path) -> None:
    no_store = runner.invoke(app, ["scan", str(contract), "--notify", "--no-store"], env=CLEAR)
    assert no_store.exit_code == ExitCode.USAGE
    assert "--notify cannot be combined with --no-store" in no_store.stderr
    nowhere = _scan(contract, env={})
    assert nowhere.exit_code == ExitCode.USAGE
    assert "--notify has nowhere to send" in nowhere.stderr
    assert not (contract.parent / ".taut").exists()  # refused before any work


def test_a_store_that_cannot_be_used_sends_nothing_and_says_so(contract: Path) -> None:
    (contract.parent / ".taut").mkdir()
    (contract.parent / ".taut" / "state.db").write_text("not a database")
    with webhook() as hook:
        result = _scan(contract, env={"TAUT_WEBHOOK_URL": hook.url})
    assert result.exit_code == ExitCode.STORE, result.output
    assert "ack-" in result.stdout  # the report all the same
    assert "--notify sent nothing" in result.stderr
    assert hook.tries == 0


def test_the_brief_sends_its_news_once_and_mails_itself_with_its_charts(contract: Path) -> None:
    env = {
        "TAUT_EMAIL_FROM": "taut@example.com",
        "TAUT_EMAIL_TO": "leads@example.com",
        "TAUT_SMTP_SECURITY": "none",
    }
    with mailbox() as box, webhook() as hook:
        env |= {"TAUT_SMTP_HOST": box.host, "TAUT_SMTP_PORT": str(box.port)}
        env |= {"TAUT_WEBHOOK_URL": hook.url}
        argv = ["brief", str(contract), "--notify"]
        first = runner.invoke(app, argv, env={**CLEAR, **env})
        again = runner.invoke(app, argv, env={**CLEAR, **env})
    assert first.exit_code == 0, first.output
    assert "Where is our follow-through most fragile right now?" in first.stdout
    assert again.exit_code == 0, again.output
    assert "nothing new to send" in again.stderr
    (body,) = hook.received
    assert "New signal in Customer handoff: ack-" in body["text"]
    (message,) = box.received
    page = message.get_body(preferencelist=("html",))
    assert page is not None
    html = page.get_content()
    assert "Which steps are starting to get loose?" in html
    assert "<svg" not in html  # charts travel as PNGs, which mail clients show
    pngs = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert pngs
    assert all(f"cid:{part['Content-ID'].strip('<>')}" in html for part in pngs)
