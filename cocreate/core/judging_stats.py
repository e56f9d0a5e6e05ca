"""Leniency correction and inter-rater agreement, shared by every place where people score others' work.

Pure module (NumPy/SciPy, no ORM, no Django). Recruiting reviews applicants
(cocreate.recruiting.reviewing) and evaluation judges ideas (cocreate.evaluation.scoring) with
the same two leniency corrections and the same Krippendorff's alpha; both import them from here.

Vocabulary: a *rater* (reviewer, judge) gives a *unit* (applicant, idea) one number on one
criterion. The functions take integer-indexed NumPy arrays (a :class:`Block` per criterion), so
callers with a million scores never build a Python object per score.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

# --------------------------------------------------------------------------------------------
# Leniency correction
# --------------------------------------------------------------------------------------------

class Method(StrEnum):
    STANDARDISE = "standardise"
    OFFSET_MODEL = "offset_model"


@dataclass(frozen=True)
class Component:
    """A connected part of the reviewer–applicant graph of one criterion."""

    reviewers: frozenset[Hashable]
    applicants: frozenset[Hashable]


@dataclass(frozen=True)
class Problem:
    """A structured reason a manager (or the UI) can act on, e.g. "assign a reviewer across groups"."""

    code: Literal["disconnected", "single_score", "no_variance"]
    criterion: Hashable
    reviewers: tuple[Hashable, ...] = ()
    components: tuple[Component, ...] = ()


class NotIdentifiable(ValueError):
    """Reviewer offsets cannot be compared across groups of reviewers who share no applicant."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(
            f"criterion {problem.criterion!r}: reviewers fall into {len(problem.components)} groups that share no "
            "applicant, so their leniency cannot be compared"
        )


@dataclass
class _Block:
    """One criterion's scores as integer-indexed arrays, built once for both methods."""

    reviewers: list[Hashable]
    applicants: list[Hashable]
    r: np.ndarray
    a: np.ndarray
    y: np.ndarray


def _group_mean(index: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    counts = np.bincount(index, minlength=size).astype(np.float64)
    sums = np.bincount(index, weights=values, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts, counts


def _standardise(criterion: Hashable, b: _Block) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    n_r = len(b.reviewers)
    pooled_mean = float(b.y.mean())
    pooled_sd = float(b.y.std())
    mean_r, count_r = _group_mean(b.r, b.y, n_r)
    dev = b.y - mean_r[b.r]
    sd_r = np.sqrt(np.bincount(b.r, weights=dev * dev, minlength=n_r) / count_r)
    problems: list[Problem] = []
    single = count_r < 2
    flat = ~single & (sd_r <= 1e-12 * max(1.0, abs(pooled_mean)))
    if pooled_sd == 0.0:
        # Everybody gave the same number: nothing to correct, and nothing to rescale onto.
        return b.y.copy(), np.zeros(n_r), problems
    z = np.where(flat[b.r], 0.0, dev / np.where(sd_r[b.r] > 0, sd_r[b.r], 1.0))
    corrected = pooled_mean + z * pooled_sd
    # One score says nothing about a reviewer's habits: keep it as given rather than forcing it to the mean.
    corrected = np.where(single[b.r], b.y, corrected)
    if single.any():
        problems.append(Problem("single_score", criterion, tuple(b.reviewers[i] for i in np.flatnonzero(single))))
    if flat.any():
        # Identical scores for everyone carry no ranking information; they are mapped to the pooled mean.
        problems.append(Problem("no_variance", criterion, tuple(b.reviewers[i] for i in np.flatnonzero(flat))))
    offsets = np.where(single, 0.0, mean_r - pooled_mean)
    return corrected, offsets, problems


def _components(b: _Block) -> tuple[int, np.ndarray]:
    """Connected components of the bipartite reviewer–applicant graph: reviewers first, then applicants."""
    n_r, n_a = len(b.reviewers), len(b.applicants)
    graph = sparse.coo_matrix((np.ones(len(b.y)), (b.r, n_r + b.a)), shape=(n_r + n_a, n_r + n_a))
    return connected_components(graph, directed=False)


def _offset_model(
    criterion: Hashable, b: _Block, on_disconnected: Literal["raise", "per_component"]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Problem]]:
    """Least squares for ``y = applicant + reviewer offset``, offsets summing to zero per component.

    The model's null space is "add c to every applicant, subtract c from every reviewer" (once
    per connected component). Appending a row ``sum of offsets = 0`` per component removes it
    without changing the fit (the constraint can always be met by moving along the null space),
    so the normal equations become non-singular and their solution is the exact constrained
    least-squares fit.
    """
    n_r, n_a, n = len(b.reviewers), len(b.applicants), len(b.y)
    n_comp, labels = _components(b)
    problems: list[Problem] = []
    if n_comp > 1:
        groups = tuple(
            Component(
                reviewers=frozenset(b.reviewers[i] for i in np.flatnonzero(labels[:n_r] == k)),
                applicants=frozenset(b.applicants[i] for i in np.flatnonzero(labels[n_r:] == k)),
            )
            for k in range(n_comp)
        )
        problem = Problem("disconnected", criterion, components=groups)
        if on_disconnected == "raise":
            raise NotIdentifiable(problem)
        problems.append(problem)
    # Normal equations [[D_a, Bᵀ], [B, D_r + CᵀC]] [effects; offsets] = [s_a; s_r], with D_a / D_r the
    # applicants' / reviewers' score counts, B the reviewer × applicant incidence and C the
    # component-indicator constraint rows. D_a is diagonal, so the applicants are eliminated
    # exactly (Schur complement) and only a reviewers × reviewers system is solved: a few
    # milliseconds for 40 reviewers and 5,000 applicants, where a general sparse solve takes
    # half a second per criterion.
    counts_a = np.bincount(b.a, minlength=n_a).astype(np.float64)
    counts_r = np.bincount(b.r, minlength=n_r).astype(np.float64)
    sums_a = np.bincount(b.a, weights=b.y, minlength=n_a)
    sums_r = np.bincount(b.r, weights=b.y, minlength=n_r)
    incidence = sparse.csr_matrix((np.ones(n), (b.r, b.a)), shape=(n_r, n_a))
    scaled = incidence @ sparse.diags(1.0 / counts_a)
    constraint = np.zeros((n_comp, n_r))
    constraint[labels[:n_r], np.arange(n_r)] = 1.0
    reduced = np.diag(counts_r) + constraint.T @ constraint - (scaled @ incidence.T).toarray()
    offsets = np.linalg.solve(reduced, sums_r - scaled @ sums_a)
    effects = (sums_a - incidence.T @ offsets) / counts_a
    return effects, offsets, b.y - offsets[b.r], problems


# --------------------------------------------------------------------------------------------
# Agreement: Krippendorff's alpha
# --------------------------------------------------------------------------------------------


class Metric(StrEnum):
    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"


def _as_matrix(data: Sequence[Sequence[float | None]] | np.ndarray) -> np.ndarray:
    """Reviewer × applicant matrix with ``None``/NaN for "did not score"."""
    if isinstance(data, np.ndarray):
        matrix = data.astype(np.float64, copy=False)
    else:
        matrix = np.array([[np.nan if v is None else float(v) for v in row] for row in data], dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("reliability data must be a reviewer × applicant matrix")
    return matrix


def coincidences(data: Sequence[Sequence[float | None]] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's coincidence matrix ``o[c, k]`` over the distinct values, and those values.

    Each unit (applicant) with ``m_u >= 2`` values contributes, for every ordered pair of values
    from different reviewers, ``1 / (m_u - 1)``; units with fewer values are not pairable and
    drop out. Built as ``Nᵀ diag(1/(m-1)) N - diag(...)`` from the unit × value count matrix N.
    """
    matrix = _as_matrix(data)
    present = ~np.isnan(matrix)
    m = present.sum(axis=0)
    pairable = m >= 2
    unit_of = np.nonzero(present[:, pairable].T)[0]  # same (column-major) order as the boolean selection below
    column_values = matrix[:, pairable].T[present[:, pairable].T]
    values, inverse = np.unique(column_values, return_inverse=True)
    n_units = int(pairable.sum())
    counts = sparse.csr_matrix((np.ones(len(inverse)), (unit_of, inverse)), shape=(n_units, len(values)))
    weights = sparse.diags(1.0 / (m[pairable] - 1.0))
    o = (counts.T @ weights @ counts).toarray()
    o -= np.diag(np.asarray((weights @ counts).sum(axis=0)).ravel())
    return o, values


def _delta2(metric: Metric, values: np.ndarray, n_c: np.ndarray) -> np.ndarray:
    if metric is Metric.NOMINAL:
        return 1.0 - np.eye(len(values))
    if metric is Metric.INTERVAL:
        return (values[:, None] - values[None, :]) ** 2
    # Ordinal: the distance between ranks c < k is the number of pairable values from c to k,
    # counting the end points' halves: (sum_{g=c..k} n_g - (n_c + n_k)/2)^2.
    cumulative = np.concatenate([[0.0], np.cumsum(n_c)])
    lo = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
    hi = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
    between = cumulative[hi + 1] - cumulative[lo] - (n_c[:, None] + n_c[None, :]) / 2.0
    return between**2


#: Above this many distinct values (continuous scores) the values × values coincidence matrix would
#: not fit in memory; for the interval metric the identical quantity is computed from variances.
_DENSE_VALUES_LIMIT = 1_000


def _interval_alpha_by_variance(matrix: np.ndarray) -> float | None:
    """Interval alpha without the coincidence matrix, algebraically identical to it.

    With δ² = (c - k)², the coincidence sums reduce to squared deviations: a unit's ordered pairs give
    Σ_{i≠j} (v_i - v_j)² = 2 m_u Σ_i (v_i - v̄_u)², and the expected term is 2 n Σ (v - v̄)² over all
    pairable values, so D_o = Σ_u 2 m_u SS_u / (m_u - 1) / n and D_e = 2 SS / (n - 1).
    """
    present = ~np.isnan(matrix)
    m = present.sum(axis=0)
    pairable = m >= 2
    values = np.where(present[:, pairable], matrix[:, pairable], 0.0)
    m = m[pairable].astype(np.float64)
    n = m.sum()
    if n < 2:
        return None
    unit_means = values.sum(axis=0) / m
    unit_ss = (np.where(present[:, pairable], values - unit_means, 0.0) ** 2).sum(axis=0)
    observed = float((2.0 * m * unit_ss / (m - 1.0)).sum()) / n
    pooled = values[present[:, pairable]]
    if np.ptp(pooled) == 0.0:  # checked exactly: a mean of equal floats may be off by an ulp
        return None
    expected = 2.0 * float(((pooled - pooled.mean()) ** 2).sum()) / (n - 1.0)
    if not expected > 0.0:  # values so close (1e-215 apart) that the squares underflow to zero
        return None
    return 1.0 - observed / expected


def krippendorff_alpha(
    data: Sequence[Sequence[float | None]] | np.ndarray, metric: Metric | str = Metric.INTERVAL
) -> float | None:
    """Krippendorff's alpha = 1 - D_o / D_e for a reviewer × applicant matrix with gaps.

    Chosen over Cohen's/Fleiss' kappa because it copes with any number of reviewers, missing
    scores (incomplete assignment) and interval or ordinal scales. 1 is perfect agreement, 0 is
    agreement at chance level; it can be negative. ``None`` when undefined: fewer than two
    pairable values, or no variation at all among pairable values (expected disagreement 0).
    Interval is the default for rubric scales; ordinal suits labelled levels.
    """
    metric = Metric(metric)
    matrix = _as_matrix(data)
    if metric is Metric.INTERVAL and len(np.unique(matrix[~np.isnan(matrix)])) > _DENSE_VALUES_LIMIT:
        return _interval_alpha_by_variance(matrix)
    o, values = coincidences(matrix)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2 or len(values) < 2:
        return None
    delta2 = _delta2(metric, values, n_c)
    observed = float((o * delta2).sum()) / n
    expected = float((np.outer(n_c, n_c) * delta2).sum()) / (n * (n - 1.0))
    if expected == 0.0:
        return None
    return 1.0 - observed / expected


# --------------------------------------------------------------------------------------------
# Public names for callers that build their arrays themselves (evaluation of ideas)
# --------------------------------------------------------------------------------------------

#: One criterion's scores: ``r`` rater index, ``a`` unit index (both dense from 0), ``y`` value.
Block = _Block
group_mean = _group_mean
standardise = _standardise
offset_model = _offset_model


def block_from_arrays(
    raters: np.ndarray, units: np.ndarray, values: np.ndarray
) -> tuple[Block, np.ndarray, np.ndarray]:
    """A :class:`Block` from parallel arrays of rater ids, unit ids and values, without a Python
    loop per score; also returns the distinct rater and unit ids (``Block.r`` / ``Block.a`` index
    them). A rater scoring the same unit twice is an error, as in recruiting."""
    rater_ids, r = np.unique(np.asarray(raters), return_inverse=True)
    unit_ids, a = np.unique(np.asarray(units), return_inverse=True)
    y = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(y)):
        raise ValueError("scores must be finite numbers")
    pairs = r.astype(np.int64) * len(unit_ids) + a
    if len(np.unique(pairs)) != len(pairs):
        raise ValueError("a rater scored the same unit twice on one criterion")
    block = Block(rater_ids.tolist(), unit_ids.tolist(), r.astype(np.int64), a.astype(np.int64), y)
    return block, rater_ids, unit_ids


def block_alpha(block: Block, metric: Metric | str = Metric.INTERVAL) -> float | None:
    """Krippendorff's alpha of one criterion's block (raw scores: what the raters said)."""
    matrix = np.full((len(block.reviewers), len(block.applicants)), np.nan)
    matrix[block.r, block.a] = block.y
    return krippendorff_alpha(matrix, metric)
