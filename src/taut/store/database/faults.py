"""What went wrong with a store, said so a person can fix it: database errors as StoreError.

Every failure to open, migrate, read or write a store becomes one :class:`StoreError` that
names the store (its URL with the password masked), what taut was doing, the database's own
reason, and the fix for the usual causes (a missing or read-only folder, a server that is not
running, a wrong password, another writer holding the lock, a file that is not a store).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from taut.errors import StoreError

_FIXES: tuple[tuple[str, str], ...] = (  # (a pattern of the database's words, the fix)
    (
        "unable to open database file",
        "Check that its folder exists and that you may write there, or point "
        "TAUT_DATABASE_URL (or the contract's state: {url: ...}) at a store you can write.",
    ),
    (
        "readonly database",
        "The file (or its folder) is read-only: make both writable, or point "
        "TAUT_DATABASE_URL at a store you can write.",
    ),
    (
        "database is locked",
        "Another taut has been writing to it for over a minute: try again when it is done.",
    ),
    (
        "file is not a database",
        "The file is not a taut store: move it away, or point TAUT_DATABASE_URL elsewhere.",
    ),
    ("disk is full", "Free some space on its disk and run again."),
    (
        "password authentication failed",
        "Check the user and password in the URL (TAUT_DATABASE_URL or state: {url: ...}).",
    ),
    (
        r'database ".*" does not exist',
        "Create the database first (createdb NAME, as a PostgreSQL user that may), "
        "or name one that exists.",
    ),
    (
        "permission denied",
        "The database user may not create or change tables there: grant it, or use "
        "a database that user owns.",
    ),
    (
        "connection",
        "Check that the PostgreSQL server is running and reachable at the host and port "
        "in the URL, and that the user, password and database name are right.",
    ),
)
_BUG = "This is a bug in taut: run again with --debug and report the output."


def reason(error: SQLAlchemyError) -> str:
    """The database's own words for ``error``: its first line, without SQLAlchemy's framing."""
    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original).strip().splitlines()
    return text[0].rstrip(".") if text else type(original).__name__


def fix(words: str) -> str:
    """The fix for a database error said in ``words``.

    >>> fix('relation "scans" does not exist').startswith("This is a bug")
    True
    >>> fix('database "taut" does not exist').startswith("Create the database")
    True
    """
    return next(
        (advice for cause, advice in _FIXES if re.search(cause, words, re.IGNORECASE)), _BUG
    )


@contextmanager
def failing(store: str, *, doing: str) -> Iterator[None]:
    """Turn a database error raised inside into a :class:`StoreError`.

    Args:
        store: the store as it may be shown (URL with the password masked).
        doing: what taut was doing, e.g. ``"opened"``, ``"written"``.
    """
    try:
        yield
    except SQLAlchemyError as error:
        words = reason(error)
        raise StoreError(
            f"The state store {store} cannot be {doing}: {words}. {fix(words)}"
        ) from error
