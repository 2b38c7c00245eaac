"""Trying a delivery again after a failure that may pass, waiting longer each time.

A channel's send raises :class:`DeliveryFailure` with ``retry=True`` for what may pass (a
refused or dropped connection, a time-out, HTTP 429 or 5xx, an SMTP 4xx reply) and
``retry=False`` for what will not (HTTP 4xx, a refused login, a rejected address).
:func:`attempt` tries up to ``tries`` times, waiting ``backoff(n)`` seconds after the n-th
failure. The waits are injectable (``backoff``, ``sleep``) so tests never sleep.

>>> waits = []
>>> def flaky() -> None:
...     if len(waits) < 2:
...         raise DeliveryFailure("the server is busy (HTTP 503)", retry=True)
>>> attempt(flaky, tries=3, backoff=doubling(first=1.0), sleep=waits.append)
Attempts(tries=3, error=None)
>>> waits
[1.0, 2.0]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Backoff = Callable[[int], float]
"""The seconds to wait after the n-th failed try (n from 1)."""

TRIES = 3
"""How many times a delivery is tried before it is reported as failed."""


class DeliveryFailure(Exception):  # noqa: N818 - a failure to report, not a programming error
    """A channel could not deliver; the message says why in the receiver's words.

    Attributes:
        retry: whether trying again may succeed.
    """

    def __init__(self, message: str, *, retry: bool) -> None:
        self.retry = retry
        super().__init__(message)


@dataclass(frozen=True)
class Attempts:
    """How a delivery went: how many tries it took, and the last failure (``None``: sent)."""

    tries: int
    error: str | None

    @property
    def ok(self) -> bool:
        """Whether it was delivered."""
        return self.error is None


def pause(seconds: float) -> None:
    """Wait ``seconds`` (the clock's sleep, looked up when called so tests can stand in)."""
    time.sleep(seconds)


@dataclass(frozen=True, kw_only=True)
class Retries:
    """How hard a delivery tries: ``tries`` times, waiting ``backoff(n)`` seconds after the
    n-th failure (through ``sleep``, which tests replace), ``timeout`` seconds a try."""

    tries: int = TRIES
    backoff: Backoff | None = None
    sleep: Callable[[float], None] = pause
    timeout: float = 20.0


def doubling(*, first: float = 2.0, cap: float = 60.0) -> Backoff:
    """Waits of ``first``, twice that, four times ..., never more than ``cap`` seconds.

    >>> [doubling(first=2.0, cap=5.0)(n) for n in (1, 2, 3)]
    [2.0, 4.0, 5.0]
    """

    def backoff(failures: int) -> float:
        return float(min(cap, first * 2 ** (failures - 1)))

    return backoff


def attempt(
    send: Callable[[], None],
    *,
    tries: int = TRIES,
    backoff: Backoff | None = None,
    sleep: Callable[[float], None] = pause,
) -> Attempts:
    """Call ``send`` until it succeeds, fails for good, or has been tried ``tries`` times.

    Args:
        send: one try; raises :class:`DeliveryFailure` when it fails.
        tries: the most tries (at least 1).
        backoff: the wait after each failure (default :func:`doubling`).
        sleep: how to wait (tests pass a recorder).

    Returns:
        The tries made and the last failure's message (``None`` when delivered).
    """
    wait = backoff or doubling()
    for done in range(1, max(1, tries) + 1):
        try:
            send()
        except DeliveryFailure as failure:
            if not failure.retry or done >= tries:
                return Attempts(tries=done, error=str(failure))
            sleep(wait(done))
        else:
            return Attempts(tries=done, error=None)
    return Attempts(tries=max(1, tries), error="not tried")  # pragma: no cover - tries >= 1
