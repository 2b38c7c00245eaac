"""The false-alarm budget of a check, split over its streams: every share in one place.

A check's budget (``alerts.false_signals_per_year`` in the contract, one false signal a
check-year by default) is spent in two steps, both here:

1. **Scan calibration** (:class:`ScanCalibration`): the budget a user sets is mapped to the
   nominal budget ``B`` that a whole scan realises at the check's own cases a year. The
   even split below would be exact for independent streams whose thresholds hold their
   promise exactly; a scan departs from that both ways, so :data:`SCAN_CALIBRATION` is an
   empirical correction measured by ``benchmarks/scan_calibration.py``.
2. **Weighted Bonferroni split** (:class:`BudgetSplit`): the whole check's ``M`` metric
   streams share ``WHOLE_SHARE`` of ``B`` (half, when there are segments; all of it
   otherwise) and the ``G`` segments' ``G * M`` streams share the rest evenly, so

       ARL0_s = M * n_s / (WHOLE_SHARE * B)            for a whole-check stream,
       ARL0_s = G * M * n_s / ((1 - WHOLE_SHARE) * B)  for a segment's stream

   (:func:`stream_arl0`, ``n_s`` the stream's cases a year). Most loosening is spread over
   a check, and the whole stream sees it first; the weight keeps that stream's threshold
   from growing with the number of segments, at a small cost (``log 2`` nats of threshold)
   to a drift confined to one segment.

Each ``ARL0_s`` then becomes a threshold for the baseline the stream watches against,
estimation error included (:mod:`taut.signal.thresholds.lookup`); a stream whose cases are
alike within a day divides its ``ARL0`` by its ``phi`` (:mod:`taut.signal.model.dispersion`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

WHOLE_SHARE = 0.5
MIN_CASES_PER_YEAR = 1.0
MIN_STREAM_CASES_PER_YEAR = 2.0


@dataclass(frozen=True, kw_only=True)
class ScanCalibration:
    """How the realised false signals of a whole scan follow the nominal Bonferroni budget.

    The even split of :func:`stream_arl0` would hold a check to ``nominal`` false alarms
    a year if its streams were independent and exactly as the thresholds assume. A scan
    departs from that both ways. Its streams overlap (every case is in the whole check and
    in one segment of each dimension). A slice also raises once and stays raised, while a
    threshold is calibrated for alarms that restart
    (:func:`~taut.signal.thresholds.calibrate.false_alarm_rates`). Both make the split
    conservative. Real streams are not exactly stable either: on stable
    simulated logs the monthly mean of a step's standardised latency wanders by 0.05-0.09
    sd between months, several standard errors at 2,000 cases a month, and the more
    cases a check has, the more of that wobble its detectors can see. Measured on stable
    simulated logs (``benchmarks/scan_calibration.py``: weekdays, month ends, holidays,
    +30% growth, three volumes), the false signals a check raises a year are close to

        realised = scale(cases) * nominal ** power(cases),

    with ``scale`` (the realised rate at a nominal budget of one) and ``power`` (how fast
    it grows with the nominal budget) fitted at each measured volume. Between the measured
    volumes both are interpolated linearly in ``log cases`` (``log scale`` for the scale);
    beyond them the scale is extrapolated along the nearest segment and the power held at
    the nearest volume's. :meth:`nominal` inverts that for the check's own yearly cases. It
    is an empirical correction of the Bonferroni split, fitted by Poisson regression.

    Attributes:
        curves: ``(cases a year, scale, power)`` at each measured volume, by increasing
            cases.
    """

    curves: tuple[tuple[float, float, float], ...]

    def __post_init__(self) -> None:
        cases = [c for c, _, _ in self.curves]
        if not (
            self.curves
            and all(c > 0 and v > 0 and w > 0 for c, v, w in self.curves)
            and cases == sorted(set(cases))
        ):
            raise ValueError(
                f"curves={self.curves} must be non-empty, with positive cases, scale and "
                "power, by strictly increasing cases."
            )

    def at(self, cases_per_year: float) -> tuple[float, float]:
        """``(scale, power)`` for a check with ``cases_per_year`` (class docstring).

        >>> curve = ScanCalibration(curves=((1e3, 0.5, 1.0), (1e4, 2.0, 0.5)))
        >>> [round(v, 6) for v in curve.at(1e5)]
        [8.0, 0.5]
        """
        if len(self.curves) == 1:
            return self.curves[0][1], self.curves[0][2]
        x = np.log([c for c, _, _ in self.curves])
        y = np.log([v for _, v, _ in self.curves])
        powers = np.array([w for _, _, w in self.curves])
        at = math.log(cases_per_year)
        i = int(np.clip(np.searchsorted(x, at) - 1, 0, x.size - 2))
        slope = (y[i + 1] - y[i]) / (x[i + 1] - x[i])
        scale = math.exp(y[i] + slope * (at - x[i]))
        return float(scale), float(np.interp(at, x, powers))

    def nominal(self, false_alarms_per_year: float, *, cases_per_year: float) -> float:
        """The nominal (Bonferroni) budget that realises ``false_alarms_per_year``.

        >>> ScanCalibration(curves=((1e4, 0.25, 2.0),)).nominal(1.0, cases_per_year=5000)
        2.0
        """
        if not (false_alarms_per_year > 0 and cases_per_year > 0):
            raise ValueError(
                f"false_alarms_per_year={false_alarms_per_year} and cases_per_year="
                f"{cases_per_year} must be positive."
            )
        scale, power = self.at(cases_per_year)
        return float((false_alarms_per_year / scale) ** (1.0 / power))


RAW_SPLIT = ScanCalibration(curves=((1.0, 1.0, 1.0),))
"""The plain Bonferroni split (nominal budget = the budget), for measuring a scan."""
SCAN_CALIBRATION = ScanCalibration(
    curves=((4249.0, 0.651, 0.906), (8482.0, 0.679, 0.662), (25381.0, 1.715, 0.596))
)
"""The shipped calibration; measured by ``benchmarks/scan_calibration.py``."""


def stream_arl0(
    *, cases_per_year: float, streams: int = 1, false_alarms_per_year: float = 1.0
) -> float:
    """The ``ARL0`` in cases for one of ``streams`` streams sharing a yearly budget.

    Stream ``s`` with ``n_s`` cases a year raises ``n_s / ARL0_s`` false alarms a year;
    with ``ARL0_s = streams * n_s / budget`` the total over all streams is the budget.

    Args:
        cases_per_year: this stream's cases in a year.
        streams: how many streams share the budget (segments times detectors).
        false_alarms_per_year: the budget, for all the streams together.

    >>> stream_arl0(cases_per_year=500, streams=8)
    4000.0
    """
    if cases_per_year <= 0 or streams < 1 or false_alarms_per_year <= 0:
        raise ValueError(
            f"Need cases_per_year > 0, streams >= 1 and false_alarms_per_year > 0, got "
            f"{cases_per_year}, {streams}, {false_alarms_per_year}."
        )
    return streams * cases_per_year / false_alarms_per_year


@dataclass(frozen=True, kw_only=True)
class BudgetSplit:
    """One check's nominal budget, split by weighted Bonferroni (module docstring, step 2).

    Attributes:
        nominal: the nominal budget ``B`` of the whole check, false alarms a year.
        years: the years of data the check's cases span (for cases a year).
        segments: ``G``, the segments watched besides the whole check.
        metrics: ``M``, the metric streams of each slice.
    """

    nominal: float
    years: float
    segments: int
    metrics: int

    @classmethod
    def of(
        cls,
        *,
        false_alarms_per_year: float,
        calibration: ScanCalibration,
        cases: int,
        years: float,
        segments: int,
        metrics: int,
    ) -> BudgetSplit:
        """Map the check's budget to its nominal one (step 1) for ``cases`` over ``years``.

        >>> split = BudgetSplit.of(false_alarms_per_year=1.0, calibration=RAW_SPLIT,
        ...     cases=1000, years=1.0, segments=4, metrics=3)
        >>> split.arl0(stream_cases=1000, segment=False), split.arl0(stream_cases=250, segment=True)
        (6000.0, 6000.0)
        """
        nominal = calibration.nominal(
            false_alarms_per_year, cases_per_year=max(cases / years, MIN_CASES_PER_YEAR)
        )
        return cls(nominal=nominal, years=years, segments=segments, metrics=metrics)

    def share(self, *, segment: bool) -> float:
        """The share of the nominal budget of the whole check's streams, or the segments'."""
        whole = WHOLE_SHARE if self.segments else 1.0
        return (1.0 - whole) if segment else whole

    def arl0(self, *, stream_cases: int, segment: bool) -> float:
        """The ``ARL0`` of one stream of ``stream_cases`` cases (the module docstring's formula)."""
        return stream_arl0(
            cases_per_year=max(stream_cases / self.years, MIN_STREAM_CASES_PER_YEAR),
            streams=(self.segments if segment else 1) * self.metrics,
            false_alarms_per_year=self.share(segment=segment) * self.nominal,
        )
