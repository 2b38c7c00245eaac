"""The scan report as plain text, for a person reading a terminal or an email.

Control characters in data (escape sequences that would clear the screen, set a title or make
a link) are shown as visible escapes (:func:`taut.terminal.visible`), once, on the way out.
"""

from __future__ import annotations

from taut.brief.wording import fragility_line, headline, signal_line
from taut.signal.report import ScanReport
from taut.terminal import visible

MAX_WATCHING = 8


def render_text(report: ScanReport) -> str:
    """Short, plain English: what is drifting, what to watch, where it is most fragile.

    Args:
        report: the scan's result.

    Returns:
        The brief, ending with a newline.
    """
    lines = [
        f"{report.process} - scan as of {report.as_of.isoformat()} "
        f"(baseline up to {report.baseline_until.isoformat()})",
        "",
        headline(report),
    ]
    lines.extend(f"  ! {signal_line(signal)}" for signal in report.signals)
    if report.watching:
        lines += ["", f"Watching ({len(report.watching)}):"]
        lines += [f"  - {signal_line(item)}" for item in report.watching[:MAX_WATCHING]]
        if len(report.watching) > MAX_WATCHING:
            lines.append(
                f"  ... and {len(report.watching) - MAX_WATCHING} more (see --format json)"
            )
    lines += ["", "Most fragile, by area (risk-weighted):"]
    for area in report.fragility:
        lines.append(f"  {area.area}: {fragility_line(area.weakest, as_of=report.as_of)}")
    if report.steady:
        lines += ["", "Held steady: " + ", ".join(check for _, check in report.steady)]
    return visible("\n".join(lines)) + "\n"
