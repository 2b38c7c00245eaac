"""The scan report as JSON (the shape of :meth:`taut.signal.report.ScanReport.to_json_dict`)."""

from __future__ import annotations

import json

from taut.signal.report import ScanReport


def render_json(report: ScanReport) -> str:
    """Indented JSON with sorted keys, ending with a newline."""
    return json.dumps(report.to_json_dict(), indent=2, sort_keys=True) + "\n"
