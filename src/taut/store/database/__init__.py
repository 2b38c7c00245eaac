"""The state store's database: SQLAlchemy Core tables, Alembic migrations, reads and writes.

Open a store with :func:`open_store` (it migrates forward on first use), read with
:class:`Store`'s methods, and write a scan in one :meth:`Store.writing` transaction::

    store = open_store(url="sqlite:///.taut/state.db")
    with store.writing() as tx:
        open_now = tx.open_signals()
        ...                                    # the life of each signal decides
        tx.save_scan(entry, tracked=tracked, sightings=seen)

Modules, in the order a store is opened and used: :mod:`~.engine` (URL, engine, write
lock), :mod:`~.migrate` (Alembic, scripts in ``migrations/``), :mod:`~.tables` (the
schema), :mod:`~.rows` (records to rows), :mod:`~.faults` (errors as ``StoreError``),
:mod:`~.writing` (the write transaction), :mod:`~.store` (the store).
"""

from __future__ import annotations

from taut.store.database.store import Store, open_store
from taut.store.database.writing import Writing

__all__ = ["Store", "Writing", "open_store"]
