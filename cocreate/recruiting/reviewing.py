"""Reviewers' scores turned into fair, comparable numbers: rubrics, objective criteria, leniency, agreement.

Pure module (NumPy/SciPy, no ORM, no Django) so that a campaign's numbers can be recomputed from a
CSV, benchmarked and property-tested without a database. Recruitment chooses partners on
capability and willingness; reviewers judge written answers and interviews on a rubric, and
some reviewers are simply more generous than others. Before scores are combined we correct for
that (two selectable methods), and we report how far reviewers agree (Krippendorff's alpha) so
managers know how much the numbers can be trusted.

Vocabulary: a *score* is one reviewer's number for one applicant on one criterion, on that
criterion's own scale. Reviewer, applicant and criterion ids are any hashable values (database
ids in the app, strings in tests and CSVs).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

# --------------------------------------------------------------------------------------------
# Rubric
# --------------------------------------------------------------------------------------------


class Kind(StrEnum):
    """What a criterion measures; the programme's partners need both, so both are reported apart."""

    CAPABILITY = "capability"
    WILLINGNESS = "willingness"


@dataclass(frozen=True)
class Criterion:
    """One rubric line: ``minimum``..``maximum`` is the scale reviewers (or a formula) score on."""

    id: Hashable
    minimum: float
    maximum: float
    weight: float
    kind: Kind

    def __post_init__(self) -> None:
        if not self.maximum > self.minimum:
            raise ValueError(f"criterion {self.id!r}: maximum must exceed minimum")
        if not self.weight > 0:
            raise ValueError(f"criterion {self.id!r}: weight must be positive")
        object.__setattr__(self, "kind", Kind(self.kind))

    def normalise(self, value: float) -> float:
        """0..1 position on the scale, clipped: corrected scores can overshoot the scale slightly."""
        return min(1.0, max(0.0, (value - self.minimum) / (self.maximum - self.minimum)))


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids must be unique within a rubric")
        if not ids:
            raise ValueError("a rubric needs at least one criterion")

    def __getitem__(self, criterion_id: Hashable) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


@dataclass(frozen=True)
class Combined:
    """Scores on 0..100; ``None`` where no criterion of that kind has a score yet."""

    capability: float | None
    willingness: float | None
    combined: float | None


def _weighted_0_100(pairs: list[tuple[Criterion, float]]) -> float | None:
    total_weight = sum(c.weight for c, _ in pairs)
    if not pairs:
        return None
    return 100.0 * sum(c.weight * c.normalise(v) for c, v in pairs) / total_weight


def combine(rubric: Rubric, scores: Mapping[Hashable, float | None]) -> Combined:
    """Combine one applicant's per-criterion (already leniency-corrected) scores.

    Each score is put on 0..1 by its criterion's scale, so a 1..5 and a 0..10 criterion weigh
    only by their weights. Criteria without a score (``None`` or absent) are left out and the
    remaining weights renormalised: an applicant not yet interviewed is compared on what is
    known, rather than being punished with zeros. Unknown criterion ids are an error, because
    they usually mean a rubric and its scores went out of step.
    """
    unknown = set(scores) - {c.id for c in rubric.criteria}
    if unknown:
        raise KeyError(f"scores for criteria not in the rubric: {sorted(map(repr, unknown))}")
    present = [(c, float(scores[c.id])) for c in rubric.criteria if scores.get(c.id) is not None]
    return Combined(
        capability=_weighted_0_100([(c, v) for c, v in present if c.kind is Kind.CAPABILITY]),
        willingness=_weighted_0_100([(c, v) for c, v in present if c.kind is Kind.WILLINGNESS]),
        combined=_weighted_0_100(present),
    )


# --------------------------------------------------------------------------------------------
# Objective criteria, computed from the profile and answers instead of scored by hand
# --------------------------------------------------------------------------------------------

#: Ordered answers to "how often do you use …?"; position, not wording, decides the score.
USAGE_LEVELS: tuple[str, ...] = ("never", "monthly", "weekly", "daily", "hourly")


def log_reach(followers: int, cap: int = 1_000_000, *, scale: tuple[float, float] = (0.0, 10.0)) -> float:
    """Follower count on the criterion's scale, logarithmically.

    Reach matters by orders of magnitude (100 → 10,000 followers is a different person; 510,000
    vs 520,000 is not), so ``log10(1 + followers) / log10(1 + cap)`` is used, clipped at 1 so one
    celebrity does not stretch everybody else to the bottom of the scale.
    """
    if followers < 0:
        raise ValueError("followers cannot be negative")
    if cap < 1:
        raise ValueError("cap must be at least 1")
    low, high = scale
    fraction = min(1.0, math.log10(1 + followers) / math.log10(1 + cap))
    return low + fraction * (high - low)


def usage_frequency(
    value: str, *, levels: Sequence[str] = USAGE_LEVELS, scale: tuple[float, float] = (1.0, 5.0)
) -> float:
    """An ordered answer on the criterion's scale: the first level is the minimum, the last the maximum.

    The levels are data (a round can ask about "yearly … daily"), spaced evenly in between.
    Unknown answers raise instead of silently scoring zero.
    """
    if len(levels) < 2:
        raise ValueError("at least two levels are needed")
    try:
        position = list(levels).index(value)
    except ValueError:
        raise ValueError(f"{value!r} is not one of {list(levels)}") from None
    low, high = scale
    return low + position / (len(levels) - 1) * (high - low)


# --------------------------------------------------------------------------------------------
# Leniency correction
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    reviewer: Hashable
    applicant: Hashable
    criterion: Hashable
    value: float


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


@dataclass(frozen=True)
class Corrected:
    """Result for all criteria.

    ``applicant_means[criterion][applicant]`` is the corrected score on the criterion's scale;
    ``reviewer_offsets[criterion][reviewer]`` is how much more generous the reviewer is than the
    average reviewer (positive = lenient); ``scores`` are corrected individual scores.
    """

    method: Method
    applicant_means: dict[Hashable, dict[Hashable, float]]
    reviewer_offsets: dict[Hashable, dict[Hashable, float]]
    scores: tuple[Score, ...]
    problems: tuple[Problem, ...] = field(default=())


@dataclass
class _Block:
    """One criterion's scores as integer-indexed arrays, built once for both methods."""

    reviewers: list[Hashable]
    applicants: list[Hashable]
    r: np.ndarray
    a: np.ndarray
    y: np.ndarray


def _blocks(scores: Iterable[Score]) -> dict[Hashable, _Block]:
    grouped: dict[Hashable, list[Score]] = defaultdict(list)
    for s in scores:
        grouped[s.criterion].append(s)
    blocks = {}
    for criterion, rows in grouped.items():
        r_index: dict[Hashable, int] = {}
        a_index: dict[Hashable, int] = {}
        seen: set[tuple[int, int]] = set()
        r = np.empty(len(rows), dtype=np.int64)
        a = np.empty(len(rows), dtype=np.int64)
        y = np.empty(len(rows), dtype=np.float64)
        for i, s in enumerate(rows):
            r[i] = r_index.setdefault(s.reviewer, len(r_index))
            a[i] = a_index.setdefault(s.applicant, len(a_index))
            y[i] = s.value
            if (r[i], a[i]) in seen:
                raise ValueError(f"reviewer {s.reviewer!r} scored applicant {s.applicant!r} twice on {criterion!r}")
            seen.add((r[i], a[i]))
        if not np.all(np.isfinite(y)):
            raise ValueError(f"criterion {criterion!r}: scores must be finite numbers")
        blocks[criterion] = _Block(list(r_index), list(a_index), r, a, y)
    return blocks


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


def correct_leniency(
    scores: Iterable[Score],
    *,
    method: Method | str = Method.STANDARDISE,
    on_disconnected: Literal["raise", "per_component"] = "raise",
) -> Corrected:
    """Remove reviewer leniency, criterion by criterion.

    ``standardise``: each reviewer's scores on a criterion become z-scores against that
    reviewer's own mean and standard deviation, then are mapped back onto the criterion's scale
    with the pooled mean and standard deviation of all scores on it. Corrects generosity *and*
    reviewers who use only part of the scale, but assumes every reviewer saw a comparable mix
    of applicants. Reviewers with a single score are kept as given (``single_score`` problem);
    reviewers who gave everyone the same score are set to the pooled mean (``no_variance``).
    The applicant mean is the mean of the corrected scores. Offsets reported are the reviewer's
    raw mean minus the pooled mean.

    ``offset_model``: ``score = applicant effect + reviewer offset + noise`` fitted by least
    squares on the sparse design, offsets summing to zero, so the applicant effect is "what the
    average reviewer would have given". Does not assume comparable mixes, so it suits
    incomplete assignments (each applicant seen by 3 of 40 reviewers), but corrects only
    additive generosity. If the reviewers of a criterion split into groups that share no
    applicant, offsets are not comparable between groups: ``raise`` refuses with
    :class:`NotIdentifiable`; ``per_component`` solves each group with its own zero-sum
    constraint and reports a ``disconnected`` problem.
    """
    method = Method(method)
    means: dict[Hashable, dict[Hashable, float]] = {}
    offsets_out: dict[Hashable, dict[Hashable, float]] = {}
    corrected_scores: list[Score] = []
    problems: list[Problem] = []
    for criterion, b in _blocks(scores).items():
        if method is Method.STANDARDISE:
            corrected, offsets, found = _standardise(criterion, b)
            effects, _ = _group_mean(b.a, corrected, len(b.applicants))
        else:
            effects, offsets, corrected, found = _offset_model(criterion, b, on_disconnected)
        problems.extend(found)
        means[criterion] = dict(zip(b.applicants, effects.tolist(), strict=True))
        offsets_out[criterion] = dict(zip(b.reviewers, offsets.tolist(), strict=True))
        corrected_scores.extend(
            Score(b.reviewers[r], b.applicants[a], criterion, v)
            for r, a, v in zip(b.r.tolist(), b.a.tolist(), corrected.tolist(), strict=True)
        )
    return Corrected(method, means, offsets_out, tuple(corrected_scores), tuple(problems))


def combine_all(rubric: Rubric, corrected: Corrected) -> dict[Hashable, Combined]:
    """Every applicant's combined scores from a leniency correction, criterion means as inputs.

    Criteria in the result but not in the rubric are ignored (a round may have scored a
    criterion that was later dropped); criteria an applicant was not scored on are left out
    and the rest renormalised, as in :func:`combine`.
    """
    wanted = {c.id for c in rubric.criteria}
    per_applicant: dict[Hashable, dict[Hashable, float]] = defaultdict(dict)
    for criterion, means in corrected.applicant_means.items():
        if criterion in wanted:
            for applicant, value in means.items():
                per_applicant[applicant][criterion] = value
    return {applicant: combine(rubric, scores) for applicant, scores in per_applicant.items()}


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


def alpha_per_criterion(
    scores: Iterable[Score], metric: Metric | str = Metric.INTERVAL
) -> dict[Hashable, float | None]:
    """Alpha on the raw scores of each criterion: agreement is about what reviewers said, before correction."""
    result: dict[Hashable, float | None] = {}
    for criterion, b in _blocks(scores).items():
        matrix = np.full((len(b.reviewers), len(b.applicants)), np.nan)
        matrix[b.r, b.a] = b.y
        result[criterion] = krippendorff_alpha(matrix, metric)
    return result
