"""Who works the simulated handoff, and what a deal looks like.

Sales teams close deals and complete the intake; Operations teams acknowledge, schedule the
kickoff and start delivery; Customer Care logs complaints. People carry neutral synthetic ids
(``rep-07``, ``ops-03``) and are only ever drawn, never described. Deal attributes (region,
size, priority) and the intake's field values come from small fixed vocabularies.

Every draw here is vectorised: it returns integer codes into the tuples below, one per case.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

SALES_TEAMS: tuple[str, ...] = ("North", "South", "East", "West")
SALES_TEAM_WEIGHTS: tuple[float, ...] = (0.30, 0.26, 0.24, 0.20)
OPS_TEAMS: tuple[str, ...] = ("Ops Central", "Ops Field")
CARE_TEAM = "Customer Care"
TEAMS: tuple[str, ...] = (*SALES_TEAMS, *OPS_TEAMS, CARE_TEAM)

REPS_PER_TEAM = 5
REP_WEIGHTS: tuple[float, ...] = (0.28, 0.24, 0.20, 0.16, 0.12)  # some reps close more deals
REPS: tuple[str, ...] = tuple(
    f"rep-{number:02d}" for number in range(1, len(SALES_TEAMS) * REPS_PER_TEAM + 1)
)
OPS_PER_TEAM: tuple[int, ...] = (5, 4)  # coordinators in Ops Central, Ops Field
COORDINATORS: tuple[str, ...] = tuple(
    f"ops-{number:02d}" for number in range(1, sum(OPS_PER_TEAM) + 1)
)
PEOPLE: tuple[str, ...] = (*REPS, *COORDINATORS)

REGIONS: tuple[str, ...] = ("Americas", "EMEA", "APAC")
REGION_WEIGHTS: tuple[float, ...] = (0.60, 0.25, 0.15)
DEAL_SIZES: tuple[str, ...] = ("small", "medium", "large")
DEAL_SIZE_WEIGHTS: tuple[float, ...] = (0.55, 0.33, 0.12)
PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
# Larger deals are more often urgent: one row of priority shares per deal size.
PRIORITY_BY_SIZE: tuple[tuple[float, ...], ...] = (
    (0.05, 0.20, 0.45, 0.30),
    (0.10, 0.30, 0.40, 0.20),
    (0.25, 0.40, 0.25, 0.10),
)
# Share of each deal size handled by Ops Field (the rest go to Ops Central).
FIELD_SHARE_BY_SIZE: tuple[float, ...] = (0.15, 0.40, 0.90)

BILLING_CONTACTS: tuple[str, ...] = (
    "accounts-payable@customer.example",
    "finance@customer.example",
    "procurement@customer.example",
    "billing@customer.example",
)
SCOPES: tuple[str, ...] = (
    "Standard onboarding",
    "Premium onboarding",
    "Custom integration",
    "Data migration",
)

Codes = NDArray[np.int64]


def draw_codes(rng: np.random.Generator, *, size: int, weights: tuple[float, ...]) -> Codes:
    """Draw ``size`` codes in ``range(len(weights))`` with the given shares.

    >>> draw_codes(np.random.default_rng(0), size=4, weights=(0.0, 1.0)).tolist()
    [1, 1, 1, 1]
    """
    shares = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(weights), size=size, p=shares / shares.sum()).astype(np.int64)


def draw_by_row(
    rng: np.random.Generator, *, rows: Codes, table: tuple[tuple[float, ...], ...]
) -> Codes:
    """Draw one code per case from the share row that ``rows`` selects in ``table``.

    >>> rng = np.random.default_rng(0)
    >>> draw_by_row(rng, rows=np.array([0, 1]), table=((1.0, 0.0), (0.0, 1.0))).tolist()
    [0, 1]
    """
    cumulative = np.cumsum(np.asarray(table, dtype=np.float64), axis=1)
    cumulative /= cumulative[:, -1:]
    uniform = rng.random(rows.size)
    passed = np.greater_equal(uniform[:, None], cumulative[rows][:, :-1])
    codes: Codes = passed.sum(axis=1, dtype=np.int64)
    return codes


def draw_reps(rng: np.random.Generator, *, team: Codes) -> Codes:
    """Draw the sales rep of each case from the reps of its sales team (codes into REPS)."""
    within = draw_codes(rng, size=team.size, weights=REP_WEIGHTS)
    return team * REPS_PER_TEAM + within


def draw_ops_teams(rng: np.random.Generator, *, deal_size: Codes) -> Codes:
    """Route each case to an Operations team (codes into OPS_TEAMS); large deals go to Ops Field."""
    field_share = np.asarray(FIELD_SHARE_BY_SIZE)[deal_size]
    return (rng.random(deal_size.size) < field_share).astype(np.int64)


def draw_coordinators(rng: np.random.Generator, *, ops_team: Codes) -> Codes:
    """Draw an Operations coordinator of each case's team (codes into COORDINATORS)."""
    sizes = np.asarray(OPS_PER_TEAM, dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    within = np.floor(rng.random(ops_team.size) * sizes[ops_team]).astype(np.int64)
    return offsets[ops_team] + within
