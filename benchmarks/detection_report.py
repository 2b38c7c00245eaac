"""The detection benchmark's tables, its verdict on the issue's targets, and RESULTS.md.

Ratios of delays use the median delay in days with a floor of one day on both sides (a
daily scan cannot tell apart an alarm raised on the onset day from one raised the day
after, and a ratio of zeros says nothing). The **best peer** of a scenario is the peer,
among those tuned to the same false-alarm budget (ADWIN, PageHinkley, PELT, the tuned
weekly line), with the shortest median delay in days; the red line at target is shown
beside them but is not tuned, so it is not a candidate. **Overall** is the geometric mean
over the drift scenarios of taut's median delay divided by the best peer's.

The oracle CUSUM is held to the same two peer targets (:func:`oracle_standing`). It is told
the true before and after values, and where a drift is confined to a segment it watches
that segment alone; for a known change it is optimal at its false-alarm rate (Lorden 1971,
Moustakides 1986). Where the oracle itself misses a peer target, the target asks for a
delay no detector can be expected to reach at that false-alarm rate.
"""

from __future__ import annotations

import math
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from detection_delays import Summary
from detection_scenarios import Scenario, Setup, SliceSpec
from results_marks import marked_block, replace_marked

SECTION = "## Detection (issue 3)"
PLACEHOLDER = "## Detection core (issue 3, in progress)"
SCRIPT = "detection.py"
TAUT, ORACLE, RED_LINE = "taut", "oracle CUSUM", "red line at target"
PACKAGES = ("numpy", "duckdb", "ibis-framework", "river", "ruptures")
FAST_SHARE = 0.7
ORACLE_LIMIT = 1.5
BUDGET = 1.0


@dataclass(frozen=True)
class Report:
    """Everything one run of the benchmark measured."""

    setup: Setup
    scenarios: tuple[Scenario, ...]
    seeds: int
    tune_seeds: int
    summaries: dict[str, dict[str, Summary]]
    values: dict[tuple[str, str], float]
    oracles: dict[tuple[str, str], tuple[str, float]]
    tuning_rates: dict[tuple[str, str], float]
    seconds: float
    command: str
    peers: tuple[str, ...]
    scan_seconds: float
    since: dict[str, tuple[float, float, int]]
    """Scenario -> taut's ``since`` minus the true onset in days: median, 90th percentile
    of its absolute value, and the seeds it was measured on (detected ones)."""


def describe(spec: SliceSpec) -> str:
    """A slice in words, e.g. ``ack-within-24h missed [team West]``.

    >>> describe(SliceSpec("intake-complete", "missed", ("team", "West")))
    'intake-complete missed [team West]'
    """
    where = f" [{spec.segment[0]} {spec.segment[1]}]" if spec.segment else ""
    return f"{spec.check} {spec.metric}{where}"


def number(value: float, digits: int = 0) -> str:
    """A delay or count for a table: ``never`` for infinity, ``-`` for not applicable."""
    if math.isnan(value):
        return "-"
    if math.isinf(value):
        return "never"
    return f"{value:.{digits}f}"


def ratio(ours: float, theirs: float) -> float:
    """``max(ours, 1) / max(theirs, 1)`` (module docstring); ``inf`` when ours is missed."""
    if math.isinf(ours) or math.isnan(ours) or math.isnan(theirs):
        return math.inf if math.isinf(ours) else math.nan
    return max(ours, 1.0) / max(theirs, 1.0)


def best_peer(found: dict[str, Summary], peers: tuple[str, ...]) -> tuple[str, Summary] | None:
    """The tuned peer with the shortest median delay in days, if any detected."""
    ranked = sorted(
        ((name, found[name]) for name in peers if name in found),
        key=lambda item: item[1].median_days,
    )
    return ranked[0] if ranked and math.isfinite(ranked[0][1].median_days) else None


def detector_rows(found: dict[str, Summary], *, drift: bool) -> list[str]:
    """One scenario's detailed table."""
    rows = [
        "| detector | detected | median days | p90 days | median cases | p90 cases "
        "| false / check-year (n / check-years) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in found.items():
        detected = f"{s.detected:.0%}" if drift else "-"
        rows.append(
            f"| {name} | {detected} | {number(s.median_days)} | {number(s.p90_days)} | "
            f"{number(s.median_cases)} | {number(s.p90_cases)} | "
            f"{s.false_per_year:.2f} ({s.false_alarms} / {s.exposure_years:.1f}) |"
        )
    return rows


def geometric_mean(ratios: list[float]) -> float:
    """The geometric mean of the finite, positive ``ratios`` (``nan`` when there are none).

    >>> round(geometric_mean([0.5, 2.0, math.inf]), 2)
    1.0
    """
    finite = [r for r in ratios if math.isfinite(r) and r > 0]
    return math.exp(sum(map(math.log, finite)) / len(finite)) if finite else math.nan


def oracle_standing(report: Report) -> tuple[float, list[str]]:
    """The oracle CUSUM against the best peer: the geometric mean of its median delay over
    the best peer's, and the scenarios where it is slower than the best peer."""
    ratios: list[float] = []
    slower: list[str] = []
    for scenario in report.scenarios:
        if scenario.kind is None:
            continue
        found = report.summaries[scenario.name]
        best = best_peer(found, report.peers)
        if best is None:
            continue
        x_peer = ratio(found[ORACLE].median_days, best[1].median_days)
        ratios.append(x_peer)
        if x_peer > 1.0:
            slower.append(f"{scenario.name} {x_peer:.2f}")
    return geometric_mean(ratios), slower


def summary_rows(report: Report) -> tuple[list[str], list[float], list[float], list[str]]:
    """The overview table, the per-scenario ratios to the best peer and the oracle."""
    rows = [
        "| scenario | taut detected | taut median (p90) days | taut median (p90) cases "
        "| oracle median (p90) days | taut / oracle | best peer: median (p90) days "
        "| taut / best peer | oracle / best peer |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    to_peer: list[float] = []
    to_oracle: list[float] = []
    worse: list[str] = []
    for scenario in report.scenarios:
        if scenario.kind is None:
            continue
        found = report.summaries[scenario.name]
        ours, limit = found[TAUT], found[ORACLE]
        best = best_peer(found, report.peers)
        x_oracle = ratio(ours.median_days, limit.median_days)
        to_oracle.append(x_oracle)
        peer_text, x_peer, oracle_peer = "none detected", math.nan, math.nan
        if best is not None:
            x_peer = ratio(ours.median_days, best[1].median_days)
            oracle_peer = ratio(limit.median_days, best[1].median_days)
            to_peer.append(x_peer)
            peer_text = f"{best[0]}: {number(best[1].median_days)} ({number(best[1].p90_days)})"
            if x_peer > 1.0:
                worse.append(scenario.name)
        rows.append(
            f"| {scenario.name} | {ours.detected:.0%} | {number(ours.median_days)} "
            f"({number(ours.p90_days)}) | {number(ours.median_cases)} "
            f"({number(ours.p90_cases)}) | {number(limit.median_days)} "
            f"({number(limit.p90_days)}) | {x_oracle:.2f} | {peer_text} | {x_peer:.2f} "
            f"| {oracle_peer:.2f} |"
        )
    return rows, to_peer, to_oracle, worse


def verdict(report: Report) -> list[str]:
    """PASS or MISS on each of the issue's targets."""
    _, to_peer, to_oracle, worse = summary_rows(report)
    drifting = [s for s in report.scenarios if s.kind is not None]
    missed = [
        f"{s.name} {report.summaries[s.name][TAUT].detected:.0%}"
        for s in drifting
        if report.summaries[s.name][TAUT].detected < 1.0
    ]
    overall = geometric_mean(to_peer)
    oracle_overall, oracle_slower = oracle_standing(report)
    far = [
        f"{s.name} {r:.2f}"
        for s, r in zip(drifting, to_oracle, strict=True)
        if not r <= ORACLE_LIMIT
    ]
    steady = report.summaries["none"][TAUT]
    alarms = sum(report.summaries[s.name][TAUT].false_alarms for s in report.scenarios)
    exposure = sum(report.summaries[s.name][TAUT].exposure_years for s in report.scenarios)
    pooled = alarms / exposure if exposure else math.nan

    def mark(ok: bool) -> str:  # noqa: FBT001 - a local formatter
        return "PASS" if ok else "MISS"

    return [
        f"- Every injected drift detected: **{mark(not missed)}**"
        + (f" (below 100%: {', '.join(missed)})" if missed else ""),
        f"- Median delay no worse than the best peer in any scenario: **{mark(not worse)}**"
        + (f" (worse in: {', '.join(worse)})" if worse else ""),
        f"- At least 30% shorter than the best peer overall (geometric mean of taut / best "
        f"peer): {overall:.2f}, **{mark(overall <= FAST_SHARE)}**",
        f"- Within 1.5x of the oracle CUSUM in every scenario: **{mark(not far)}**"
        + (f" (beyond: {', '.join(far)})" if far else ""),
        f"- At most one false signal per check-year: no-drift {steady.false_per_year:.2f} "
        f"({steady.false_alarms} in {steady.exposure_years:.1f} check-years), all scenarios "
        f"pooled {pooled:.2f} ({alarms} in {exposure:.1f}): "
        f"**{mark(steady.false_per_year <= BUDGET and pooled <= BUDGET)}**",
        "",
        "The oracle CUSUM held to the same peer targets (module docstring of "
        "`detection_report.py`):",
        "",
        f"- Median delay no worse than the best peer in any scenario: "
        f"**{mark(not oracle_slower)}**"
        + (f" (slower in: {', '.join(oracle_slower)})" if oracle_slower else ""),
        f"- At least 30% shorter than the best peer overall: {oracle_overall:.2f}, "
        f"**{mark(oracle_overall <= FAST_SHARE)}**",
    ]


def environment(report: Report) -> list[str]:
    """The command, machine and versions."""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    setup = report.setup
    return [
        f"Command: `.venv/bin/python {report.command}` "
        f"({report.seconds / 60:.1f} min; run {datetime.now(UTC).date().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {', '.join(versions)}.",
        "",
        f"Logs: {setup.weeks} weeks from 2025-01-06, {setup.deals_per_day:g} deals a weekday "
        f"growing {setup.growth:.0%}, month-end peaks and US holidays; baseline the first 8 "
        f"weeks; drifts from week {setup.onset_week + 1}. {report.seeds} seeds a scenario; "
        f"peers and oracle tuned on {report.tune_seeds} separate no-drift seeds. One "
        f"simulation and scan takes a median {report.scan_seconds:.1f} s.",
    ]


def since_rows(report: Report) -> list[str]:
    """Where taut's ``since`` lands against the true onset (its first true signal per seed)."""
    rows = [
        "### Where `since` lands",
        "",
        "taut's estimated start of the change (`since`, the maximum-likelihood change point of "
        "its first signal after the onset on an affected check) minus the true onset, in days; "
        "negative is earlier. Every detector here watches for loosening only (up), so the "
        "direction is right whenever the check is.",
        "",
        "| scenario | seeds | median since - onset (days) | p90 of the absolute error (days) |",
        "|---|---|---|---|",
    ]
    for scenario in report.scenarios:
        if scenario.name not in report.since:
            continue
        median, p90, seeds = report.since[scenario.name]
        rows.append(f"| {scenario.name} | {seeds} | {number(median)} | {number(p90)} |")
    return rows


def render(report: Report) -> str:
    """The whole generated section (markdown)."""
    rows, *_ = summary_rows(report)
    lines = [*environment(report), "", "### Overview", "", *rows, "", "### Targets", ""]
    lines += [*verdict(report), "", *since_rows(report), "", "### Per scenario", ""]
    for scenario in report.scenarios:
        lines += [f"#### {scenario.name}: {scenario.title}", ""]
        found = report.summaries[scenario.name]
        lines += [*detector_rows(found, drift=scenario.kind is not None), ""]
    lines += ["### Tuned parameters (rate on the tuning seeds, per check-year)", ""]
    for (peer, spec), value in sorted(report.values.items()):
        rate = report.tuning_rates.get((peer, spec))
        measured = f", {rate:.2f}" if rate is not None else " (not tuned)"
        lines.append(f"- {peer} on {spec}: {value:.4g}{measured}")
    for (name, check), (detector, threshold) in sorted(report.oracles.items()):
        lines.append(f"- oracle for {name} on {check}: `{detector}`, h = {threshold:.3g}")
    for (peer, spec), rate in sorted(report.tuning_rates.items()):
        if peer == ORACLE:
            lines.append(f"- oracle on {spec}: {rate:.2f} on the tuning seeds")
    return "\n".join(lines) + "\n"


def write_results(path: Path, text: str) -> None:
    """Put ``text`` between the markers of the detection section of RESULTS.md.

    Creates the section (replacing the placeholder section, if present) when missing;
    leaves every other section as it is.
    """
    content = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = marked_block(SCRIPT, text)
    replaced = replace_marked(content, SCRIPT, text)
    if replaced is not None:
        content = _without_placeholder(replaced)
    elif PLACEHOLDER in content:
        head, rest = content.split(PLACEHOLDER, 1)
        after = rest.find("\n## ")
        tail = rest[after + 1 :] if after >= 0 else ""
        content = f"{head}{SECTION}\n\n{block}" + (f"\n{tail}" if tail else "")
    else:
        content = content.rstrip("\n") + f"\n\n{SECTION}\n\n{block}"
    path.write_text(content, encoding="utf-8")


def _without_placeholder(content: str) -> str:
    """``content`` without the placeholder section (up to the next ``## `` heading)."""
    if PLACEHOLDER not in content:
        return content
    head, rest = content.split(PLACEHOLDER, 1)
    after = rest.find("\n## ")
    kept = head.rstrip("\n") + "\n"
    return f"{kept}\n{rest[after + 1 :]}" if after >= 0 else kept
