"""Bradley-Terry fit, chance to beat a random idea and next-pair choice (pure, no database)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from cocreate.evaluation import pairwise as pw


def synthetic(n, m, seed=0):
    rng = np.random.default_rng(seed)
    true = rng.normal(0, 1, n)
    a = rng.integers(0, n, m)
    b = rng.integers(0, n - 1, m)
    b = b + (b >= a)
    a_wins = rng.random(m) < 1 / (1 + np.exp(-(true[a] - true[b])))
    return true, np.where(a_wins, a, b), np.where(a_wins, b, a)


def test_fit_recovers_true_order():
    true, w, loser = synthetic(200, 20_000)
    fit = pw.fit(w, loser, 200)
    assert fit.converged
    assert spearmanr(true, fit.theta)[0] > 0.95
    assert abs(fit.theta.mean()) < 1e-9
    assert fit.comparisons.sum() == 2 * 20_000


def test_fit_matches_the_maximum_of_the_log_posterior():
    true, w, loser = synthetic(30, 600, seed=3)
    fit = pw.fit(w, loser, 30, tol=1e-10)
    # the gradient of the log-posterior vanishes at the fit (strengths before centring are
    # centred already: the prior pulls the mean to 0 and the likelihood ignores it)
    p = 1 / (1 + np.exp(-(fit.theta[w] - fit.theta[loser])))
    grad = (np.bincount(w, weights=1 - p, minlength=30) - np.bincount(loser, weights=1 - p, minlength=30)
            - fit.theta / pw.PRIOR_VARIANCE)
    assert np.abs(grad).max() < 1e-5


def test_undefeated_and_winless_ideas_stay_finite():
    # 0 always wins, 2 always loses, 3 and 4 only compared with each other (separate group)
    w = [0, 0, 1, 3]
    loser = [1, 2, 2, 4]
    fit = pw.fit(w, loser, 6)
    assert np.isfinite(fit.theta).all()
    assert fit.theta[0] > fit.theta[1] > fit.theta[2]
    assert fit.theta[3] > fit.theta[4]
    assert fit.se[5] == pytest.approx(np.sqrt(pw.PRIOR_VARIANCE))  # never compared: only the prior
    assert fit.se[0] < fit.se[5]
    assert fit.comparisons.tolist() == [2, 2, 2, 1, 1, 0]


def test_fit_edge_cases():
    assert pw.fit([], [], 0).theta.size == 0
    empty = pw.fit([], [], 3)
    assert empty.theta.tolist() == [0.0, 0.0, 0.0]
    assert pw.fit([1, 1], [1, 1], 2).theta.tolist() == [0.0, 0.0]  # an idea with itself is ignored
    assert pw.fit([0, 1], [1, 0], 2).theta.tolist() == [0.0, 0.0]  # one win each: already at the optimum
    with pytest.raises(ValueError):
        pw.fit([0], [5], 3)
    with pytest.raises(ValueError):
        pw.fit([0, 1], [1], 3)


def test_chance_exact_and_grid_agree():
    theta = np.random.default_rng(1).normal(0, 2, 3000)
    assert np.abs(pw._chance_grid(theta) - pw._chance_exact(theta)).max() < 1e-5


def test_chance_small_cases():
    assert pw.chance_to_beat_random([]).size == 0
    assert pw.chance_to_beat_random([0.3]).tolist() == [0.5]
    two = pw.chance_to_beat_random([np.log(3), 0.0])
    assert two == pytest.approx([0.75, 0.25])
    assert pw.chance_to_beat_random(np.zeros(5000)) == pytest.approx(np.full(5000, 0.5))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-6, 6), min_size=2, max_size=60))
def test_chance_properties(values):
    chance = pw.chance_to_beat_random(values)
    assert ((chance >= 0) & (chance <= 1)).all()
    # the chances of all ideas average one half (every pair's two chances add up to one)
    assert chance.mean() == pytest.approx(0.5, abs=1e-9)
    order = np.argsort(values, kind="stable")
    assert (np.diff(chance[order]) >= -1e-12).all()  # a stronger idea never has a smaller chance


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 25), st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=80),
       st.integers(0, 10**6))
def test_fit_is_finite_and_deterministic(n, pairs, seed):
    pairs = [(a % n, b % n) for a, b in pairs]
    w = [a for a, _ in pairs]
    loser = [b for _, b in pairs]
    first, second = pw.fit(w, loser, n), pw.fit(w, loser, n)
    assert np.isfinite(first.theta).all()
    assert np.array_equal(first.theta, second.theta)


def test_rank_shares_ties():
    assert pw.rank([0.2, 0.9, 0.2, 0.5]).tolist() == [3, 1, 3, 2]
    assert pw.rank([]).tolist() == []


def test_next_pair_starts_with_the_least_compared_ideas():
    counts = [5, 0, 3, 0, 9]
    i, j = pw.next_pair(counts, seed=1)
    assert {i, j} == {1, 3}


def test_next_pair_prefers_close_strengths_among_equally_compared():
    counts = [0, 4, 4, 4]
    theta = np.array([0.0, 2.0, 0.1, -3.0])
    assert pw.next_pair(counts, theta, np.ones(4), seed=0) == (0, 2)


def test_next_pair_skips_answered_pairs_and_ends():
    counts = [0, 0, 0]
    assert pw.next_pair(counts, answered=[(0, 1), (2, 0)], seed=0) in {(1, 2), (2, 1)}
    assert pw.next_pair(counts, answered=[(0, 1), (2, 0), (1, 2)]) is None
    assert pw.next_pair([0]) is None
    assert pw.next_pair([]) is None


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=70),
       st.integers(0, 1000))
def test_next_pair_never_repeats_nor_pairs_an_idea_with_itself(n, answered, seed):
    answered = [(a % n, b % n) for a, b in answered]
    counts = np.random.default_rng(seed).integers(0, 4, n)
    pair = pw.next_pair(counts, answered=answered, seed=seed)
    done = {frozenset(p) for p in answered if p[0] != p[1]}
    if pair is None:
        assert len(done) == n * (n - 1) // 2
    else:
        assert pair[0] != pair[1]
        assert frozenset(pair) not in done
        assert pair == pw.next_pair(counts, answered=answered, seed=seed)  # deterministic


def test_next_pair_walks_every_pair_once():
    n = 7
    answered = []
    counts = np.zeros(n, dtype=int)
    while (pair := pw.next_pair(counts, answered=answered, seed=len(answered))) is not None:
        answered.append(pair)
        counts[list(pair)] += 1
    assert len({frozenset(p) for p in answered}) == len(answered) == n * (n - 1) // 2
