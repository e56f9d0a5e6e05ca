"""The blend of judges and crowd: the published formula applied exactly, leniency corrected,
the crowd criterion from supports, ratings or pairwise votes, held votes shown and not counted."""

import random

import numpy as np
import pytest
from django.utils import translation

from cocreate.core import judging_stats
from cocreate.evaluation import blending
from cocreate.evaluation.models import CrowdRating
from cocreate.evaluation.scoring import (
    CriterionSpec,
    blend,
    crowd_from_pairwise,
    crowd_from_ratings,
    crowd_from_supports,
    weighted_score,
)
from cocreate.evaluation.selectors import breakdown_for, breakdowns_for
from cocreate.ideas.enums import VoteStatus
from cocreate.ideas.models import Support
from cocreate.programs.enums import CrowdSource, Leniency
from tests import factories as f

from .factories import mission_idea, score

NAMES = ["Creativity", "Usefulness", "Brand impact", "Participant vote"]
COCA_COLA = [CriterionSpec(i + 1, n, 25, 10, is_crowd_vote=(i == 3)) for i, n in enumerate(NAMES)]
JUDGED = [CriterionSpec(i + 1, n, 25, 10) for i, n in enumerate(NAMES)]


def arrays(rows):
    idea, judge, criterion, value = (np.array(c) for c in zip(*rows, strict=True))
    return {"idea": idea, "judge": judge, "criterion": criterion, "value": value}


# Pure --------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_correction_the_blend_is_weighted_score_for_every_idea(seed):
    rng = random.Random(seed)
    rows = [(i, j, c, rng.randint(0, 10)) for i in range(40) for j in rng.sample(range(100, 108), 3)
            for c in range(1, 5) if rng.random() < 0.85]
    result = blend(JUDGED, range(45), **arrays(rows))
    for i in range(45):
        one = weighted_score(JUDGED, [(j, c, v) for (ii, j, c, v) in rows if ii == i])
        b = result.breakdown(i)
        assert (b.total, b.judges, b.complete) == (one.total, one.judges, one.complete)
        assert [(r.mean, r.count, r.contribution) for r in b.criteria] == [
            (r.mean, r.count, r.contribution) for r in one.criteria]


def test_coca_cola_four_times_twenty_five_percent_with_the_participants_vote_from_supports():
    # Judges' means 7, 10, 5 of 10 on the judged criteria; 12 supports where the most is 16.
    rows = [(1, 10, 1, 8), (1, 11, 1, 6), (1, 10, 2, 10), (1, 11, 2, 10), (1, 10, 3, 4), (1, 11, 3, 6),
            (1, 10, 4, 0), (1, 11, 4, 0)]  # judges' scores on the crowd criterion are ignored
    crowd = crowd_from_supports([1, 2], {1: 12, 2: 16}, {1: 3})
    b = blend(COCA_COLA, [1, 2], **arrays(rows), crowd=crowd).breakdown(1)
    # 25 × 0.7 + 25 × 1.0 + 25 × 0.5 + 25 × 12/16 = 17.5 + 25 + 12.5 + 18.75
    assert b.total == 73.75
    assert [(r.source, r.normalised, r.contribution) for r in b.criteria] == [
        ("judges", 0.7, 17.5), ("judges", 1.0, 25.0), ("judges", 0.5, 12.5), ("supports", 0.75, 18.75)]
    assert (b.criteria[3].crowd_value, b.criteria[3].count, b.criteria[3].held) == (12.0, 12, 3)
    assert (b.complete, b.judges, b.held_votes, b.crowd_reference) == (True, 2, 3, 16.0)
    with translation.override("en"):
        formula = b.formula()
    assert "Participant vote (participants' vote): 12 supports ÷ 16, the most any idea of the program received " \
           "= 0.75; × 25% = 18.8 points." in formula
    assert "3 participant votes are held for review and not counted until a person checks them." in formula
    assert formula[-1] == "Total: 73.8 of 100."


def test_crowd_from_ratings_and_pairwise():
    ratings = crowd_from_ratings([1, 2, 3], {1: 8, 2: 15}, {1: 2, 2: 3}, {3: 4})
    assert ratings.value[:2].tolist() == [0.8, 1.0] and np.isnan(ratings.value[2])
    assert ratings.held.tolist() == [0, 0, 4]
    pairwise = crowd_from_pairwise([1, 2], {1: 0.25})
    assert pairwise.value[0] == 0.25 and np.isnan(pairwise.value[1])
    b = blend(COCA_COLA, [1, 2], **arrays([(1, 9, 1, 10), (1, 9, 2, 10), (1, 9, 3, 10)]), crowd=pairwise)
    assert b.breakdown(1).total == 81.25  # 75 + 25 × 0.25
    assert (b.breakdown(2).total, b.breakdown(2).complete) == (None, False)


def test_no_support_anywhere_leaves_the_vote_out_instead_of_zero():
    crowd = crowd_from_supports([1], {}, {})
    b = blend(COCA_COLA, [1], **arrays([(1, 9, 1, 10), (1, 9, 2, 5), (1, 9, 3, 0)]), crowd=crowd).breakdown(1)
    assert (b.total, b.complete, b.criteria[3].normalised) == (50.0, False, None)


def incomplete_design():
    """X seen only by the generous judge A, Y only by the strict judge B, Z by both; X and Y are
    equally good, A gives everything 2 points more than B."""
    return [("X", "A", 7), ("Y", "B", 5), ("Z", "A", 8), ("Z", "B", 6)]


def test_the_offset_model_puts_ideas_seen_by_different_judges_on_one_footing():
    ids = {"X": 1, "Y": 2, "Z": 3}
    judges = {"A": 10, "B": 11}
    rows = [(ids[i], judges[j], 1, v) for i, j, v in incomplete_design()]
    spec = [CriterionSpec(1, "Creativity", 100, 10)]
    raw = blend(spec, [1, 2, 3], **arrays(rows))
    assert raw.breakdown(1).total > raw.breakdown(2).total  # 70 vs 50: luck of the judge
    fixed = blend(spec, [1, 2, 3], **arrays(rows), leniency="offset")
    assert fixed.breakdown(1).total == pytest.approx(fixed.breakdown(2).total)  # 60 and 60
    assert fixed.breakdown(3).total == pytest.approx(70.0)
    assert fixed.offsets[1] == pytest.approx({10: 1.0, 11: -1.0})
    assert fixed.breakdown(1).criteria[0].raw_mean == 7.0 and fixed.breakdown(1).criteria[0].mean == 6.0


def test_standardisation_is_the_shared_recruiting_method():
    rng = random.Random(5)
    rows = [(i, j, 1, rng.randint(0, 10)) for i in range(30) for j in (1, 2, 3)]
    result = blend([CriterionSpec(1, "a", 100, 10)], range(30), **arrays(rows), leniency="standardise")
    block, _, _ = judging_stats.block_from_arrays(*(np.array(c) for c in zip(*[(j, i, v) for i, j, _, v in rows],
                                                                             strict=True)))
    corrected, _, _ = judging_stats.standardise(1, block)
    expected, _ = judging_stats.group_mean(block.a, corrected, len(block.applicants))
    assert result.mean[:, 0] == pytest.approx(expected)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        blend(JUDGED, [1], **arrays([(1, 1, 1, 11)]))
    with pytest.raises(ValueError):
        blend([CriterionSpec(1, "a", 50)], [1])
    with pytest.raises(ValueError):
        blend(JUDGED, [1], leniency="guess")
    with pytest.raises(ValueError):
        judging_stats.block_from_arrays(np.array([1, 1]), np.array([2, 2]), np.array([3, 4]))


def test_ranking_puts_unscored_ideas_last_and_ties_to_the_earlier():
    result = blend(JUDGED[:1] and [CriterionSpec(1, "a", 100)], [1, 2, 3, 4],
                   **arrays([(3, 9, 1, 5), (2, 9, 1, 5), (4, 9, 1, 9)]))
    assert result.ideas[result.ranking()].tolist() == [4, 2, 3, 1]


# Through the database ----------------------------------------------------------------------

@pytest.fixture
def coca(lab):
    """The lab's agreement as Coca-Cola's: the fourth criterion is the participants' vote."""
    vote = lab.criteria[3]
    vote.is_crowd_vote = True
    vote.save()
    return lab


@pytest.mark.django_db
def test_coca_cola_end_to_end_through_the_database(coca):
    lab = coca
    judges = [lab.users["judge"], lab.users["executive"]]
    top, other = mission_idea(lab), mission_idea(lab)
    score(top, judges[0], [8, 10, 4, 0])
    score(top, judges[1], [6, 10, 6, 10])
    for _ in range(3):
        Support.objects.create(idea=top, user=f.UserFactory())
    for _ in range(4):
        Support.objects.create(idea=other, user=f.UserFactory())
    Support.objects.create(idea=top, user=f.UserFactory(), status=VoteStatus.HELD)
    Support.objects.create(idea=other, user=f.UserFactory(), status=VoteStatus.EXCLUDED)
    b = breakdown_for(top)
    # 17.5 + 25 + 12.5 + 25 × 3/4 (the held and the excluded supports do not count)
    assert (b.total, b.complete, b.held_votes) == (73.75, True, 1)
    assert breakdown_for(other).criteria[3].normalised == 1.0


@pytest.mark.django_db
def test_ratings_and_pairwise_sources(coca, monkeypatch):
    lab = coca
    idea = mission_idea(lab)
    score(idea, lab.users["judge"], [10, 10, 10])
    lab.agreement.crowd_source = CrowdSource.RATINGS
    lab.agreement.save()
    CrowdRating.objects.create(idea=idea, user=f.UserFactory(), value=4)
    CrowdRating.objects.create(idea=idea, user=f.UserFactory(), value=2)
    CrowdRating.objects.create(idea=idea, user=f.UserFactory(), value=0, status=VoteStatus.HELD)
    b = breakdown_for(idea)
    assert (b.criteria[3].crowd_value, b.total, b.held_votes) == (3.0, 90.0, 1)  # 75 + 25 × 3/5
    lab.agreement.crowd_source = CrowdSource.PAIRWISE
    lab.agreement.save()
    monkeypatch.setattr(blending, "_pairwise_strengths", lambda program: {idea.pk: 0.4})
    assert breakdown_for(idea).total == 85.0


@pytest.mark.django_db
def test_leniency_uses_all_of_the_programs_scores(lab):
    lab.agreement.leniency = Leniency.JUDGE_OFFSET
    lab.agreement.save()
    generous, strict = lab.users["judge"], lab.users["executive"]
    x, y, z = mission_idea(lab), mission_idea(lab), mission_idea(lab)
    score(x, generous, [7, 7, 7, 7])
    score(y, strict, [5, 5, 5, 5])
    score(z, generous, [8, 8, 8, 8])
    score(z, strict, [6, 6, 6, 6])
    # A page showing only X and Y still corrects with Z's scores.
    b = breakdowns_for([x, y])
    assert b[x.pk].total == pytest.approx(60.0) and b[y.pk].total == pytest.approx(60.0)
    assert b[x.pk].leniency == "offset"


@pytest.mark.django_db
def test_breakdowns_for_keeps_a_constant_number_of_queries(coca, django_assert_max_num_queries):
    lab = coca
    ideas = [mission_idea(lab) for _ in range(12)]
    for idea in ideas:
        score(idea, lab.users["judge"], [5, 5, 5])
        Support.objects.create(idea=idea, user=f.UserFactory())
    with django_assert_max_num_queries(4):  # agreements, criteria, scores, supports
        assert len(breakdowns_for(ideas[:2])) == 2
    with django_assert_max_num_queries(4):
        assert len(breakdowns_for(ideas)) == 12
