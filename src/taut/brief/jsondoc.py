"""The scan report as JSON (the shape of :meth:`taut.signal.report.ScanReport.to_json_dict`).

With insights, each item of ``signals`` gains ``insight`` (``headline``, ``text``,
``conditions`` [{``field``, ``value``, ...}], ``widespread``, ``spread``, ``consequences``,
``confidence``, ``blank_fields``: :meth:`taut.insight.records.Insight.to_json_dict`).
With reinforcements, each gains ``reinforcements`` (``[{id, title, why}]``, best first) and
``look_first`` (a sentence when none fits, else ``null``):
:meth:`taut.reinforce.records.Recommendation.to_json_dict`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from taut.brief.wording import explained, steadied
from taut.signal.report import ScanReport

if TYPE_CHECKING:
    from taut.insight.records import Insight
    from taut.reinforce.records import Recommendation


def render_json(
    report: ScanReport,
    *,
    insights: Sequence[Insight] = (),
    reinforcements: Sequence[Recommendation] = (),
) -> str:
    """Indented JSON with sorted keys, ending with a newline.

    Raises:
        ValueError: when the insights or reinforcements are not those of the report's
            signals.
    """
    data = report.to_json_dict()
    for item, insight in zip(data["signals"], explained(report, insights), strict=False):
        item["insight"] = insight.to_json_dict()
    steady = steadied(report, reinforcements)
    for item in data["signals"]:
        if item["check"] in steady:
            item.update(steady[item["check"]].to_json_dict())
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
