"""Every detector taut knows, by name: adding one is one new file and one line here.

The contract tests in ``tests/signal/test_registry.py`` run over this dict, so a new
detector is tested for stable streams, step changes, determinism, input immutability and
pickling without writing a test.
"""

from __future__ import annotations

from taut.errors import did_you_mean
from taut.signal.detectors.blanks import BlankGlr
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand

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
