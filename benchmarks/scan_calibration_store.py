"""The scan calibration's stored measurement, and every text written from it.

``benchmarks/scan_calibration.py`` measures; this module holds what it measured as data
(``benchmarks/scan_calibration.json``) and renders the two places that quote it: its block of
``benchmarks/RESULTS.md`` and its block of ``docs/scan.md``. A test
(``tests/signal/test_calibration_benchmark.py``) checks the shipped
:data:`taut.signal.allocation.SCAN_CALIBRATION` and ``docs/scan.md`` against the
stored file, so none of these numbers is typed by hand.

A rate's interval is the exact (Garwood) Poisson interval of the count, divided by the
check-years it was counted over: for ``k`` false signals at level ``1 - a``, from
``chi2.ppf(a / 2, 2k) / 2`` to ``chi2.ppf(1 - a / 2, 2k + 2) / 2`` (Garwood 1936).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from scipy import stats  # type: ignore[import-untyped]  # no stubs in the lock

from taut.signal.allocation import ScanCalibration

STORE = Path(__file__).with_name("scan_calibration.json")
LEVEL = 0.9
BUDGET_BOUNDS = (0.1, 4.0)
"""The sensitivities a contract may ask for (``alerts.false_signals_per_year``)."""


def poisson_interval(count: int, exposure: float, *, level: float = LEVEL) -> tuple[float, float]:
    """The exact (Garwood) interval of the rate ``count / exposure`` at ``level``.

    >>> [round(v, 3) for v in poisson_interval(0, 1.0)]
    [0.0, 2.996]
    """
    tail = (1.0 - level) / 2.0
    low = float(stats.chi2.ppf(tail, 2 * count)) / 2.0 if count else 0.0
    high = float(stats.chi2.ppf(1.0 - tail, 2 * count + 2)) / 2.0
    return low / exposure, high / exposure


def interval(count: int, exposure: float) -> str:
    """``0.63-1.02``: the exact interval of ``count / exposure`` at ``LEVEL``, in words."""
    low, high = poisson_interval(count, exposure)
    return f"{low:.2f}-{high:.2f}"


@dataclass(frozen=True, kw_only=True)
class Count:
    """False signals raised on stable logs of one volume at one setting.

    Attributes:
        deals: deals a weekday of the simulated logs.
        cases_per_year: a check's mean cases a year on those logs.
        budget: the budget the scan was asked for (``false_signals_per_year``).
        nominal: the nominal (Bonferroni) budget it scanned at, for a check of
            ``cases_per_year`` (equal to ``budget`` on the raw split).
        false_signals: raised slices, each one false signal.
        check_years: the checks' watched time, in years.
    """

    deals: float
    cases_per_year: float
    budget: float
    nominal: float
    false_signals: int
    check_years: float

    @property
    def rate(self) -> float:
        """False signals per check-year."""
        return self.false_signals / self.check_years

    def interval(self, level: float = LEVEL) -> tuple[float, float]:
        """The exact Poisson interval of :attr:`rate` at ``level`` (module docstring)."""
        return poisson_interval(self.false_signals, self.check_years, level=level)


@dataclass(frozen=True, kw_only=True)
class Measurement:
    """One run of ``benchmarks/scan_calibration.py``: the fit and its check on other seeds.

    Attributes:
        command: the command that measured it.
        minutes: its wall time.
        weeks: weeks of each simulated log (the first eight are the baseline).
        seeds: stable logs per volume for the fit, seeds from ``first_seed``.
        first_seed: the fit's first seed.
        fit_counts: the raw split's false signals at every volume and nominal budget.
        curves: the fitted ``(cases a year, scale, power)`` per volume.
        check_seeds: stable logs per volume for the check (0: not checked).
        check_first_seed: the check's first seed.
        check_counts: false signals scanning with ``curves`` at the asked budgets.
    """

    command: str
    minutes: float
    weeks: int
    seeds: int
    first_seed: int
    fit_counts: tuple[Count, ...]
    curves: tuple[tuple[float, float, float], ...]
    check_seeds: int
    check_first_seed: int
    check_counts: tuple[Count, ...]

    @property
    def calibration(self) -> ScanCalibration:
        """The fitted calibration."""
        return ScanCalibration(curves=self.curves)

    def pooled_check(self, budget: float) -> Count:
        """The check's counts at ``budget``, all volumes together."""
        mine = [c for c in self.check_counts if c.budget == budget]
        return Count(
            deals=float("nan"),
            cases_per_year=float("nan"),
            budget=budget,
            nominal=float("nan"),
            false_signals=sum(c.false_signals for c in mine),
            check_years=sum(c.check_years for c in mine),
        )


def save(measurement: Measurement, path: Path = STORE) -> None:
    """Write ``measurement`` as JSON."""
    path.write_text(json.dumps(asdict(measurement), indent=1) + "\n", encoding="utf-8")


def load(path: Path = STORE) -> Measurement:
    """Read a measurement written by :func:`save`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Measurement(
        **{
            **raw,
            "fit_counts": tuple(Count(**c) for c in raw["fit_counts"]),
            "curves": tuple((float(c), float(s), float(p)) for c, s, p in raw["curves"]),
            "check_counts": tuple(Count(**c) for c in raw["check_counts"]),
        }
    )


def rate_words(count: Count) -> str:
    """``0.81 (0.63-1.02)``: the rate and its interval."""
    low, high = count.interval()
    return f"{count.rate:.2f} ({low:.2f}-{high:.2f})"


def budget_span(measurement: Measurement, cases_per_year: float) -> tuple[float, float]:
    """The budgets whose nominal budget lies within the simulated nominal budgets."""
    nominals = [c.nominal for c in measurement.fit_counts]
    scale, power = measurement.calibration.at(cases_per_year)
    return scale * min(nominals) ** power, scale * max(nominals) ** power


def check_table(measurement: Measurement) -> list[str]:
    """The check on other seeds as Markdown table rows."""
    lines = [
        "| deals a weekday | cases a check-year | budget | nominal | false signals | "
        f"check-years | realised / check-year ({LEVEL:.0%} interval) |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {count.deals:g} | {count.cases_per_year:,.0f} | {count.budget:g} | "
        f"{count.nominal:.2f} | {count.false_signals} | {count.check_years:.1f} | "
        f"{rate_words(count)} |"
        for count in measurement.check_counts
    ]
    return lines


def extrapolation_words(measurement: Measurement) -> str:
    """Where the calibration leaves what was simulated, in words."""
    volumes = [c for c, _, _ in measurement.curves]
    nominals = sorted({c.nominal for c in measurement.fit_counts})
    low_budget, high_budget = BUDGET_BOUNDS
    spans = []
    for volume in volumes:
        low, high = budget_span(measurement, volume)
        outside = [
            words
            for bound, words in (
                (low > low_budget, f"below {low:.2g}"),
                (high < high_budget, f"above {high:.2g}"),
            )
            if bound
        ]
        spans.append(
            f"at {volume:,.0f} cases a year, " + (" and ".join(outside) if outside else "none")
        )
    return (
        f"**Where it is extrapolated.** The calibration was fitted on checks of "
        f"{volumes[0]:,.0f} to {volumes[-1]:,.0f} cases a year (a check's mean over the "
        f"simulated logs) and on nominal budgets of {nominals[0]:g} to {nominals[-1]:g}. A "
        "check with fewer or more cases a year is extrapolated (the scale along the nearest "
        "measured segment, the power held at the nearest volume's), and so is a sensitivity "
        "whose nominal budget falls outside the simulated ones; of the sensitivities a "
        f"contract may set ({low_budget:g} to {high_budget:g}), that is "
        + "; ".join(spans)
        + ". Only the default sensitivity was checked on held-out logs, and every log was "
        "made by one simulated process (the sales handoff); a real process differs (see "
        "the second process in the benchmark results)."
    )


def doc_block(measurement: Measurement) -> str:
    """The measured false-signal rate and the calibration's reach, for ``docs/scan.md``."""
    one = measurement.pooled_check(1.0)
    per_volume = "; ".join(
        f"{rate_words(c)} at {c.cases_per_year:,.0f} cases a year"
        for c in measurement.check_counts
        if c.budget == 1.0
    )
    low, high = one.interval()
    return "\n".join(
        [
            f"**Measured.** On {measurement.check_seeds} stable simulated logs at each of "
            f"{len(measurement.curves)} volumes ({measurement.weeks} weeks, the first eight "
            "the baseline; weekdays, month ends, holidays, +30% growth), none of them used to "
            "fit the calibration, a scan at the default sensitivity raised "
            f"**{one.rate:.2f} false signals per check-year** ({one.false_signals} in "
            f"{one.check_years:.1f} check-years; {LEVEL:.0%} exact Poisson interval "
            f"{low:.2f} to {high:.2f}); by volume, {per_volume}. Every raised slice counts: "
            "a check whose whole stream raises with three of its segments counts four.",
            "",
            extrapolation_words(measurement),
        ]
    )
