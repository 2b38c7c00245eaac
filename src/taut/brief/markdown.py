"""The scan report as Markdown, for a pull request, a wiki or a chat message."""

from __future__ import annotations

from taut.brief.wording import fragility_line, headline, metric_value, share
from taut.signal.budget import Signal
from taut.signal.report import ScanReport


def _row(signal: Signal) -> str:
    cells = (
        signal.check,
        signal.area,
        signal.risk,
        signal.where,
        signal.state,
        signal.metric,
        signal.since.isoformat() if signal.since else "",
        signal.raised.isoformat() if signal.raised else "",
        metric_value(signal, signal.baseline),
        metric_value(signal, signal.current),
        f"{signal.cases:,}",
    )
    return "| " + " | ".join(cells) + " |"


def _table(signals: tuple[Signal, ...]) -> list[str]:
    head = (
        "| check | area | risk | where | state | metric | since | raised | baseline | now | cases |"
    )
    return [head, "|" + "---|" * 11, *(_row(signal) for signal in signals)]


def render_markdown(report: ScanReport) -> str:
    """Headline, signals and watching as tables, fragility as a list."""
    lines = [
        f"# {report.process}: scan as of {report.as_of.isoformat()}",
        "",
        f"**{headline(report)}** Baseline up to {report.baseline_until.isoformat()}; "
        f"at most {report.budget} new signals a scan.",
    ]
    if report.signals:
        lines += ["", "## Signals", "", *_table(report.signals)]
    if report.watching:
        lines += ["", "## Watching", "", *_table(report.watching)]
    lines += ["", "## Most fragile areas", ""]
    for area in report.fragility:
        weakest = area.weakest
        lines.append(
            f"- **{area.area}** (score {area.score:.2f}): "
            f"{fragility_line(weakest, as_of=report.as_of)}; "
            f"recent {share(weakest.current)} over {weakest.cases:,} cases"
        )
    if report.steady:
        lines += [
            "",
            "## Held steady",
            "",
            *(f"- {check} ({area})" for area, check in report.steady),
        ]
    return "\n".join(lines) + "\n"
