"""The fair assignment (pure): exact cases, brute force on small instances, and properties."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.missions.assignment import assign


def level(ranking, choice, k):
    if choice is None:
        return k + 2
    return ranking.index(choice) + 1 if choice in ranking else k + 1


def objective(rankings, choices):
    k = max((len(r) for r in rankings), default=0)
    levels = [level(r, c, k) for r, c in zip(rankings, choices, strict=True)]
    return tuple(levels.count(v) for v in range(k + 2, 0, -1))


def brute_force(rankings, capacities):
    options = [*capacities, None]
    best = None
    for choices in itertools.product(options, repeat=len(rankings)):
        if any(cap is not None and choices.count(s) > cap for s, cap in capacities.items()):
            continue
        value = objective(rankings, choices)
        best = value if best is None or value < best else best
    return best


def test_everyone_gets_their_first_choice_when_seats_allow():
    result = assign([["a", "b"], ["b", "a"], ["c"]], {"a": 1, "b": 1, "c": 1}, seed=7)
    assert result.choices == ("a", "b", "c")
    assert result.ranks == (1, 1, 1)
    assert result.by_rank == {1: 3, 2: 0}
    assert (result.unranked, result.unassigned, result.seed) == (0, 0, 7)


def test_the_worst_rank_is_minimised_before_first_choices_are_counted():
    # Giving both A-lovers "a" is impossible; the one who can have "b" (2nd) takes it rather than
    # leaving the other with an unranked seat.
    result = assign([["a", "b"], ["a"]], {"a": 1, "b": 1, "c": 1}, seed=1)
    assert result.choices == ("b", "a")
    assert result.objective == (0, 0, 1, 1)


def test_an_unranked_seat_is_a_last_resort_and_unplaced_only_when_seats_run_out():
    result = assign([["a"], ["a"], ["a"]], {"a": 1, "b": 1}, seed=3)
    assert sorted(map(str, result.choices)) == ["None", "a", "b"]
    assert (result.by_rank, result.unranked, result.unassigned) == ({1: 1}, 1, 1)
    assert result.stats() == {"by_rank": {"1": 1}, "unranked": 1, "unassigned": 1}


def test_unlimited_capacity_and_no_rankings():
    result = assign([[], ["x"]], {"x": None}, seed=0)
    assert result.choices == ("x", "x")
    assert result.ranks == (None, 1)


def test_empty_inputs():
    assert assign([], {"a": 1}, seed=1).choices == ()
    assert assign([["a"]], {"a": 0}, seed=1).choices == (None,)


def test_bad_rankings_are_refused():
    with pytest.raises(ValueError):
        assign([["a", "a"]], {"a": 1})
    with pytest.raises(ValueError):
        assign([["z"]], {"a": 1})


def test_ties_are_drawn_by_the_seed_and_both_outcomes_happen():
    outcomes = {assign([["a"], ["a"]], {"a": 1, "b": 1}, seed=s).choices for s in range(40)}
    assert outcomes == {("a", "b"), ("b", "a")}


def test_no_seed_draws_one_and_records_it():
    result = assign([["a"], ["a"]], {"a": 1, "b": 1})
    assert assign([["a"], ["a"]], {"a": 1, "b": 1}, seed=result.seed).choices == result.choices


SUBS = ["s0", "s1", "s2", "s3"]


@st.composite
def instances(draw, max_people=6):
    m = draw(st.integers(1, 4))
    subs = SUBS[:m]
    capacities = {s: draw(st.one_of(st.none(), st.integers(0, 3))) for s in subs}
    n = draw(st.integers(0, max_people))
    rankings = [draw(st.lists(st.sampled_from(subs), unique=True, max_size=m)) for _ in range(n)]
    return rankings, capacities


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**32 - 1))
def test_properties(instance, seed):
    rankings, capacities = instance
    result = assign(rankings, capacities, seed=seed)
    choices = result.choices
    # capacities never exceeded
    for s, cap in capacities.items():
        if cap is not None:
            assert choices.count(s) <= cap
    # everyone is placed when the seats suffice
    seats = None if any(c is None for c in capacities.values()) else sum(capacities.values())
    if seats is None or seats >= len(rankings):
        assert result.unassigned == 0
    # ranks agree with the choices
    for r, c, rank in zip(rankings, choices, result.ranks, strict=True):
        assert rank == (r.index(c) + 1 if c in r else None)
    # no two people could swap and both be better off
    k = max((len(r) for r in rankings), default=0)
    for i, j in itertools.combinations(range(len(rankings)), 2):
        now_i, now_j = level(rankings[i], choices[i], k), level(rankings[j], choices[j], k)
        swap_i, swap_j = level(rankings[i], choices[j], k), level(rankings[j], choices[i], k)
        assert not (swap_i < now_i and swap_j < now_j)
    # the same seed gives the same assignment
    assert assign(rankings, capacities, seed=seed).choices == choices


@settings(max_examples=40, deadline=None)
@given(instances(max_people=4), st.integers(0, 1000))
def test_optimal_against_brute_force(instance, seed):
    rankings, capacities = instance
    result = assign(rankings, capacities, seed=seed)
    assert objective(rankings, result.choices) == brute_force(rankings, capacities)
    assert result.objective == objective(rankings, result.choices)
