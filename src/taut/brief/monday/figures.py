"""The charts a brief places: anything with a name, a title and its SVG.

The charts themselves are drawn by :mod:`taut.brief.charts` (``charts_for(briefing)``);
a format only places them: a step's control chart beside the step (named
``control-<check>``), every other chart under the first question. This protocol is all a
format needs of them, so the formats do not depend on how a chart is made.
"""

from __future__ import annotations

from typing import Protocol


class Figure(Protocol):
    """A rendered chart: ``name`` (``control-ack-within-24h``, ``overview`` ...), ``title``
    (what it shows, in words, also its text alternative) and ``svg`` (the whole SVG)."""

    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def svg(self) -> str: ...
