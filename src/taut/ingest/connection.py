"""One DuckDB connection per run, with a private spill folder that lives exactly as long.

DuckDB keeps taut's tables in memory up to a limit (:data:`MEMORY_LIMIT`, or the
``TAUT_MEMORY_LIMIT`` environment variable) and beyond it writes blocks to files in a
temporary folder. Those files hold the event log, person column included, so each
connection gets a folder of its own:

- made by :func:`tempfile.mkdtemp` (a fresh, unguessable name, mode 0700: only the user
  running taut can list or read it) in the system's temporary folder, or in the folder
  named by ``TAUT_TEMP_DIR``;
- removed with everything in it when the connection is released: by :func:`connection`
  at the end of its ``with`` block, when the connection is garbage-collected, or at the
  latest when the interpreter exits (normally, with an error, or after Ctrl-C), whichever
  comes first.

Two runs at once therefore never share a file, so any number of them can spill side by
side. (A process killed outright, by ``SIGKILL`` or a crash, cannot clean up after
itself: its folder, named ``taut-spill-*``, is left for the system's temp cleaner.)

A configured folder that is missing or not writable, and a memory limit that is not a
size, are :class:`~taut.errors.SettingError` (exit 2) before anything is read.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import ibis

from taut.errors import SettingError

logger = logging.getLogger(__name__)

MEMORY_LIMIT = "2GB"
"""DuckDB's memory limit on each connection, unless ``TAUT_MEMORY_LIMIT`` says otherwise:
beyond it, DuckDB spills to the connection's own folder. Measured on 10M events (2 cores),
the outcomes run in 2.4 GB peak instead of 4.8 GB with DuckDB's default (80% of memory),
in the same time."""
MEMORY_LIMIT_VARIABLE = "TAUT_MEMORY_LIMIT"
"""The environment variable that sets DuckDB's memory limit, e.g. ``512MB`` or ``4GB``."""
TEMP_DIR_VARIABLE = "TAUT_TEMP_DIR"
"""The environment variable naming the folder that holds each run's spill folder."""
SPILL_PREFIX = "taut-spill-"
"""How each connection's spill folder is named inside the temporary folder."""

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)
_RUNS: weakref.WeakKeyDictionary[ibis.BaseBackend, tuple[weakref.finalize[..., None], Path]] = (
    weakref.WeakKeyDictionary()
)


def memory_limit() -> str:
    """DuckDB's memory limit: ``TAUT_MEMORY_LIMIT`` when set, else :data:`MEMORY_LIMIT`.

    Raises:
        SettingError: the variable is set to something that is not a size.
    """
    value = os.environ.get(MEMORY_LIMIT_VARIABLE, "").strip()
    if not value:
        return MEMORY_LIMIT
    found = _SIZE.fullmatch(value)
    if found is None or float(found.group(1)) <= 0:
        raise SettingError(
            f"{MEMORY_LIMIT_VARIABLE} is '{value}', which is not a positive memory size. Write a "
            "positive number and a unit (KB, MB, GB or TB), e.g. "
            f"{MEMORY_LIMIT_VARIABLE}=4GB, or unset it for taut's {MEMORY_LIMIT}."
        )
    return f"{found.group(1)}{found.group(2).upper().replace('I', 'i')}"


def temp_parent() -> Path:
    """The folder that holds each run's spill folder: ``TAUT_TEMP_DIR``, or the system's.

    Raises:
        SettingError: ``TAUT_TEMP_DIR`` names a path that is not an existing folder.
    """
    value = os.environ.get(TEMP_DIR_VARIABLE, "")
    if not value.strip():
        return Path(tempfile.gettempdir())
    folder = Path(value).expanduser()
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        raise SettingError(
            f"{TEMP_DIR_VARIABLE} is '{value}', which {state}. Set it to an existing folder "
            "taut can write to (it holds each run's temporary files), or unset it to use "
            f"the system's temporary folder ({tempfile.gettempdir()})."
        )
    return folder


def out_of_memory(error: duckdb.OutOfMemoryException, *, doing: str) -> SettingError:
    """The message for a query that needed more memory than the limit and could not spill.

    Most of taut's work spills to disk past the limit; a few steps (reading a CSV file's
    blocks, grouping on every column) cannot, and fail instead.
    """
    logger.debug("out of memory while %s: %r", doing, error)
    return SettingError(
        f"taut ran out of memory while {doing}: DuckDB's memory limit is {memory_limit()} "
        f"and this step cannot spill to disk beyond it. Raise the limit, e.g. "
        f"{MEMORY_LIMIT_VARIABLE}=8GB (taut's default is {MEMORY_LIMIT}), or free memory "
        "for taut."
    )


def _spill_folder() -> Path:
    parent = temp_parent()
    try:
        return Path(tempfile.mkdtemp(prefix=SPILL_PREFIX, dir=parent))
    except OSError as error:
        configured = bool(os.environ.get(TEMP_DIR_VARIABLE, "").strip())
        fix = (
            f"Point {TEMP_DIR_VARIABLE} at a folder taut can write to, or unset it."
            if configured
            else f"Set {TEMP_DIR_VARIABLE} to a folder taut can write to."
        )
        raise SettingError(
            f"cannot make a temporary folder in '{parent}' ({error.strerror}). {fix}"
        ) from None


def _release(raw: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Close the DuckDB connection, then remove its spill folder and everything in it."""
    try:
        raw.close()
    except duckdb.Error as error:  # pragma: no cover - closing an open connection does not fail
        logger.debug("closing the connection failed: %r", error)
    shutil.rmtree(folder, ignore_errors=True)
    logger.debug("removed spill folder %s", folder)


def connect() -> ibis.BaseBackend:
    """A new in-memory DuckDB connection with taut's memory limit and its own spill folder.

    The folder is removed when the connection is garbage-collected, when :func:`release`
    is called, or when the interpreter exits, whichever comes first.

    Raises:
        SettingError: ``TAUT_TEMP_DIR`` or ``TAUT_MEMORY_LIMIT`` is unusable.
    """
    limit = memory_limit()
    folder = _spill_folder()
    try:
        backend = ibis.duckdb.connect(memory_limit=limit, temp_directory=str(folder))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _RUNS[backend] = (weakref.finalize(backend, _release, backend.con, folder), folder)
    logger.debug("DuckDB connection: memory limit %s, spill folder %s", limit, folder)
    return backend


def release(backend: ibis.BaseBackend) -> None:
    """Close a connection made by :func:`connect` and remove its spill folder now.

    Releasing twice, or releasing a connection :func:`connect` did not make, does nothing.
    """
    run = _RUNS.pop(backend, None)
    if run is not None:
        run[0]()


def spill_folder(backend: ibis.BaseBackend) -> Path | None:
    """The spill folder of a connection made by :func:`connect` (``None`` for any other)."""
    run = _RUNS.get(backend)
    return None if run is None else run[1]


def scratch_folder(backend: ibis.BaseBackend, *, prefix: str) -> Path:
    """A fresh folder for files a reader writes for ``backend`` to read (an XES file's
    batches, a JSON file without its byte-order mark), removed with the connection: inside
    its spill folder when :func:`connect` made it, else a folder of its own that is removed
    when the connection is garbage-collected or the interpreter exits."""
    parent = spill_folder(backend)
    if parent is not None:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    folder = Path(tempfile.mkdtemp(prefix=f"taut-{prefix}", dir=temp_parent()))
    weakref.finalize(backend, shutil.rmtree, folder, ignore_errors=True)
    return folder


@contextmanager
def connection() -> Iterator[ibis.BaseBackend]:
    """A connection made by :func:`connect`, released when the block ends, however it ends.

    >>> with connection() as con:
    ...     folder = spill_folder(con)
    ...     oct(folder.stat().st_mode & 0o777), folder.name.startswith(SPILL_PREFIX)
    ('0o700', True)
    >>> folder.exists()
    False
    """
    backend = connect()
    try:
        yield backend
    finally:
        release(backend)


SCAN_MEMORY_SHARE = 4
"""While a scan works on the cases in Python, DuckDB keeps a quarter of its memory limit
(:func:`scan_memory`): the event log and the stored outcomes spill to the run's folder and
the memory they held goes to the scan's arrays (about 1.5 GB less at 2M cases)."""


def _set_memory_limit(backend: ibis.BaseBackend, limit: str) -> None:
    # A setting of the connection, not data work: DuckDB has no other way to change it
    # once connected. ``limit`` is a size checked by memory_limit() or built from one.
    backend.con.execute(f"SET memory_limit = '{limit}'")


@contextmanager
def scan_memory(backend: ibis.BaseBackend) -> Iterator[None]:
    """DuckDB's memory limit lowered to a quarter of :func:`memory_limit` inside the block.

    For the part of a scan that holds its cases as numpy arrays and reads from the
    database only a check at a time: DuckDB evicts what it holds beyond the lower limit to
    the connection's spill folder at once, and gets its full limit back after the block.
    A connection not made by :func:`connect` is left as it is.
    """
    if backend not in _RUNS:
        yield
        return
    full = memory_limit()
    found = _SIZE.fullmatch(full)
    assert found is not None  # memory_limit() returns a size it matched
    lower = f"{float(found.group(1)) / SCAN_MEMORY_SHARE:g}{found.group(2)}"
    _set_memory_limit(backend, lower)
    try:
        yield
    finally:
        _set_memory_limit(backend, full)
