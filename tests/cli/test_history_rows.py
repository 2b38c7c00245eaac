"""``taut history``'s row of one scan's sighting of a signal: its figures, or why none.

The review's receipt store (scans as of 2011-02-27, 2011-03-06 and 2011-04-10, the Mondays
between caught up) listed receipt-checked-2d's spread on 2011-03-27 as
``improved    recovering   n/a → n/a``: that scan read the check on its share missed, so
it kept no figures of the signal's spread. A row with neither figure says why instead.
"""

from __future__ import annotations

from dataclasses import replace

from taut.api import StoreHistory
from taut.cli.history import history_lines
from taut.store.records import History, Sighting, SignalHistory
from tests.store import samples


def _rows(*sightings: Sighting) -> list[str]:
    tracked = samples.signal(1)
    found = StoreHistory(
        store="<store>",
        history=History(
            scans=(samples.scan(),),
            signals=(SignalHistory(signal=tracked, sightings=sightings),),
        ),
    )
    return history_lines(found, process="Sales to Operations handoff")[-len(sightings) :]


def test_a_row_without_figures_says_why_never_n_a_to_n_a() -> None:
    seen = samples.sighting(samples.signal(1))
    other = replace(seen, state="improved", baseline=None, current=None, cases=None)
    steady = replace(other, state="steady")
    measured, read_elsewhere, held = _rows(seen, other, steady)
    assert "→" in measured
    assert "n/a" not in read_elsewhere
    assert "no figures (its check was read on another measure, or not judged)" in read_elsewhere
    assert "n/a" not in held
    assert "no figures (its check held steady)" in held


def test_a_row_with_one_figure_keeps_it() -> None:
    seen = samples.sighting(samples.signal(1))
    (row,) = _rows(replace(seen, current=None))
    assert "→ n/a" in row


def test_a_spread_row_reads_in_two_digits_as_the_briefs_do() -> None:
    """A spread's figures as the briefs write them ("2,700x -> 11,000x"), never
    "2715.9x → 11520.0x" (the review's receipt spread)."""
    spread = replace(samples.signal(1), metric="spread")
    seen = replace(samples.sighting(spread), baseline=2715.9, current=11520.0)
    found = StoreHistory(
        store="<store>",
        history=History(
            scans=(samples.scan(),),
            signals=(SignalHistory(signal=spread, sightings=(seen,)),),
        ),
    )
    (row,) = history_lines(found, process="Sales to Operations handoff")[-1:]
    assert "2,700x → 11,000x" in row
    assert "2715.9" not in row
