"""The selection optimiser on the cases the programs run: exact optimum, quotas, lottery, reasons."""

from itertools import combinations

import numpy as np
import pytest

from cocreate.recruiting.selection import (
    Candidate,
    InfeasibleQuotas,
    Pool,
    Quota,
    Reason,
    exact_ilp,
    explain_infeasible,
    select_cohort,
)

AGES = ("16-18", "19-21", "22-24")
GENDERS = ("female", "male", "non-binary")
REGIONS = ("capital", "north", "south", "east", "west")


def unilever_pool(seed: int = 18) -> list[Candidate]:
    """300 community members aged 16-24, scores on a 0-10 rubric with two decimals (ties happen)."""
    rng = np.random.default_rng(seed)
    return [
        Candidate(
            id=1000 + i,
            score=round(float(rng.uniform(0, 10)), 2),
            attributes={
                "age_band": AGES[rng.integers(3)],
                "gender": GENDERS[rng.choice(3, p=[0.48, 0.48, 0.04])],
                "region": REGIONS[rng.choice(5, p=[0.4, 0.15, 0.15, 0.15, 0.15])],
            },
        )
        for i in range(300)
    ]


UNILEVER_QUOTAS = [
    Quota("gender", "female", min=8, max=10),
    Quota("gender", "male", min=7, max=9),
    Quota("gender", "non-binary", min=1),
    *(Quota("region", r, min=2, max=6) for r in REGIONS),
    *(Quota("age_band", a, min=5) for a in AGES),
]


def count(candidates: list[Candidate], ids: tuple, attribute: str, value: str) -> int:
    chosen = set(ids)
    return sum(1 for c in candidates if c.id in chosen and c.attributes.get(attribute) == value)


def test_unilever_18_of_300_meets_every_quota_at_the_proven_optimum():
    candidates = unilever_pool()
    selection = select_cohort(candidates, 18, UNILEVER_QUOTAS, seed=2026)

    assert len(selection.ids) == 18
    assert len(set(selection.ids)) == 18
    for q in UNILEVER_QUOTAS:
        n = count(candidates, selection.ids, q.attribute, q.value)
        assert q.min <= n <= (q.max if q.max is not None else 18)
    exact = exact_ilp(candidates, 18, UNILEVER_QUOTAS, seed=2026)
    assert selection.ids == exact.ids
    assert selection.total == pytest.approx(exact.total, abs=1e-9)
    assert selection.seed == 2026
    by_id = {c.id: c.score for c in candidates}
    assert selection.total == pytest.approx(sum(by_id[i] for i in selection.ids), abs=1e-9)
    assert [by_id[i] for i in selection.ids] == sorted((by_id[i] for i in selection.ids), reverse=True)
    assert selection.unconstrained_total == pytest.approx(sum(sorted(by_id.values())[-18:]), abs=1e-9)
    assert selection.price_of_diversity >= -1e-9


def test_quota_states_report_where_the_cohort_sits():
    candidates = unilever_pool()
    selection = select_cohort(candidates, 18, UNILEVER_QUOTAS, seed=1)

    for state in selection.quotas:
        q = state.quota
        assert state.count == count(candidates, selection.ids, q.attribute, q.value)
        assert state.eligible == sum(1 for c in candidates if c.attributes[q.attribute] == q.value)
        expected = ("fixed" if state.count == q.min == q.max else "at_min" if state.count == q.min
                    else "at_max" if state.count == q.max else "slack")
        assert state.state == expected
    # The rare value is held at its minimum: non-binary applicants exist but few score at the top.
    assert {s.quota.value: s.state for s in selection.quotas}["non-binary"] in ("at_min", "slack")


def test_quota_states_on_a_hand_made_pool():
    candidates = [Candidate(i, float(10 - i), {"leader": i < 2}) for i in range(6)]
    quotas = [Quota("leader", True, min=0, max=1), Quota("leader", False, min=2, max=2)]
    selection = select_cohort(candidates, 3, quotas, seed=0)

    assert selection.ids == (0, 2, 3)
    assert selection.total == 10 + 8 + 7
    assert selection.unconstrained_total == 10 + 9 + 8
    assert selection.price_of_diversity == 2
    assert [(s.count, s.eligible, s.state) for s in selection.quotas] == [(1, 2, "at_max"), (2, 4, "fixed")]


def test_4320_syd_team_of_three_needs_an_opinion_leader_and_both_genders():
    rng = np.random.default_rng(4320)
    candidates = [
        Candidate(f"app-{i}", float(rng.integers(0, 20)),
                  {"opinion_leader": "yes" if i % 4 == 0 else "no", "gender": GENDERS[i % 2]})
        for i in range(12)
    ]
    quotas = [Quota("opinion_leader", "yes", min=1), Quota("gender", "female", min=1, max=2),
              Quota("gender", "male", min=1, max=2)]
    selection = select_cohort(candidates, 3, quotas, seed=7)

    def ok(team):
        leaders = sum(c.attributes["opinion_leader"] == "yes" for c in team)
        women = sum(c.attributes["gender"] == "female" for c in team)
        return leaders >= 1 and 1 <= women <= 2
    best = max(sum(c.score for c in team) for team in combinations(candidates, 3) if ok(team))
    assert selection.total == best
    assert ok([c for c in candidates if c.id in selection.ids])


def test_no_quotas_is_the_top_k():
    candidates = [Candidate(i, float(s)) for i, s in enumerate([3, 9, 1, 7, 5])]
    selection = select_cohort(candidates, 2, [], seed=0)

    assert selection.ids == (1, 3)
    assert selection.price_of_diversity == 0
    assert selection.quotas == ()


def test_the_same_seed_reproduces_the_cohort_and_other_seeds_draw_among_ties():
    candidates = [Candidate(i, 5.0, {"gender": GENDERS[i % 2]}) for i in range(20)]
    quotas = [Quota("gender", "female", min=2, max=3)]
    first = select_cohort(candidates, 5, quotas, seed=42)

    assert select_cohort(candidates, 5, quotas, seed=42).ids == first.ids
    assert exact_ilp(candidates, 5, quotas, seed=42).ids == first.ids
    cohorts = {frozenset(select_cohort(candidates, 5, quotas, seed=s).ids) for s in range(10)}
    assert len(cohorts) > 1
    assert all(s.total == 25.0 for s in [first])


def test_near_ties_within_the_resolution_go_to_the_lottery_larger_gaps_do_not():
    candidates = [Candidate("a", 1.0), Candidate("b", 1.0 + 1e-4), Candidate("c", 0.5)]
    drawn = {select_cohort(candidates, 1, [], seed=s, resolution=1e-3).ids for s in range(30)}
    assert drawn == {("a",), ("b",)}
    strict = {select_cohort(candidates, 1, [], seed=s, resolution=1e-5).ids for s in range(30)}
    assert strict == {("b",)}


def test_the_resolution_is_recorded_and_never_finer_than_the_solver_can_see():
    candidates = [Candidate("a", 0.0), Candidate("b", 50.0), Candidate("c", 100.0)]
    assert select_cohort(candidates, 2, [], seed=0, resolution=1e-3).resolution == pytest.approx(1e-3)
    assert select_cohort(candidates, 2, [], seed=0, resolution=1e-9).resolution == pytest.approx(1e-4)


def random_pool(seed: int) -> tuple[Pool, list[Quota]]:
    rng = np.random.default_rng(seed)
    n, k = 1000, 20
    sizes = {"a": 3, "b": 4, "c": 5}
    pool = Pool(np.arange(n), np.round(rng.normal(5, 2, n), 1),
                {a: rng.integers(0, v, n) for a, v in sizes.items()},
                {a: list(range(v)) for a, v in sizes.items()})
    quotas = []
    for a, v in sizes.items():
        for value in range(v):
            low = int(rng.integers(0, k // v + 1))
            quotas.append(Quota(a, value, min=low, max=low + int(rng.integers(1, k // v + 2))))
    return pool, quotas


def test_fast_method_agrees_with_the_full_ilp_on_random_pools():
    methods = []
    for seed in range(40):
        pool, quotas = random_pool(seed)
        try:
            fast = select_cohort(pool, 20, quotas, seed=seed)
        except InfeasibleQuotas as raised:
            with pytest.raises(InfeasibleQuotas):
                exact_ilp(pool, 20, quotas, seed=seed)
            assert raised.reasons
            methods.append("infeasible")
            continue
        exact = exact_ilp(pool, 20, quotas, seed=seed)
        assert fast.ids == exact.ids
        assert fast.total == pytest.approx(exact.total, abs=1e-9)
        methods.append(fast.method)
    # The integral-LP path, the ILP-on-shortlist path with its bound, and infeasibility all ran.
    assert (methods.count("lp"), methods.count("lp+ilp"), methods.count("infeasible")) == (14, 2, 24)


def test_a_window_too_small_is_widened_and_a_window_too_large_falls_back_to_the_full_ilp():
    for seed, solves in ((34, 2), (39, 1)):  # pools whose LP optimum is fractional
        pool, quotas = random_pool(seed)
        exact = exact_ilp(pool, 20, quotas, seed=seed)
        narrow = select_cohort(pool, 20, quotas, seed=seed, ilp_window=1e-7)
        assert (narrow.ids, narrow.method) == (exact.ids, "lp+ilp")
        # Seed 34's first cohort falls short of the bound, so its own gap becomes the window.
        assert narrow.stats["ilp_solves"] == solves
        assert (narrow.stats["window"] > 1e-7) == (solves == 2)
        capped = select_cohort(pool, 20, quotas, seed=seed, max_ilp_shortlist=0)
        assert (capped.ids, capped.method) == (exact.ids, "full-ilp (fallback)")


def test_a_shortlist_without_enough_of_the_other_values_is_widened():
    n = 2000
    gender = np.zeros(n, dtype=np.int32)
    gender[1000:] = 1  # the best thousand are all women, the rest men
    pool = Pool(np.arange(n), np.linspace(100, 0, n), {"gender": gender}, {"gender": ["female", "male"]})
    quotas = [Quota("gender", "female", max=2)]
    selection = select_cohort(pool, 10, quotas, seed=0)

    assert selection.ids == (0, 1, *range(1000, 1008))
    assert selection.stats["widened"] >= 1
    assert selection.ids == exact_ilp(pool, 10, quotas, seed=0).ids


def test_candidates_without_a_value_count_for_no_quota():
    candidates = [Candidate(1, 9.0, {}), Candidate(2, 8.0, {"region": "north"}), Candidate(3, 1.0, {"region": "south"})]
    selection = select_cohort(candidates, 2, [Quota("region", "south", min=1)], seed=0)
    assert selection.ids == (1, 3)


def test_two_quotas_on_the_same_value_are_refused():
    with pytest.raises(ValueError, match="two quotas"):
        select_cohort([Candidate(1, 1.0, {"g": "f"})], 1, [Quota("g", "f", min=1), Quota("g", "f", max=1)], seed=0)


# ------------------------------------------------------------------------------------------------
# Infeasibility, explained


def test_feasible_quotas_have_no_reasons():
    assert explain_infeasible(unilever_pool(), 18, UNILEVER_QUOTAS) == []


def test_minimums_that_add_up_to_more_than_k():
    reasons = explain_infeasible(unilever_pool(), 18, [Quota("gender", "female", min=10),
                                                       Quota("gender", "male", min=10)])
    assert reasons[0] == Reason("minimums_exceed_k", {"attribute": "gender", "total_min": 20, "k": 18})
    relax = [r for r in reasons if r.code == "relax_min"]
    assert sum(r.params["change"] for r in relax) == 2
    assert {r.params["value"] for r in relax} <= {"female", "male"}


def test_a_minimum_beyond_the_eligible_applicants():
    candidates = unilever_pool()
    eligible = sum(1 for c in candidates if c.attributes["gender"] == "non-binary")
    reasons = explain_infeasible(candidates, 40, [Quota("gender", "non-binary", min=eligible + 2)])
    assert reasons == [
        Reason("min_exceeds_eligible", {"attribute": "gender", "value": "non-binary", "min": eligible + 2,
                                        "eligible": eligible}),
        Reason("relax_min", {"attribute": "gender", "value": "non-binary", "current": eligible + 2,
                             "suggested": eligible, "change": 2}),
    ]


def test_a_value_nobody_holds():
    reasons = explain_infeasible(unilever_pool(), 18, [Quota("region", "abroad", min=1)])
    assert reasons[0] == Reason("min_exceeds_eligible", {"attribute": "region", "value": "abroad", "min": 1,
                                                         "eligible": 0})


def test_maximums_that_leave_fewer_than_k():
    quotas = [Quota("gender", g, max=5) for g in GENDERS]
    reasons = explain_infeasible(unilever_pool(), 18, quotas)
    assert reasons[0] == Reason("maximums_below_k", {"attribute": "gender", "total_max": 15, "k": 18})
    assert sum(r.params["change"] for r in reasons if r.code == "relax_max") == 3
    with pytest.raises(InfeasibleQuotas) as raised:
        select_cohort(unilever_pool(), 18, quotas, seed=0)
    assert raised.value.reasons == tuple(reasons)


def test_a_pool_smaller_than_k_and_a_minimum_above_its_maximum():
    candidates = [Candidate(i, 1.0, {"g": "f"}) for i in range(3)]
    assert explain_infeasible(candidates, 4, []) == [Reason("pool_smaller_than_k", {"pool": 3, "k": 4})]
    assert explain_infeasible(candidates, 2, [Quota("g", "f", min=2, max=1)]) == [
        Reason("min_exceeds_max", {"attribute": "g", "value": "f", "min": 2, "max": 1}),
        Reason("maximums_below_k", {"attribute": "g", "total_max": 1, "k": 2})]


def test_quotas_that_pass_the_arithmetic_but_clash_across_attributes():
    # Every woman lives in the south and every northerner is a man: two women and two northerners
    # cannot both be in a cohort of two.
    candidates = [Candidate(1, 4.0, {"gender": "female", "region": "south"}),
                  Candidate(2, 3.0, {"gender": "female", "region": "south"}),
                  Candidate(3, 2.0, {"gender": "male", "region": "north"}),
                  Candidate(4, 1.0, {"gender": "male", "region": "north"})]
    quotas = [Quota("gender", "female", min=2), Quota("region", "north", min=2)]
    reasons = explain_infeasible(candidates, 2, quotas)

    assert all(r.code == "relax_min" for r in reasons)
    assert sum(r.params["change"] for r in reasons) == 2
    with pytest.raises(InfeasibleQuotas) as raised:
        select_cohort(candidates, 2, quotas, seed=0)
    assert raised.value.reasons == tuple(reasons)


# ------------------------------------------------------------------------------------------------
# The pool as arrays


def test_a_pool_of_arrays_gives_plain_ids_and_the_same_cohort_as_candidates():
    candidates = unilever_pool()
    arrays = Pool.from_candidates(candidates)
    numpy_ids = Pool(np.array([c.id for c in candidates]), arrays.scores, arrays.codes, arrays.labels)

    from_candidates = select_cohort(candidates, 18, UNILEVER_QUOTAS, seed=5)
    from_arrays = select_cohort(numpy_ids, 18, UNILEVER_QUOTAS, seed=5)
    assert from_arrays.ids == from_candidates.ids
    assert all(type(i) is int for i in from_arrays.ids)


def test_a_pool_refuses_arrays_that_do_not_line_up_and_scores_that_are_not_numbers():
    with pytest.raises(ValueError, match="differ in length"):
        Pool([1, 2], [1.0], {}, {})
    with pytest.raises(ValueError, match="codes of 'g'"):
        Pool([1, 2], [1.0, 2.0], {"g": np.array([0])}, {"g": ["f"]})
    with pytest.raises(ValueError, match="finite"):
        Pool([1], [float("nan")], {}, {})
