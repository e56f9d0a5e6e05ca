"""Balanced assignment of judges to ideas.

Pure module (NumPy only; no Django, no ORM), tested in ``tests/evaluation/test_judging.py``
(against brute force and with property tests) and benchmarked in ``bench/bench_judging.py``.

Each idea should have ``min_judges`` judges. A judge is *eligible* for an idea unless they are
one of its authors (judges never judge their own ideas) or declared a conflict of interest with
one of its authors. An idea gets ``min(min_judges, eligible judges)`` judges in all; the judges it
already has are kept and count, so only the rest is new (the *need*). A judge's *load* is their
current load (assignments elsewhere, given by the caller, plus those kept here) and the new
ones; a judge may have a capacity (the most they take in all).

The result is a flow from ideas to judges: each new (idea, judge) pair is one unit. It is built
in two steps.

1. Fill: ideas in order of fewest eligible judges first (seeded lottery among equals) take the
   least loaded eligible judges with room (seeded lottery among equal loads). An idea left short
   because the judges it may have are full is then given one along an *augmenting path*: an
   eligible judge b hands one of their new ideas to a judge c who may take it, and so on, until
   a judge with room is reached. When no such path exists for any short idea, the number of
   assignments is the largest possible (max-flow/min-cut), and the ideas still short are
   reported with why (``Shortfall``), never silently left out.
2. Balance: while some judge a could hand one new idea, along a chain of such hand-overs, to a
   judge b whose load is at least two lower (and who has room), do it: b's load rises by one, a's
   falls by one, everyone in between is unchanged, and the sum of squared loads drops by at
   least 2, so this ends. With no such chain left the flow has no negative cycle for the convex
   cost sum(load²), so it minimises the sum of squared loads; on a flow network the load
   vectors form the bases of a polymatroid whose least-majorised base minimises every symmetric
   separable convex function at once (Fujishige), so the result also has the smallest possible
   maximum load and the largest possible minimum load ("minimise the maximum, then spread").
   This is the "no cost-reducing path" criterion of Harvey, Ladner, Lovász and Tamir
   (semi-matchings, 2003) generalised to ideas needing several distinct judges. When
   capacities leave ideas short, which ones go short follows the fill order (fewest options
   first); the balance is then optimal among the plans giving each idea as many judges.

Chains are found on the *judge graph* (judge a → judge b when one of a's new ideas may go to
b), kept as a J × J count matrix updated per move, so a search is O(J²) whatever the number of
ideas. The same seed and inputs (in the same order) give the same plan; the seed is returned so
that a run can be audited. Kept assignments and loads from elsewhere are never moved.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["IdeaToJudge", "Judge", "JudgingPlan", "Shortfall", "assign_judges"]


@dataclass(frozen=True, slots=True)
class IdeaToJudge:
    """An idea: ``authors`` (its author and credited people) and the judges it already has."""

    id: Hashable
    authors: frozenset = field(default_factory=frozenset)
    assigned: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Judge:
    """A judge: ``load`` is their current load outside ``ideas`` (kept assignments in ``ideas``
    are counted by the algorithm itself); ``capacity`` is the most they take in all (None: no
    limit)."""

    id: Hashable
    load: int = 0
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An idea that cannot have the judges it needs: ``eligible`` judges may judge it (so it
    should have ``wanted = min(min_judges, eligible)``) but only ``got`` could be given, because
    the others are full (``eligible`` < min_judges means too few judges are free of conflicts)."""

    idea: Hashable
    got: int
    wanted: int
    eligible: int


@dataclass(frozen=True, slots=True)
class JudgingPlan:
    pairs: tuple[tuple[Hashable, Hashable], ...]  # new (idea, judge) assignments
    loads: dict  # judge id → load after the plan (current load + kept + new)
    short: tuple[Shortfall, ...]  # ideas with fewer than min_judges judges, with why
    seed: int

    @property
    def max_load(self) -> int:
        return max(self.loads.values(), default=0)

    @property
    def min_load(self) -> int:
        return min(self.loads.values(), default=0)


def assign_judges(ideas: Sequence[IdeaToJudge], judges: Sequence[Judge], conflicts: Iterable[tuple], *,
                  min_judges: int, seed: int | None = None) -> JudgingPlan:
    """New (idea, judge) pairs so that every idea has ``min(min_judges, eligible judges)``
    judges, with no conflict (``conflicts`` is (judge id, person id) pairs), no judge on their
    own idea, the kept assignments untouched and the loads as balanced as possible."""
    if seed is None:
        seed = secrets.randbits(32)
    if min_judges < 0:
        raise ValueError("min_judges must not be negative")
    rng = np.random.default_rng(seed)
    n, nj = len(ideas), len(judges)
    jindex = {j.id: t for t, j in enumerate(judges)}
    if len(jindex) != nj:
        raise ValueError("a judge is listed twice")
    conflicted: dict = {}
    for judge, person in conflicts:
        if judge in jindex:
            conflicted.setdefault(person, set()).add(jindex[judge])

    # E[i, j]: judge j may judge idea i (kept judges included); K[i, j]: kept assignment.
    eligible = np.ones((n, nj), dtype=bool)
    kept = np.zeros((n, nj), dtype=bool)
    for i, idea in enumerate(ideas):
        for person in idea.authors:
            if person in jindex:
                eligible[i, jindex[person]] = False
            for t in conflicted.get(person, ()):
                eligible[i, t] = False
        for judge in idea.assigned:
            if judge in jindex:
                kept[i, jindex[judge]] = True
    n_eligible = (eligible | kept).sum(axis=1)
    wanted = np.minimum(min_judges, n_eligible)
    need = np.maximum(0, wanted - kept.sum(axis=1))
    free = eligible & ~kept  # where a new assignment may go

    load = np.array([j.load for j in judges], dtype=np.int64) + kept.sum(axis=0)
    cap = np.array([np.iinfo(np.int64).max if j.capacity is None else j.capacity for j in judges], dtype=np.int64)
    new = np.zeros((n, nj), dtype=bool)
    # The lottery: a random rank per judge breaks ties between equal loads; ideas with the
    # fewest options go first (a random key among equals).
    judge_key = rng.permutation(nj).astype(np.int64)
    order = np.lexsort((rng.random(n), n_eligible))

    got = np.zeros(n, dtype=np.int64)
    for i in order:
        k = int(need[i])
        if k == 0:
            continue
        cand = np.flatnonzero(free[i] & (load < cap))
        if cand.shape[0] == 0:
            continue
        if cand.shape[0] > k:
            key = load[cand] * nj + judge_key[cand]
            cand = cand[np.argpartition(key, k - 1)[:k]]
        new[i, cand] = True
        load[cand] += 1
        got[i] = cand.shape[0]

    # T[a, b]: how many of a's new ideas b may take (b eligible, not already on the idea).
    movable = free & ~new
    transfer = new.T.astype(np.int64) @ movable.astype(np.int64)

    def move(i, a, b):
        """Idea i goes from judge a to judge b (b was free for it); keep T in step."""
        nonlocal transfer
        _idea_rows(transfer, new[i], free[i] & ~new[i], -1)
        new[i, a], new[i, b] = False, True
        _idea_rows(transfer, new[i], free[i] & ~new[i], +1)

    def chain(src: int, targets: np.ndarray) -> list[int] | None:
        """The shortest path of judges src → … → t (t in targets) on the judge graph."""
        prev = np.full(nj, -1, dtype=np.int64)
        prev[src] = src
        queue = deque([src])
        while queue:
            a = queue.popleft()
            for b in np.flatnonzero((transfer[a] > 0) & (prev < 0)):
                prev[b] = a
                if targets[b]:
                    path = [int(b)]
                    while path[-1] != src:
                        path.append(int(prev[path[-1]]))
                    return path[::-1]
                queue.append(b)
        return None

    def shift(path: list[int]):
        """Each judge on the path hands one new idea to the next one."""
        for a, b in zip(path, path[1:], strict=False):
            ideas_ab = np.flatnonzero(new[:, a] & free[:, b] & ~new[:, b])
            move(int(ideas_ab[0]), a, b)

    # 1. Augment the short ideas while a path to a judge with room exists.
    progress = True
    while progress:
        progress = False
        for i in order:
            while got[i] < need[i]:
                room = load < cap
                direct = np.flatnonzero(free[i] & ~new[i] & room)
                if direct.shape[0]:
                    b = int(direct[np.argmin(load[direct] * nj + judge_key[direct])])
                    _idea_rows(transfer, new[i], free[i] & ~new[i], -1)
                    new[i, b] = True
                    _idea_rows(transfer, new[i], free[i] & ~new[i], +1)
                    load[b] += 1
                    got[i] += 1
                    progress = True
                    continue
                path = None
                for b in np.flatnonzero(free[i] & ~new[i]):
                    path = chain(int(b), room)
                    if path is not None:
                        break
                if path is None:
                    break
                shift(path)
                load[path[-1]] += 1
                load[path[0]] -= 1
                _idea_rows(transfer, new[i], free[i] & ~new[i], -1)
                new[i, path[0]] = True
                _idea_rows(transfer, new[i], free[i] & ~new[i], +1)
                load[path[0]] += 1
                got[i] += 1
                progress = True

    # 2. Balance: move along chains from a judge to one at least two lower, until none is left.
    improved = True
    while improved and nj > 1:
        improved = False
        for a in np.argsort(-load, kind="stable"):
            a = int(a)
            targets = (load <= load[a] - 2) & (load < cap)
            if not targets.any():
                continue
            path = _lowest_chain(transfer, a, targets, load, nj, judge_key)
            if path is None:
                continue
            shift(path)
            load[a] -= 1
            load[path[-1]] += 1
            improved = True
            break

    rows, cols = np.nonzero(new)
    pairs = tuple((ideas[int(i)].id, judges[int(j)].id) for i, j in zip(rows, cols, strict=True))
    short = tuple(
        Shortfall(ideas[i].id, int(kept[i].sum() + got[i]), int(wanted[i]), int(n_eligible[i]))
        for i in range(n) if kept[i].sum() + got[i] < min_judges
    )
    return JudgingPlan(pairs, {j.id: int(load[t]) for t, j in enumerate(judges)}, short, seed)


def _idea_rows(transfer: np.ndarray, has: np.ndarray, may: np.ndarray, sign: int):
    """Add (or remove) one idea's contribution to the judge graph: each judge holding it as a
    new assignment may hand it to each judge free for it."""
    a = np.flatnonzero(has)
    b = np.flatnonzero(may)
    if a.shape[0] and b.shape[0]:
        transfer[np.ix_(a, b)] += sign


def _lowest_chain(transfer, src, targets, load, nj, judge_key):
    """A path on the judge graph from ``src`` to the least loaded reachable target (ties by the
    lottery's judge order), or None when no target is reachable."""
    prev = np.full(nj, -1, dtype=np.int64)
    prev[src] = src
    queue = deque([src])
    while queue:
        a = queue.popleft()
        nxt = np.flatnonzero((transfer[a] > 0) & (prev < 0))
        prev[nxt] = a
        queue.extend(int(b) for b in nxt)
    reached = np.flatnonzero((prev >= 0) & targets)
    if reached.shape[0] == 0:
        return None
    b = int(reached[np.argmin(load[reached] * nj + judge_key[reached])])
    path = [b]
    while path[-1] != src:
        path.append(int(prev[path[-1]]))
    return path[::-1]
