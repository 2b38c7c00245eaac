"""Charts of the Monday brief: where people would rather look than read.

The steps, in the order the data flows:

1. :mod:`~taut.brief.charts.series`: each check's weekly series on the scan's own terms
   (:func:`~taut.brief.charts.series.check_series`, and
   :func:`~taut.brief.charts.series.series_for` for every series a brief charts), with
   the band a usual week stays within (:mod:`~taut.brief.charts.limits`);
2. the charts as Vega-Lite specs (Altair), sharing one look
   (:mod:`~taut.brief.charts.theme`): the overview of the areas with a sparkline a check
   (:mod:`~taut.brief.charts.overview`), the fragility chart of headroom and projected
   break dates (:mod:`~taut.brief.charts.fragility`), and a control chart per signal
   (:mod:`~taut.brief.charts.control`);
3. :mod:`~taut.brief.charts.gallery`: every chart of a
   :class:`~taut.brief.briefing.Briefing` rendered by vl-convert as a
   :class:`~taut.brief.charts.gallery.Chart` with its SVG
   (:func:`~taut.brief.charts.gallery.charts_for`), and as PNG files
   (:func:`~taut.brief.charts.gallery.write_pngs`).
"""

from __future__ import annotations

from taut.brief.charts.gallery import Chart, chart_name, charts_for, write_pngs
from taut.brief.charts.series import check_series, series_for

__all__ = ["Chart", "chart_name", "charts_for", "check_series", "series_for", "write_pngs"]
