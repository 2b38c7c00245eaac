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

Run: ``.venv/bin/python benchmarks/detection_core.py --seeds 50`` (about 10 minutes).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import ruptures as rpt
from river import drift

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


def cases(value: float) -> str:
    return "never" if math.isinf(value) else f"{value:.0f}"


def row(name: str, delay: FloatArray, oracle_median: float, fa: float) -> str:
    hit = np.isfinite(delay)
    median = float(np.median(delay))
    p90 = float(np.percentile(delay, 90, method="inverted_cdf"))  # inf-safe
    ratio = "-" if math.isinf(median) else f"{median / oracle_median:.2f}"
    return (f"| {name} | {hit.mean():.0%} | {cases(median)} | {cases(p90)} | {ratio} | "
            f"{fa * 1000:.2f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--tune-seeds", type=int, default=60)
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    args = parser.parse_args()
    seeds = range(args.seeds)
    tune = list(range(args.tune_seeds))
    print(f"ARL0 = {ARL0:.0f} cases, baseline {BASELINE_CASES} cases, onset {ONSET}, "
          f"{args.seeds} seeds; delays in cases from onset\n")  # fmt: skip
    for scenario in SCENARIOS:
        if args.only not in scenario.name:
            continue
        began = time.perf_counter()
        print(f"### {scenario.name}\n")
        print("| detector | detected | median delay | p90 delay | x oracle | FA / 1000 |")
        print("|---|---|---|---|---|---|")
        finders = {**ours(scenario), **tuned_peers(scenario, tune)}
        oracle_median = float(np.median(delays(finders["oracle CUSUM"], scenario, seeds)))
        for name, alarms in finders.items():
            delay = delays(alarms, scenario, seeds)
            fa = false_alarm_rate(alarms, scenario, list(range(100, 100 + args.seeds)))
            print(row(name, delay, oracle_median, fa))
        print(f"\n({time.perf_counter() - began:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main()
