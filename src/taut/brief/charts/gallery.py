"""The charts of one brief, rendered: SVG for the HTML brief, PNG for e-mail.

:func:`charts_for` makes every chart a :class:`~taut.brief.briefing.Briefing` calls for,
in the order a brief shows them: the overview of the areas, the fragility chart, then a
control chart for each signal and each watched check (the report's order), named by
:func:`chart_name` so a renderer can put each beside its signal. A chart with nothing to
draw (no series, no recent cases) is left out, never drawn empty.

Rendering is vl-convert's (Vega-Lite compiled and drawn in-process, no browser, no
network): SVG with its text as text (it scales on a phone, prints sharply and reads to a
screen reader: the root element carries the chart's title and subtitle as its accessible
name), and PNG at twice the size for e-mail (:func:`write_pngs`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vl_convert

from taut.brief.briefing import Briefing, CheckSeries
from taut.brief.charts import theme
from taut.brief.charts.control import Flagged, control_chart
from taut.brief.charts.fragility import fragility_chart
from taut.brief.charts.overview import overview_chart
from taut.brief.charts.series import chart_metric
from taut.brief.lifecycle import tracked_of
from taut.files import output_error, whole_file
from taut.signal.decide.cap import Signal
from taut.store.records import OPEN_LIFECYCLES, Memory


@dataclass(frozen=True, kw_only=True)
class Chart:
    """One rendered chart of a brief.

    Attributes:
        name: a file-safe name (``overview``, ``fragility``, ``control-ack-present``):
            the PNG's file name, and how a renderer finds a signal's chart
            (:func:`chart_name`).
        title: the chart's title in words.
        description: its title and subtitle as one text (alt text, a caption).
        spec: the Vega-Lite specification (data inline).
        svg: the chart as SVG, ready to inline in HTML.
    """

    name: str
    title: str
    description: str
    spec: dict[str, Any]
    svg: str

    def png(self, *, scale: float = theme.PNG_SCALE) -> bytes:
        """The chart as PNG, ``scale`` times its size (twice by default: sharp in e-mail).

        Drawn from the SVG (the same picture, without compiling the spec again).
        """
        data: bytes = vl_convert.svg_to_png(self.svg, scale=scale)
        return data


def _slug(text: str) -> str:
    """Text as a lower-case, file-safe name.

    >>> _slug("ack-present team North/East")
    'ack-present-team-north-east'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def chart_name(signal: Signal) -> str:
    """The name of a signal's control chart: the check, then the metric and segment if any.

    >>> from datetime import date
    >>> chart_name(Signal(area="A", check="ack-24h", risk="high", state="drifting",
    ...     since=None, raised=None, segment={"team": "North"}, metric="latency",
    ...     baseline=1.0, current=2.0, cases=1, baseline_cases=1, direction="up",
    ...     confidence=1.0))
    'control-ack-24h-latency-team-north'
    """
    parts = [signal.check]
    if signal.metric != "missed":
        parts.append(signal.metric)
    parts.extend(f"{name} {value}" for name, value in (signal.segment or {}).items())
    return "control-" + _slug(" ".join(parts))


def svg_of(spec: dict[str, Any]) -> str:
    """The spec drawn as SVG, its root carrying the chart's description as accessible name."""
    svg: str = vl_convert.vegalite_to_svg(spec)
    label = html.escape(str(spec.get("description", "")), quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def make_chart(*, name: str, spec: dict[str, Any]) -> Chart:
    """A :class:`Chart` of a finished spec (:func:`~taut.brief.charts.theme.finish`)."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return Chart(
        name=name,
        title=str(text),
        description=str(spec.get("description", text)),
        spec=spec,
        svg=svg_of(spec),
    )


def _series_of(signal: Signal, series: tuple[CheckSeries, ...]) -> CheckSeries | None:
    """The series of a signal's slice and metric, else its whole check's in that metric."""
    metric = chart_metric(signal.metric)
    mine = [s for s in series if s.check == signal.check and s.metric == metric]
    exact = [s for s in mine if (s.segment or None) == (signal.segment or None)]
    whole = [s for s in mine if s.segment is None]
    found = exact or whole
    return found[0] if found and found[0].points else None


def flagged_of(signal: Signal, memory: Memory | None) -> Flagged:
    """The day a signal's chart says taut flagged it: without a store, the scan's own
    ``raised``; with one, the store's first raising of the signal (the date the brief's
    words quote), or none when the store does not track it as open."""
    if memory is None:
        return "raised"
    tracked = tracked_of(memory, signal)
    if tracked is None or tracked.lifecycle not in OPEN_LIFECYCLES:
        return None
    return tracked.first_raised


def charts_for(briefing: Briefing) -> tuple[Chart, ...]:
    """Every chart of the brief, in the order it shows them (module docstring)."""
    report = briefing.report
    charts: list[Chart] = []
    whole = [s for s in briefing.series if s.metric == "missed" and s.segment is None and s.points]
    if whole:
        spec = overview_chart(report=report, series=briefing.series)
        charts.append(make_chart(name="overview", spec=spec))
    if any(item.headroom is not None for item in report.checks):
        charts.append(make_chart(name="fragility", spec=fragility_chart(report=report)))
    names: set[str] = set()
    for signal in (*report.signals, *report.watching):
        series = _series_of(signal, briefing.series)
        name = chart_name(signal)
        if series is None or name in names:
            continue
        names.add(name)
        spec = control_chart(
            signal=signal,
            series=series,
            changes=briefing.changes,
            flagged=flagged_of(signal, briefing.memory),
        )
        charts.append(make_chart(name=name, spec=spec))
    return tuple(charts)


def write_pngs(
    briefing: Briefing, directory: str | Path, *, charts: Sequence[Chart] | None = None
) -> tuple[Path, ...]:
    """Write each chart of the brief as ``NAME.png`` in ``directory`` (made if missing).

    Each file is written whole or not at all (:func:`taut.files.whole_file`).

    Args:
        briefing: the brief.
        directory: where to write.
        charts: the brief's charts when already made (:func:`charts_for`, e.g. for the
            HTML brief): they are not drawn again; ``None`` makes them.

    Returns:
        The paths written, in the order of :func:`charts_for`.

    Raises:
        OutputError: the folder cannot be made or a file cannot be written.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(error, target=str(folder)) from None
    written: list[Path] = []
    for chart in charts_for(briefing) if charts is None else charts:
        target = folder / f"{chart.name}.png"
        with whole_file(target) as part:
            part.write_bytes(chart.png())
        written.append(target)
    return tuple(written)
