"""Reviewing maths: rubric combination, objective criteria, leniency correction, Krippendorff's alpha.

Pure functions, so no database: exact values for hand-computed cases, Krippendorff's own
published example, and hypothesis properties for the invariances the methods promise."""

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.sparse.linalg import lsqr

from cocreate.recruiting import reviewing
from cocreate.recruiting.reviewing import (
    USAGE_LEVELS,
    Combined,
    Criterion,
    Kind,
    Method,
    Metric,
    NotIdentifiable,
    Rubric,
    Score,
    alpha_per_criterion,
    coincidences,
    combine,
    combine_all,
    correct_leniency,
    krippendorff_alpha,
    log_reach,
    usage_frequency,
)

# --- rubric ---------------------------------------------------------------------------------

RUBRIC = Rubric((
    Criterion("passion", 1, 5, 30, Kind.WILLINGNESS),
    Criterion("writing", 0, 10, 20, Kind.CAPABILITY),
    Criterion("reach", 0, 10, 50, "capability"),
))


def test_combine_exact():
    # passion 4 on 1..5 = 0.75, writing 5 on 0..10 = 0.5, reach 10 = 1.0
    assert combine(RUBRIC, {"passion": 4, "writing": 5, "reach": 10}) == Combined(
        capability=pytest.approx(100 * (20 * 0.5 + 50 * 1.0) / 70),
        willingness=pytest.approx(75.0),
        combined=pytest.approx(0.3 * 75 + 0.2 * 50 + 0.5 * 100),
    )


def test_combine_leaves_out_missing_criteria_and_renormalises():
    result = combine(RUBRIC, {"passion": 5, "writing": None})
    assert result == Combined(capability=None, willingness=100.0, combined=100.0)
    assert combine(RUBRIC, {}) == Combined(None, None, None)


def test_combine_clips_corrected_scores_that_overshoot_the_scale():
    assert combine(RUBRIC, {"passion": 5.4, "writing": -0.3, "reach": 10}).willingness == 100.0
    assert combine(RUBRIC, {"writing": -0.3}).capability == 0.0


def test_combine_refuses_scores_for_unknown_criteria():
    with pytest.raises(KeyError):
        combine(RUBRIC, {"charisma": 3})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minimum": 5, "maximum": 5, "weight": 1}, "maximum"),
        ({"minimum": 0, "maximum": 5, "weight": 0}, "weight"),
    ],
)
def test_criterion_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Criterion("x", kind=Kind.CAPABILITY, **kwargs)


def test_rubric_needs_unique_ids():
    with pytest.raises(ValueError, match="unique"):
        Rubric((Criterion("a", 0, 1, 1, Kind.CAPABILITY), Criterion("a", 0, 1, 1, Kind.WILLINGNESS)))
    assert RUBRIC["reach"].kind is Kind.CAPABILITY


# --- objective criteria ---------------------------------------------------------------------


def test_log_reach_edges():
    assert log_reach(0) == 0.0
    assert log_reach(1_000_000) == 10.0
    assert log_reach(50_000_000) == 10.0  # clipped at the cap
    assert log_reach(999) == pytest.approx(10 * 3 / math.log10(1_000_001))
    assert log_reach(99, cap=9_999, scale=(1, 5)) == pytest.approx(3.0)


def test_log_reach_is_monotone_and_refuses_negative_counts():
    values = [log_reach(f) for f in (0, 1, 10, 100, 10_000, 999_999)]
    assert values == sorted(values)
    with pytest.raises(ValueError):
        log_reach(-1)
    with pytest.raises(ValueError):
        log_reach(10, cap=0)


def test_usage_frequency_maps_levels_evenly():
    assert [usage_frequency(v) for v in USAGE_LEVELS] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert usage_frequency("weekly", scale=(0, 10)) == 5.0
    assert usage_frequency("b", levels=("a", "b", "c"), scale=(0, 1)) == 0.5


def test_usage_frequency_refuses_unknown_answers_and_degenerate_levels():
    with pytest.raises(ValueError, match="yearly"):
        usage_frequency("yearly")
    with pytest.raises(ValueError):
        usage_frequency("a", levels=("a",))


# --- leniency: standardisation --------------------------------------------------------------


def test_standardise_hand_computed():
    # r1 scores 2, 4 (mean 3, sd 1); r2 scores 6, 8 (mean 7, sd 1). Pooled: mean 5, sd sqrt(5).
    scores = [Score("r1", "a", "c", 2), Score("r1", "b", "c", 4), Score("r2", "a", "c", 6), Score("r2", "b", "c", 8)]
    result = correct_leniency(scores, method="standardise")
    s5 = math.sqrt(5)
    assert result.method is Method.STANDARDISE
    assert result.applicant_means["c"] == {"a": pytest.approx(5 - s5), "b": pytest.approx(5 + s5)}
    assert result.reviewer_offsets["c"] == {"r1": pytest.approx(-2.0), "r2": pytest.approx(2.0)}
    assert [s.value for s in result.scores] == pytest.approx([5 - s5, 5 + s5, 5 - s5, 5 + s5])
    assert result.problems == ()


def test_standardise_single_score_and_flat_reviewers_are_reported():
    scores = [
        Score("r1", "a", "c", 2), Score("r1", "b", "c", 4),
        Score("flat", "a", "c", 3), Score("flat", "b", "c", 3),
        Score("once", "a", "c", 9),
    ]
    result = correct_leniency(scores, method="standardise")
    by = {(s.reviewer, s.applicant): s.value for s in result.scores}
    pooled_mean = (2 + 4 + 3 + 3 + 9) / 5
    assert by[("once", "a")] == 9  # kept as given
    assert by[("flat", "a")] == pytest.approx(pooled_mean) == by[("flat", "b")]
    assert [(p.code, p.reviewers) for p in result.problems] == [("single_score", ("once",)), ("no_variance", ("flat",))]
    assert result.reviewer_offsets["c"]["once"] == 0.0


def test_standardise_when_everybody_agrees_changes_nothing():
    scores = [Score(r, a, "c", 4) for r in ("r1", "r2") for a in ("a", "b")]
    result = correct_leniency(scores)
    assert result.applicant_means["c"] == {"a": 4.0, "b": 4.0}
    assert result.reviewer_offsets["c"] == {"r1": 0.0, "r2": 0.0}


def test_duplicate_and_non_finite_scores_are_refused():
    with pytest.raises(ValueError, match="twice"):
        correct_leniency([Score("r", "a", "c", 1), Score("r", "a", "c", 2)])
    with pytest.raises(ValueError, match="finite"):
        correct_leniency([Score("r", "a", "c", float("nan"))])


# --- leniency: offset model -----------------------------------------------------------------


def incomplete_design(quality, offsets, *, per_applicant=3, criterion="c", seed=0):
    """Each applicant seen by ``per_applicant`` consecutive reviewers (a cyclic incomplete block design)."""
    reviewers = list(offsets)
    rng = random.Random(seed)
    start = rng.randrange(len(reviewers))
    return [
        Score(reviewers[(start + i + j) % len(reviewers)], a, criterion,
              quality[a] + offsets[reviewers[(start + i + j) % len(reviewers)]])
        for i, a in enumerate(quality) for j in range(per_applicant)
    ]


def test_offset_model_hand_computed():
    # r1: a=5, b=7; r2: a=7. Fit: a + r1 = 5, b + r1 = 7, a + r2 = 7, r1 + r2 = 0 -> r1 = -1, r2 = 1, a = 6, b = 8.
    scores = [Score("r1", "a", "c", 5), Score("r1", "b", "c", 7), Score("r2", "a", "c", 7)]
    result = correct_leniency(scores, method=Method.OFFSET_MODEL)
    assert result.applicant_means["c"] == {"a": pytest.approx(6.0), "b": pytest.approx(8.0)}
    assert result.reviewer_offsets["c"] == {"r1": pytest.approx(-1.0), "r2": pytest.approx(1.0)}
    assert [s.value for s in result.scores] == pytest.approx([6.0, 8.0, 6.0])


LENIENCY_QUALITY = {f"a{i:02}": random.Random(3).uniform(2.0, 7.0) + i * 1e-3 for i in range(24)}
FAIR = dict.fromkeys(("r1", "r2", "r3", "r4", "r5", "r6", "soft"), 0.0)
LENIENT = FAIR | {"soft": 2.0}


def ranking(means):
    return sorted(means, key=means.get)


def test_a_lenient_reviewer_would_change_the_raw_ranking():
    """Reviewer "soft" adds +2 to everything; uncorrected, the applicants they saw jump ahead."""
    scores = incomplete_design(LENIENCY_QUALITY, LENIENT)
    raw_means = {a: float(np.mean([s.value for s in scores if s.applicant == a])) for a in LENIENCY_QUALITY}
    assert ranking(raw_means) != ranking(LENIENCY_QUALITY)


def test_offset_model_recovers_the_true_ranking_despite_a_lenient_reviewer():
    result = correct_leniency(incomplete_design(LENIENCY_QUALITY, LENIENT), method="offset_model")
    assert ranking(result.applicant_means["c"]) == ranking(LENIENCY_QUALITY)
    offsets = result.reviewer_offsets["c"]
    assert offsets["soft"] == pytest.approx(2.0 - 2.0 / 7)
    assert all(offsets[r] == pytest.approx(-2.0 / 7) for r in FAIR if r != "soft")
    assert sum(offsets.values()) == pytest.approx(0.0, abs=1e-9)


def test_standardisation_ranks_as_if_the_lenient_reviewer_had_not_been_lenient():
    """Standardisation also corrects spread, so with only 10 applicants per reviewer it does not recover the
    truth exactly (a reviewer's mix of applicants is not the pool's); what it promises is that +2 on
    everything changes nothing."""
    fair = correct_leniency(incomplete_design(LENIENCY_QUALITY, FAIR), method="standardise")
    lenient = correct_leniency(incomplete_design(LENIENCY_QUALITY, LENIENT), method="standardise")
    assert ranking(lenient.applicant_means["c"]) == ranking(fair.applicant_means["c"])
    offsets = lenient.reviewer_offsets["c"]
    assert max(offsets, key=offsets.get) == "soft"


def disconnected_scores():
    return [
        Score("r1", "a", "c", 5), Score("r2", "a", "c", 6), Score("r1", "b", "c", 4),
        Score("r3", "x", "c", 8), Score("r4", "x", "c", 9), Score("r4", "y", "c", 2),
    ]


def test_offset_model_refuses_a_disconnected_reviewer_graph():
    with pytest.raises(NotIdentifiable) as raised:
        correct_leniency(disconnected_scores(), method="offset_model")
    problem = raised.value.problem
    assert problem.code == "disconnected"
    assert problem.criterion == "c"
    assert {(c.reviewers, c.applicants) for c in problem.components} == {
        (frozenset({"r1", "r2"}), frozenset({"a", "b"})),
        (frozenset({"r3", "r4"}), frozenset({"x", "y"})),
    }


def test_offset_model_per_component_solves_each_group_and_warns():
    result = correct_leniency(disconnected_scores(), method="offset_model", on_disconnected="per_component")
    assert [p.code for p in result.problems] == ["disconnected"]
    offsets = result.reviewer_offsets["c"]
    assert offsets["r1"] + offsets["r2"] == pytest.approx(0.0, abs=1e-12)
    assert offsets["r3"] + offsets["r4"] == pytest.approx(0.0, abs=1e-12)
    assert offsets == {"r1": pytest.approx(-0.5), "r2": pytest.approx(0.5),
                       "r3": pytest.approx(-0.5), "r4": pytest.approx(0.5)}
    assert result.applicant_means["c"] == {"a": pytest.approx(5.5), "b": pytest.approx(4.5),
                                           "x": pytest.approx(8.5), "y": pytest.approx(1.5)}


def test_criteria_are_corrected_independently():
    scores = incomplete_design({"a": 3.0, "b": 4.0, "c": 5.0}, {"r1": 1.0, "r2": -1.0}, per_applicant=2,
                               criterion="writing")
    scores += [Score("r1", "a", "passion", 2.0), Score("r2", "a", "passion", 2.0)]
    result = correct_leniency(scores, method="offset_model")
    assert set(result.applicant_means) == {"writing", "passion"}
    assert result.reviewer_offsets["passion"] == {"r1": pytest.approx(0.0, abs=1e-12),
                                                  "r2": pytest.approx(0.0, abs=1e-12)}
    assert result.applicant_means["writing"] == {"a": pytest.approx(3.0), "b": pytest.approx(4.0),
                                                 "c": pytest.approx(5.0)}


def test_combine_all_turns_corrected_means_into_totals():
    scores = [
        Score("r1", "ann", "passion", 5), Score("r2", "ann", "passion", 3),
        Score("r1", "bob", "passion", 4), Score("r2", "bob", "passion", 2),
        Score("r1", "ann", "writing", 10), Score("r2", "ann", "writing", 10),
        Score("r1", "ann", "dropped", 1),
    ]
    result = combine_all(RUBRIC, correct_leniency(scores, method="offset_model"))
    # passion offsets r1 +1, r2 -1 -> ann 4 (0.75), bob 3 (0.5); writing 10 (1.0) for ann only.
    assert result == {
        "ann": Combined(capability=pytest.approx(100.0), willingness=pytest.approx(75.0),
                        combined=pytest.approx((30 * 75 + 20 * 100) / 50)),
        "bob": Combined(capability=None, willingness=pytest.approx(50.0), combined=pytest.approx(50.0)),
    }


# --- Krippendorff's alpha -------------------------------------------------------------------

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_coincidence_matrix_matches_the_paper():
    o, values = coincidences(KRIPPENDORFF_2011)
    assert values.tolist() == [1, 2, 3, 4, 5]
    assert o.sum() == pytest.approx(40.0)  # n: unit 12 has a single value and is not pairable
    assert o.sum(axis=1) == pytest.approx([9, 13, 10, 5, 3])
    assert o[0, 0] == pytest.approx(7.0)
    assert o[0, 1] == pytest.approx(4 / 3)
    assert np.allclose(o, o.T)


@pytest.mark.parametrize(
    ("metric", "published"),
    [(Metric.NOMINAL, 0.743), (Metric.ORDINAL, 0.815), (Metric.INTERVAL, 0.849)],
)
def test_alpha_reproduces_krippendorffs_published_values(metric, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, metric), 3) == published


def test_alpha_exact_values():
    # Interval, two reviewers, units (1,2) and (3,3): o = {1-2: 1 each way, 3-3: 2}; n = 4.
    # D_o = 2*1/4 = 0.5; n_c = (1, 1, 2); D_e = sum n_c n_k d^2 / (4*3) = 2*(1 + 4*2 + 1*2)/12 = 22/12.
    assert krippendorff_alpha([[1, 3], [2, 3]]) == pytest.approx(1 - 0.5 / (22 / 12))
    assert krippendorff_alpha([[1, 3], [2, 3]], "nominal") == pytest.approx(1 - 0.5 / (2 * (1 + 2 + 2) / 12))


def test_alpha_undefined_cases_are_none():
    assert krippendorff_alpha([[1, N], [N, 2]]) is None  # nothing pairable
    assert krippendorff_alpha([[3, 3], [3, 3]]) is None  # no variation to compare with
    assert krippendorff_alpha(np.array([[1.0, np.nan, 2.0], [1.0, 4.0, 2.0]])) == 1.0


def test_alpha_systematic_disagreement_is_negative():
    assert krippendorff_alpha([[1, 5, 1, 5], [5, 1, 5, 1]]) < 0


def test_alpha_per_criterion_uses_raw_scores():
    scores = [Score(r, a, crit, v) for crit, rows in {
        "agree": {"r1": {"a": 1, "b": 4}, "r2": {"a": 1, "b": 4}},
        "ref": {f"r{i}": {f"u{j}": v for j, v in enumerate(row) if v is not None}
                for i, row in enumerate(KRIPPENDORFF_2011)},
    }.items() for r, row in rows.items() for a, v in row.items()]
    result = alpha_per_criterion(scores)
    assert result["agree"] == 1.0
    assert round(result["ref"], 3) == 0.849


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    units=st.lists(st.integers(0, 10), min_size=2, max_size=15).filter(lambda u: len(set(u)) > 1),
    reviewers=st.integers(2, 5),
    gaps=st.data(),
    metric=st.sampled_from(list(Metric)),
)
def test_alpha_is_one_for_perfect_agreement(units, reviewers, gaps, metric):
    matrix = [list(units) for _ in range(reviewers)]
    for row in matrix[2:]:  # first two reviewers score everything, so every unit stays pairable
        for j in range(len(row)):
            if gaps.draw(st.booleans()):
                row[j] = None
    assert krippendorff_alpha(matrix, metric) == pytest.approx(1.0)


design = st.tuples(
    st.lists(st.floats(0, 10, allow_nan=False), min_size=6, max_size=20),  # applicant qualities
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=7),  # reviewer offsets
    st.floats(-5, 5, allow_nan=False),  # constant added to one reviewer
)


@settings(max_examples=60, deadline=None)
@given(design)
def test_a_constant_added_to_one_reviewer_is_absorbed_by_the_offset_model(case):
    qualities, offsets, constant = case
    quality = {f"a{i}": q + 0.01 * i for i, q in enumerate(qualities)}
    base = {f"r{j}": o for j, o in enumerate(offsets)}
    rng = random.Random(len(qualities))
    noise = {(a, r): rng.gauss(0, 0.5) for a in quality for r in base}
    shifted = base | {"r0": base["r0"] + constant}

    def fit(reviewer_offsets):
        scores = [Score(s.reviewer, s.applicant, s.criterion, s.value + noise[s.applicant, s.reviewer])
                  for s in incomplete_design(quality, reviewer_offsets, per_applicant=2)]
        return correct_leniency(scores, method="offset_model")

    before, after = fit(base), fit(shifted)
    # With offsets summing to zero the "average reviewer" moves by constant / R, so every applicant moves by
    # exactly that much; differences between applicants (hence the ranking) do not move at all.
    shift = constant / len(base)
    for a in quality:
        assert after.applicant_means["c"][a] == pytest.approx(before.applicant_means["c"][a] + shift, abs=1e-8)
    assert after.reviewer_offsets["c"]["r0"] == pytest.approx(before.reviewer_offsets["c"]["r0"] + constant - shift,
                                                              abs=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 10), min_size=5, max_size=5), min_size=3, max_size=5),
    st.floats(0.1, 5, allow_nan=False),
    st.floats(-10, 10, allow_nan=False),
    st.integers(0, 4),
)
def test_standardisation_is_invariant_to_a_reviewers_affine_rescaling(matrix, scale, shift, who):
    who %= len(matrix)
    base = [Score(f"r{i}", f"a{j}", "c", float(v)) for i, row in enumerate(matrix) for j, v in enumerate(row)]
    rescaled = [s if s.reviewer != f"r{who}" else Score(s.reviewer, s.applicant, s.criterion, scale * s.value + shift)
                for s in base]
    before, after = correct_leniency(base), correct_leniency(rescaled)
    # Per-reviewer z-scores are identical; the pooled mean and sd used to map back onto the scale may move,
    # which is one common positive affine map for all scores: the map (and so every ranking) is fixed by
    # two distinct corrected values.
    x = np.array([s.value for s in before.scores])
    y = np.array([s.value for s in after.scores])
    if np.ptp(x) < 1e-9:
        assert np.ptp(y) < 1e-9
        return
    slope, intercept = np.polyfit(x, y, 1)
    assert slope > 0
    assert y == pytest.approx(slope * x + intercept, abs=1e-6 * max(1.0, np.abs(y).max()))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.floats(0, 10, allow_nan=False)), min_size=6, max_size=6),
                min_size=2, max_size=5))
def test_interval_alpha_by_variance_equals_the_coincidence_matrix(matrix):
    """The memory-safe path for continuous scores must be the same number as the definition."""
    dense = np.array([[np.nan if v is None else v for v in row] for row in matrix])
    by_definition = krippendorff_alpha(dense, "interval")
    by_variance = reviewing._interval_alpha_by_variance(dense)
    if by_definition is None:
        assert by_variance is None
        return
    assert by_variance == pytest.approx(by_definition, rel=1e-9, abs=1e-9)


def test_interval_alpha_on_many_distinct_values_uses_the_variance_path():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0, 10, 3_000)
    matrix = truth + rng.normal(0, 1, (3, 3_000))
    expected = 1 - 1 / (1 + np.var(truth))  # ~ signal variance / (signal + noise variance)
    assert krippendorff_alpha(matrix) == pytest.approx(expected, abs=0.03)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 11), st.floats(0, 10, allow_nan=False)),
                min_size=1, max_size=40, unique_by=lambda t: (t[0], t[1])))
def test_offset_model_equals_a_generic_least_squares_fit(cells):
    """The Schur-complement solve is checked against lsqr on the explicit constrained design."""
    scores = [Score(f"r{r}", f"a{a}", "c", v) for r, a, v in cells]
    result = correct_leniency(scores, method="offset_model", on_disconnected="per_component")
    reviewers = sorted({s.reviewer for s in scores})
    applicants = sorted({s.applicant for s in scores})
    rix = {r: i for i, r in enumerate(reviewers)}
    aix = {a: len(reviewers) + i for i, a in enumerate(applicants)}
    n_comp, labels = sparse.csgraph.connected_components(
        sparse.coo_matrix((np.ones(len(scores)), ([rix[s.reviewer] for s in scores],
                                                  [aix[s.applicant] for s in scores])),
                          shape=(len(rix) + len(aix),) * 2), directed=False)
    design = np.zeros((len(scores) + n_comp, len(rix) + len(aix)))
    for i, s in enumerate(scores):
        design[i, rix[s.reviewer]] = design[i, aix[s.applicant]] = 1.0
    for i in rix.values():
        design[len(scores) + labels[i], i] = 1.0
    target = np.concatenate([[s.value for s in scores], np.zeros(n_comp)])
    solution = lsqr(design, target, atol=1e-14, btol=1e-14, iter_lim=10_000)[0]
    for r, i in rix.items():
        assert result.reviewer_offsets["c"][r] == pytest.approx(solution[i], abs=1e-6)
    for a, i in aix.items():
        assert result.applicant_means["c"][a] == pytest.approx(solution[i], abs=1e-6)
