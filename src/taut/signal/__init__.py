"""Signal: early, calibrated detection of loosening steps on per-case streams.

Detectors turn a stream (0/1 misses, or log-latencies) and a baseline estimate into a
:class:`Detection`; :func:`calibrate_threshold` sets their thresholds for a target
false-alarm rate. See :mod:`taut.signal.detectors.detector` for the shared decision rule.
"""

from __future__ import annotations

from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detection, Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.detectors.registry import DETECTORS, detector_class
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.thresholds.calibrate import calibrate_threshold, stream_arl0

__all__ = [
    "DETECTORS",
    "BaselineEstimate",
    "BernoulliCusum",
    "BernoulliGlr",
    "Detection",
    "Detector",
    "LatencyBaseline",
    "LatencyGlr",
    "OracleLatencyCusum",
    "OracleRateCusum",
    "RateBaseline",
    "ScaleGlr",
    "SpreadBand",
    "calibrate_threshold",
    "detector_class",
    "stream_arl0",
]
