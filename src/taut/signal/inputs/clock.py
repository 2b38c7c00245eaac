"""How the Signal stage reads time: hours since the epoch (UTC), and local days.

The casebook holds every instant as float hours since 1970-01-01 UTC (:data:`EPOCH`); a
state's ``since`` and ``raised``, and fragility's weeks, are local days in the contract's
time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from taut.signal.inputs.casebook import HOUR_US

EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - naive UTC, as the event table's ts
TICK_HOURS = 1e-6


def hours_since_epoch(moment: datetime) -> float:
    """A naive UTC instant (a log's ``data_end``) as hours since the epoch, as a scan reads it.

    >>> hours_since_epoch(datetime(1970, 1, 2, 6))
    30.0
    """
    return (moment - EPOCH) / timedelta(hours=1)


def local_day(hours: float, *, timezone: str) -> date:
    """The local day of an instant given in hours since the epoch (UTC).

    >>> local_day(24.0 * 20_000 + 3.0, timezone="America/Chicago")
    datetime.date(2024, 10, 3)
    """
    instant = (EPOCH + timedelta(hours=float(hours))).replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo(timezone)).date()


def local_days(hours: npt.NDArray[np.float64], *, timezone: str) -> npt.NDArray[np.datetime64]:
    """Local days of instants given in hours since the epoch (UTC), vectorised.

    >>> local_days(np.array([24.0 * 20_000 + 3.0]), timezone="America/Chicago")
    array(['2024-10-03'], dtype='datetime64[D]')
    """
    micros = pa.array(np.round(hours * HOUR_US).astype(np.int64), type=pa.timestamp("us", timezone))
    compute: Any = pc  # pyarrow's stubs do not know local_timestamp on arrays
    days = compute.cast(compute.local_timestamp(micros), pa.date32()).to_numpy(zero_copy_only=False)
    return np.asarray(days, dtype="datetime64[D]")


def last_data_day(as_of_hours: float, *, timezone: str) -> date:
    """The last local day of data ending at ``as_of_hours``.

    Data that ends at midnight (a clipped log) belongs to the day before.

    >>> last_data_day(24.0 * 20_001 + 5.0, timezone="America/Chicago")  # midnight, Oct 5
    datetime.date(2024, 10, 4)
    """
    return local_day(as_of_hours - TICK_HOURS, timezone=timezone)
