"""What to tell a user whose time values did not parse: a format decided from the values.

The hint is decided from *every* value that did not parse (one aggregate over them), not
from a few examples, and a suggestion never swaps day and month:

- Numbers (all digits) get no ``strptime`` format, which cannot express them: they are
  epoch numbers out of the range taut reads by magnitude (see :mod:`taut.ingest.epochs`),
  and the fix names ``timestamp_format: epoch_s | epoch_ms | epoch_us``.
- Dates written ``a/b/yyyy`` (or with ``-`` or ``.``), perhaps with a clock time, are
  read by this rule on their first two numbers ``a`` and ``b``::

      some a > 12, no b > 12     day-first     suggest %d/%m/%Y ...
      some b > 12, no a > 12     month-first   suggest %m/%d/%Y ...
      some a > 12, some b > 12   inconsistent  no format fits: show one of each
      every a, b <= 12           ambiguous     no suggestion: show both readings of one
                                               value and ask for timestamp_format

- ``yyyy/mm/dd`` suggests ``%Y/%m/%d``. Any other text gets the general advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import ibis.expr.types as ir

from taut.ingest.epochs import EPOCH_PATTERN

NUMERIC_DATE = (
    r"^(\d{1,4})([/.-])(\d{1,2})[/.-](\d{1,4})"
    r"(?:[ T](\d{1,2}):(\d{2})(:\d{2})?)?\s*(AM|PM|am|pm)?$"
)
_NUMERIC_DATE = re.compile(NUMERIC_DATE)
_GENERAL = (
    "Fix those values, or set timestamp_format in taut.yaml (strptime, e.g. "
    "'%d/%m/%Y %H:%M', or epoch_ms for epoch milliseconds)."
)


@dataclass(frozen=True)
class TimeHint:
    """The sentence that tells what to set, and the format it suggests (if one fits)."""

    fix: str
    format: str | None = None


def _format(text: str, *, order: tuple[str, str]) -> str:
    """The ``strptime`` format of ``text`` (a :data:`NUMERIC_DATE`) with the date order given."""
    match = _NUMERIC_DATE.match(text)
    if match is None:  # pragma: no cover - callers pass matching text only
        raise ValueError(text)
    separator = match.group(2)
    if len(match.group(1)) == 4:
        date = separator.join(("%Y", "%m", "%d"))
    else:
        year = "%Y" if len(match.group(4)) == 4 else "%y"
        date = separator.join((*order, year))
    if match.group(5) is None:
        return date
    twelve_hour = match.group(8) is not None
    clock = "%I:%M" if twelve_hour else "%H:%M"
    if match.group(7) is not None:
        clock += ":%S"
    if twelve_hour:
        clock += " %p"
    return f"{date} {clock}"


def _reading(text: str, *, format_: str) -> str:
    try:
        moment = datetime.strptime(text, format_)  # noqa: DTZ007 - a date, shown, no zone
    except ValueError:
        return "no date"
    return f"{moment:%d %B %Y}".lstrip("0")


def time_hint(texts: ir.StringColumn, *, given: str | None) -> TimeHint:
    """The hint for the time texts ``texts`` (each distinct or not) that did not parse.

    Args:
        texts: the texts that gave no time.
        given: the contract's ``timestamp_format``, if set.
    """
    parts = [texts.re_extract(NUMERIC_DATE, i) for i in (1, 3)]
    dated = texts.re_search(NUMERIC_DATE)
    short = parts[0].length() <= 2
    first, second = (part.nullif("").cast("int64") for part in parts)
    day_first = dated & short & (first > 12)
    month_first = dated & short & (second > 12)
    row = (
        texts.as_table()
        .aggregate(
            total=texts.count(),
            numbers=texts.re_search(EPOCH_PATTERN).sum(),
            dated=dated.sum(),
            example=texts.min(where=dated),
            day_first=texts.min(where=day_first),
            month_first=texts.min(where=month_first),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    total = int(row["total"] or 0)
    if total and row["numbers"] == total:
        return TimeHint(
            fix=(
                "They are numbers, so no strptime format can read them: taut reads epoch "
                "seconds below 10^11, milliseconds below 10^14 and microseconds below 10^17 "
                "(1970 to 5138) by their size. If they are epoch times in another range, set "
                "timestamp_format: epoch_s, epoch_ms or epoch_us in taut.yaml; otherwise map "
                "columns.timestamp to the column of times."
            )
        )
    if not total or row["dated"] != total:
        return TimeHint(fix=_GENERAL)
    return _date_order_hint(row, given=given)


def _date_order_hint(row: dict[str, object], *, given: str | None) -> TimeHint:
    example = str(row["example"])
    day, month = row["day_first"], row["month_first"]
    if day is not None and month is not None:
        return TimeHint(
            fix=(
                f"They mix day-first dates ('{day}' has a first number above 12) with "
                f"month-first dates ('{month}' has a second number above 12), so no one "
                "format reads them all: export the dates in one order, ideally ISO 8601 "
                "(2025-01-13 09:00)."
            )
        )
    day_format = _format(example, order=("%d", "%m"))
    month_format = _format(example, order=("%m", "%d"))
    if day_format == month_format:  # year first: no order to decide
        return _suggest(day_format, given=given, why="")
    if day is not None:
        return _suggest(
            day_format, given=given, why=f" (day first: '{day}' has a first number above 12)"
        )
    if month is not None:
        return _suggest(
            month_format, given=given, why=f" (month first: '{month}' has a second number above 12)"
        )
    return TimeHint(
        fix=(
            "No first or second number of these dates is above 12, so taut cannot tell "
            f"day-first from month-first: '{example}' is {_reading(example, format_=day_format)} "
            f"with timestamp_format: '{day_format}' and "
            f"{_reading(example, format_=month_format)} with '{month_format}'. Set the one "
            "your system writes in taut.yaml."
        )
    )


def _day_before_month(format_: str) -> bool | None:
    """Whether ``%d`` comes before ``%m`` in a format (``None`` if it lacks one)."""
    if "%d" not in format_ or "%m" not in format_:
        return None
    return format_.index("%d") < format_.index("%m")


def _suggest(format_: str, *, given: str | None, why: str) -> TimeHint:
    if format_ == given:
        return TimeHint(
            fix="Fix those values, or change timestamp_format in taut.yaml to match them.",
            format=format_,
        )
    swapped = ""
    if given is not None and _day_before_month(given) != _day_before_month(format_):
        swapped = " Rows that did match were read with day and month swapped."
    return TimeHint(
        fix=f"Set timestamp_format: '{format_}' in taut.yaml{why}.{swapped}", format=format_
    )
