import pytest

from cocreate.evaluation.scoring import CriterionSpec, weighted_score

COCA_COLA = [CriterionSpec(1, "creativity", 25), CriterionSpec(2, "usefulness", 25),
             CriterionSpec(3, "brand impact", 25), CriterionSpec(4, "participant vote", 25)]


def test_coca_cola_four_times_twenty_five_percent():
    scores = [(10, 1, 8), (11, 1, 6), (10, 2, 10), (11, 2, 10), (10, 3, 4), (11, 3, 6), (10, 4, 9), (11, 4, 7)]
    b = weighted_score(COCA_COLA, scores)
    # means 7, 10, 5, 8 out of 10 → 17.5 + 25 + 12.5 + 20
    assert b.total == 75.0
    assert [(r.mean, r.count, r.contribution) for r in b.criteria] == [
        (7.0, 2, 17.5), (10.0, 2, 25.0), (5.0, 2, 12.5), (8.0, 2, 20.0)]
    assert (b.judges, b.complete) == (2, True)


def test_unequal_weights_and_scales():
    criteria = [CriterionSpec(1, "a", 70, scale_max=5), CriterionSpec(2, "b", 30, scale_max=100)]
    b = weighted_score(criteria, [(1, 1, 5), (1, 2, 50)])
    assert b.total == 85.0  # 70 * 5/5 + 30 * 50/100


def test_partial_scores_are_rescaled_and_flagged():
    b = weighted_score(COCA_COLA, [(1, 1, 6), (1, 2, 8)])
    assert (b.total, b.complete) == (70.0, False)  # (15 + 20) / 50 * 100
    assert b.criteria[2].mean is None and b.criteria[2].contribution is None


def test_no_scores_means_no_total():
    b = weighted_score(COCA_COLA, [])
    assert (b.total, b.judges, b.complete) == (None, 0, False)


def test_scores_for_unknown_criteria_are_ignored():
    assert weighted_score(COCA_COLA[:1] and [CriterionSpec(1, "all", 100)], [(1, 1, 10), (1, 99, 0)]).total == 100.0


@pytest.mark.parametrize("value", [-1, 11])
def test_out_of_range_values_raise(value):
    with pytest.raises(ValueError):
        weighted_score(COCA_COLA, [(1, 1, value)])


def test_weights_must_sum_to_one_hundred():
    with pytest.raises(ValueError):
        weighted_score([CriterionSpec(1, "a", 25), CriterionSpec(2, "b", 24)], [])
    with pytest.raises(ValueError):
        weighted_score([], [])


def test_as_dict_is_json_ready():
    d = weighted_score([CriterionSpec(1, "a", 100)], [(1, 1, 5)]).as_dict()
    formula = d.pop("formula")
    assert d == {"total": 50.0, "judges": 1, "complete": True, "leniency": "none", "crowd_source": None,
                 "held_votes": 0, "second_look": False, "criteria": [
                     {"id": 1, "name": "a", "weight": 100, "scale_max": 10, "mean": 5.0, "count": 1,
                      "contribution": 50.0, "raw_mean": 5.0, "normalised": 0.5, "source": "judges",
                      "crowd_value": None, "held": 0, "spread": None, "disagreement": False}]}
    assert all(isinstance(line, str) for line in formula) and len(formula) == 4
