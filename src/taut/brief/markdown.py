"""The scan report as Markdown, for a pull request, a wiki or a chat message."""

from __future__ import annotations

from taut.brief.wording import TABLE_COLUMNS, fragility_line, headline, share, table_cells
from taut.signal.budget import Signal
from taut.signal.report import ScanReport


def _row(signal: Signal) -> str:
    return "| " + " | ".join(table_cells(signal)) + " |"


def _table(signals: tuple[Signal, ...]) -> list[str]:
    head = "| " + " | ".join(TABLE_COLUMNS) + " |"
    rule = "|" + "---|" * len(TABLE_COLUMNS)
    return [head, rule, *(_row(signal) for signal in signals)]


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
