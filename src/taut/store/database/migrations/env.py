"""Alembic's environment for the state store: run by :mod:`taut.store.database.migrate`.

taut runs its migrations itself, on a connection it opened and locked (see
``migrate.upgrade``), so there is no ``alembic.ini``: the connection arrives in
``config.attributes["connection"]``. pytest does not import this file (``--ignore-glob``
in pyproject.toml): it only makes sense inside Alembic.
"""

from __future__ import annotations

from alembic import context

from taut.store.database.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
context.run_migrations()
