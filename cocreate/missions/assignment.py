"""Fair assignment of participants to sub-missions from their ranked preferences.

Pure module (NumPy and HiGHS through highspy, like ``recruiting/selection.py``; no Django, no
ORM), tested against brute force and with property tests, benchmarked in
``bench/bench_assignment.py``.

Every person lands on one *level*: 1 .. K for their 1st .. K-th choice (K = the longest ranking),
K + 1 for a sub-mission they did not rank (a last resort, taken only when the ranked ones are
full: it is better to be placed somewhere than nowhere), K + 2 for no sub-mission at all (only
when every seat is taken). The assignment minimises the *worst* level first and then, level by
level from the worst down to the 2nd choice, the number of people at that level (leximin on the
levels): no one is pushed down to help others while a fairer split exists, and whatever is left
gives as many people as possible their first choice. It follows that no two people could swap
and both be better off, and that everyone is placed when the seats suffice.

Each step re-solves one HiGHS model (a transportation problem plus a count row per level fixed
so far; a level whose optimum is 0 has its columns closed instead), warm from the previous
step's basis. Person i's variables are x[i, r] (their r-th choice), u[i] (last resort) and z[i] (unplaced); the
last-resort people are pooled (f[j] seats of sub-mission j go to the pool), so the problem grows
with the rankings, not with participants × sub-missions. Among the assignments with the optimal
level counts, a seeded lottery decides: every variable gets a random cost from
``numpy.random.default_rng(seed)`` and the last step minimises their sum, so equal claims are
treated alike and the same seed (with the participants in the same order: callers sort by a
stable key) gives the same assignment. The seed is returned so that a run can be audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csr_array

__all__ = ["Assignment", "assign"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """``choices[i]`` is the sub-mission id given to participant i (None: unplaced);
    ``ranks[i]`` is its rank in their list (None: not ranked, or unplaced).
    ``by_rank[r]`` counts the people who got their r-th choice; ``objective`` is the vector of
    counts per level from the worst (unplaced, unranked, K-th choice … 1st), the quantity
    minimised lexicographically."""

    choices: tuple[Hashable | None, ...]
    ranks: tuple[int | None, ...]
    by_rank: dict[int, int]
    unranked: int
    unassigned: int
    seed: int
    objective: tuple[int, ...]

    def stats(self) -> dict:
        return {"by_rank": {str(k): v for k, v in sorted(self.by_rank.items())}, "unranked": self.unranked,
                "unassigned": self.unassigned}


def assign(rankings: Sequence[Sequence[Hashable]], capacities: Mapping[Hashable, int | None], *,
           seed: int | None = None) -> Assignment:
    """Assign each participant (one ranking each, best first) to one sub-mission of
    ``capacities`` (id → seats, None for no limit). Raises ValueError on a ranking naming an
    unknown sub-mission or the same one twice."""
    if seed is None:
        seed = secrets.randbits(32)
    subs = list(capacities)
    index = {s: j for j, s in enumerate(subs)}
    n, m = len(rankings), len(subs)
    for ranking in rankings:
        if len(set(ranking)) != len(ranking):
            raise ValueError("a ranking names a sub-mission twice")
        for s in ranking:
            if s not in index:
                raise ValueError(f"unknown sub-mission {s!r}")
    k = max((len(r) for r in rankings), default=0)
    if n == 0:
        return Assignment((), (), {}, 0, 0, seed, (0,) * (k + 2))

    # Columns: x (ranked pairs), u (last resort, per person), z (unplaced, per person), f (pool seats, per sub).
    x_person = np.fromiter((i for i, r in enumerate(rankings) for _ in r), dtype=np.int64)
    x_sub = np.fromiter((index[s] for r in rankings for s in r), dtype=np.int64)
    x_level = np.fromiter((p + 1 for r in rankings for p in range(len(r))), dtype=np.int64)
    nx = x_person.shape[0]
    u0, z0, f0 = nx, nx + n, nx + 2 * n
    ncols = f0 + m
    level = np.concatenate([x_level, np.full(n, k + 1), np.full(n, k + 2), np.zeros(m, dtype=np.int64)])

    rows, cols, vals, lo, hi = [], [], [], [], []
    # One place per person.
    rows += [x_person, np.arange(n), np.arange(n)]
    cols += [np.arange(nx), u0 + np.arange(n), z0 + np.arange(n)]
    vals += [np.ones(nx), np.ones(n), np.ones(n)]
    lo += [np.ones(n)]
    hi += [np.ones(n)]
    r0 = n
    # Seats: ranked takers plus pooled seats within each limited sub-mission's capacity.
    limited = [j for j, s in enumerate(subs) if capacities[s] is not None]
    row_of = {j: r0 + t for t, j in enumerate(limited)}
    mask = np.fromiter((capacities[subs[j]] is not None for j in x_sub), dtype=bool, count=nx)
    rows += [np.fromiter((row_of[j] for j in x_sub[mask]), dtype=np.int64),
             np.array([row_of[j] for j in limited], dtype=np.int64)]
    cols += [np.arange(nx)[mask], f0 + np.array(limited, dtype=np.int64)]
    vals += [np.ones(int(mask.sum())), np.ones(len(limited))]
    lo += [np.zeros(len(limited))]
    hi += [np.array([capacities[subs[j]] for j in limited], dtype=np.float64)]
    r0 += len(limited)
    # The pool hands out exactly as many seats as it has last-resort people.
    rows += [np.full(n, r0), np.full(m, r0)]
    cols += [u0 + np.arange(n), f0 + np.arange(m)]
    vals += [np.ones(n), -np.ones(m)]
    lo += [np.zeros(1)]
    hi += [np.zeros(1)]
    r0 += 1
    a = csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, ncols)).tocsc()
    upper = np.ones(ncols)
    upper[f0:] = np.array([n if capacities[s] is None else min(n, capacities[s]) for s in subs], dtype=np.float64)
    solver = _Solver(a, np.concatenate(lo), np.concatenate(hi), upper)

    # Anyone may take any free seat as a last resort, so the fewest unplaced needs no solver.
    seats = None if any(v is None for v in capacities.values()) else sum(capacities.values())
    fewest_unplaced = 0 if seats is None else max(0, n - seats)
    for lev in range(k + 2, 1, -1):
        sel = np.flatnonzero(level == lev)
        if sel.shape[0] == 0:
            continue
        best = fewest_unplaced if lev == k + 2 else int(round(solver.minimise(sel)[0]))
        if best == 0:  # closing the level's columns keeps the problem a plain transportation problem
            solver.close(sel)
        else:
            solver.cap(sel, best)

    rng = np.random.default_rng(seed)
    sol = np.round(solver.minimise(None, rng.random(ncols))[1]).astype(np.int64)

    choices: list[Hashable | None] = [None] * n
    ranks: list[int | None] = [None] * n
    for t in np.flatnonzero(sol[:nx]):
        i = int(x_person[t])
        choices[i], ranks[i] = subs[int(x_sub[t])], int(x_level[t])
    # Last-resort people take the pooled seats in the lottery's order.
    pooled = [i for i in np.flatnonzero(sol[u0:z0])]
    seats = [subs[j] for j in range(m) for _ in range(int(sol[f0 + j]))]
    order = rng.permutation(len(seats))
    for i, t in zip(pooled, order, strict=True):
        choices[int(i)] = seats[int(t)]
    by_rank = {r: 0 for r in range(1, k + 1)}
    for r in ranks:
        if r is not None:
            by_rank[r] += 1
    unassigned = sum(1 for c in choices if c is None)
    unranked = n - unassigned - sum(by_rank.values())
    objective = (unassigned, unranked, *(by_rank[r] for r in range(k, 0, -1)))
    return Assignment(tuple(choices), tuple(ranks), by_rank, unranked, unassigned, seed, objective)


class _Solver:
    """One HiGHS model, re-solved warm as the objective changes and count rows are added.
    The first solve uses the interior point method (with crossover, so later simplex solves
    start from its basis): the seats-and-people structure is totally unimodular, so optimal
    vertices are nearly always whole; the count rows can make one fractional, and then the
    same model is solved as a MILP."""

    def __init__(self, a, lo, hi, upper):
        self.n = a.shape[1]
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("solver", "ipm")
        empty = np.array([], dtype=np.int32)
        h.addRows(a.shape[0], lo, hi, 0, empty, empty, np.array([]))
        h.addCols(self.n, np.zeros(self.n), np.zeros(self.n), upper, a.nnz, a.indptr.astype(np.int32),
                  a.indices.astype(np.int32), a.data.astype(np.float64))
        self.h = h
        self.all = np.arange(self.n, dtype=np.int32)

    def minimise(self, cols, cost=None):
        """Minimise the number of chosen ``cols`` (or the given ``cost``): (optimum, solution)."""
        if cost is None:
            cost = np.zeros(self.n)
            cost[cols] = 1.0
        h = self.h
        h.changeColsCost(self.n, self.all, cost)
        x = self._run()
        h.setOptionValue("solver", "simplex")
        if not np.allclose(x, np.round(x), atol=1e-7):
            h.changeColsIntegrality(self.n, self.all, np.ones(self.n, dtype=np.uint8))
            x = self._run()
            h.changeColsIntegrality(self.n, self.all, np.zeros(self.n, dtype=np.uint8))
        return float(cost @ np.round(x)), x

    def cap(self, cols, most):
        cols = cols.astype(np.int32)
        self.h.addRow(-highspy.kHighsInf, float(most), cols.shape[0], cols, np.ones(cols.shape[0]))

    def close(self, cols):
        cols = cols.astype(np.int32)
        self.h.changeColsBounds(cols.shape[0], cols, np.zeros(cols.shape[0]), np.zeros(cols.shape[0]))

    def _run(self):
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:  # the all-unplaced assignment is always feasible
            raise RuntimeError(f"assignment solver failed: {self.h.modelStatusToString(status)}")
        return np.asarray(self.h.getSolution().col_value)
