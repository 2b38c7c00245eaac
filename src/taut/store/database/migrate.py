"""Moving a store's schema forward (and, for tests and downgrades, back) with Alembic.

The migration scripts ship inside the package (``migrations/versions``), one file a schema
change, each with its ``upgrade`` and ``downgrade``. taut runs them itself on a connection it
already opened, in the caller's transaction, so no ``alembic.ini`` is needed: a store opened
by :func:`taut.store.database.open_store` is moved to :func:`head` before its first use,
under the write lock so that two first uses at once migrate it once.

Adding a schema change: change :mod:`~taut.store.database.tables`, then write the next file
in ``migrations/versions`` (``revision = "0003"``, ``down_revision = "0002"``) by hand or
with ``alembic revision`` pointed at ``migrations``. ``tests/store/test_migrations.py`` checks
that the scripts at head build exactly the tables of ``tables.py``, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

SCRIPTS = Path(__file__).with_name("migrations")
"""The Alembic script folder shipped with taut (``env.py`` and ``versions``)."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest schema revision this taut knows."""
    found = _scripts().get_current_head()
    if found is None:  # pragma: no cover - the package ships its scripts
        raise RuntimeError(f"no migration scripts in {SCRIPTS}")
    return found


def revisions() -> tuple[str, ...]:
    """Every schema revision this taut knows, oldest first."""
    return tuple(reversed([script.revision for script in _scripts().walk_revisions()]))


def current(connection: Connection) -> str | None:
    """The store's schema revision (``None``: an empty database, never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def known(revision: str) -> bool:
    """Whether this taut has the migration script of ``revision``."""
    return revision in revisions()


def upgrade(connection: Connection, *, to: str = "head") -> None:
    """Run every migration from the store's revision up to ``to``, in the open transaction."""
    command.upgrade(_config(connection), to)


def downgrade(connection: Connection, *, to: str = "base") -> None:
    """Undo migrations down to ``to`` (``base``: an empty store), in the open transaction."""
    command.downgrade(_config(connection), to)
