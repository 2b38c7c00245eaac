"""The stability contract: which areas must not wobble, and what each commits to."""

from __future__ import annotations

from taut.contract.loader import ContractFile, load_contract, parse_contract
from taut.contract.models import (
    Area,
    Baseline,
    Check,
    Columns,
    CompleteRule,
    Contract,
    LaggingOutcome,
    OrderRule,
    PresentRule,
    Source,
    WithinRule,
    parse_duration,
    parse_target,
)

__all__ = [
    "Area",
    "Baseline",
    "Check",
    "Columns",
    "CompleteRule",
    "Contract",
    "ContractFile",
    "LaggingOutcome",
    "OrderRule",
    "PresentRule",
    "Source",
    "WithinRule",
    "load_contract",
    "parse_contract",
    "parse_duration",
    "parse_target",
]
