"""Each connection's private spill folder: made 0700, removed however the run ends.

The settings that shape it (``TAUT_TEMP_DIR``, ``TAUT_MEMORY_LIMIT``) are checked before
anything is read; their messages are golden files under tests/golden/hostile/bounded-runs/.
"""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taut.cli import app
from taut.errors import ExitCode, SettingError
from taut.ingest.connection import (
    MEMORY_LIMIT,
    SPILL_PREFIX,
    connect,
    connection,
    memory_limit,
    release,
    spill_folder,
)
from tests.golden import assert_golden

GOLDEN = Path(__file__).parents[1] / "golden" / "hostile" / "bounded-runs"
runner = CliRunner()


def _assert_golden(name: str, message: str) -> None:
    assert_golden(GOLDEN / f"{name}.txt", message + "\n")


def _setting(con_setting: str, con: object) -> str:
    raw = con.con  # type: ignore[attr-defined]
    row = raw.execute(f"SELECT current_setting('{con_setting}')").fetchone()
    return str(row[0])


def test_each_connection_spills_to_its_own_private_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAUT_TEMP_DIR", str(tmp_path))
    first, second = connect(), connect()
    folders = [spill_folder(first), spill_folder(second)]
    assert None not in folders
    assert folders[0] != folders[1]
    for con, folder in zip((first, second), folders, strict=True):
        assert folder is not None
        assert folder.parent == tmp_path
        assert folder.name.startswith(SPILL_PREFIX)
        assert folder.stat().st_mode & 0o777 == 0o700
        assert Path(_setting("temp_directory", con)) == folder
    release(first)
    release(second)
    assert list(tmp_path.iterdir()) == []


def test_the_folder_goes_with_the_block_even_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAUT_TEMP_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="boom"):
        _spill_then_fail()
    assert list(tmp_path.iterdir()) == []


def _spill_then_fail() -> None:
    with connection() as con:
        folder = spill_folder(con)
        assert folder is not None
        (folder / "spilled.tmp").write_bytes(b"person data")
        raise RuntimeError("boom")


def test_the_folder_goes_with_the_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAUT_TEMP_DIR", str(tmp_path))
    con = connect()
    assert len(list(tmp_path.iterdir())) == 1
    del con
    gc.collect()
    assert list(tmp_path.iterdir()) == []


_LEAVER = """
import sys
from taut.ingest.connection import connect, spill_folder
con = connect()
print(spill_folder(con), flush=True)
if sys.argv[1] == "interrupt":
    import time
    time.sleep(60)
sys.stdin.readline()  # the test has seen the folder: end now
if sys.argv[1] == "error":
    raise RuntimeError("the run fails")
"""


@pytest.mark.parametrize("ending", ["normal", "error", "interrupt"])
def test_the_folder_is_removed_when_the_process_ends(
    tmp_path: Path, ending: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The atexit backstop: a connection still alive when the interpreter stops."""
    monkeypatch.setenv("TAUT_TEMP_DIR", str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_LEAVER), ending],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        folder = Path(process.stdout.readline().strip())
        assert folder.parent == tmp_path
        assert folder.is_dir()
        if ending == "interrupt":
            process.send_signal(signal.SIGINT)
        _, errors = process.communicate(input="\n", timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == {"normal": 0, "error": 1, "interrupt": -signal.SIGINT}[ending], (
        errors
    )
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_memory_limit_is_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAUT_MEMORY_LIMIT", raising=False)
    assert memory_limit() == MEMORY_LIMIT
    monkeypatch.setenv("TAUT_MEMORY_LIMIT", " 512 mb ")
    assert memory_limit() == "512MB"
    with connection() as con:
        assert _setting("memory_limit", con) == "488.2 MiB"  # 512 MB in DuckDB's own units


def _cli_message(contract: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(contract)])
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.stderr.split())


@pytest.mark.parametrize(
    "case",
    [
        ("temp_dir_missing", "TAUT_TEMP_DIR", "{tmp}/no-such-folder"),
        ("temp_dir_is_a_file", "TAUT_TEMP_DIR", "{tmp}/a-file"),
        ("memory_limit_not_a_size", "TAUT_MEMORY_LIMIT", "lots"),
        ("memory_limit_zero", "TAUT_MEMORY_LIMIT", "0GB"),
    ],
    ids=lambda case: str(case[0]),
)
def test_an_unusable_setting_is_a_usage_error(
    case: tuple[str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_contract: Path,
) -> None:
    name, variable, value = case
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(variable, value.format(tmp=tmp_path))
    with pytest.raises(SettingError):
        connect()
    code, message = _cli_message(sample_contract)
    assert code == ExitCode.USAGE
    shown = message.replace(str(tmp_path), "<tmp>").replace(tempfile.gettempdir(), "<system-tmp>")
    _assert_golden(name, shown)


def test_a_memory_limit_too_small_to_read_the_log_is_named(
    monkeypatch: pytest.MonkeyPatch, sample_contract: Path
) -> None:
    monkeypatch.setenv("TAUT_MEMORY_LIMIT", "1MB")
    code, message = _cli_message(sample_contract)
    assert code == ExitCode.USAGE
    assert "ran out of memory" in message
    assert "TAUT_MEMORY_LIMIT=" in message
    assert "1MB" in message


@pytest.fixture
def sample_contract(tmp_path: Path) -> Path:
    from taut.simulate import sales_handoff  # noqa: PLC0415 - pandas only where needed

    return sales_handoff(seed=1, weeks=2, deals_per_day=5.0).write(tmp_path / "project")
