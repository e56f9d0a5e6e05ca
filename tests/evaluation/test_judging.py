"""The balanced assignment of judges (pure): exact cases, brute force on small instances, and
properties."""

from itertools import combinations, product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.evaluation.judging import IdeaToJudge, Judge, assign_judges


def ideas_of(*authors, assigned=None):
    assigned = assigned or {}
    return [IdeaToJudge(i, frozenset(a), frozenset(assigned.get(i, ()))) for i, a in enumerate(authors)]


def check(plan, ideas, judges, conflicts, min_judges):
    """Every invariant the plan promises; returns the final loads."""
    conflicted = {(j, p) for j, p in conflicts}
    by_idea = {i.id: set(i.assigned) for i in ideas}
    assert len(set(plan.pairs)) == len(plan.pairs)
    for idea_id, judge in plan.pairs:
        idea = next(i for i in ideas if i.id == idea_id)
        assert judge not in idea.authors, "a judge on their own idea"
        assert not any((judge, a) in conflicted for a in idea.authors), "a judge on a conflicted idea"
        assert judge not in idea.assigned
        by_idea[idea_id].add(judge)
    loads = {j.id: j.load for j in judges}
    for judges_of in by_idea.values():
        for j in judges_of:
            loads[j] += 1
    assert loads == plan.loads
    for j in judges:
        if j.capacity is not None:
            # Kept assignments may already exceed a capacity; new ones never add to it then.
            new = sum(1 for _i, jj in plan.pairs if jj == j.id)
            assert new == 0 or loads[j.id] <= j.capacity
    short = {s.idea: s for s in plan.short}
    for idea in ideas:
        eligible = {j.id for j in judges if j.id not in idea.authors
                    and not any((j.id, a) in conflicted for a in idea.authors)} | set(idea.assigned)
        if len(by_idea[idea.id]) < min_judges:
            assert idea.id in short
            assert short[idea.id].got == len(by_idea[idea.id])
            assert short[idea.id].eligible == len(eligible)
            assert short[idea.id].wanted == min(min_judges, len(eligible))
        else:
            assert idea.id not in short
    return loads


def test_balanced_and_min_judges():
    ideas = ideas_of(*[{f"a{i}"} for i in range(10)])
    judges = [Judge(f"j{t}") for t in range(5)]
    plan = assign_judges(ideas, judges, [], min_judges=3, seed=1)
    loads = check(plan, ideas, judges, [], 3)
    assert sorted(loads.values()) == [6, 6, 6, 6, 6]
    assert plan.short == ()


def test_never_own_idea_nor_conflict():
    ideas = ideas_of({"j0"}, {"a1"}, {"a2", "j1"})
    judges = [Judge("j0"), Judge("j1"), Judge("j2"), Judge("j3")]
    conflicts = [("j2", "a1")]
    plan = assign_judges(ideas, judges, conflicts, min_judges=3, seed=3)
    check(plan, ideas, judges, conflicts, 3)
    assert {j for i, j in plan.pairs if i == 0} == {"j1", "j2", "j3"}
    assert {j for i, j in plan.pairs if i == 1} == {"j0", "j1", "j3"}
    assert {j for i, j in plan.pairs if i == 2} == {"j0", "j2", "j3"}


def test_infeasible_ideas_are_reported():
    ideas = ideas_of({"a"}, {"b"})
    judges = [Judge("j0"), Judge("j1"), Judge("j2")]
    conflicts = [("j0", "a"), ("j1", "a")]
    plan = assign_judges(ideas, judges, conflicts, min_judges=3, seed=0)
    check(plan, ideas, judges, conflicts, 3)
    (short,) = plan.short
    assert (short.idea, short.got, short.wanted, short.eligible) == (0, 1, 1, 1)


def test_capacity_shortfall_is_reported():
    ideas = ideas_of({"a"}, {"b"}, {"c"})
    judges = [Judge("j0", capacity=1), Judge("j1", capacity=1)]
    plan = assign_judges(ideas, judges, [], min_judges=1, seed=0)
    check(plan, ideas, judges, [], 1)
    assert len(plan.pairs) == 2
    (short,) = plan.short
    assert (short.got, short.wanted, short.eligible) == (0, 1, 2)


def test_existing_assignments_kept_and_counted():
    ideas = ideas_of({"a"}, {"b"}, assigned={0: {"j0", "j1"}})
    judges = [Judge("j0"), Judge("j1"), Judge("j2")]
    plan = assign_judges(ideas, judges, [], min_judges=2, seed=0)
    loads = check(plan, ideas, judges, [], 2)
    assert not any(i == 0 for i, _j in plan.pairs)
    assert {j for i, j in plan.pairs if i == 1} == {"j2", next(j for j in ("j0", "j1") if loads[j] == 2)}
    assert max(loads.values()) == 2 and min(loads.values()) == 1


def test_current_load_is_balanced_against():
    ideas = ideas_of(*[{f"a{i}"} for i in range(4)])
    judges = [Judge("busy", load=10), Judge("j1"), Judge("j2")]
    plan = assign_judges(ideas, judges, [], min_judges=2, seed=0)
    loads = check(plan, ideas, judges, [], 2)
    assert loads == {"busy": 10, "j1": 4, "j2": 4}


def test_augmenting_path_fills_what_greedy_would_leave_short():
    # Idea 0 may go to j0 or j1, idea 1 only to j0 (conflict with j1); capacity 1 each: the fill
    # must hand idea 0 to j1 so that idea 1 gets j0, whatever the lottery.
    for seed in range(20):
        ideas = ideas_of({"a"}, {"b"})
        judges = [Judge("j0", capacity=1), Judge("j1", capacity=1)]
        conflicts = [("j1", "b")]
        plan = assign_judges(ideas, judges, conflicts, min_judges=1, seed=seed)
        check(plan, ideas, judges, conflicts, 1)
        assert sorted(plan.pairs) == [(0, "j1"), (1, "j0")]
        assert plan.short == ()


def test_deterministic_with_a_seed():
    ideas = ideas_of(*[{f"a{i % 7}"} for i in range(40)])
    judges = [Judge(f"j{t}") for t in range(9)]
    conflicts = [("j1", "a2"), ("j3", "a4")]
    one = assign_judges(ideas, judges, conflicts, min_judges=3, seed=42)
    two = assign_judges(ideas, judges, conflicts, min_judges=3, seed=42)
    assert one == two
    assert one.seed == 42
    assert assign_judges(ideas, judges, conflicts, min_judges=3).seed is not None


def test_empty_and_invalid_inputs():
    assert assign_judges([], [], [], min_judges=3, seed=1).pairs == ()
    plan = assign_judges(ideas_of({"a"}), [], [], min_judges=2, seed=1)
    assert plan.short[0].eligible == 0
    with pytest.raises(ValueError):
        assign_judges([], [Judge("j"), Judge("j")], [], min_judges=1)
    with pytest.raises(ValueError):
        assign_judges([], [], [], min_judges=-1)


def brute_force(ideas, judges, conflicts, min_judges):
    """The best (max load, sum of squared loads) over every assignment giving each idea its
    wanted judges, or None when some idea cannot have them within the capacities."""
    conflicted = set(conflicts)
    options = []
    for idea in ideas:
        eligible = [j.id for j in judges if j.id not in idea.authors
                    and not any((j.id, a) in conflicted for a in idea.authors) and j.id not in idea.assigned]
        wanted = min(min_judges, len(eligible) + len(idea.assigned))
        need = max(0, wanted - len(idea.assigned))
        options.append(list(combinations(eligible, need)))
    best = None
    base = {j.id: j.load for j in judges}
    for idea in ideas:
        for j in idea.assigned:
            base[j] += 1
    caps = {j.id: j.capacity for j in judges}
    for choice in product(*options):
        loads = dict(base)
        for picked in choice:
            for j in picked:
                loads[j] += 1
        if any(caps[j] is not None and loads[j] > max(caps[j], base[j]) for j in loads):
            continue
        key = (max(loads.values(), default=0), sum(v * v for v in loads.values()), -min(loads.values(), default=0))
        best = key if best is None or key < best else best
    return best


instances = st.integers(min_value=1, max_value=4).flatmap(lambda nj: st.tuples(
    st.just(nj),
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"] + [f"j{t}" for t in range(nj)]),
                       st.sets(st.integers(0, nj - 1), max_size=2)), min_size=1, max_size=5),
    st.lists(st.integers(0, 3), min_size=nj, max_size=nj),
    st.sets(st.tuples(st.integers(0, nj - 1), st.sampled_from(["a", "b", "c"])), max_size=4),
    st.integers(1, 3),
))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances, st.integers(0, 2**16))
def test_optimal_against_brute_force(instance, seed):
    nj, raw_ideas, loads, raw_conflicts, min_judges = instance
    judges = [Judge(f"j{t}", load=loads[t]) for t in range(nj)]
    ideas = [IdeaToJudge(i, frozenset({author}), frozenset(f"j{t}" for t in assigned if f"j{t}" != author))
             for i, (author, assigned) in enumerate(raw_ideas)]
    conflicts = [(f"j{t}", p) for t, p in raw_conflicts]
    plan = assign_judges(ideas, judges, conflicts, min_judges=min_judges, seed=seed)
    loads_after = check(plan, ideas, judges, conflicts, min_judges)
    best = brute_force(ideas, judges, conflicts, min_judges)
    got = (max(loads_after.values()), sum(v * v for v in loads_after.values()), -min(loads_after.values()))
    assert got == best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4), st.lists(st.integers(0, 2), min_size=1, max_size=4), st.integers(1, 2),
       st.integers(0, 2**16))
def test_capacities_fill_as_much_as_possible(nj, caps, min_judges, seed):
    caps = (caps * nj)[:nj]
    judges = [Judge(f"j{t}", capacity=caps[t]) for t in range(nj)]
    ideas = ideas_of(*[{f"a{i}"} for i in range(4)])
    conflicts = [("j0", "a1")]
    plan = assign_judges(ideas, judges, conflicts, min_judges=min_judges, seed=seed)
    check(plan, ideas, judges, conflicts, min_judges)
    # The largest number of pairs, by brute force.
    options = []
    for idea in ideas:
        eligible = [j.id for j in judges if not (j.id == "j0" and "a1" in idea.authors)]
        options.append([c for k in range(min(min_judges, len(eligible)) + 1) for c in combinations(eligible, k)])
    most = 0
    for choice in product(*options):
        counts = {j.id: 0 for j in judges}
        for picked in choice:
            for j in picked:
                counts[j] += 1
        if all(counts[j.id] <= j.capacity for j in judges):
            most = max(most, sum(counts.values()))
    assert len(plan.pairs) == most
