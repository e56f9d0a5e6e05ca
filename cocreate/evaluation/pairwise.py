"""Pairwise voting ("which of these two is better?", All Our Ideas style), pure NumPy/SciPy, no ORM.

* ``fit(winners, losers, n)``: Bradley-Terry strengths by Newton's method on the log-likelihood
  with a small Gaussian prior on each strength (so an idea that never lost, or never won, keeps a
  finite strength, and ideas in separate groups of comparisons still get one). Each Newton step
  solves H d = -g with conjugate gradients preconditioned by H's diagonal; H is the weighted
  Laplacian of the comparison graph plus the prior, kept as one CSR matrix whose values are
  refreshed in place, so a step costs a few sparse products over the comparisons.
* ``chance_to_beat_random(theta)``: mean of sigmoid(theta_i - theta_j) over every other j; exact
  in blocks for small programs, and for large ones by spreading the strengths on a fine grid
  and convolving with the sigmoid (FFT), O(n + G log G).
* ``next_pair(...)``: the pair that teaches most: the ideas compared least first, tie-broken by
  closeness of strength relative to the uncertainty, never a pair this voter answered, never an
  idea with itself; deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from scipy.signal import fftconvolve
from scipy.special import expit, log_expit

PRIOR_VARIANCE = 4.0  # strengths ~ N(0, 4): one win over an average idea gives about a 75% chance
EXACT_CHANCE_LIMIT = 2048  # above this many ideas, the chance is computed on a grid
GRID = 8192


@dataclass(frozen=True)
class Fit:
    theta: np.ndarray  # log-strength per idea, mean 0
    se: np.ndarray  # approximate standard error of each strength (from the Hessian's diagonal)
    comparisons: np.ndarray  # decisive comparisons each idea took part in
    iterations: int
    converged: bool

    @cached_property
    def chance(self) -> np.ndarray:
        """Computed once per fit (it compares every idea with all the others)."""
        return chance_to_beat_random(self.theta)


def _as_index(values, n: int) -> np.ndarray:
    arr = np.asarray(values, dtype=np.int64).ravel()
    if arr.size and (arr.min() < 0 or arr.max() >= n):
        raise ValueError("index out of range")
    return arr


def fit(winners, losers, n: int, *, prior_variance: float = PRIOR_VARIANCE, tol: float = 1e-6,
        max_iter: int = 50) -> Fit:
    """Bradley-Terry strengths of ``n`` ideas from comparisons ``winners[k]`` beat ``losers[k]``.

    Maximises sum_k log sigmoid(theta_w - theta_l) - |theta|^2 / (2 prior_variance). Comparisons of
    an idea with itself are ignored. Returns strengths with mean 0."""
    w = _as_index(winners, n)
    loser = _as_index(losers, n)
    if w.shape != loser.shape:
        raise ValueError("winners and losers differ in length")
    keep = w != loser
    if not keep.all():
        w, loser = w[keep], loser[keep]
    m = w.size
    lam = 1.0 / prior_variance
    comparisons = np.bincount(w, minlength=n) + np.bincount(loser, minlength=n)
    theta = np.zeros(n)
    if n == 0:
        return Fit(theta, np.zeros(0), comparisons, 0, True)
    if m == 0:
        return Fit(theta, np.full(n, np.sqrt(prior_variance)), comparisons, 0, True)

    # One CSR matrix holding, for each comparison k, the entries (w_k, l_k) and (l_k, w_k); its
    # values are rewritten each step through ``order`` (where the k-th entry landed).
    rows = np.concatenate([w, loser])
    cols = np.concatenate([loser, w])
    # (sorting small keys as uint16 lets NumPy use a radix sort)
    order = np.argsort(rows.astype(np.uint16) if n <= 65535 else rows, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    adjacency = sparse.csr_matrix((np.ones(2 * m), cols[order], indptr), shape=(n, n))
    wins = np.bincount(w, minlength=n).astype(np.float64)

    def objective(t):
        return -log_expit(t[w] - t[loser]).sum() + 0.5 * lam * t.dot(t)

    value = objective(theta)
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        p = expit(theta[w] - theta[loser])  # chance the winner wins, as the model sees it now
        q = 1.0 - p
        # gradient of the negative log-posterior: expected wins minus wins, plus the prior
        expected = np.bincount(w, weights=p, minlength=n) + np.bincount(loser, weights=q, minlength=n)
        grad = expected - wins + lam * theta
        c = p * q
        degree = np.bincount(w, weights=c, minlength=n) + np.bincount(loser, weights=c, minlength=n) + lam
        adjacency.data = np.concatenate([c, c])[order]
        step = _pcg(adjacency, degree, -grad, tol=1e-3, max_iter=100)
        # backtracking on the (concave) log-posterior keeps each step an improvement
        t = 1.0
        decrease = grad.dot(step)
        while True:
            candidate = theta + t * step
            new_value = objective(candidate)
            if new_value <= value + 1e-4 * t * decrease or t < 1e-4:
                break
            t *= 0.5
        theta, previous = candidate, value
        value = new_value
        if np.abs(t * step).max() < tol or previous - value < tol * max(1.0, abs(value)) * 1e-3:
            converged = True
            break
    theta = theta - theta.mean()
    p = expit(theta[w] - theta[loser])
    c = p * (1.0 - p)
    degree = np.bincount(w, weights=c, minlength=n) + np.bincount(loser, weights=c, minlength=n) + lam
    return Fit(theta, 1.0 / np.sqrt(degree), comparisons, iterations, converged)


def _pcg(adjacency, degree: np.ndarray, b: np.ndarray, *, tol: float, max_iter: int) -> np.ndarray:
    """Solve (diag(degree) - adjacency) x = b by conjugate gradients with a Jacobi preconditioner."""
    inv = 1.0 / degree
    x = np.zeros_like(b)
    r = b.copy()
    z = inv * r
    d = z.copy()
    rz = r.dot(z)
    bound = tol * np.sqrt(b.dot(b))
    if bound == 0.0:  # already at the optimum
        return x
    for _ in range(max_iter):
        hd = degree * d - adjacency @ d
        curvature = d.dot(hd)
        if curvature <= 0.0:
            break
        alpha = rz / curvature
        x += alpha * d
        r -= alpha * hd
        if np.sqrt(r.dot(r)) <= bound:
            break
        z = inv * r
        rz_new = r.dot(z)
        d = z + (rz_new / rz) * d
        rz = rz_new
    return x


def chance_to_beat_random(theta) -> np.ndarray:
    """For each idea, the probability it beats an idea drawn at random among the others:
    mean over j != i of sigmoid(theta_i - theta_j). One idea alone: 0.5."""
    theta = np.asarray(theta, dtype=np.float64)
    n = theta.size
    if n <= 1:
        return np.full(n, 0.5)
    if n <= EXACT_CHANCE_LIMIT:
        return _chance_exact(theta)
    return _chance_grid(theta)


def _chance_exact(theta: np.ndarray, block: int = 512) -> np.ndarray:
    n = theta.size
    out = np.empty(n)
    for start in range(0, n, block):
        part = theta[start:start + block]
        out[start:start + block] = expit(part[:, None] - theta[None, :]).sum(axis=1)
    return (out - 0.5) / (n - 1)  # drop sigmoid(0) of each idea against itself


def _chance_grid(theta: np.ndarray, grid: int = GRID) -> np.ndarray:
    """Spread each strength on a regular grid (linear weights), convolve with the sigmoid, read
    back by linear interpolation. Error O(h^2) with h the grid step: ~1e-7 for usual spreads."""
    n = theta.size
    low, high = theta.min(), theta.max()
    if high - low < 1e-12:
        return np.full(n, 0.5)
    h = (high - low) / (grid - 1)
    pos = (theta - low) / h
    left = np.minimum(pos.astype(np.int64), grid - 2)
    frac = pos - left
    mass = np.bincount(left, weights=1.0 - frac, minlength=grid) + np.bincount(left + 1, weights=frac, minlength=grid)
    offsets = np.arange(-(grid - 1), grid) * h
    total = fftconvolve(mass, expit(offsets), mode="valid")
    # total[g] = sum_j sigmoid(x_g - theta_j) at grid point g
    at = total[left] * (1.0 - frac) + total[left + 1] * frac
    return np.clip((at - 0.5) / (n - 1), 0.0, 1.0)


def rank(scores) -> np.ndarray:
    """Competition rank (1 = best; equal scores share a rank) of each entry."""
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(scores.size, dtype=np.int64)
    sorted_scores = scores[order]
    first = np.r_[True, sorted_scores[1:] != sorted_scores[:-1]] if scores.size else np.zeros(0, bool)
    position = np.arange(1, scores.size + 1)
    ranks[order] = np.maximum.accumulate(np.where(first, position, 0)) if scores.size else position
    return ranks


def next_pair(comparisons, theta=None, se=None, *, answered=(), seed: int = 0) -> tuple[int, int] | None:
    """The pair (i, j), i != j, to show next among ``len(comparisons)`` ideas.

    ``comparisons[i]``: how many answers idea i has had (all voters). ``theta`` / ``se``: current
    strengths and their uncertainty (default: all equal). ``answered``: pairs (i, j) this voter
    already answered, either order. The idea compared least comes first; its partner is the
    least-compared idea among those the voter has not yet paired with it, and among equals the
    one whose strength is closest relative to the joint uncertainty (the most uncertain
    outcome). Remaining ties are broken at random, reproducibly for a given ``seed``.
    None when no pair is left."""
    counts = np.asarray(comparisons, dtype=np.int64)
    n = counts.size
    if n < 2:
        return None
    theta = np.zeros(n) if theta is None else np.asarray(theta, dtype=np.float64)
    se = np.ones(n) if se is None else np.asarray(se, dtype=np.float64)
    pairs = np.asarray(list(answered), dtype=np.int64).reshape(-1, 2)
    if pairs.size:
        pairs = pairs[(pairs[:, 0] != pairs[:, 1]) & (pairs >= 0).all(axis=1) & (pairs < n).all(axis=1)]
        pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    done = np.bincount(pairs.ravel(), minlength=n) if pairs.size else np.zeros(n, dtype=np.int64)
    open_ideas = np.flatnonzero(done < n - 1)
    if open_ideas.size < 2:
        return None
    jitter = np.random.default_rng(seed).random(n)
    first = open_ideas[np.lexsort((jitter[open_ideas], counts[open_ideas]))[0]]
    blocked = np.zeros(n, dtype=bool)
    blocked[first] = True
    if pairs.size:
        blocked[pairs[pairs[:, 0] == first, 1]] = True
        blocked[pairs[pairs[:, 1] == first, 0]] = True
    candidates = np.flatnonzero(~blocked)
    if candidates.size == 0:  # cannot happen: ``first`` had an open partner
        return None
    closeness = np.abs(theta[candidates] - theta[first]) / np.sqrt(se[candidates] ** 2 + se[first] ** 2)
    second = candidates[np.lexsort((jitter[candidates], np.round(closeness, 9), counts[candidates]))[0]]
    return int(first), int(second)
