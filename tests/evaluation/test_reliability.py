"""Judges' agreement per criterion and the ideas flagged for a second look."""

import krippendorff
import numpy as np
import pytest

from cocreate.core import judging_stats
from cocreate.evaluation import reliability
from cocreate.evaluation.scoring import CriterionSpec, blend
from cocreate.recruiting import reviewing


def test_alpha_is_the_one_shared_with_recruiting_not_a_copy():
    assert reviewing.krippendorff_alpha is judging_stats.krippendorff_alpha
    assert reviewing._offset_model is judging_stats.offset_model
    assert reviewing._standardise is judging_stats.standardise


def test_alpha_per_criterion_matches_the_krippendorff_package():
    rng = np.random.default_rng(3)
    quality = rng.integers(0, 11, size=60)
    rows = [(i, j, 1, int(np.clip(quality[i] + rng.integers(-2, 3), 0, 10)))
            for i in range(60) for j in rng.choice(8, size=3, replace=False)]
    idea, judge, criterion, value = (np.array(c) for c in zip(*rows, strict=True))
    result = blend([CriterionSpec(1, "a", 100)], range(60), idea=idea, judge=judge, criterion=criterion, value=value)
    matrix = np.full((8, 60), np.nan)
    matrix[judge, idea] = value
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    assert result.alpha()[1] == pytest.approx(expected)
    assert isinstance(result.alpha()[1], float)


def test_alpha_levels_follow_krippendorffs_thresholds():
    assert [reliability.alpha_level(a) for a in (0.9, 0.8, 0.7, 0.667, 0.5, -0.2, None)] == [
        "reliable", "reliable", "tentative", "tentative", "low", "low", "undefined"]
    assert reliability.alpha_reading(None)


def test_spreads_are_highest_minus_lowest_per_idea_and_criterion():
    units = np.array([0, 0, 0, 1, 1, 2, 0])
    criteria = np.array([0, 0, 0, 0, 1, 1, 1])
    values = np.array([0.2, 0.9, 0.5, 0.4, 0.3, 0.7, 0.1])
    spread = reliability.spreads(units, criteria, values, 3, 2)
    assert spread[0, 0] == pytest.approx(0.7)
    assert np.isnan(spread[0, 1]) and np.isnan(spread[1, 0]) and np.isnan(spread[2, 1])  # one judge only
    assert reliability.flags(spread).tolist() == [[True, False], [False, False], [False, False]]


def test_half_the_scale_apart_flags_the_idea_for_a_second_look():
    rows = [(1, 10, 1, 2), (1, 11, 1, 7), (2, 10, 1, 5), (2, 11, 1, 8)]
    idea, judge, criterion, value = (np.array(c) for c in zip(*rows, strict=True))
    result = blend([CriterionSpec(1, "a", 100)], [1, 2], idea=idea, judge=judge, criterion=criterion, value=value)
    assert result.breakdown(1).second_look and result.breakdown(1).criteria[0].spread == 0.5
    assert not result.breakdown(2).second_look


def test_a_constant_leniency_is_not_disagreement_once_corrected():
    # Judge 11 gives every idea 6 points more than judge 10: raw spread 0.6, corrected none.
    rows = [(i, 10, 1, v) for i, v in enumerate([1, 2, 3, 4])] + [(i, 11, 1, v + 6) for i, v in enumerate([1, 2, 3, 4])]
    idea, judge, criterion, value = (np.array(c) for c in zip(*rows, strict=True))
    kwargs = {"idea": idea, "judge": judge, "criterion": criterion, "value": value}
    assert blend([CriterionSpec(1, "a", 100)], range(4), **kwargs).disagreement.all()
    assert not blend([CriterionSpec(1, "a", 100)], range(4), **kwargs, leniency="offset").disagreement.any()
