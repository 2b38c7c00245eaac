"""Signal: early, calibrated detection of loosening steps on per-case streams.

The stage in the order data flows: ``inputs/`` (the casebook, streams and segments),
``detectors/`` (and their registry), ``model/`` (risk adjustment, pooling, dispersion),
``thresholds/``, :mod:`~taut.signal.allocation` (the false-alarm budget split), ``decide/``
(states, dating, fragility, the alert cap), then :mod:`~taut.signal.scan` (the scan as an
ordered list of steps) and :mod:`~taut.signal.report`.

What other stages use is exported here: :func:`scan_outcomes` (the whole scan),
:func:`slice_states` (every slice's state before the alert budget), the records they return,
and the one severity order of states. Detectors turn a stream (0/1 misses, or
log-latencies) and a baseline estimate into a :class:`Detection`;
:func:`calibrate_threshold` sets their thresholds for a target false-alarm rate. See
:mod:`taut.signal.detectors.detector` for the shared decision rule.
"""

from __future__ import annotations

from taut.signal.allocation import SCAN_CALIBRATION, ScanCalibration, stream_arl0
from taut.signal.decide.cap import Signal
from taut.signal.detectors.baseline import BaselineEstimate, LatencyBaseline, RateBaseline
from taut.signal.detectors.cusum import BernoulliCusum
from taut.signal.detectors.detector import Detection, Detector
from taut.signal.detectors.glr import BernoulliGlr
from taut.signal.detectors.latency import LatencyGlr
from taut.signal.detectors.oracle import OracleLatencyCusum, OracleRateCusum
from taut.signal.detectors.registry import DETECTORS, WATCHERS, detector_class, watcher
from taut.signal.detectors.scale import ScaleGlr
from taut.signal.detectors.spread import SpreadBand
from taut.signal.inputs.clock import hours_since_epoch
from taut.signal.report import ScanReport
from taut.signal.scan import STEPS, scan_outcomes, slice_states
from taut.signal.state import STATES, CheckState, NotWatched, State, severity, worst
from taut.signal.thresholds.calibrate import calibrate_threshold

__all__ = [
    "DETECTORS",
    "SCAN_CALIBRATION",
    "STATES",
    "STEPS",
    "WATCHERS",
    "BaselineEstimate",
    "BernoulliCusum",
    "BernoulliGlr",
    "CheckState",
    "Detection",
    "Detector",
    "LatencyBaseline",
    "LatencyGlr",
    "NotWatched",
    "OracleLatencyCusum",
    "OracleRateCusum",
    "RateBaseline",
    "ScaleGlr",
    "ScanCalibration",
    "ScanReport",
    "Signal",
    "SpreadBand",
    "State",
    "calibrate_threshold",
    "detector_class",
    "hours_since_epoch",
    "scan_outcomes",
    "severity",
    "slice_states",
    "stream_arl0",
    "watcher",
    "worst",
]
