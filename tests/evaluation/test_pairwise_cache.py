"""The program's Bradley-Terry fit is cached (reading and fitting 1,000,000 answers takes
seconds): the ranking never serves a fit that no longer matches the answers or the ideas shown,
and choosing the next pair reuses a fit until enough new answers came."""

import pytest
from django.utils import timezone

from cocreate.evaluation import pairwise_votes
from cocreate.evaluation.integrity import vote_flag_resolve
from cocreate.evaluation.models import PairwiseTally, PairwiseVote, VoteFlag
from cocreate.evaluation.pairwise_votes import REFIT_AFTER, pairwise_next_pair, pairwise_ranking, pairwise_strengths
from cocreate.ideas.enums import VoteStatus
from tests import factories as f
from tests.ideas.test_concurrency import run_at_once, shared_db  # noqa: F401 - fixture

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
    first = [r.idea for r in pairwise_ranking(lab.program, None)]
    assert [r.idea for r in pairwise_ranking(lab.program, None)] == first
    pairwise_strengths(lab.program)
    assert len(fits) == 1
    for _ in range(3):
        answer(lab, f.UserFactory(), worst, best, worst)
    assert [r.idea for r in pairwise_ranking(lab.program, None)][0] == worst
    assert len(fits) == 2


def test_a_held_answer_counted_later_or_a_hidden_idea_refits(lab, three, fits):
    best, middle, worst = three
    answer(lab, f.UserFactory(), best, middle, best)
    # A burst from new accounts held the answer for a person to look at (integrity.vote_status).
    flag = VoteFlag.objects.create(organization=lab.org, program=lab.program, idea=worst,
                                   kind=VoteFlag.Kind.PAIRWISE, reason="burst")
    held = answer(lab, f.UserFactory(), worst, middle, worst)
    PairwiseVote.objects.filter(pk=held.pk).update(status=VoteStatus.HELD, flag=flag)
    assert worst.pk not in pairwise_strengths(lab.program)
    # The manager counts it: the number of answers is the same, the fit is not.
    vote_flag_resolve(flag, actor=lab.users["program_manager"], resolution="counted")
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
    # candidates, tallies, the voter's answers, the answers since the fit, the pair's two ideas,
    # and the cached fit itself (the cache is a table shared by every process, see base.CACHES)
    with django_assert_max_num_queries(6):
        pair = pairwise_next_pair(lab.program, voter)
    assert three[2] in pair  # compared least


def test_tallies_count_every_answer_and_the_migration_counts_earlier_ones(lab, three):
    from importlib import import_module

    from django.apps import apps

    voter, other = established(new_partner(lab)), established(new_partner(lab))
    one, two, three_ = three
    pairwise_votes.pairwise_vote(lab.program, voter, one, two, one)
    pairwise_votes.pairwise_vote(lab.program, voter, one, two, two)  # the same pair again: nothing
    pairwise_votes.pairwise_vote(lab.program, voter, one, three_, None)  # "I can't decide" counts too
    pairwise_votes.pairwise_vote(lab.program, other, two, three_, three_)
    expected = {one.pk: 2, two.pk: 2, three_.pk: 2}
    assert dict(PairwiseTally.objects.values_list("idea_id", "answers")) == expected
    PairwiseTally.objects.all().delete()
    import_module("cocreate.evaluation.migrations.0004_pairwise_tally").tally_existing_answers(apps, None)
    assert dict(PairwiseTally.objects.values_list("idea_id", "answers")) == expected


def test_ranking_pages_load_only_their_ideas(lab, three, django_assert_max_num_queries):
    for i in range(8):
        idea = mission_idea(lab, title=f"Idea {i}")
        answer(lab, f.UserFactory(), idea, three[0], idea)
    ranking = pairwise_ranking(lab.program, None)
    assert len(ranking) == 11 and ranking.compared == 9
    with django_assert_max_num_queries(1):
        page = ranking[2:5]
    rows = list(ranking)
    assert [(r.idea, r.rank) for r in page] == [(r.idea, r.rank) for r in rows[2:5]]
    assert rows[8].idea == three[0] and rows[8].rank == 9 > rows[7].rank  # lost to all eight
    assert [(r.idea, r.rank) for r in rows[9:]] == [(three[1], None), (three[2], None)]  # never compared
    assert ranking[-1].idea == three[2]


def test_simultaneous_answers_never_lose_a_tally(shared_db):  # noqa: F811
    lab = f.make_lab()
    one, two = mission_idea(lab), mission_idea(lab)
    voters = [established(new_partner(lab)) for _ in range(5)]
    # Each person answers twice at the same moment as everyone else: five answers, no more.
    work = [lambda v=v: pairwise_votes.pairwise_vote(lab.program, v, one, two, one) for v in voters for _ in range(2)]
    assert run_at_once(lab.org, work) == []
    assert PairwiseVote.objects.filter(program=lab.program).count() == 5
    assert dict(PairwiseTally.objects.values_list("idea_id", "answers")) == {one.pk: 5, two.pk: 5}
