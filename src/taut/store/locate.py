"""Where a contract's state store is: the environment, the contract, or beside the contract.

In order:

1. ``TAUT_DATABASE_URL`` in the environment (a shared PostgreSQL server, or a store kept
   away from the contract; an empty value counts as unset);
2. the contract's ``state: {url: ...}``, where a relative SQLite path starts at the
   contract's folder, like ``source.path``;
3. ``.taut/state.db`` in the contract's folder (the folder is made unless the caller only
   reads, ``make_folder=False``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from taut.contract.loader import ContractFile
from taut.errors import StoreError
from taut.store.database import Store, open_store

ENVIRONMENT = "TAUT_DATABASE_URL"
"""The environment variable that names the store, whatever the contract says."""
FOLDER = ".taut"
FILE = "state.db"

Origin = Literal["environment", "contract", "default"]


@dataclass(frozen=True, kw_only=True)
class Location:
    """A store's URL and where taut found it (for messages and ``taut history``)."""

    url: str
    origin: Origin


def locate_store(
    *,
    contract: ContractFile,
    environ: Mapping[str, str] | None = None,
    make_folder: bool = True,
) -> Location:
    """The store of the contract at ``contract``.

    Args:
        contract: the loaded contract (its folder anchors relative and default paths).
        environ: the environment to read ``TAUT_DATABASE_URL`` from (default: this
            process's).
        make_folder: make the default store's ``.taut`` folder if it is missing (a
            command that only reads passes ``False``).

    Raises:
        StoreError: the default store's folder cannot be made.
    """
    variables = os.environ if environ is None else environ
    named = variables.get(ENVIRONMENT, "").strip()
    if named:
        return Location(url=named, origin="environment")
    written = contract.contract.state.url
    if written is not None:
        return Location(url=_anchored(written, base=contract.base_dir), origin="contract")
    folder = contract.base_dir / FOLDER
    if make_folder:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"The state store's folder {folder} cannot be made ({error.strerror}). Make "
                f"it writable, or set {ENVIRONMENT} (or state: {{url: ...}} in the contract) "
                "to a store you can write."
            ) from None
    return Location(url=f"sqlite:///{folder / FILE}", origin="default")


def open_contract_store(
    *, contract: ContractFile, environ: Mapping[str, str] | None = None
) -> Store:
    """Open (and migrate forward) the store of the contract at ``contract``.

    Raises:
        StoreError: the default store's folder cannot be made, or the store cannot be
            opened or migrated (see :func:`taut.store.database.open_store`).
    """
    return open_store(url=locate_store(contract=contract, environ=environ).url)


def stored_nothing(location: Location) -> bool:
    """Whether ``location`` is a SQLite file that does not exist yet: no scan was stored,
    and a command that only reads need not make one."""
    try:
        parsed = make_url(location.url)
    except ArgumentError:
        return False
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return False
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    return not Path(database).expanduser().exists()


def _anchored(url: str, *, base: Path) -> str:
    """A SQLite URL's relative path made to start at ``base``; other URLs as written."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # open_store says what is wrong with it
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    path = Path(database).expanduser()
    if path.is_absolute():
        return url
    return parsed.set(database=str(base / path)).render_as_string(hide_password=False)
