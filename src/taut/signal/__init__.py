"""Signal: early, calibrated detection of loosening steps on per-case streams.

Detectors turn a stream (0/1 misses, or log-latencies) and a baseline estimate into a
:class:`Detection`; :func:`calibrate_threshold` sets their thresholds for a target
false-alarm rate. See :mod:`taut.signal.detector` for the shared decision rule.
"""

from __future__ import annotations

from taut.signal.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.calibrate import calibrate_threshold, stream_arl0
from taut.signal.cusum import BernoulliCusum
from taut.signal.detector import Detection, Detector
from taut.signal.glr import BernoulliGlr
from taut.signal.latency import LatencyGlr
from taut.signal.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.registry import DETECTORS, detector_class
from taut.signal.scale import ScaleGlr
from taut.signal.spread import SpreadBand

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
