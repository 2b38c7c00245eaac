"""Fuzz target: the contract loader on arbitrary text; only ContractError may escape.

Run it as a script (atheris drives it with libFuzzer's options)::

    PYTHONPATH=. .venv/bin/python tests/fuzz/contract_target.py CORPUS_DIR tests/fuzz/seeds/contract

``make fuzz`` runs it for long; ``tests/fuzz/test_fuzz.py`` for a few seconds in ``make test``.
Any other exception is a crash: libFuzzer writes the input to ``-artifact_prefix`` and exits
non-zero.
"""

from __future__ import annotations

import sys

import atheris

from tests.fuzz.canary import check_canary
from tests.hostile.known import allowed


def main() -> None:
    with atheris.instrument_imports(include=["taut"]):
        from taut.contract.loader import parse_contract  # noqa: PLC0415 - instrumented import
        from taut.errors import ContractError  # noqa: PLC0415 - instrumented import

    def one_input(data: bytes) -> None:
        check_canary(data)
        text = data.decode("utf-8", errors="replace")
        try:
            parse_contract(text)
        except ContractError:
            pass
        except RecursionError:
            # Deep nesting and recursive aliases: bounded-runs fixes them (see known.py).
            if allowed("deep-document") and allowed("recursive-alias"):
                raise

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
