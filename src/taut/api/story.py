"""Contract templates (``taut init --template``) and the demo (``taut demo``): simulate an
area's story, replay its past into the store, record the story's changes on the Monday after
each is made, then brief (docs/demo.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from taut.api.catchup import StoreMoves
from taut.api.memory import remember
from taut.api.monday import briefing
from taut.api.recorded import apply_change
from taut.api.replaying import replay
from taut.errors import UsageError
from taut.signal import ScanReport

if TYPE_CHECKING:
    from collections.abc import Callable

    from taut.brief.briefing import Briefing
    from taut.simulate.story import DemoStory, PlannedChange


@dataclass(frozen=True, kw_only=True)
class DemoRun:
    """What :func:`demo` did.

    Attributes:
        contract: the written ``taut.yaml``.
        story: the simulated story (its drifts are what taut does not see).
        mondays: how many Mondays were replayed into the store.
        recorded: the changes recorded, each on the Monday after it was made.
        briefing: the Monday brief as of the log's last day.
        brief_md, brief_html: the written briefs.
    """

    contract: Path
    story: DemoStory
    mondays: int
    recorded: tuple[PlannedChange, ...]
    briefing: Briefing
    brief_md: Path
    brief_html: Path


def init_contract(directory: str | Path, *, template: str, force: bool = False) -> Path:
    """Write the contract template ``template`` as ``taut.yaml`` in ``directory``.

    Raises:
        UsageError: no template has that name (the closest is named).
        OverwriteError: ``directory`` already holds a ``taut.yaml`` and not ``force``.
        OutputError: the folder or file cannot be written.
    """
    from taut.contract.templates import template_text  # noqa: PLC0415
    from taut.files import check_project_folder, whole_file  # noqa: PLC0415

    text = template_text(template)
    folder = Path(directory)
    check_project_folder(folder, writes=("taut.yaml",), force=force)
    folder.mkdir(parents=True, exist_ok=True)
    with whole_file(folder / "taut.yaml") as part:
        part.write_text(text, encoding="utf-8")
    return folder / "taut.yaml"


DEMO_WRITES = ("taut.yaml", "events.csv", "brief.md", "brief.html", ".taut/state.db")


def demo(
    directory: str | Path,
    *,
    area: str = "handoff",
    seed: int | None = None,
    force: bool = False,
    each_monday: Callable[[ScanReport], None] | None = None,
) -> DemoRun:
    """Run an area's demo story in ``directory`` from a fresh state store.

    Simulates the area (:func:`taut.simulate.story.demo_story`) and writes its log and
    contract template; replays every Monday of its past into the store
    (:func:`replay`, :func:`remember`), recording each of the story's changes on the
    first Monday after it was made (:func:`_record_change`); then briefs as of the log's
    last day (:func:`briefing`) and writes ``brief.md`` and ``brief.html``. Every "now" is
    the Monday the scan ran, so a demo is the same on every run.

    Args:
        directory: where to write (created when missing).
        area: the contract template's name (``handoff``, ``safety``, ``revenue``,
            ``escalation``, ``response``).
        seed: the simulation's seed; ``None``: the stories' own
            (:data:`taut.simulate.story.DEFAULT_SEED`).
        force: replace a demo already in ``directory`` (its store included).
        each_monday: called with each replayed Monday's report, in date order.

    Raises:
        UsageError: ``area`` is not a template's name, or ``TAUT_DATABASE_URL`` is set (the
            demo keeps its own store and never writes into a store the environment names).
        OverwriteError: ``directory`` holds a project and not ``force``.
        StoreError, OutputError: the store or a file cannot be written.
    """
    import os  # noqa: PLC0415

    from taut.files import check_project_folder  # noqa: PLC0415
    from taut.simulate.story import DEFAULT_SEED, demo_story  # noqa: PLC0415
    from taut.store.locate import ENVIRONMENT  # noqa: PLC0415

    if os.environ.get(ENVIRONMENT, "").strip():
        raise UsageError(
            f"{ENVIRONMENT} is set, so the demo's simulated scans would be kept in that store "
            f"rather than in its own ({Path(directory) / '.taut' / 'state.db'}). Run the "
            f"demo without it: env -u {ENVIRONMENT} taut demo ..."
        )
    folder = Path(directory)
    check_project_folder(folder, writes=DEMO_WRITES, force=force)
    story = demo_story(area, seed=DEFAULT_SEED if seed is None else seed)
    (folder / ".taut" / "state.db").unlink(missing_ok=True)
    contract = story.write(folder)
    pending = list(story.changes)
    recorded: list[PlannedChange] = []
    mondays = 0
    last = story.start
    moves = StoreMoves.read(contract)  # each Monday against the store the ones before filled
    for report in replay(contract, moves=moves):
        ran = _ran_at(report.as_of)
        while pending and pending[0].applied_on <= report.as_of:
            recorded.append(_record_change(contract, pending.pop(0), now=ran))
        moves.keep(remember(contract, report, now=ran, replay=True))
        mondays += 1
        last = report.as_of
        if each_monday is not None:
            each_monday(report)
    found, md, html = _demo_brief(contract, folder=folder, last=last)
    return DemoRun(
        contract=contract,
        story=story,
        mondays=mondays,
        recorded=tuple(recorded),
        briefing=found,
        brief_md=md,
        brief_html=html,
    )


def _ran_at(as_of: date) -> datetime:
    """When the scan of ``as_of`` ran: 07:00 UTC the day after (a Monday, for a Sunday)."""
    return datetime.combine(as_of, datetime.min.time(), tzinfo=UTC) + timedelta(hours=31)


def _record_change(contract: Path, change: PlannedChange, *, now: datetime) -> PlannedChange:
    """Record one of the story's changes in the store, as ``taut reinforce apply`` does."""
    apply_change(
        contract,
        check=change.check,
        on=change.applied_on,
        change=change.change,
        playbook=change.playbook,
        now=now,
    )
    return change


def _demo_brief(contract: Path, *, folder: Path, last: date) -> tuple[Briefing, Path, Path]:
    """The Monday brief as of the log's last day (kept in the store, as ``taut brief``
    keeps it), written as ``brief.md`` and ``brief.html`` in ``folder``.

    The HTML inlines the brief's charts as ``taut brief`` does (:func:`charts_for`).
    """
    from taut.brief.charts import charts_for  # noqa: PLC0415
    from taut.brief.monday import render_brief  # noqa: PLC0415
    from taut.files import whole_file  # noqa: PLC0415

    found = briefing(contract, audience="coo", now=_ran_at(last))
    written: list[Path] = []
    for fmt, name in (("md", "brief.md"), ("html", "brief.html")):
        text = render_brief(found, fmt=fmt, charts=charts_for(found) if fmt == "html" else ())
        with whole_file(folder / name) as part:
            part.write_text(text, encoding="utf-8")
        written.append(folder / name)
    return found, written[0], written[1]
