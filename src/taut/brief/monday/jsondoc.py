"""The Monday brief as JSON: every section and every detail, whatever the audience.

The audience changes only the ``audience`` field and what the other formats put forward
(:mod:`taut.brief.monday.emphasis`), never the analysis: a program reads the same sections
for a COO, a CHRO and L&D. Alongside the sentences, ``analysis`` is the scan's own JSON
(``taut scan --format json``'s shape) and ``reinforcements`` the recorded changes with
their verdicts (``JudgedChange.to_json_dict()``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from taut.brief.briefing import Briefing
from taut.brief.monday.compose import compose_brief
from taut.brief.monday.figures import Figure


def render_json(briefing: Briefing, *, charts: Sequence[Figure] = ()) -> str:
    """``{"brief": {...sections}, "analysis": {...scan}, "reinforcements": [...],
    "series": [...], "charts": [{name, title}]}`` as indented JSON."""
    brief = compose_brief(briefing)
    document = {
        "brief": brief.to_json_dict(),
        "analysis": briefing.report.to_json_dict(),
        "reinforcements": [item.to_json_dict() for item in briefing.changes],
        "series": [
            {
                "area": item.area,
                "check": item.check,
                "metric": item.metric,
                "target": item.target,
                "baseline": item.baseline,
                "band": None if item.band is None else list(item.band),
                "points": [
                    {"week": p.week.isoformat(), "cases": p.cases, "value": _number(p.value)}
                    for p in item.points
                ],
            }
            for item in briefing.series
        ],
        "charts": [{"name": chart.name, "title": chart.title} for chart in charts],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)  # NaN: a week with no cases
