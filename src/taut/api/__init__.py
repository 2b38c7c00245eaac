"""The Python API: the same steps as the ``taut`` command, returning tables and records.

::

    import taut.api as api
    table = api.outcomes("taut.yaml")   # lazy Ibis table
    frame = table.to_pandas()           # computed

Every function takes the contract's path and returns Ibis tables (lazy; call ``.to_pandas()``
or ``.to_pyarrow()`` to compute them) or frozen records. Errors are :class:`taut.errors.TautError`
subclasses with readable messages.

One module per face of the product, in the order the work flows:

1. :mod:`~taut.api.workspace`: the contract and its log, read and checked;
2. :mod:`~taut.api.scanning`: a scan (states, signals, fragility) and the playbook;
3. :mod:`~taut.api.memory`: the state store (each scan kept, each signal's life, decisions);
4. :mod:`~taut.api.replaying`: history from the first run (every Monday of the log's past);
   :mod:`~taut.api.catchup`: the replay fed by the store, and the Mondays a store missed;
5. :mod:`~taut.api.recorded`: changes made to the work, recorded;
6. :mod:`~taut.api.judging`: those changes judged with a scan (their verdicts);
7. :mod:`~taut.api.explaining`: a scan explained (insights, reinforcements, verdicts);
8. :mod:`~taut.api.monday`: the Monday brief;
9. :mod:`~taut.api.story`: contract templates and the demo;
10. :mod:`~taut.api.notifying`: news of new signals and verdicts, sent once.
"""

from __future__ import annotations

from taut.api.catchup import (
    StoreMoves,
    catch_up,
    latest_kept,
    missed_mondays,
)
from taut.api.explaining import (
    Explained,
    explain,
)
from taut.api.judging import (
    JudgedScan,
    change_restarts,
    judged_changes,
    judged_scan,
)
from taut.api.memory import (
    Keeper,
    StoreHistory,
    acknowledge,
    dismiss,
    history,
    rebaseline,
    remember,
    signals,
    stored_episodes,
    stored_moves,
    stored_restarts,
)
from taut.api.monday import (
    briefing,
)
from taut.api.notifying import (
    Notified,
    notify,
    notify_targets,
)
from taut.api.recorded import (
    AppliedChange,
    Recorded,
    apply_change,
    changes,
    recorded_changes,
    remove_change,
)
from taut.api.replaying import (
    replay,
)
from taut.api.scanning import (
    playbook,
    playbook_path,
    scan,
    states,
)
from taut.api.story import (
    DEMO_WRITES,
    DemoRun,
    demo,
    init_contract,
)
from taut.api.workspace import (
    Workspace,
    open_workspace,
    outcomes,
    review_baseline,
)

__all__ = [
    "DEMO_WRITES",
    "AppliedChange",
    "DemoRun",
    "Explained",
    "JudgedScan",
    "Keeper",
    "Notified",
    "Recorded",
    "StoreHistory",
    "StoreMoves",
    "Workspace",
    "acknowledge",
    "apply_change",
    "briefing",
    "catch_up",
    "change_restarts",
    "changes",
    "demo",
    "dismiss",
    "explain",
    "history",
    "init_contract",
    "judged_changes",
    "judged_scan",
    "latest_kept",
    "missed_mondays",
    "notify",
    "notify_targets",
    "open_workspace",
    "outcomes",
    "playbook",
    "playbook_path",
    "rebaseline",
    "recorded_changes",
    "remember",
    "remove_change",
    "replay",
    "review_baseline",
    "scan",
    "signals",
    "states",
    "stored_episodes",
    "stored_moves",
    "stored_restarts",
]
