"""Every store test runs twice: on a SQLite file and on a real PostgreSQL server.

The PostgreSQL server is the repository's own (``scripts/postgres.sh``: Debian's package,
a private cluster on a fixed port), started here if ``make test`` has not already; set
``TAUT_TEST_POSTGRES_URL`` to use another server instead. Each test gets a database of its
own, dropped afterwards. When the server cannot be started the PostgreSQL half of every
test FAILS with the script's own message: it is never skipped.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "postgres.sh"
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server's maintenance database, started if need be."""
    named = os.environ.get("TAUT_TEST_POSTGRES_URL", "").strip()
    if named:
        return named
    done = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, check=False, timeout=900
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("TAUT_TEST_POSTGRES_URL="):
        pytest.fail(
            f"scripts/postgres.sh could not start the test PostgreSQL (exit {done.returncode}):"
            f"\n{done.stderr.strip()}",
            pytrace=False,
        )
    return lines[-1].split("=", 1)[1]


def _admin(server: str) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(server)
    return psycopg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database,
        autocommit=True,
    )


@pytest.fixture
def postgresql_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped after it)."""
    name = f"taut_test_{uuid.uuid4().hex[:16]}"
    with _admin(postgres_server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    with _admin(postgres_server) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file that does not exist yet, in a folder of its own."""
    return f"sqlite:///{tmp_path / 'state.db'}"


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest) -> str:
    """A fresh store URL on each engine in turn."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url
