"""Every detector taut knows, by name, and the one a scan watches each metric with.

Adding a detector is one new file and one line in :data:`DETECTORS`. The contract tests in
``tests/signal/test_registry.py`` run over that dict, so a new detector is tested for
stable streams, step changes, determinism, input immutability and pickling without
writing a test.

:data:`WATCHERS` is the single place that chooses a metric's detector: a scan
(:mod:`taut.signal.decide.watch`, :mod:`taut.signal.model.scoring`) asks :func:`watcher`,
and the threshold table (:mod:`taut.signal.thresholds.table`) reads the same dict to know
which detectors it must cover. Changing a metric's detector is one line here (then
regenerate the table and re-run the scan calibration, ``DEVELOPERS.md``).
"""

from __future__ import annotations

from taut.errors import did_you_mean
from taut.signal.detectors.blanks import BlankGlr
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detector, StreamKind
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.state import Metric

DETECTORS: dict[str, type[Detector]] = {
    BernoulliCusum.name: BernoulliCusum,
    BernoulliGlr.name: BernoulliGlr,
    BlankGlr.name: BlankGlr,
    LatencyGlr.name: LatencyGlr,
    SpreadBand.name: SpreadBand,
    ScaleGlr.name: ScaleGlr,
    OracleRateCusum.name: OracleRateCusum,
    OracleLatencyCusum.name: OracleLatencyCusum,
}

WATCHERS: dict[tuple[Metric, StreamKind], str] = {
    ("missed", "binary"): BernoulliGlr.name,  # 0/1: overdue, skipped, blank, out of order
    ("missed", "count"): BlankGlr.name,  # blank fields per case, several fields
    ("latency", "latency"): LatencyGlr.name,  # the median time taken
    ("spread", "latency"): ScaleGlr.name,  # the spread of the time taken
}
"""The registered detector a scan watches a metric with, by the kind of its stream."""


def watcher(metric: Metric, *, stream: StreamKind) -> Detector:
    """The detector, in its default configuration, that watches ``metric`` on ``stream``.

    Raises:
        KeyError: for a metric and stream no detector is chosen for, listing those that are.

    >>> watcher("missed", stream="count").name
    'blank_glr'
    """
    try:
        name = WATCHERS[(metric, stream)]
    except KeyError:
        known = ", ".join(f"{m} on {k}" for m, k in WATCHERS)
        raise KeyError(
            f"No detector watches {metric} on a {stream} stream; known: {known}."
        ) from None
    return detector_class(name)()


def detector_class(name: str) -> type[Detector]:
    """The detector registered under ``name``.

    Raises:
        KeyError: for an unknown name, listing the known ones and the closest.

    >>> detector_class("bernoulli_glr").__name__
    'BernoulliGlr'
    """
    try:
        return DETECTORS[name]
    except KeyError:
        known = ", ".join(sorted(DETECTORS))
        raise KeyError(
            f"No detector named {name!r}; known: {known}.{did_you_mean(name, DETECTORS)}"
        ) from None
