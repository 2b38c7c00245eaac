"""The Slack-compatible webhook against a local receiver: the body, retries, failures."""

from __future__ import annotations

from datetime import date

import pytest

from taut.notify.news import Notice, news
from taut.notify.retry import DeliveryFailure, attempt, doubling
from taut.notify.settings import WebhookTarget
from taut.notify.webhook import MAX_SECTIONS, payload, post
from tests.notify.receivers import free_port, webhook
from tests.notify.samples import MEMORY, REPORT, judged

NOTICES = news(report=REPORT, memory=MEMORY, changes=(judged(1, "working"),))


def test_the_body_has_a_text_and_one_section_per_notice() -> None:
    body = payload(NOTICES, process=REPORT.process, as_of=REPORT.as_of)
    assert body["text"].splitlines()[0] == (
        "taut · Sales to Operations handoff, week to 2025-05-24: "
        "one new signal and one verdict on a change"
    )
    sections = [block for block in body["blocks"] if block["type"] == "section"]
    assert [block["text"]["text"].splitlines()[0] for block in sections] == [
        f"*{item.title}*" for item in NOTICES
    ]


def test_markup_from_the_log_cannot_ping_anyone() -> None:
    hostile = Notice(
        kind="signal", subject=1, status="new", title="New signal in <!channel>", text="<@U1> & co"
    )
    body = payload([hostile], process="P <!here>", as_of=date(2026, 3, 8))
    header, *sections = body["blocks"]
    assert header["text"]["type"] == "plain_text"  # never read for mentions
    texts = [body["text"], *(block["text"]["text"] for block in sections)]
    assert not any("<!" in text or "<@" in text for text in texts)
    assert "&lt;!channel&gt;" in body["text"]


def test_many_notices_stay_within_slacks_block_limit_and_are_counted() -> None:
    many = [
        Notice(kind="signal", subject=n, status="new", title=f"Signal {n}", text="x")
        for n in range(MAX_SECTIONS + 7)
    ]
    body = payload(many, process="P", as_of=date(2026, 3, 8))
    assert len(body["blocks"]) <= 50
    assert body["text"].endswith("… and 7 more in the brief")


def test_a_post_reaches_the_receiver() -> None:
    with webhook() as hook:
        body = payload(NOTICES, process=REPORT.process, as_of=REPORT.as_of)
        post(WebhookTarget(url=hook.url), body, timeout=5)
    assert hook.received == [body]


def test_a_busy_receiver_is_tried_again_after_the_backoff() -> None:
    waits: list[float] = []
    with webhook(answers=[503, 429]) as hook:
        tried = attempt(
            lambda: post(WebhookTarget(url=hook.url), {"text": "x"}, timeout=5),
            tries=3,
            backoff=doubling(first=0.5),
            sleep=waits.append,
        )
    assert (tried.tries, tried.error, waits) == (3, None, [0.5, 1.0])
    assert hook.received == [{"text": "x"}]


def test_a_refusal_is_not_tried_again() -> None:
    waits: list[float] = []
    with webhook(answers=[404]) as hook:
        tried = attempt(
            lambda: post(WebhookTarget(url=hook.url), {"text": "x"}, timeout=5),
            sleep=waits.append,
        )
    assert tried.tries == 1
    port = hook.url.split(":")[2].split("/")[0]
    assert tried.error == f"the webhook at http://127.0.0.1:{port}/… answered HTTP 404 Not Found"
    assert waits == []
    assert "secret" not in (tried.error or "")  # the URL's path holds its token


def test_an_unreachable_receiver_fails_after_every_try() -> None:
    target = WebhookTarget(url=f"http://127.0.0.1:{free_port()}/hook")
    waits: list[float] = []
    tried = attempt(lambda: post(target, {"text": "x"}, timeout=5), tries=3, sleep=waits.append)
    assert tried.tries == 3
    assert tried.error is not None
    assert tried.error.startswith("the webhook at http://127.0.0.1:")
    assert "could not be reached" in tried.error
    assert waits == [2.0, 4.0]  # the default backoff doubles


def test_a_failure_says_whether_to_try_again() -> None:
    with pytest.raises(DeliveryFailure) as failure, webhook(answers=[500]) as hook:
        post(WebhookTarget(url=hook.url), {"text": "x"}, timeout=5)
    assert failure.value.retry
