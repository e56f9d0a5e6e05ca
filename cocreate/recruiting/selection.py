"""Choose the best cohort of k applicants under min/max quotas: a proven optimum, not a greedy pick.

Pure module (NumPy and HiGHS, no Django, no ORM) so it can be tested against brute force and
benchmarked on a million applicants. The model: x_i in {0, 1}, maximise sum(score_i * x_i)
subject to sum(x_i) == k and min_q <= sum(x_i for i with attribute == value) <= max_q for every
quota q.

The fast method (`select_cohort`) never hands the whole pool to the solver:

1. a shortlist (top scorers plus the best few holders of every quota value) is solved as an LP;
2. the row duals price out the rest of the pool in one vectorised pass (reduced cost =
   cost - dual of the k-row - sum of the duals of the quota rows the candidate counts towards);
   improving candidates join the shortlist and the LP is solved again, warm, until none is left.
   The LP optimum is then the LP optimum of the whole pool (LP duality);
3. if that LP optimum is integral it is the cohort. Otherwise the reduced costs d bound every
   cohort: it scores at most LP* + sum of d_j over its members with d_j < 0 - sum of d_j over
   the left-out with d_j > 0. The ILP is solved on the few candidates with |d_j| <= w (those
   with d_j > w fixed in); a cohort scoring at least LP* - w is then proven optimal over the
   whole pool. A small w first; if its cohort falls short, LP* minus that cohort's score is a
   w that is sure to do. Too many candidates in the window, and the full ILP is solved instead
   (correctness before speed).

Ties and near-ties are broken by a seeded lottery: every candidate draws a ticket u_i in [0, 1)
from ``numpy.random.default_rng(seed)`` in pool order, and its cost gains ``resolution * u_i / k``
(in score units), so all the tickets of a cohort add up to less than ``resolution``. Cohorts whose
totals differ by more than ``resolution`` keep their order; closer ones are decided by the
lottery. The window is widened to 1e-6 of the pool's score spread when ``resolution`` is finer,
so the tickets stay above the solver's tolerances (two tickets closer than the tolerance, 1e-9
of the spread, are told apart by the solver, deterministically but not necessarily the same way
by the fast method and the plain ILP). The seed and the window are recorded in the result, so
a selection can be reproduced and audited, as long as the pool is passed in the same order
(callers sort by a stable key, such as the application id).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

__all__ = [
    "Candidate",
    "InfeasibleQuotas",
    "Pool",
    "Quota",
    "QuotaState",
    "Reason",
    "Selection",
    "exact_ilp",
    "explain_infeasible",
    "lottery_near_optimal",
    "select_cohort",
]

# The solver's tolerances, absolute on costs normalised to the pool's score spread (0 to 1).
_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class Candidate:
    """One applicant as the optimiser sees it: an id, a combined score and profile attributes."""

    id: Hashable
    score: float
    attributes: Mapping[str, Hashable] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Quota:
    """At least ``min`` and at most ``max`` (None: no upper bound) chosen with ``attribute == value``."""

    attribute: str
    value: Hashable
    min: int = 0
    max: int | None = None


class Pool:
    """The applicant pool as arrays: ids, scores and one integer code array per attribute.

    ``codes[attribute][i]`` indexes ``labels[attribute]``; -1 means the candidate has no value.
    Build it with ``Pool.from_candidates`` or, for large pools read straight from the database,
    ``Pool(ids, scores, codes, labels)``.
    """

    __slots__ = ("codes", "ids", "labels", "scores")

    def __init__(
        self,
        ids: Sequence[Hashable] | np.ndarray,
        scores: Sequence[float] | np.ndarray,
        codes: Mapping[str, np.ndarray],
        labels: Mapping[str, Sequence[Hashable]],
    ) -> None:
        self.ids = ids
        self.scores = np.ascontiguousarray(scores, dtype=np.float64)
        n = self.scores.shape[0]
        if len(ids) != n:
            raise ValueError("ids and scores differ in length")
        if not np.all(np.isfinite(self.scores)):
            raise ValueError("scores must be finite")
        self.codes = {a: np.ascontiguousarray(c, dtype=np.int32) for a, c in codes.items()}
        self.labels = {a: tuple(labels[a]) for a in self.codes}
        for a, c in self.codes.items():
            if c.shape[0] != n:
                raise ValueError(f"codes of {a!r} differ in length from scores")

    def __len__(self) -> int:
        return self.scores.shape[0]

    @classmethod
    def from_candidates(cls, candidates: Sequence[Candidate]) -> Pool:
        index: dict[str, dict[Hashable, int]] = {}
        for c in candidates:
            for a, v in c.attributes.items():
                index.setdefault(a, {}).setdefault(v, len(index[a]))
        codes = {a: np.fromiter((idx.get(c.attributes.get(a, _MISSING), -1) for c in candidates),
                                dtype=np.int32, count=len(candidates)) for a, idx in index.items()}
        return cls([c.id for c in candidates], [c.score for c in candidates], codes,
                   {a: list(idx) for a, idx in index.items()})


_MISSING = object()


@dataclass(frozen=True, slots=True)
class QuotaState:
    """How a quota sits in the chosen cohort: ``state`` is at_min, at_max, fixed (min == max) or slack."""

    quota: Quota
    count: int
    eligible: int
    state: str


@dataclass(frozen=True, slots=True)
class Selection:
    """A proven-optimal cohort and what the quotas cost.

    ``ids`` and ``indices`` (positions in the pool) are ordered by score, best first;
    ``unconstrained_total`` is the top-k total without quotas, so ``price_of_diversity`` is what
    the quotas cost in score.
    """

    ids: tuple[Hashable, ...]
    indices: tuple[int, ...]
    total: float
    unconstrained_total: float
    quotas: tuple[QuotaState, ...]
    seed: int
    resolution: float
    method: str
    stats: Mapping[str, Any]

    @property
    def price_of_diversity(self) -> float:
        return self.unconstrained_total - self.total


@dataclass(frozen=True, slots=True)
class Reason:
    """Why quotas cannot be met, as a code and its parameters (the caller builds the translated sentence).

    Codes: ``pool_smaller_than_k`` (pool, k); ``min_exceeds_max`` (attribute, value, min, max);
    ``minimums_exceed_k`` (attribute, total_min, k); ``min_exceeds_eligible`` (attribute, value,
    min, eligible); ``maximums_below_k`` (attribute, total_max, k); ``relax_min`` / ``relax_max``
    (attribute, value, current, suggested, change): the smallest total quota change that makes
    the selection feasible.
    """

    code: str
    params: Mapping[str, Any]


class InfeasibleQuotas(ValueError):  # noqa: N818 - the name reads as the domain says it
    """No cohort of size k meets the quotas; ``reasons`` say why."""

    def __init__(self, reasons: Sequence[Reason]) -> None:
        super().__init__("; ".join(f"{r.code} {dict(r.params)}" for r in reasons) or "infeasible")
        self.reasons = tuple(reasons)


# --------------------------------------------------------------------------------------------
# The model in arrays


@dataclass(slots=True)
class _Model:
    pool: Pool
    k: int
    quotas: tuple[Quota, ...]
    lower: np.ndarray  # row bounds, row 0 is "exactly k"
    upper: np.ndarray
    families: list[tuple[np.ndarray, np.ndarray]]  # (codes, row of code + 1 or -1) per attribute
    cost: np.ndarray  # normalised score plus lottery ticket
    resolution: float  # the near-tie window in score units, as applied


def _as_pool(candidates: Pool | Sequence[Candidate]) -> Pool:
    return candidates if isinstance(candidates, Pool) else Pool.from_candidates(candidates)


def _build(pool: Pool, k: int, quotas: Sequence[Quota], seed: int, resolution: float) -> _Model:
    quotas = tuple(quotas)
    seen: set[tuple[str, Hashable]] = set()
    rows_of: dict[str, np.ndarray] = {}
    for r, q in enumerate(quotas, start=1):
        if (q.attribute, q.value) in seen:
            raise ValueError(f"two quotas on {q.attribute}={q.value!r}")
        seen.add((q.attribute, q.value))
        labels = pool.labels.get(q.attribute, ())
        table = rows_of.setdefault(q.attribute, np.full(len(labels) + 1, -1, dtype=np.int32))
        if q.value in labels:
            table[labels.index(q.value) + 1] = r
    families = [(pool.codes[a], table) for a, table in rows_of.items() if a in pool.codes]
    lower = np.array([k] + [q.min for q in quotas], dtype=np.float64)
    upper = np.array([k] + [math.inf if q.max is None else q.max for q in quotas], dtype=np.float64)
    scores = pool.scores
    n = scores.shape[0]
    lo, hi = (float(scores.min()), float(scores.max())) if n else (0.0, 0.0)
    spread = hi - lo if hi > lo else 1.0
    tickets = np.random.default_rng(seed).random(n)
    # Normalised to [0, 1] so the solver's absolute tolerances mean the same for any score scale;
    # the tickets stay above the solver's tolerance, so the window is at least 1e-6 of the spread.
    amplitude = max(resolution / spread, 1e3 * _TOL) / max(k, 1)
    cost = (scores - lo) / spread + amplitude * tickets
    return _Model(pool, k, quotas, lower, upper, families, cost, amplitude * max(k, 1) * spread)


def _matrix(m: _Model, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSC starts and row indices for ``cols``: every column has row 0 and its quota rows."""
    rows = np.empty((cols.shape[0], 1 + len(m.families)), dtype=np.int32)
    rows[:, 0] = 0
    for f, (codes, table) in enumerate(m.families):
        rows[:, f + 1] = table[codes[cols] + 1]
    present = rows >= 0
    starts = np.zeros(cols.shape[0], dtype=np.int32)
    np.cumsum(present.sum(axis=1)[:-1], out=starts[1:])
    return starts, rows[present]


def _reduced_costs(m: _Model, row_dual: np.ndarray) -> np.ndarray:
    d = m.cost - row_dual[0]
    for codes, table in m.families:
        dual_of_code = np.where(table >= 0, row_dual[np.maximum(table, 0)], 0.0)
        d -= dual_of_code[codes + 1]
    return d


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", _TOL)
    h.setOptionValue("primal_feasibility_tolerance", _TOL)
    h.setOptionValue("dual_feasibility_tolerance", _TOL)
    h.setOptionValue("mip_feasibility_tolerance", _TOL)
    h.setOptionValue("random_seed", 0)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return h


def _add_rows(h: highspy.Highs, m: _Model) -> None:
    _add_rows_bounds(h, m.lower, m.upper)


def _add_cols(h: highspy.Highs, m: _Model, cols: np.ndarray) -> None:
    starts, index = _matrix(m, cols)
    h.addCols(cols.shape[0], m.cost[cols], np.zeros(cols.shape[0]), np.ones(cols.shape[0]),
              index.shape[0], starts, index, np.ones(index.shape[0]))


def _solve_ilp(m: _Model, cols: np.ndarray, time_limit: float | None = None,
               fixed: np.ndarray | None = None) -> tuple[np.ndarray, float] | None:
    """Optimal 0/1 choice among ``cols`` (``fixed``: a mask of those that must be chosen).

    Returns (chosen positions in the pool, objective), or None if infeasible."""
    if cols.shape[0] == 0:  # HiGHS calls a model without columns empty rather than solving it
        return (cols, 0.0) if np.all(m.lower <= 0) else None
    h = _highs()
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    _add_rows(h, m)
    _add_cols(h, m, cols)
    if fixed is not None and fixed.any():
        ones = np.flatnonzero(fixed).astype(np.int32)
        h.changeColsBounds(ones.shape[0], ones, np.ones(ones.shape[0]), np.ones(ones.shape[0]))
    h.changeColsIntegrality(cols.shape[0], np.arange(cols.shape[0], dtype=np.int32),
                            np.full(cols.shape[0], 1, dtype=np.uint8))
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS stopped without a proven optimum: {h.modelStatusToString(status)}")
    x = np.asarray(h.getSolution().col_value)
    return cols[x > 0.5], h.getInfo().objective_function_value


# --------------------------------------------------------------------------------------------
# Public functions


def select_cohort(
    candidates: Pool | Sequence[Candidate],
    k: int,
    quotas: Sequence[Quota] = (),
    *,
    seed: int,
    resolution: float = 1e-6,
    shortlist: int | None = None,
    per_value: int | None = None,
    ilp_window: float = 0.03,
    max_ilp_shortlist: int = 50_000,
) -> Selection:
    """The best cohort of exactly ``k`` meeting every quota, proven optimal (see the module docstring).

    ``shortlist`` (default max(4k, 200)) top scorers and, per quota value, the best ``min +
    per_value`` (default k // 5 + 3) holders start the column generation; both only change speed,
    never the answer. So do ``ilp_window`` (the first window w, in normalised score units: the
    pool's spread is 1) and ``max_ilp_shortlist`` (beyond it the full ILP is solved). Raises
    ``InfeasibleQuotas`` with the reasons when no cohort meets the quotas.
    """
    pool = _as_pool(candidates)
    _check_args(pool, k, quotas)
    m = _build(pool, k, quotas, seed, resolution)
    n = len(pool)
    shortlist = max(4 * k, 200) if shortlist is None else shortlist
    per_value = k // 5 + 3 if per_value is None else per_value
    stats: dict[str, Any] = {"pool": n, "lp_rounds": 0}
    if k == 0:
        chosen = np.zeros(0, dtype=np.int64)
        if _solve_ilp(m, chosen) is None:
            raise InfeasibleQuotas(explain_infeasible(pool, k, quotas))
        return _result(m, chosen, seed, "trivial", stats)

    cols = _initial_shortlist(m, shortlist, per_value)
    in_model = np.zeros(n, dtype=bool)
    in_model[cols] = True
    h = _highs()
    _add_rows(h, m)
    _add_cols(h, m, cols)
    batch = max(2 * k, 100)
    while True:
        h.run()
        stats["lp_rounds"] += 1
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            if status != highspy.HighsModelStatus.kInfeasible:
                raise RuntimeError(f"HiGHS stopped without an LP optimum: {h.modelStatusToString(status)}")
            if cols.shape[0] == n:  # the LP over the whole pool is infeasible, so is the ILP
                raise InfeasibleQuotas(explain_infeasible(pool, k, quotas))
            # The shortlist alone cannot meet the quotas: widen it with the next best scorers.
            outside = np.flatnonzero(~in_model)
            more = min(outside.shape[0], 4 * cols.shape[0])
            if more < outside.shape[0]:
                outside = outside[np.argpartition(-m.cost[outside], more - 1)[:more]]
            _add_cols(h, m, outside)
            cols = np.concatenate([cols, outside])
            in_model[outside] = True
            stats["widened"] = stats.get("widened", 0) + 1
            continue
        sol = h.getSolution()
        d = _reduced_costs(m, np.asarray(sol.row_dual))
        improving = np.flatnonzero((d > _TOL) & ~in_model)
        if improving.shape[0] == 0:
            break
        if improving.shape[0] > batch:
            improving = improving[np.argpartition(-d[improving], batch)[:batch]]
        _add_cols(h, m, improving)
        cols = np.concatenate([cols, improving])
        in_model[improving] = True

    x = np.asarray(sol.col_value)
    stats["shortlist"] = cols.shape[0]
    # The proof does not trust the solver's optimum: any row duals give an upper bound on every
    # cohort (weak duality), computed here over the whole pool. A dual that would need an
    # infinite bound (a positive dual on a row without a maximum) is clipped to 0 first.
    y = np.asarray(sol.row_dual).copy()
    y[np.isinf(m.upper)] = np.minimum(y[np.isinf(m.upper)], 0.0)
    d = _reduced_costs(m, y)
    bound = float(np.sum(np.where(y > 0, y * np.where(np.isinf(m.upper), 0.0, m.upper), y * m.lower))
                  + np.sum(np.maximum(d, 0.0)))
    stats["lp_bound"] = bound
    if np.all(np.abs(x - np.round(x)) <= 1e-6):
        chosen = cols[x > 0.5]
        if chosen.shape[0] == k and m.cost[chosen].sum() >= bound - _TOL:
            return _result(m, chosen, seed, "lp", stats)

    # The LP optimum is fractional. With d over the whole pool under the final duals, a cohort
    # scores at most bound + sum(d_j, chosen j with d_j < 0) - sum(d_j, left-out j with d_j > 0).
    # So once an integer cohort scoring at least bound - window is found among the candidates
    # with d_j >= -window, taking every one with d_j > window, no other cohort can beat it. A
    # small window first (the integrality gap of these models is a few swaps); if its cohort
    # falls short, that cohort's own gap is a window that is sure to do.
    window = ilp_window
    stats["ilp_solves"] = 0
    for _ in range(8):  # two solves in theory; the cap guards against numerical ping-pong
        near = np.flatnonzero(d >= -window - 10 * _TOL)
        if near.shape[0] > max_ilp_shortlist:
            break
        found = _solve_ilp(m, near, fixed=d[near] > window + 10 * _TOL)
        stats["ilp_solves"] += 1
        if found is not None:
            # The cohort's own cost, not the solver's objective, is what the bound is held to.
            z = float(m.cost[found[0]].sum())
            if z >= bound - window - _TOL:
                stats.update(ilp_columns=near.shape[0], window=window)
                return _result(m, found[0], seed, "lp+ilp", stats)
            window = bound - z
        elif near.shape[0] == n:
            break
        else:
            # Infeasible inside the window: widen it at least far enough to change the
            # candidate set (the reduced costs can have a gap wider than any fixed factor).
            beyond = np.abs(d)[np.abs(d) > window + 10 * _TOL]
            window = max(4 * window, float(beyond.min()) if beyond.shape[0] else window)
    return _full(m, seed, stats, "full-ilp (fallback)")


def lottery_near_optimal(
    candidates: Pool | Sequence[Candidate],
    k: int,
    quotas: Sequence[Quota] = (),
    *,
    seed: int,
    window: float,
    best: Selection | None = None,
) -> Selection:
    """A fair lottery among near-optimal cohorts: every cohort meeting the quotas whose total is
    within ``window`` points of the optimum counts as equally good, and fresh seeded tickets
    decide among them (the cohort with the highest ticket sum wins). Inside the window a higher
    score buys no advantage, unlike the tie-breaking tickets of ``select_cohort``.

    One ILP over the whole pool with the extra row ``total >= optimum - window``; fine for a
    campaign's thousands of applicants. ``best`` is the optimum if already known."""
    pool = _as_pool(candidates)
    if window < 0:
        raise ValueError("window must be >= 0")
    best = best or select_cohort(pool, k, quotas, seed=seed)
    m = _build(pool, k, quotas, seed, 1e-6)
    n = len(pool)
    # A stream of its own, so these tickets do not repeat the tie-breaking ones.
    tickets = np.random.default_rng([seed, 1]).random(n)
    lottery = _Model(m.pool, m.k, m.quotas, m.lower, m.upper, m.families, tickets, m.resolution)
    h = _highs()
    _add_rows(h, lottery)
    cols = np.arange(n)
    _add_cols(h, lottery, cols)
    # Scores enter as given (not normalised); the row's slack keeps the optimum itself feasible.
    h.addRow(best.total - window - 1e-7 * max(1.0, abs(best.total)), math.inf, n, cols.astype(np.int32),
             pool.scores)
    h.changeColsIntegrality(n, cols.astype(np.int32), np.full(n, 1, dtype=np.uint8))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS stopped without a proven optimum: {h.modelStatusToString(h.getModelStatus())}")
    chosen = np.flatnonzero(np.asarray(h.getSolution().col_value) > 0.5)
    stats = dict(best.stats) | {"near_optimal_window": window, "optimum": best.total}
    result = _result(m, chosen, seed, best.method + "+lottery", stats)
    if result.total < best.total - window - 1e-6 * max(1.0, abs(best.total)):
        raise RuntimeError("the lottery's cohort fell outside the window")
    return result


def exact_ilp(
    candidates: Pool | Sequence[Candidate],
    k: int,
    quotas: Sequence[Quota] = (),
    *,
    seed: int,
    resolution: float = 1e-6,
    time_limit: float | None = None,
) -> Selection:
    """The same optimum as ``select_cohort`` by one plain ILP over the whole pool (for comparison)."""
    pool = _as_pool(candidates)
    _check_args(pool, k, quotas)
    m = _build(pool, k, quotas, seed, resolution)
    return _full(m, seed, {"pool": len(pool)}, "full-ilp", time_limit)


def explain_infeasible(
    candidates: Pool | Sequence[Candidate],
    k: int,
    quotas: Sequence[Quota] = (),
) -> list[Reason]:
    """Why no cohort of ``k`` meets ``quotas``; an empty list when one does.

    Arithmetic first (each rule names the attribute and value); if the arithmetic finds nothing,
    or to go with what it found, HiGHS's feasibility relaxation gives the smallest total change
    of quota bounds (k stays fixed) that makes a cohort possible. Candidates are aggregated into
    types (one per combination of quota-relevant values), so the relaxation is small whatever
    the pool's size.
    """
    pool = _as_pool(candidates)
    quotas = tuple(quotas)
    reasons = _arithmetic(pool, k, quotas)
    if any(r.code in ("pool_smaller_than_k", "min_exceeds_max") for r in reasons):
        return reasons  # relaxing quotas cannot help, or the quotas are malformed
    return reasons + _relaxation(pool, k, quotas)


# --------------------------------------------------------------------------------------------
# Helpers


def _check_args(pool: Pool, k: int, quotas: Sequence[Quota]) -> None:
    if k < 0:
        raise ValueError("k must not be negative")
    if _arithmetic(pool, k, tuple(quotas)):
        raise InfeasibleQuotas(explain_infeasible(pool, k, quotas))


def _counts(pool: Pool, quotas: Sequence[Quota], rows: np.ndarray | None = None) -> list[int]:
    """How many candidates (of ``rows``, default all) hold each quota's value: one bincount per attribute."""
    per_attribute: dict[str, np.ndarray] = {}
    out = []
    for q in quotas:
        labels = pool.labels.get(q.attribute, ())
        if q.value not in labels:
            out.append(0)
            continue
        if q.attribute not in per_attribute:
            codes = pool.codes[q.attribute] if rows is None else pool.codes[q.attribute][rows]
            per_attribute[q.attribute] = np.bincount(codes + 1, minlength=len(labels) + 1)
        out.append(int(per_attribute[q.attribute][labels.index(q.value) + 1]))
    return out


def _arithmetic(pool: Pool, k: int, quotas: tuple[Quota, ...]) -> list[Reason]:
    reasons: list[Reason] = []
    n = len(pool)
    if k > n:
        reasons.append(Reason("pool_smaller_than_k", {"pool": n, "k": k}))
    by_attribute: dict[str, list[tuple[Quota, int]]] = {}
    for q, eligible in zip(quotas, _counts(pool, quotas), strict=True):
        if q.max is not None and q.min > q.max:
            reasons.append(Reason("min_exceeds_max",
                                  {"attribute": q.attribute, "value": q.value, "min": q.min, "max": q.max}))
        by_attribute.setdefault(q.attribute, []).append((q, eligible))
        if q.min > eligible:
            reasons.append(Reason("min_exceeds_eligible", {"attribute": q.attribute, "value": q.value,
                                                           "min": q.min, "eligible": eligible}))
    for attribute, items in by_attribute.items():
        # A candidate holds at most one value of an attribute, so the values' counts add up.
        total_min = sum(q.min for q, _ in items)
        if total_min > k:
            reasons.append(Reason("minimums_exceed_k", {"attribute": attribute, "total_min": total_min, "k": k}))
        unquoted = n - sum(e for _, e in items)
        total_max = unquoted + sum(e if q.max is None else min(q.max, e) for q, e in items)
        if total_max < k:
            reasons.append(Reason("maximums_below_k", {"attribute": attribute, "total_max": total_max, "k": k}))
    return reasons


def _relaxation(pool: Pool, k: int, quotas: tuple[Quota, ...]) -> list[Reason]:
    """The smallest total change of quota bounds that lets some cohort of k meet them (k is fixed).

    Candidates holding the same quota-relevant values are interchangeable for feasibility, so the
    elastic model has one integer variable per type (at most as many as there are value
    combinations in the pool), not one per candidate.
    """
    n = len(pool)
    key = np.zeros(n, dtype=np.int64)
    radix = 1
    layout: list[tuple[int, np.ndarray]] = []  # (radix, local code -> row) per attribute
    for attribute in dict.fromkeys(q.attribute for q in quotas):
        labels = pool.labels.get(attribute, ())
        local = np.zeros(len(labels) + 1, dtype=np.int64)
        row_of_local = [-1]
        for r, q in enumerate(quotas, start=1):
            if q.attribute == attribute and q.value in labels:
                local[labels.index(q.value) + 1] = len(row_of_local)
                row_of_local.append(r)
        if len(row_of_local) == 1:
            continue
        key += local[pool.codes[attribute] + 1] * radix
        layout.append((radix, np.array(row_of_local, dtype=np.int32)))
        radix *= len(row_of_local)
    types, counts = np.unique(key, return_counts=True)
    t = types.shape[0]
    rows = np.empty((t, 1 + len(layout)), dtype=np.int32)
    rows[:, 0] = 0
    for f, (base, row_of_local) in enumerate(layout):
        rows[:, f + 1] = row_of_local[(types // base) % row_of_local.shape[0]]
    present = rows >= 0
    lower = np.array([k] + [q.min for q in quotas], dtype=np.float64)
    upper = np.array([k] + [highspy.kHighsInf if q.max is None else q.max for q in quotas], dtype=np.float64)
    capacity = np.minimum(counts, k).astype(np.float64)

    def relax(cols: np.ndarray, integer: bool) -> tuple[float, np.ndarray, np.ndarray] | None:
        """Smallest total violation of the quota rows using the types ``cols``: (violation, x, row values)."""
        h = _highs()
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        _add_rows_bounds(h, lower, upper)
        sub_starts = np.zeros(cols.shape[0], dtype=np.int32)
        np.cumsum(present[cols].sum(axis=1)[:-1], out=sub_starts[1:])
        sub_index = rows[cols][present[cols]]
        h.addCols(cols.shape[0], np.zeros(cols.shape[0]), np.zeros(cols.shape[0]), capacity[cols],
                  sub_index.shape[0], sub_starts, sub_index, np.ones(sub_index.shape[0]))
        if integer:
            h.changeColsIntegrality(cols.shape[0], np.arange(cols.shape[0], dtype=np.int32),
                                    np.full(cols.shape[0], 1, dtype=np.uint8))
        rhs_penalty = np.ones(lower.shape[0])
        rhs_penalty[0] = -1.0  # the cohort's size is not the quotas' to change
        h.feasibilityRelaxation(-1.0, -1.0, 1.0, None, None, rhs_penalty)
        sol = h.getSolution()
        if not sol.value_valid:
            return None
        return h.getInfo().objective_function_value, np.asarray(sol.col_value), np.asarray(sol.row_value)

    # The LP relaxation first (tens of milliseconds where the integer one over every type takes
    # about a second): its violation v is a lower bound, and an integer violation is at least
    # ceil(v). An integral vertex attains v; otherwise the integer relaxation on the types the LP
    # used is tried, and it is the answer when it reaches ceil(v). Only then all types.
    everything = np.arange(t)
    found = relax(everything, integer=False)
    if found is None:
        return []
    bound, x, _ = found
    if np.any(np.abs(x - np.rint(x)) > 1e-6):
        support = np.flatnonzero(x > 1e-9)
        found = relax(support, integer=True)
        if found is None or found[0] > math.ceil(bound - 1e-6) + 1e-6:
            found = relax(everything, integer=True)
            if found is None:
                return []
    sol_rows = found[2]
    value = np.rint(sol_rows).astype(np.int64)
    reasons = []
    for r, q in enumerate(quotas, start=1):
        v = int(value[r])
        if v < q.min:
            reasons.append(Reason("relax_min", {"attribute": q.attribute, "value": q.value, "current": q.min,
                                                "suggested": v, "change": q.min - v}))
        elif q.max is not None and v > q.max:
            reasons.append(Reason("relax_max", {"attribute": q.attribute, "value": q.value, "current": q.max,
                                                "suggested": v, "change": v - q.max}))
    return reasons


def _add_rows_bounds(h: highspy.Highs, lower: np.ndarray, upper: np.ndarray) -> None:
    nrows = lower.shape[0]
    h.addRows(nrows, lower, np.where(np.isinf(upper), highspy.kHighsInf, upper), 0,
              np.zeros(nrows, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))


def _initial_shortlist(m: _Model, shortlist: int, per_value: int) -> np.ndarray:
    """Top scorers plus the best ``min + per_value`` holders of every quota value they lack."""
    n = m.cost.shape[0]
    if shortlist >= n:
        return np.arange(n)
    top = np.argpartition(-m.cost, shortlist - 1)[:shortlist]
    extra = []
    have = _counts(m.pool, m.quotas, top)
    for q, got in zip(m.quotas, have, strict=True):
        need = q.min + per_value
        labels = m.pool.labels.get(q.attribute, ())
        if got >= need or q.value not in labels:
            continue
        holders = np.flatnonzero(m.pool.codes[q.attribute] == labels.index(q.value))
        if holders.shape[0] > need:
            holders = holders[np.argpartition(-m.cost[holders], need - 1)[:need]]
        extra.append(holders)
    if not extra:
        return top
    return np.unique(np.concatenate([top, *extra]))


def _full(m: _Model, seed: int, stats: dict[str, Any], method: str,
          time_limit: float | None = None) -> Selection:
    found = _solve_ilp(m, np.arange(m.cost.shape[0]), time_limit)
    if found is None:
        raise InfeasibleQuotas(explain_infeasible(m.pool, m.k, m.quotas))
    return _result(m, found[0], seed, method, stats)


def _result(m: _Model, chosen: np.ndarray, seed: int, method: str,
            stats: dict[str, Any]) -> Selection:
    pool, k = m.pool, m.k
    scores = pool.scores
    chosen = chosen[np.lexsort((chosen, -scores[chosen]))]
    if chosen.shape[0] != k:
        raise RuntimeError(f"solver returned {chosen.shape[0]} candidates, not {k}")
    n = scores.shape[0]
    unconstrained = float(np.partition(scores, n - k)[n - k:].sum()) if k else 0.0
    states = []
    for q, count, eligible in zip(m.quotas, _counts(pool, m.quotas, chosen), _counts(pool, m.quotas), strict=True):
        if count < q.min or (q.max is not None and count > q.max):
            raise RuntimeError(f"solver broke the quota {q}: {count} chosen")
        at_min, at_max = count == q.min, q.max is not None and count == q.max
        state = "fixed" if at_min and at_max else "at_min" if at_min else "at_max" if at_max else "slack"
        states.append(QuotaState(q, count, eligible, state))
    ids = pool.ids[chosen].tolist() if isinstance(pool.ids, np.ndarray) else [pool.ids[i] for i in chosen]
    return Selection(ids=tuple(ids), indices=tuple(int(i) for i in chosen), total=float(scores[chosen].sum()),
                     unconstrained_total=unconstrained, quotas=tuple(states), seed=seed, resolution=m.resolution,
                     method=method, stats=stats)
