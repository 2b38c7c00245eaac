"""Detection core benchmark: taut's detectors against the oracle CUSUM and the usual peers.

Every detector is tuned to the same false-alarm rate, one alarm per ``ARL0`` stable cases
(restarting after each alarm), with the baseline estimated from 2,000 cases. Then, on
streams with a change 200 cases after the baseline, we report the detection rate within
3,000 cases, the median and 90th-percentile delay in cases (onset to the first alarm at or
after it) and the median delay as a multiple of the oracle CUSUM's (told the true before
and after values, Lorden 1971; Moustakides 1986), plus the false alarms per 1,000 cases
measured on fresh stable streams.

Peers: river's ADWIN (``delta`` tuned by bisection) and PageHinkley (``threshold`` tuned,
``mode="up"``), warmed on the baseline window and then fed the monitoring stream;
ruptures' PELT (``l2`` on daily shares, 20 cases a day, run every 5 days on the last 120
days, alarm when a breakpoint lies after the baseline; ``pen`` tuned so that the chance
of an alarm within ``ARL0`` stable cases is ``1 - exp(-1)``, the same as a geometric run
length of mean ``ARL0``), rate scenarios only. On latency streams the peers get the
standardised log-latency, or its square for the spread scenario.

The overview (the scan's own detector per scenario against the oracle and the best tuned
peer) and every detector's table are written between this script's marks in
``benchmarks/RESULTS.md`` (not with ``--only`` or ``--no-results``, which only print).

Run: ``.venv/bin/python benchmarks/detection_core.py --seeds 50 --tune-seeds 60`` (about
5 minutes on a quiet machine).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import ruptures as rpt
from river import drift

from results_marks import marks, replace_marked
from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detector, FloatArray
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.thresholds.calibrate import calibrate_threshold

BASELINE_CASES = 2000
ONSET = 200
AFTER = 3000
ARL0 = 1000.0
STABLE_CASES = 5000
CASES_PER_DAY = 20
LOG_DAY = math.log(24.0)
RAMP = 1000
SCRIPT = "detection_core.py"

# An alarm finder: (monitoring stream, baseline window) -> alarm indices in the stream.
Alarms = Callable[[FloatArray, FloatArray], list[int]]


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str  # "binary" or "latency"
    draw: Callable[[np.random.Generator, int, int | None], FloatArray]  # rng, length, onset
    oracle: Detector


def rate_stream(
    after: float, *, ramp: bool
) -> Callable[[np.random.Generator, int, int | None], FloatArray]:
    def draw(rng: np.random.Generator, length: int, onset: int | None) -> FloatArray:
        rates = np.full(length, 0.05)
        if onset is not None:
            t = np.arange(length - onset)
            rise = np.minimum(t / RAMP, 1.0) if ramp else np.ones(t.size)
            rates[onset:] = 0.05 + (after - 0.05) * rise
        return (rng.random(length) < rates).astype(np.float64)

    return draw


def latency_stream(
    *, shift: float, widen: float, ramp: bool
) -> Callable[[np.random.Generator, int, int | None], FloatArray]:
    def draw(rng: np.random.Generator, length: int, onset: int | None) -> FloatArray:
        mean, sd = np.full(length, LOG_DAY), np.ones(length)
        if onset is not None:
            t = np.arange(length - onset)
            rise = np.minimum(t / RAMP, 1.0) if ramp else np.ones(t.size)
            mean[onset:] += shift * rise
            sd[onset:] *= 1.0 + (widen - 1.0) * rise
        return mean + sd * rng.standard_normal(length)

    return draw


SCENARIOS = (
    Scenario("rate 5%->10% sudden", "binary", rate_stream(0.10, ramp=False),
             OracleRateCusum(before=0.05, after=0.10)),
    Scenario("rate 5%->10% ramp over 1000", "binary", rate_stream(0.10, ramp=True),
             OracleRateCusum(before=0.05, after=0.10)),
    Scenario("latency 1d->3d sudden (sd 1)", "latency",
             latency_stream(shift=math.log(3.0), widen=1.0, ramp=False),
             OracleLatencyCusum(before_mean=LOG_DAY, before_sd=1.0,
                                after_mean=LOG_DAY + math.log(3.0), after_sd=1.0)),
    Scenario("latency 1d->3d ramp over 1000", "latency",
             latency_stream(shift=math.log(3.0), widen=1.0, ramp=True),
             OracleLatencyCusum(before_mean=LOG_DAY, before_sd=1.0,
                                after_mean=LOG_DAY + math.log(3.0), after_sd=1.0)),
    Scenario("spread sd x1.5, median held", "latency",
             latency_stream(shift=0.0, widen=1.5, ramp=False),
             OracleLatencyCusum(before_mean=LOG_DAY, before_sd=1.0,
                                after_mean=LOG_DAY, after_sd=1.5)),
)  # fmt: skip


def baseline_of(kind: str, window: FloatArray) -> BaselineEstimate:
    if kind == "binary":
        return RateBaseline.from_binary(window)
    return LatencyBaseline.from_log_latency(window)


def taut_alarms(detector: Detector, kind: str, *, oracle: bool) -> Alarms:
    """Scan, restart after each alarm, return every alarm index."""

    def alarms(stream: FloatArray, window: FloatArray) -> list[int]:
        baseline = detector.canonical(baseline_of(kind, window)) if oracle else None
        base = baseline if baseline is not None else baseline_of(kind, window)
        threshold = calibrate_threshold(detector=detector, baseline=base, arl0=ARL0)
        found_at: list[int] = []
        start = 0
        while start < stream.size:
            found = detector.scan(stream[start:], baseline=base, threshold=threshold)
            if found.alarm is None:
                break
            found_at.append(start + found.alarm)
            start += found.alarm + 1
        return found_at

    return alarms


def peer_input(kind: str, scenario: str, stream: FloatArray, window: FloatArray) -> FloatArray:
    if kind == "binary":
        return stream
    z: FloatArray = (stream - window.mean()) / window.std(ddof=1)
    return z**2 if scenario.startswith("spread") else z


def river_alarms(make: Callable[[], drift.ADWIN | drift.PageHinkley], scenario: Scenario) -> Alarms:
    def alarms(stream: FloatArray, window: FloatArray) -> list[int]:
        detector = make()
        for value in peer_input(scenario.kind, scenario.name, window, window):
            detector.update(float(value))
        found: list[int] = []
        for i, value in enumerate(peer_input(scenario.kind, scenario.name, stream, window)):
            detector.update(float(value))
            if detector.drift_detected:
                found.append(i)
        return found

    return alarms


def pelt_alarms(pen: float, *, every: int = 5, days: int = 120) -> Alarms:
    def alarms(stream: FloatArray, window: FloatArray) -> list[int]:
        both = np.r_[window, stream]
        n_days = both.size // CASES_PER_DAY
        daily = both[: n_days * CASES_PER_DAY].reshape(n_days, CASES_PER_DAY).mean(axis=1)
        first_day = window.size // CASES_PER_DAY
        for end in range(first_day + every, n_days + 1, every):
            start = max(0, end - days)
            breaks = rpt.Pelt(model="l2", min_size=3, jump=1).fit(daily[start:end]).predict(pen=pen)
            if any(start + b >= first_day for b in breaks[:-1]):
                return [(end - first_day) * CASES_PER_DAY - 1]
        return []

    return alarms


def draw_pair(
    scenario: Scenario, seed: int, *, changed: bool, length: int
) -> tuple[FloatArray, FloatArray]:
    rng = np.random.default_rng(seed)
    window = scenario.draw(rng, BASELINE_CASES, None)
    return scenario.draw(rng, length, ONSET if changed else None), window


def false_alarm_rate(alarms: Alarms, scenario: Scenario, seeds: Sequence[int]) -> float:
    """Alarms per case on stable streams (restarting after each alarm)."""
    count = 0
    for seed in seeds:
        stream, window = draw_pair(scenario, 10_000 + seed, changed=False, length=STABLE_CASES)
        count += len(alarms(stream, window))
    return count / (STABLE_CASES * len(seeds))


def first_alarm_share(alarms: Alarms, scenario: Scenario, seeds: Sequence[int]) -> float:
    hits = 0
    for seed in seeds:
        stream, window = draw_pair(scenario, 20_000 + seed, changed=False, length=int(ARL0))
        hits += bool(alarms(stream, window))
    return hits / len(seeds)


def bisect(measure: Callable[[float], float], low: float, high: float, target: float,
           *, decreasing: bool, steps: int = 14) -> float:  # fmt: skip
    """Log-scale bisection for ``measure(x) = target``."""
    for _ in range(steps):
        mid = math.sqrt(low * high)
        above = measure(mid) > target
        if above == decreasing:
            low = mid
        else:
            high = mid
    return math.sqrt(low * high)


def delays(alarms: Alarms, scenario: Scenario, seeds: Sequence[int]) -> FloatArray:
    out = []
    for seed in seeds:
        stream, window = draw_pair(scenario, seed, changed=True, length=ONSET + AFTER)
        late = [a for a in alarms(stream, window) if a >= ONSET]
        out.append(late[0] - ONSET + 1 if late else math.inf)
    return np.array(out)


def adwin(delta: float = 0.002) -> drift.ADWIN:
    return drift.ADWIN(delta=delta)


def tuned_peers(scenario: Scenario, tune_seeds: Sequence[int]) -> dict[str, Alarms]:
    target = 1.0 / ARL0
    delta = bisect(
        lambda d: false_alarm_rate(river_alarms(lambda: adwin(d), scenario),
                                   scenario, tune_seeds),
        1e-12, 0.99, target, decreasing=False,
    )  # fmt: skip
    ph = bisect(
        lambda h: false_alarm_rate(
            river_alarms(lambda: drift.PageHinkley(threshold=h, mode="up"), scenario),
            scenario, tune_seeds),
        0.05, 500.0, target, decreasing=True,
    )  # fmt: skip
    peers: dict[str, Alarms] = {
        "ADWIN (defaults)": river_alarms(adwin, scenario),
        f"ADWIN (delta={delta:.1e})": river_alarms(lambda: adwin(delta), scenario),
        f"PageHinkley (threshold={ph:.3g})": river_alarms(
            lambda: drift.PageHinkley(threshold=ph, mode="up"), scenario
        ),
    }
    if scenario.kind == "binary":
        chance = 1.0 - math.exp(-1.0)
        pen = bisect(lambda p: first_alarm_share(pelt_alarms(p), scenario, tune_seeds[:40]),
                     1e-4, 1.0, chance, decreasing=True, steps=10)  # fmt: skip
        peers[f"PELT daily (pen={pen:.2g})"] = pelt_alarms(pen)
    return peers


def ours(scenario: Scenario) -> dict[str, Alarms]:
    detectors: dict[str, Detector] = (
        {"taut bernoulli_glr": BernoulliGlr(), "taut bernoulli_cusum (x2 odds)": BernoulliCusum()}
        if scenario.kind == "binary"
        else {
            "taut latency_glr": LatencyGlr(),
            "taut spread_band": SpreadBand(),
            "taut scale_glr": ScaleGlr(),
        }
    )
    found = {name: taut_alarms(d, scenario.kind, oracle=False) for name, d in detectors.items()}
    return {"oracle CUSUM": taut_alarms(scenario.oracle, scenario.kind, oracle=True), **found}


SCAN_DETECTORS = {
    "binary": "taut bernoulli_glr",
    "latency": "taut latency_glr",
    "spread": "taut scale_glr",
}
"""The detector ``taut scan`` runs on each kind of scenario (its metric's detector)."""
UNTUNED = "ADWIN (defaults)"


@dataclass(frozen=True)
class Measured:
    """One detector on one scenario: delays in cases from onset, false alarms a case."""

    name: str
    delays: FloatArray
    false_per_case: float

    @property
    def median(self) -> float:
        return float(np.median(self.delays))

    @property
    def p90(self) -> float:
        return float(np.percentile(self.delays, 90, method="inverted_cdf"))  # inf-safe


def scan_detector(scenario: Scenario) -> str:
    """The name of the detector the scan uses on ``scenario``'s stream."""
    return SCAN_DETECTORS["spread" if scenario.name.startswith("spread") else scenario.kind]


def cases(value: float) -> str:
    return "never" if math.isinf(value) else f"{value:.0f}"


def row(found: Measured, oracle_median: float) -> str:
    ratio = "-" if math.isinf(found.median) else f"{found.median / oracle_median:.2f}"
    hit = float(np.isfinite(found.delays).mean())
    return (f"| {found.name} | {hit:.0%} | {cases(found.median)} | {cases(found.p90)} | "
            f"{ratio} | {found.false_per_case * 1000:.2f} |")  # fmt: skip


def measure(scenario: Scenario, *, seeds: Sequence[int], tune: Sequence[int]) -> list[Measured]:
    """Every detector and peer on ``scenario``, the oracle first."""
    finders = {**ours(scenario), **tuned_peers(scenario, tune)}
    stable = list(range(100, 100 + len(seeds)))
    return [
        Measured(name, delays(alarms, scenario, seeds), false_alarm_rate(alarms, scenario, stable))
        for name, alarms in finders.items()
    ]


def peer_name(name: str) -> str:
    """``PageHinkley`` for ``PageHinkley (threshold=1.2)``."""
    return name.split(" (", maxsplit=1)[0]


def summary(results: Sequence[tuple[Scenario, list[Measured]]]) -> list[str]:
    """The overview table and its reading, one row per scenario."""
    lines = [
        "| scenario | oracle median (p90) cases | taut (the scan's detector) | x oracle | "
        "best tuned peer | taut vs best peer |",
        "|---|---|---|---|---|---|",
    ]
    within, ratios, slower = 0, [], []
    for scenario, found in results:
        by_name = {m.name: m for m in found}
        oracle, mine = by_name["oracle CUSUM"], by_name[scan_detector(scenario)]
        peers = [
            m for m in found if not m.name.startswith(("taut", "oracle")) and m.name != UNTUNED
        ]
        best = min(peers, key=lambda m: m.median)
        x_oracle = mine.median / oracle.median
        versus = mine.median / best.median
        within += x_oracle <= 1.5
        ratios.append(versus)
        if versus > 1.0:
            slower.append(f"{peer_name(best.name)} on {scenario.name}")
        lines.append(
            f"| {scenario.name} | {cases(oracle.median)} ({cases(oracle.p90)}) | "
            f"{mine.name.removeprefix('taut ')} {cases(mine.median)} ({cases(mine.p90)}) | "
            f"{x_oracle:.2f} | {peer_name(best.name)} {cases(best.median)} ({cases(best.p90)}) | "
            f"{versus - 1.0:+.0%} |"
        )
    ours_found = [m for _, found in results for m in found if m.name.startswith(("taut", "oracle"))]
    detected = all(np.isfinite(m.delays).all() for m in ours_found if m.name.startswith("taut"))
    rates = [m.false_per_case * 1000 for m in ours_found]
    untuned = [
        next(m for m in found if m.name == UNTUNED).median
        / next(m for m in found if m.name == "oracle CUSUM").median
        for _, found in results
    ]
    mean = math.exp(float(np.mean(np.log(ratios))))
    lines += [
        "",
        ("Every change detected by every taut detector" if detected
         else "Not every change detected by every taut detector (see the tables)")
        + f"; measured false alarms {min(rates):.2f}-{max(rates):.2f} per 1,000 cases for "
        f"every taut detector and the oracle; ADWIN at its defaults needs "
        f"{min(untuned):.0f}-{max(untuned):.0f}x the oracle's delay. On streams, the scan's "
        f"detectors are within 1.5x of the oracle in {within} of {len(results)} scenarios and "
        f"{mean:.2f}x the best tuned peer overall (geometric mean of the medians)"
        + (f"; slower than {', '.join(slower)}." if slower else "."),
    ]  # fmt: skip
    return lines


def render(
    results: Sequence[tuple[Scenario, list[Measured]]], *, args: argparse.Namespace, minutes: float
) -> str:
    """The Markdown block for RESULTS.md: the overview, then every detector per scenario."""
    command = f".venv/bin/python benchmarks/detection_core.py --seeds {args.seeds} " + (
        f"--tune-seeds {args.tune_seeds}" + (f" --only {args.only!r}" if args.only else "")
    )
    lines = [
        f"Command: `{command}` ({minutes:.0f} min). ARL0 = {ARL0:,.0f} cases, baseline "
        f"{BASELINE_CASES:,} cases, onset {ONSET} cases after it, horizon {AFTER:,} cases, "
        f"{args.seeds} seeds; peers tuned on {args.tune_seeds} stable seeds; false alarms "
        f"measured on {args.seeds} fresh stable streams of {STABLE_CASES:,} cases.",
        "",
        *summary(results),
    ]
    for scenario, found in results:
        oracle_median = next(m for m in found if m.name == "oracle CUSUM").median
        lines += [
            "",
            f"#### {scenario.name}",
            "",
            "| detector | detected | median delay | p90 delay | x oracle | FA / 1000 |",
            "|---|---|---|---|---|---|",
            *(row(m, oracle_median) for m in found),
        ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this script's marks in RESULTS.md."""
    replaced = replace_marked(path.read_text(encoding="utf-8"), SCRIPT, text)
    if replaced is None:
        start, end = marks(SCRIPT)
        raise SystemExit(f"{path} has no {start} ... {end} block to write into.")
    path.write_text(replaced, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--tune-seeds", type=int, default=60)
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    seeds = range(args.seeds)
    tune = list(range(args.tune_seeds))
    began = time.perf_counter()
    results = []
    for scenario in SCENARIOS:
        if args.only not in scenario.name:
            continue
        at = time.perf_counter()
        results.append((scenario, measure(scenario, seeds=seeds, tune=tune)))
        print(f"{scenario.name}: {time.perf_counter() - at:.0f} s", file=sys.stderr, flush=True)
    text = render(results, args=args, minutes=(time.perf_counter() - began) / 60.0)
    print(text)
    if not args.no_results and not args.only:
        write_section(Path(__file__).with_name("RESULTS.md"), text)


if __name__ == "__main__":
    main()
