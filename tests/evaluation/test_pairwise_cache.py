"""The program's Bradley-Terry fit is cached (reading and fitting 1,000,000 answers takes
seconds): the ranking never serves a fit that no longer matches the answers or the ideas shown,
and choosing the next pair reuses a fit until enough new answers came."""

import pytest
from django.utils import timezone

from cocreate.evaluation import pairwise_votes
from cocreate.evaluation.pairwise_votes import REFIT_AFTER, pairwise_next_pair, pairwise_ranking, pairwise_strengths
from cocreate.ideas.enums import VoteStatus
from tests import factories as f

from .factories import mission_idea, new_partner
from .test_pairwise_views import answer, established

pytestmark = pytest.mark.django_db


@pytest.fixture
def fits(monkeypatch):
    """How many times the answers were read and fitted."""
    calls = []
    real = pairwise_votes._fit_now

    def counting(program):
        calls.append(program.pk)
        return real(program)

    monkeypatch.setattr(pairwise_votes, "_fit_now", counting)
    return calls


@pytest.fixture
def three(lab):
    return [mission_idea(lab, title=t) for t in ("Refill pack", "Glitter can", "Scent strip")]


def test_ranking_reuses_the_fit_until_the_answers_change(lab, three, fits):
    best, middle, worst = three
    for _ in range(2):
        answer(lab, f.UserFactory(), best, middle, best)
    first = [r.idea for r in pairwise_ranking(lab.program)]
    assert [r.idea for r in pairwise_ranking(lab.program)] == first
    pairwise_strengths(lab.program)
    assert len(fits) == 1
    for _ in range(3):
        answer(lab, f.UserFactory(), worst, best, worst)
    assert [r.idea for r in pairwise_ranking(lab.program)][0] == worst
    assert len(fits) == 2


def test_a_held_answer_counted_later_or_a_hidden_idea_refits(lab, three, fits):
    best, middle, worst = three
    answer(lab, f.UserFactory(), best, middle, best)
    held = answer(lab, f.UserFactory(), worst, middle, worst)
    held.status = VoteStatus.HELD
    held.save()
    assert worst.pk not in pairwise_strengths(lab.program)
    held.status = VoteStatus.COUNTED  # a manager counted the held answer: same number of answers
    held.save()
    assert worst.pk in pairwise_strengths(lab.program)
    worst.hidden_at = timezone.now()  # hidden for abuse: it leaves the ranking at once
    worst.save()
    assert worst.pk not in pairwise_strengths(lab.program)
    assert len(fits) == 3


def test_an_identical_program_elsewhere_never_shares_a_fit(labs, fits):
    for lab in labs:
        one, two = mission_idea(lab), mission_idea(lab)
        answer(lab, f.UserFactory(), one, two, one)
        assert list(pairwise_strengths(lab.program)) == sorted([one.pk, two.pk])
    assert len(fits) == 2


def test_choosing_the_next_pair_tolerates_a_few_new_answers_then_refits(lab, three, fits):
    voter = established(new_partner(lab))
    best, middle, worst = three
    answer(lab, f.UserFactory(), best, middle, best)
    assert pairwise_next_pair(lab.program, voter) is not None
    assert len(fits) == 1
    least, _share = REFIT_AFTER
    for _ in range(least - 1):
        answer(lab, f.UserFactory(), worst, middle, worst)
    pairwise_next_pair(lab.program, voter)
    assert len(fits) == 1  # the few answers since only shift close pairs: no refit yet
    answer(lab, f.UserFactory(), worst, middle, worst)
    pairwise_next_pair(lab.program, voter)
    assert len(fits) == 2


def test_next_pair_reads_no_answer_rows_of_other_voters(lab, three, django_assert_max_num_queries):
    voter = established(new_partner(lab))
    for _ in range(30):
        answer(lab, f.UserFactory(), three[0], three[1], three[0])
    pairwise_next_pair(lab.program, voter)  # fills the cache
    # candidates, two grouped counts, the voter's answers, the count of answers since the fit
    with django_assert_max_num_queries(6):
        pair = pairwise_next_pair(lab.program, voter)
    assert three[2] in pair  # compared least
