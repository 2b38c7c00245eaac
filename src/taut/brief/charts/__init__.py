"""Charts of the Monday brief: where people would rather look than read.

The steps, in the order the data flows:

1. :mod:`~taut.brief.charts.series`: each check's weekly series on the scan's own terms
   (:func:`~taut.brief.charts.series.check_series`, :func:`~taut.brief.charts.series.series_for`),
   with the band a steady week stays within (:mod:`~taut.brief.charts.limits`).
"""

from __future__ import annotations

from taut.brief.charts.series import check_series, series_for

__all__ = ["check_series", "series_for"]
