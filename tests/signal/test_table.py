"""The shipped threshold table agrees with its simulation and is where a scan reads thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from taut.api import scan
from taut.errors import ThresholdTableError
from taut.signal.detectors.baseline import BaselineEstimate, RateBaseline
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.model.scoring import standard_latency
from taut.signal.thresholds import lookup, table
from taut.signal.thresholds.lookup import simulated_threshold, snapped, threshold_for
from taut.signal.thresholds.table import (
    LOG_ARL0,
    NoThreshold,
    load_table,
    table_key,
    table_threshold,
)


@pytest.mark.parametrize(
    ("detector", "baseline", "position"),
    [
        (BernoulliGlr(), RateBaseline(rate=0.05, cases=1000), 4.0),
        (LatencyGlr(), standard_latency(500), 5.0),
    ],
    ids=["rate", "latency"],
)
def test_table_entries_rederive(
    detector: Detector, baseline: BaselineEstimate, position: float
) -> None:
    row = load_table()[table_key(detector, baseline)]
    column = list(LOG_ARL0).index(position)
    fresh = simulated_threshold(detector, snapped(detector, baseline), 10.0**position)
    assert row[column] == pytest.approx(fresh, abs=1e-3)


def test_interpolation_between_columns_tracks_the_simulation() -> None:
    detector, baseline = BernoulliGlr(), RateBaseline(rate=0.02, cases=2000)
    arl0 = 10.0**4.1
    tabled = table_threshold(detector, baseline, arl0)
    assert tabled is not None
    assert tabled == pytest.approx(simulated_threshold(detector, baseline, arl0), abs=0.1)


def test_every_threshold_a_scan_asks_for_is_read_from_the_table() -> None:
    detector = BernoulliGlr()
    base = RateBaseline(rate=0.05, cases=2000)
    beyond = table_threshold(detector, base, 1e12)  # past the last column: the closed form
    assert beyond > table_threshold(detector, base, 1e10)
    assert table_threshold(detector, base, 10.0) == load_table()[table_key(detector, base)][0]
    busy = RateBaseline(rate=0.05, cases=3_000_000)  # read at the table's largest baseline
    assert threshold_for(detector=detector, baseline=busy, arl0=1e9) == table_threshold(
        detector, RateBaseline(rate=0.05, cases=500_000), 1e9
    )
    assert threshold_for(detector=detector, baseline=base, arl0=1e4) == table_threshold(
        detector, base, 1e4
    )


def test_a_slice_without_a_threshold_says_why() -> None:
    tiny = RateBaseline(rate=0.5, cases=12)
    with pytest.raises(NoThreshold) as raised:
        threshold_for(detector=BernoulliGlr(), baseline=tiny, arl0=1e7)
    assert raised.value.reason == "baseline_too_small"
    assert raised.value.because == (
        "its baseline of 12 cases is too few to hold it to one false alarm in 10,000,000 cases"
        " (a longer baseline window would)"
    )
    with pytest.raises(NoThreshold) as untabled:
        threshold_for(detector=BernoulliGlr(largest=4.0), baseline=tiny, arl0=1e3)
    assert untabled.value.reason == "not_tabulated"
    assert "bernoulli_glr" in untabled.value.because


@pytest.mark.parametrize("text", [None, "detector,level\nbernoulli_glr,oops\n", ""])
def test_a_missing_or_unreadable_table_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None
) -> None:
    path = tmp_path / "thresholds.csv"
    if text is not None:
        path.write_text(text)
    monkeypatch.setattr(table, "TABLE_PATH", path)
    with pytest.raises(ThresholdTableError, match="Reinstall taut") as raised:
        threshold_for(
            detector=BernoulliGlr(), baseline=RateBaseline(rate=0.05, cases=2000), arl0=1e4
        )
    assert raised.value.path == path


def test_a_scan_never_simulates_a_threshold(
    steady_contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a scan simulated a threshold")

    monkeypatch.setattr(lookup, "false_alarm_rates", refuse)
    monkeypatch.setattr(lookup, "_curve", refuse)
    assert scan(steady_contract).checks


def test_a_tabled_threshold_holds_its_false_alarm_rate_on_fresh_streams() -> None:
    from taut.signal.thresholds.calibrate import false_alarm_rate  # noqa: PLC0415

    detector, base, arl0 = BernoulliGlr(), RateBaseline(rate=0.05, cases=2000), 1000.0
    threshold = table_threshold(detector, base, arl0)
    measured = false_alarm_rate(
        detector=detector,
        baseline=base,
        threshold=threshold,
        horizon=1000,
        replicates=2000,
        seed=4242,
    )
    assert measured * arl0 == pytest.approx(1.0, rel=0.2)
