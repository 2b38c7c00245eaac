"""Fuzz target: the log readers on arbitrary bytes; only TautError subclasses may escape.

The first byte picks the format (CSV, JSON Lines or Parquet, by its value modulo 3), the
rest is written as ``events.<format>`` in a temporary folder and read with the valid
contract of :mod:`tests.hostile.project`, computing what ``taut check`` computes (the log,
its problems and its summary). The outcomes are left to the property tests of
``tests/hostile``: compiling them costs seconds an input, which would leave the fuzzer a
few dozen inputs a run.

Run it as a script (atheris drives it with libFuzzer's options)::

    PYTHONPATH=. .venv/bin/python tests/fuzz/log_target.py CORPUS_DIR tests/fuzz/seeds/log
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

from tests.fuzz.canary import check_canary
from tests.hostile.known import allowed
from tests.hostile.project import LOG_FORMATS, base_contract

_EXIT_HOOK = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_void_p)
_SCRATCH: list[Path] = []
"""The folder each input is written in, removed when a run ends without a crash."""


def _end_at_once(status: int, _arg: int | None) -> None:
    """End the process with libFuzzer's status before C++ static destructors run.

    libFuzzer ends a finished run with ``exit()`` from inside the fuzzing loop, while
    Python still holds DuckDB and Arrow objects; the static destructors that ``exit()``
    then runs corrupt the heap ("deadly signal" with an empty input after the last run).
    Crashes end through ``_Exit`` and never come here, so their status is kept.
    """
    for folder in _SCRATCH:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(status)


_END_AT_ONCE = _EXIT_HOOK(_end_at_once)


def main() -> None:
    with atheris.instrument_imports(include=["taut"]):
        from taut.contract.models import Contract  # noqa: PLC0415 - instrumented import
        from taut.errors import TautError  # noqa: PLC0415 - instrumented import
        from taut.ingest import read_log, summarize_log  # noqa: PLC0415 - instrumented import
        from taut.ingest.connection import connect  # noqa: PLC0415 - instrumented import

    contracts = {}
    for fmt in LOG_FORMATS:
        data = base_contract()
        data["source"]["path"] = f"events.{fmt}"
        contracts[fmt] = Contract.model_validate(data)
    folder = Path(tempfile.mkdtemp(prefix="taut-fuzz-"))
    _SCRATCH.append(folder)

    def one_input(data: bytes) -> None:
        check_canary(data)
        if not data:
            return
        fmt = LOG_FORMATS[data[0] % len(LOG_FORMATS)]
        path = folder / f"events.{fmt}"
        path.write_bytes(data[1:])
        con = connect()
        try:
            summarize_log(read_log(contracts[fmt], path=path, con=con))
        except TautError:
            pass
        except OverflowError:
            # Times past the year 9999 or near it: dates-durations fixes them (see known.py).
            if allowed("out-of-range-times"):
                raise
        finally:
            # No connection outlives its input: DuckDB's instances then never meet
            # libFuzzer's exit, which otherwise corrupts the heap as the process ends.
            con.disconnect()

    ctypes.CDLL(None).on_exit(_END_AT_ONCE, None)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
