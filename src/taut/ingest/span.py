"""The days a log covers, and the requests that fall outside them: ``--as-of`` and the baseline.

A scan compares the days after the baseline with the baseline, as the log stood at the end of
the as-of day. Both days must lie inside the log, or the scan compares nothing with nothing
and reports calm:

- ``--as-of`` must be a day from the log's first to its last local day (its span);
- ``baseline.until`` must be a day from the first to the day before the last, so that the
  baseline holds cases and something comes after it.

``taut check`` and ``taut scan`` run the same refusals, so a contract ``check`` accepts is one
``scan`` can use, and both say it in the same words. Days are local days in the contract's
``source.timezone``; the span is the log's body (placeholder times are already set aside,
see :mod:`taut.ingest.body`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from taut.errors import ContractError, ContractIssue, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from taut.contract.models import Contract
    from taut.ingest.log import EventLog


@dataclass(frozen=True)
class LogSpan:
    """The first and last local day holding an event of the log.

    >>> LogSpan(first=date(2025, 1, 6), last=date(2025, 6, 30)).describe()
    '2025-01-06 to 2025-06-30'
    """

    first: date
    last: date

    def describe(self) -> str:
        """The span as ``first to last``."""
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def _local_day(moment: datetime, *, timezone: str) -> date:
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date()


def log_span(log: EventLog) -> LogSpan | None:
    """The local days the log covers; ``None`` when the log does not know its first time."""
    if log.data_start is None:
        return None
    return LogSpan(
        first=_local_day(log.data_start, timezone=log.timezone),
        last=_local_day(log.data_end, timezone=log.timezone),
    )


def refuse_as_of(as_of: date, *, span: LogSpan) -> None:
    """Refuse an as-of day outside the log's span.

    Raises:
        UsageError: ``as_of`` is before the first or after the last day of the log.

    >>> refuse_as_of(date(2031, 1, 1), span=LogSpan(first=date(2025, 1, 6), last=date(2025, 6, 30)))
    Traceback (most recent call last):
    ...
    taut.errors.UsageError: --as-of 2031-01-01 is after the log's last event (2025-06-30). Choose a day from 2025-01-06 to 2025-06-30.
    """  # noqa: E501
    if span.first <= as_of <= span.last:
        return
    where = (
        f"before the log's first event ({span.first.isoformat()})"
        if as_of < span.first
        else f"after the log's last event ({span.last.isoformat()})"
    )
    raise UsageError(
        f"--as-of {as_of.isoformat()} is {where}. Choose a day from {span.describe()}."
    )


def refuse_baseline(
    contract: Contract, *, span: LogSpan, file: Path | None = None, line: int | None = None
) -> None:
    """Refuse a ``baseline.until`` outside the days a baseline can take in this log.

    Args:
        contract: the contract.
        span: the days the log covers.
        file: the contract file, to name in the message.
        line: the line of ``until`` in that file, when known.

    Raises:
        ContractError: ``until`` is before the log's first day (the baseline would hold no
            case) or on or after its last day (nothing would come after the baseline).
    """
    until = contract.baseline.until
    if until is None or span.first <= until < span.last:
        return
    if until < span.first:
        why = (
            f"is before the log's first event ({span.first.isoformat()}), so the baseline "
            "would hold no case"
        )
    else:
        why = (
            f"is not before the log's last day ({span.last.isoformat()}), so nothing comes "
            "after the baseline to compare with it"
        )
    latest = span.last - timedelta(days=1)
    if latest < span.first:
        fix = "The log covers a single day: remove until and scan once more days are in."
    else:
        fix = (
            f"Choose a day from {span.first.isoformat()} to {latest.isoformat()}, or remove "
            "until to let taut choose the baseline."
        )
    raise ContractError(
        [
            ContractIssue(
                f"baseline.until {until.isoformat()} {why}. The log runs from "
                f"{span.describe()}. {fix}",
                line=line,
                path=("baseline", "until"),
            )
        ],
        file=file,
    )


def short_of_baseline(contract: Contract, *, span: LogSpan) -> str | None:
    """A warning when the log is no longer than its baseline of ``baseline.weeks``.

    Without ``until`` the baseline is the first ``weeks`` weeks from the first anchor; when
    the log ends within that many weeks of its first day, a scan has nothing after the
    baseline yet (``taut scan`` then refuses). Outcomes can still be computed, so ``taut
    check`` warns rather than refuses.

    >>> from taut.contract.models import Contract
    >>> short_of_baseline(
    ...     Contract.model_validate({
    ...         "process": "P", "source": {"path": "e.csv"},
    ...         "columns": {"case": "c", "activity": "a", "timestamp": "t"},
    ...         "areas": [{"name": "A", "checks": [
    ...             {"id": "x", "present": {"step": "s"}, "target": "90%"}]}]}),
    ...     span=LogSpan(first=date(2025, 1, 6), last=date(2025, 2, 2)))
    'The log runs from 2025-01-06 to 2025-02-02, within its baseline (the first 8 weeks of data, up to 2025-03-02), so a scan has nothing after the baseline to compare with it yet. Scan once the log runs past 2025-03-02, or set a shorter baseline (weeks, or until) in taut.yaml.'
    """  # noqa: E501
    if contract.baseline.until is not None:
        return None
    weeks = contract.baseline.weeks
    end = span.first + timedelta(weeks=weeks) - timedelta(days=1)
    if span.last > end:
        return None
    return (
        f"The log runs from {span.describe()}, within its baseline (the first {weeks} weeks "
        f"of data, up to {end.isoformat()}), so a scan has nothing after the baseline to "
        f"compare with it yet. Scan once the log runs past {end.isoformat()}, or set a "
        "shorter baseline (weeks, or until) in taut.yaml."
    )
