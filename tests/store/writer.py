"""A second taut process on a store, for the fault tests: ``python -m tests.store.writer``.

Modes (each prints one line when it reaches its point, then waits for a line on stdin):

- ``open URL``: waits, then opens the store (two at once: the first use's migration).
- ``hold URL``: saves a scan inside a write transaction, prints ``saved`` and waits there,
  uncommitted, to be killed.
- ``race URL AS_OF``: prints ``trying``, takes the write lock, reads the open signals, prints
  ``inside``, waits, then opens the signal or marks it seen again as a scan would, and
  commits.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date

from taut.store.database import open_store
from tests.store import samples


def _say(line: str) -> None:
    print(line, flush=True)


def main(mode: str, url: str, *rest: str) -> None:
    if mode == "open":
        _say("ready")
        sys.stdin.readline()
        open_store(url=url)
        _say("opened")
        return
    store = open_store(url=url)
    if mode == "hold":
        with store.writing() as tx:
            first = tx.open_signals()[0]
            later = samples.later(first, as_of=samples.MONDAY, segment={"team": "South"})
            extra = samples.signal(tx.next_id(), check="intake-complete")
            tx.save_scan(  # replaces the stored scan of MONDAY and adds a signal
                samples.scan(raised=9),
                tracked=(later, extra),
                sightings=(samples.sighting(later), samples.sighting(extra)),
            )
            _say("saved")
            sys.stdin.readline()  # killed here, before the commit
        return
    as_of = date.fromisoformat(rest[0])
    _say("trying")
    with store.writing() as tx:
        known = tx.open_signals()
        _say("inside")
        sys.stdin.readline()
        item = samples.signal(1)
        found = next((signal for signal in known if signal.key == item.key), None)
        tracked = (
            replace(samples.signal(tx.next_id(), as_of=as_of))
            if found is None
            else samples.later(found, as_of=as_of, segment=None)
        )
        tx.save_scan(
            samples.scan(as_of),
            tracked=(tracked,),
            sightings=(samples.sighting(tracked, as_of=as_of),),
        )
    _say("saved")


if __name__ == "__main__":
    main(*sys.argv[1:])
