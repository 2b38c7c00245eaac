"""Opening a store's database: the URL checked, the engine made, the lock taken for a write.

A store is a SQLAlchemy URL: ``sqlite:///path/to/state.db`` (the default, see
:mod:`taut.store.locate`) or ``postgresql://user:password@host:5432/name`` (run through
psycopg 3 whatever driver the URL names). Every failure here is a :class:`StoreError` that
names the store with its password masked, what failed and the fix.

Writes are serialised: :func:`write_lock` makes one transaction at a time the only writer.
On SQLite it is ``BEGIN IMMEDIATE`` (the database's write lock, taken at the start of the
transaction instead of at its first write, so two scans cannot both read the old signals and
both open the same one); on PostgreSQL a transaction-level advisory lock
(``pg_advisory_xact_lock``), released at commit, at rollback, or when the connection dies
with the process that held it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from taut.errors import StoreError

BUSY_SECONDS = 60.0
"""How long a SQLite writer waits for another's write lock before giving up."""
CONNECT_SECONDS = 10
"""How long a PostgreSQL connection attempt may take before the store is called unreachable."""
LOCK_KEY = 0x7A_75_74_00_5354
"""The PostgreSQL advisory lock's key (one per database) that every taut writer takes."""
_WRITE = "taut_write"
_DRIVERS = {"sqlite": "sqlite+pysqlite", "postgresql": "postgresql+psycopg"}


def masked(url: str | URL) -> str:
    """The URL as it may be shown: its password replaced by ``***``.

    >>> masked("postgresql://taut:secret@db.example:5432/taut")
    'postgresql://taut:***@db.example:5432/taut'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<a URL that cannot be read>"


def shown(url: str) -> str:
    """The store as messages name it: a SQLite store by its file, others by their URL with
    the password masked.

    >>> shown("sqlite:////srv/taut/.taut/state.db"), shown("postgresql://t:pw@db/taut")
    ('/srv/taut/.taut/state.db', 'postgresql://t:***@db/taut')
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return masked(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return masked(parsed)


def parse(url: str) -> URL:
    """Read a store URL, on the driver taut uses for its database kind.

    Raises:
        StoreError: the URL cannot be read, or names a database kind taut cannot keep a
            store in (only SQLite and PostgreSQL).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            "The state store's URL cannot be read. Write it as "
            "'sqlite:///path/to/state.db' or 'postgresql://user:password@host:5432/name' "
            "(in TAUT_DATABASE_URL or the contract's state: {url: ...})."
        ) from None
    backend = "postgresql" if parsed.get_backend_name() == "postgres" else parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise StoreError(
            f"The state store {masked(parsed)} is a {backend} database; taut keeps its store "
            "in SQLite or PostgreSQL only. Use 'sqlite:///path/to/state.db' or "
            "'postgresql://user:password@host:5432/name'."
        )
    return parsed.set(drivername=_DRIVERS[backend])


def create(url: URL) -> Engine:
    """An engine for the store at ``url`` (from :func:`parse`); nothing is connected yet."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_SECONDS})


def writing(connection: Connection) -> Connection:
    """The same connection, marked so its next transaction is the store's only writer."""
    return connection.execution_options(**{_WRITE: True})


def write_lock(connection: Connection) -> None:
    """Take the write lock inside the connection's open transaction (PostgreSQL's part;
    on SQLite the transaction already began with the lock, see :func:`_sqlite_begin`)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off so that SQLAlchemy's "begin"
    # (below) says how each transaction starts. Foreign keys are off in SQLite unless asked.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # Transaction control, not a query: SQLAlchemy Core has no expression for it.
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
