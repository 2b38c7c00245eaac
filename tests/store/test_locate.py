"""Where a contract's store is: TAUT_DATABASE_URL, else the contract's state url, else
``.taut/state.db`` beside the contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from taut.contract import load_contract
from taut.contract.loader import ContractFile
from taut.errors import ContractError, StoreError
from taut.store.locate import locate_store, open_contract_store

EXAMPLE = Path(__file__).resolve().parents[1] / "contract" / "example.yaml"


def _contract(folder: Path, extra: str = "") -> ContractFile:
    path = folder / "taut.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return load_contract(path)


def test_the_default_store_is_beside_the_contract_and_its_folder_made(tmp_path: Path) -> None:
    contract = _contract(tmp_path)
    found = locate_store(contract=contract, environ={}, make_folder=False)
    assert found.origin == "default"
    assert found.url == f"sqlite:///{tmp_path / '.taut' / 'state.db'}"
    assert not (tmp_path / ".taut").exists()  # a reader's look makes nothing
    assert locate_store(contract=contract, environ={}) == found
    assert (tmp_path / ".taut").is_dir()
    store = open_contract_store(contract=contract, environ={})
    assert store.name == str(tmp_path / ".taut" / "state.db")
    assert (tmp_path / ".taut" / "state.db").is_file()


def test_the_contract_names_a_store_and_a_relative_file_starts_at_its_folder(
    tmp_path: Path,
) -> None:
    relative = _contract(tmp_path, "state: {url: 'sqlite:///memory/taut.db'}\n")
    assert locate_store(contract=relative, environ={}).url == (
        f"sqlite:///{tmp_path / 'memory' / 'taut.db'}"
    )
    server = _contract(tmp_path, "state: {url: 'postgresql://taut@db.example:5432/taut'}\n")
    found = locate_store(contract=server, environ={"TAUT_DATABASE_URL": "  "})  # blank: unset
    assert (found.url, found.origin) == ("postgresql://taut@db.example:5432/taut", "contract")
    assert not (tmp_path / ".taut").exists()


def test_the_environment_wins_over_the_contract(tmp_path: Path) -> None:
    contract = _contract(tmp_path, "state: {url: 'sqlite:///memory/taut.db'}\n")
    url = "postgresql://taut:pw@db.example/taut"
    found = locate_store(contract=contract, environ={"TAUT_DATABASE_URL": url})
    assert (found.url, found.origin) == (url, "environment")


def test_a_contract_naming_another_kind_of_database_is_a_contract_error(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="SQLite or PostgreSQL only, not 'mysql'"):
        _contract(tmp_path, "state: {url: 'mysql://taut@db/taut'}\n")


def test_a_default_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    contract = _contract(tmp_path)
    (tmp_path / ".taut").write_text("a file in the way\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"\.taut cannot be made .*TAUT_DATABASE_URL"):
        open_contract_store(contract=contract, environ={})
