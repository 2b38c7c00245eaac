"""Risk adjustment: what each case was expected to do, given the conditions it ran under.

A process has rhythms that are not drift: a kickoff on a Thursday waits over the weekend
for its delivery, a deal closed after 16:00 is acknowledged the next morning, busy days
differ from quiet ones. When the mix of cases moves (more high-workload days as volume
grows, a month whose busiest days fall on Mondays), a detector that compares each case
with one baseline level reads the mix shift as drift. On the simulated no-drift handoff
log, the share of ``delivery-within-5d`` cases missed ranges from 3% (Thursday kickoffs)
to 15% (Wednesday), and the weekday mix of high-workload days moved from 44% Fridays in
the baseline months to 9% a month later, which raised a false "drifting" on the
high-workload segment.

Following the risk-adjusted CUSUM (Steiner, Cook, Farewell & Treasure 2000, Monitoring
surgical performance using risk-adjusted cumulative sum charts, Biostatistics 1), every
case gets an expected value from a model fitted on the whole check's baseline window,
with the known conditions as covariates ``z_i``: one-hot weekday, late day part, high
workload (main effects, no interactions; the dimensions and their levels are
:data:`~taut.signal.inputs.dimensions.RISK_COVARIATES`):

- **rates**: a ridge-penalised logistic regression,
  ``logit p0_i = a + b . z_i``, maximising ``sum_i loglik_i - (LAMBDA_RATE / 2) |b|^2``
  (Newton's method) with half a pseudo-event in one pseudo-case of average covariates
  (as :meth:`~taut.signal.detectors.baseline.RateBaseline.from_binary`, so no miss in the baseline
  does not mean ``p0 = 0``); each segment adds its own offset ``c``
  (``logit p0_i = a + b . z_i + c``), its baseline pooled with the whole check's
  (:mod:`taut.signal.model.pooling`), so a team with its own level is compared with itself.
  The detector's increments use the per-case ``p0_i``:
  ``w_i = x_i log(p1_i / p0_i) + (1 - x_i) log((1 - p1_i) / (1 - p0_i))`` with
  ``odds(p1_i) = rho odds(p0_i)``;
- **log-latency**: a ridge regression ``mu_i = a + b . z_i`` (penalty ``LAMBDA_LATENCY``
  in units of cases), then per segment the residuals ``r_i = x_i - mu_i`` become normal
  scores against the segment's baseline residuals,
  ``u_i = Phi^{-1}((#{b < r_i} + #{b = r_i}/2 + 1/2) / (n + 1))`` (a probability integral
  transform with the mid-rank empirical distribution function), so the monitored values
  are close to standard normal before any change, whatever the shape of the latency
  distribution (clusters at whole days, a point mass at the cap).

Assumptions: cases independent given their conditions; the conditions' effects stable
over time (a change in them is what the detectors look for); the baseline window holds
every level often enough (unseen levels get the average through the penalty).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from taut.signal.detectors.detector import FloatArray
from taut.signal.inputs.casebook import CheckCases, LabelArray, distinct_labels
from taut.signal.inputs.dimensions import RISK_COVARIATES
from taut.signal.model.quantiles import median, normal_quantiles

COVARIATES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (dimension.name, dimension.levels) for dimension in RISK_COVARIATES
)
"""Each adjusted dimension's label name and the levels that get a column each."""
LAMBDA_RATE = 5.0
LAMBDA_LATENCY = 20.0
NEWTON_STEPS = 25
RATE_FLOOR = 1e-4
MIN_CELL_CASES = 50
KEPT_TABLE_CASES = 5_000
"""Baselines up to this size keep their table of quantiles (:func:`_share_quantiles`)."""
KEPT_TABLES = 1_024
"""How many such tables are kept (at most 80 MB)."""
SORTED_LOOKUP = 32
"""Residuals from which :func:`normal_scores` sorts them before looking them up: two
searches of sorted keys walk the baseline in order and cost about half those of keys in
any order, sort included, from a few dozen residuals on (replay benchmark, issue 12)."""


def design(cases: CheckCases) -> FloatArray:
    """The covariates ``z_i`` of every case: one column per level of :data:`COVARIATES`.

    >>> from taut.signal.inputs.casebook import CheckCases, LabelArray
    >>> book = CheckCases(check="c", anchor=np.zeros(2), decided=np.zeros(2),
    ...     missed=np.zeros(2), value=np.zeros(2), day=np.zeros(2, dtype="datetime64[D]"),
    ...     labels={"weekday": np.array(["Monday", "Sunday"], dtype=object)})
    >>> design(book).shape
    (2, 9)
    """
    columns: list[FloatArray] = []
    for name, levels in COVARIATES:
        labels = cases.labels.get(name)
        for level in levels:
            if labels is None:
                columns.append(np.zeros(cases.size))
            else:
                columns.append(np.asarray(labels == level, dtype=np.float64))
    return np.column_stack(columns) if columns else np.zeros((cases.size, 0))


def _sigmoid(eta: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-eta))
    return result


@dataclass(frozen=True)
class RateModel:
    """``logit p0_i = intercept + coef . z_i`` fitted on a baseline (module docstring)."""

    intercept: float
    coef: FloatArray

    @classmethod
    def fit(cls, covariates: FloatArray, missed: FloatArray) -> RateModel:
        """Fit by Newton's method with ridge penalty ``LAMBDA_RATE`` on ``coef``.

        >>> z = np.repeat(np.eye(2), 500, axis=0)
        >>> y = np.r_[np.arange(500) < 50, np.arange(500) < 150].astype(float)
        >>> model = RateModel.fit(z, y)
        >>> model.expected(np.eye(2)).round(2).tolist()  # 10% and 30%, shrunk a little
        [0.11, 0.29]
        """
        n, k = covariates.shape
        # half a pseudo-event in one pseudo-case of average covariates, as
        # RateBaseline.from_binary: a baseline with no miss does not give p0 = 0
        x = np.vstack([np.column_stack([np.ones(n), covariates]), np.r_[1.0, covariates.mean(0)]])
        missed = np.r_[missed, 0.5]
        rate = (float(missed.sum())) / (n + 1.0)
        beta = np.zeros(k + 1)
        beta[0] = math.log(rate / (1.0 - rate))
        penalty = np.full(k + 1, LAMBDA_RATE)
        penalty[0] = 0.0
        for _ in range(NEWTON_STEPS):
            p = _sigmoid(x @ beta)
            gradient = x.T @ (missed - p) - penalty * beta
            hessian = (x * (p * (1.0 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(k + 1)
            step = np.linalg.solve(hessian, gradient)
            beta = beta + step
            if float(np.abs(step).max()) < 1e-8:
                break
        return cls(intercept=float(beta[0]), coef=beta[1:].copy())

    def logits(self, covariates: FloatArray) -> FloatArray:
        """``intercept + coef . z_i`` for every row of ``covariates``."""
        result: FloatArray = self.intercept + covariates @ self.coef
        return result

    def expected(self, covariates: FloatArray, offset: float = 0.0) -> FloatArray:
        """The expected miss rate ``p0_i`` of every case (floored away from 0 and 1)."""
        p = _sigmoid(self.logits(covariates) + offset)
        return np.clip(p, RATE_FLOOR, 1.0 - RATE_FLOOR)


@dataclass(frozen=True)
class LatencyModel:
    """``mu_i = intercept + coef . z_i`` on log-latency, fitted on a baseline."""

    intercept: float
    coef: FloatArray

    @classmethod
    def fit(cls, covariates: FloatArray, values: FloatArray) -> LatencyModel:
        """Ridge least squares with penalty ``LAMBDA_LATENCY`` on ``coef`` (not the intercept).

        >>> z = np.repeat(np.eye(2), 100, axis=0)
        >>> model = LatencyModel.fit(z, np.r_[np.zeros(100), np.full(100, 1.2)])
        >>> model.expected(np.eye(2)).round(1).tolist()  # 0 and 1.2, shrunk a little
        [0.1, 1.1]
        """
        n, k = covariates.shape
        x = np.column_stack([np.ones(n), covariates])
        penalty = np.full(k + 1, LAMBDA_LATENCY)
        penalty[0] = 0.0
        beta = np.linalg.solve(x.T @ x + np.diag(penalty) + 1e-9 * np.eye(k + 1), x.T @ values)
        return cls(intercept=float(beta[0]), coef=beta[1:].copy())

    def expected(self, covariates: FloatArray) -> FloatArray:
        """The expected log-latency ``mu_i`` of every case."""
        result: FloatArray = self.intercept + covariates @ self.coef
        return result


@dataclass(frozen=True, eq=False)
class SortedCells:
    """A wider baseline's residuals by cell, each cell sorted once for every slice it serves.

    A check's segments with thin weekday cells score them against that cell of the whole
    check's baseline residuals, shifted by ``shift`` (:func:`normal_scores`). The sorted
    array of a multiset is unique and adding one number is monotone, so ``sort(x + shift)``
    equals ``sort(x) + shift`` element for element (``-0.0`` and ``0.0`` aside, which
    every search finds equal): a cell is sorted once per check and shifted per slice.

    >>> wide = SortedCells(residuals=np.arange(60.0)[::-1], labels=np.full(60, "Monday", object))
    >>> wide.shifted(0.5).cell("Monday")[:2].tolist(), wide.cell("Tuesday"), wide.middle
    ([0.5, 1.5], None, 29.5)
    """

    residuals: FloatArray
    labels: LabelArray
    shift: float = 0.0
    sorted_cells: dict[str, FloatArray | None] = field(default_factory=dict)
    """Each cell looked up so far: its residuals sorted, unshifted (``None`` when fewer than
    ``MIN_CELL_CASES``); shared by every shifted copy."""

    @cached_property
    def middle(self) -> float:
        """The median of the residuals (unshifted)."""
        return median(self.residuals)

    def shifted(self, shift: float) -> SortedCells:
        """These residuals moved by ``shift`` (sharing the cells sorted so far)."""
        return replace(self, shift=shift)

    def cell(self, cell: str) -> FloatArray | None:
        """The cell's residuals sorted and shifted, or ``None`` when it holds too few."""
        if cell not in self.sorted_cells:
            here = self.labels == cell
            enough = np.count_nonzero(here) >= MIN_CELL_CASES
            self.sorted_cells[cell] = np.sort(self.residuals[here]) if enough else None
        ordered = self.sorted_cells[cell]
        if ordered is None or self.shift == 0.0:
            return ordered
        shifted: FloatArray = ordered + self.shift
        return shifted


def normal_scores(
    residuals: FloatArray,
    *,
    baseline: FloatArray,
    cells: LabelArray | None = None,
    baseline_cells: LabelArray | None = None,
    wider: tuple[FloatArray, LabelArray] | SortedCells | None = None,
) -> FloatArray:
    """Normal scores of ``residuals`` against the mid-rank ECDF of ``baseline`` residuals.

    ``u = Phi^{-1}((#{b < r} + #{b = r}/2 + 1/2) / (n + 1))`` (module docstring). With
    ``cells`` (e.g. the weekday of each case), a case is scored against the baseline
    residuals of its own cell when that cell holds at least ``MIN_CELL_CASES`` of them,
    else against that cell of ``wider`` (a larger baseline, e.g. the whole check's,
    shifted to the segment's median; :class:`SortedCells` when its cells serve many
    slices) when it holds enough, else against all of ``baseline``: the shape of the
    distribution, not only its centre, may depend on the cell, and a segment's own cells
    can be thin.

    >>> normal_scores(np.array([0.0, 10.0]), baseline=np.arange(-50.0, 51.0)).round(2).tolist()
    [0.0, 0.25]
    """
    if cells is None or baseline_cells is None:
        return _scores(residuals, baseline)
    # Each case is scored once, against the first reference that holds enough (its own
    # cell, that cell of ``wider``, all of ``baseline``): a score depends only on the
    # case's residual and its reference, so scoring by groups changes no value.
    if isinstance(wider, tuple):
        wider = SortedCells(residuals=wider[0], labels=wider[1])
    result = np.empty(residuals.shape, dtype=np.float64)
    rest = np.ones(residuals.shape, dtype=bool)
    for cell in {str(v) for v in distinct_labels(cells)}:
        here = cells == cell
        own = baseline_cells == cell
        if np.count_nonzero(own) >= MIN_CELL_CASES:
            result[here] = _scores(residuals[here], baseline[own])
        elif wider is not None and (sorted_cell := wider.cell(cell)) is not None:
            result[here] = _scores(residuals[here], sorted_cell, presorted=True)
        else:
            continue
        rest &= ~here
    if rest.any():
        result[rest] = _scores(residuals[rest], baseline)
    return result


def _scores(residuals: FloatArray, baseline: FloatArray, *, presorted: bool = False) -> FloatArray:
    """Normal scores against the mid-rank ECDF of ``baseline`` (:func:`normal_scores`),
    sorted here unless ``presorted`` says it is already.

    A residual's share is ``(j + 1) / 2 / (n + 1)`` with ``j = #{b < r} + #{b <= r}``, an
    integer from 0 to ``2n``: the quantile of each ``j`` that occurs is computed once, all
    in one vectorised call (:func:`~taut.signal.model.quantiles.normal_quantiles`), and
    each residual takes its ``j``'s. The residuals are searched as they come, or, past
    ``SORTED_LOOKUP`` of them, sorted first (the same ``j`` either way).
    """
    if residuals.size == 0:
        return np.zeros(residuals.shape, dtype=np.float64)
    ordered = baseline if presorted else np.sort(baseline)
    if residuals.size > SORTED_LOOKUP:
        # A binary search that starts where the last ended: sorting the residuals
        # first costs less than as many searches from scratch.
        order = np.argsort(residuals)
        keys = residuals[order]
        twice = np.empty(residuals.shape, dtype=np.intp)
        twice[order] = np.searchsorted(ordered, keys, side="left") + np.searchsorted(
            ordered, keys, side="right"
        )
    else:
        twice = np.searchsorted(ordered, residuals, side="left")
        twice += np.searchsorted(ordered, residuals, side="right")
    if ordered.size <= KEPT_TABLE_CASES:
        kept: FloatArray = _share_quantiles(ordered.size)[twice]
        return kept
    seen = np.zeros(2 * ordered.size + 1, dtype=bool)
    seen[twice] = True
    levels = np.flatnonzero(seen)
    table = np.empty(seen.size, dtype=np.float64)
    table[levels] = normal_quantiles(_shares(levels, cases=ordered.size))
    result: FloatArray = table[twice]
    return result


def _shares(levels: npt.NDArray[np.intp], *, cases: int) -> FloatArray:
    """The mid-rank share ``(j + 1) / 2 / (n + 1)`` of each ``j`` in ``levels`` (``n = cases``).

    ``(j + 1) * 0.5`` is ``below + (at_most - below) / 2 + 1/2`` exactly: the same share,
    bit for bit.
    """
    return np.asarray(((levels + 1) * 0.5) / (cases + 1.0), dtype=np.float64)


@lru_cache(maxsize=KEPT_TABLES)
def _share_quantiles(cases: int) -> FloatArray:
    """``Phi^{-1}`` of every mid-rank share ``j = 0 .. 2n`` of a baseline of ``cases``.

    Kept per baseline size: a replay scores some 19,000 slice cells against about 1,900
    distinct baseline sizes, and each quantile is a function of ``j`` and ``n`` alone
    (computed element by element, so a value is the same whichever others it is computed
    with). Read-only.
    """
    table = normal_quantiles(_shares(np.arange(2 * cases + 1), cases=cases))
    table.setflags(write=False)
    return table
