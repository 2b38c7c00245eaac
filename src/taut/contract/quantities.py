"""Durations (``24h``) and targets (``95%``) as written in the contract, and their parsers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_DURATION = timedelta(days=3650)
"""The longest duration a contract may set: 3650 days (``3650d``, ``521w``, about ten years).

No wait in a stability contract is longer than its baseline can hold, and a bound this far
inside what dates can represent keeps every deadline (``anchor + limit``) a real date."""


def parse_duration(value: object) -> timedelta:
    """Parse ``"24h"``, ``"90m"``, ``"7d"`` or ``"2w"`` into a :class:`timedelta`.

    Args:
        value: the duration as written, or a :class:`timedelta` (returned as is).

    Returns:
        The duration.

    Raises:
        ValueError: the value is not a positive number followed by m, h, d or w, or is
            longer than :data:`MAX_DURATION`.

    A duration is kept to the microsecond, the finest step a timestamp holds.

    >>> parse_duration("24h")
    datetime.timedelta(days=1)
    >>> parse_duration("1.5d")
    datetime.timedelta(days=1, seconds=43200)
    >>> parse_duration("1000000000w")
    Traceback (most recent call last):
    ...
    ValueError: '1000000000w' is too long: a duration can be at most 3650 days (about ten years), e.g. '520w' or '3650d'.
    """  # noqa: E501
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(str(value))
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(
            f"'{value}' is not a duration. Write a positive number and a unit: "
            "m, h, d or w, e.g. '24h' or '7d'."
        )
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(
            f"'{value}' is too long: a duration can be at most {MAX_DURATION.days} days "
            "(about ten years), e.g. '520w' or '3650d'."
        )
    return timedelta(microseconds=round(seconds * 1_000_000))


def parse_target(value: object) -> float:
    """Parse a target such as ``"95%"`` (or the share ``0.95``) into a share between 0 and 1.

    A bare number is read as a share, so ``0.95`` and ``"0.95"`` mean 95%; ``95`` without
    the percent sign is refused rather than guessed at.

    Args:
        value: the target as written.

    Returns:
        The share of cases, above 0 and at most 1.

    Raises:
        ValueError: the value is not a percentage (or share) above 0% and at most 100%.

    >>> parse_target("95%")
    0.95
    >>> parse_target(0.9)
    0.9
    >>> parse_target("0.98")
    0.98
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"'{value}' is not a target. Write a percentage such as '95%'.")
    text = str(value).strip()
    percent_sign = text.endswith("%")
    try:
        number = float(text[:-1] if percent_sign else text)
    except ValueError:
        raise ValueError(f"'{value}' is not a target. Write a percentage such as '95%'.") from None
    if percent_sign:
        if not 0 < number <= 100:
            raise ValueError(
                f"'{value}' is not a target: a percentage must be above 0% and at most 100%."
            )
        return round(number / 100, 10)
    if 1 < number <= 100:
        raise ValueError(
            f"'{value}' is not a target: a bare number is a share between 0 and 1. "
            f"Write '{text}%' if you mean {text} percent."
        )
    if not 0 < number <= 1:
        raise ValueError(
            f"'{value}' is not a target. Write a percentage above 0% and at most 100%, "
            "such as '95%'."
        )
    return number


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Target = Annotated[float, BeforeValidator(parse_target)]
