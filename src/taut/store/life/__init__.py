"""A signal's life across scans: pure functions over :mod:`taut.store.records`.

The steps, in the order a scan's data flows through them:

1. :mod:`~taut.store.life.match`: what the scan saw of each check: its lead slice
   (``report.signals`` then ``report.watching``), or that it held steady, or that it could
   not be judged this time;
2. :mod:`~taut.store.life.rules`: the lifecycle a tracked signal takes from what its check
   did (``new``, ``ongoing``, ``recovering``, ``resolved``), the table of the rules;
3. :mod:`~taut.store.life.decisions`: people's decisions laid over it (``acknowledged``,
   ``dismissed`` until a date, ``rebaselined`` from a date), and the ``restarts`` a
   rebaseline gives the next scan's baselines;
4. :mod:`~taut.store.life.reconcile`: one scan against the store: the
   :class:`~taut.store.records.Memory` the brief shows and the rows to save;
5. :mod:`~taut.store.life.answered`: the signals a working recorded change answers,
   closed, their check's baseline restarting on the change's day.

Nothing here reads a database or a clock: the store reads the rows and the caller passes
``now``, so every rule is a table-driven test (``tests/store/life``).
"""

from __future__ import annotations

from taut.store.life.answered import answer, answered_on
from taut.store.life.baselines import episodes, restarts
from taut.store.life.decisions import decide, latest_decisions
from taut.store.life.reconcile import Reconciled, reconcile

__all__ = [
    "Reconciled",
    "answer",
    "answered_on",
    "decide",
    "episodes",
    "latest_decisions",
    "reconcile",
    "restarts",
]
