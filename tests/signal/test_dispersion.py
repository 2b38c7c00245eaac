"""Days that are alike (signal.model.dispersion): estimated, gated, and what they do to a scan."""

from __future__ import annotations

import tempfile
from datetime import timedelta

import numpy as np
import pytest

from taut import api
from taut.outcomes import evaluate_checks
from taut.signal.inputs.casebook import read_casebook
from taut.signal.inputs.clock import EPOCH
from taut.signal.model.adjust import design
from taut.signal.model.conditions import Conditions
from taut.signal.model.dispersion import day_correlation, inflation
from taut.signal.model.scoring import CheckModels, SlicePart
from taut.signal.state import CheckState
from taut.simulate import service_desk

pytestmark = pytest.mark.slow


def test_unequal_days_and_per_case_variances_recover_the_correlation() -> None:
    rng = np.random.default_rng(1)
    sizes = rng.integers(5, 60, 400)
    days = np.repeat(np.arange(sizes.size), sizes)
    p = rng.uniform(0.05, 0.3, days.size)
    shared = rng.normal(0.0, 0.6, sizes.size)[days]
    x = (rng.random(days.size) < p * np.exp(shared - 0.18)).astype(np.float64)
    rho = day_correlation(x - p, variances=p * (1 - p), days=days)
    assert 0.03 < rho < 0.2
    assert day_correlation(
        (rng.random(days.size) < p) - p, variances=p * (1 - p), days=days
    ) == pytest.approx(0.0)


def test_too_few_days_say_nothing() -> None:
    days = np.repeat(np.arange(10), 50)
    alike = np.repeat(np.random.default_rng(2).normal(0, 3, 10), 50)
    assert day_correlation(alike, variances=1.0, days=days) == 0.0
    assert inflation(0.3, days=days) == pytest.approx(1 + 49 * 0.3)


def _desk_states(seed: int, wobble: float) -> tuple[dict[str, float], list[CheckState]]:
    desk = service_desk(seed=seed, weeks=30, wobble=wobble)
    with tempfile.TemporaryDirectory() as folder:
        workspace = api.open_workspace(desk.write(folder))
        contract, log = workspace.contract_file.contract, workspace.log
        book = read_casebook(evaluate_checks(contract, log), contract=contract)
        as_of = (log.data_end - EPOCH) / timedelta(hours=1)
        cases = book["triage-within-4h"]
        check = {c.id: c for _, c in contract.checks}["triage-within-4h"]
        whole = SlicePart.of(
            cases, segment=(), mask=np.ones(cases.size, dtype=bool), check=check, as_of_hours=as_of
        )
        models = CheckModels.fit(
            whole,
            conditions=Conditions.of(design(cases)),
            in_baseline=cases.day <= np.datetime64("2025-04-27"),
        )
        states = list(api.states(workspace.contract_file.path))
    return {str(k): v for k, v in models.day_rho.items()}, states


def test_a_desk_whose_days_differ_is_scaled_and_stays_near_its_budget() -> None:
    """Day-to-day log-sd 0.3 on triage: rho about 0.09 / (0.09 + 0.64) for the time taken.

    Without the scale the three desks raised 31 slices (about six per check-year); the
    budget is one false signal per check-year, about five over these 5.1 check-years.
    """
    raised = 0
    for seed in (1, 2, 3):
        rho, states = _desk_states(seed, 0.3)
        assert 0.03 < rho["latency"] < 0.17
        assert rho["spread"] >= rho["latency"] ** 2
        raised += sum(1 for state in states if state.raised is not None)
    assert raised <= 10
    calm, _ = _desk_states(1, 0.0)
    assert calm == {"missed": 0.0, "latency": 0.0, "spread": 0.0}
