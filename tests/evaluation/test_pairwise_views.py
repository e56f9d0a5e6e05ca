"""Pairwise voting: the services (next pair, one answer per pair, ranking, strengths for the
blend), the voting and ranking pages, and two identical answers at once on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.evaluation.models import PairwiseVote
from cocreate.evaluation.pairwise_votes import (
    pairwise_candidates,
    pairwise_next_pair,
    pairwise_ranking,
    pairwise_strengths,
    pairwise_vote,
)
from cocreate.ideas.enums import IdeaState, VoteStatus
from cocreate.missions.models import Mission
from cocreate.programs.enums import CrowdSource
from tests import factories as f
from tests.ideas.test_concurrency import run_at_once, shared_db  # noqa: F401 - fixture
from tests.roles import ROLES, STAFF, assert_answer, status_as, user_of

from .factories import mission_idea, new_partner

pytestmark = pytest.mark.django_db

VOTERS = STAFF | {"partner"}  # the lab's mission is confidential: its partners who accepted, and staff
RANKING = STAFF | {"partner"}  # the lab's program is public: its voters see the ranking


def vote_url(lab, program=None):
    return f"/o/{lab.org.slug}/programs/{(program or lab.program).slug}/pairwise/"


def ranking_url(lab, program=None):
    return vote_url(lab, program) + "ranking/"


def established(user):
    """An account old enough that its votes count at once (no burst check)."""
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))
    user.refresh_from_db()
    return user


def answer(lab, voter, x, y, winner):
    a, b = sorted((x, y), key=lambda i: i.pk)
    return PairwiseVote.objects.create(program=lab.program, voter=voter, idea_a=a, idea_b=b, winner=winner)


@pytest.fixture
def three(lab):
    return [mission_idea(lab, title=t) for t in ("Refill pack", "Glitter can", "Scent strip")]


@pytest.mark.parametrize("role", ROLES)
def test_vote_page_role_matrix(client, labs, role):
    lab, other = labs
    for x in (lab, other):
        mission_idea(x), mission_idea(x)
    user = user_of(lab, role)
    status, response = status_as(client, user, vote_url(lab))
    assert_answer(role, status, response, role in VOTERS)
    if user.is_authenticated:
        assert status_as(client, user, vote_url(lab, other.program))[0] == 404
        assert status_as(client, user, vote_url(lab), "post", {"left": 1, "right": 2, "choice": "left"})[0] \
            == (302 if role in VOTERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_ranking_page_role_matrix(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    status, response = status_as(client, user, ranking_url(lab))
    assert_answer(role, status, response, role in RANKING)
    if user.is_authenticated:
        assert status_as(client, user, ranking_url(lab, other.program))[0] == 404


def test_ranking_of_a_program_that_is_not_public_is_for_staff(client, lab):
    lab.program.is_public = False
    lab.program.save()
    assert status_as(client, lab.users["partner"], ranking_url(lab))[0] == 404
    assert status_as(client, lab.users["partner"], vote_url(lab))[0] == 200
    assert status_as(client, lab.users["reviewer"], ranking_url(lab))[0] == 200


def test_program_without_pairwise_voting_has_no_pages(client, lab):
    Mission.objects.filter(program=lab.program).update(kind="co_solving")
    lab.agreement.crowd_source = CrowdSource.SUPPORTS
    lab.agreement.save()
    for role in ("org_admin", "partner"):
        assert status_as(client, lab.users[role], vote_url(lab))[0] == 404
        assert status_as(client, lab.users[role], ranking_url(lab))[0] == 404
    text = status_as(client, lab.users["org_admin"], f"/o/{lab.org.slug}/programs/{lab.program.slug}/")[1].text
    assert "/pairwise/" not in text


def test_agreement_with_pairwise_vote_enables_it_without_a_pairwise_mission(client, lab):
    Mission.objects.filter(program=lab.program).update(kind="co_solving")
    lab.agreement.crowd_source = CrowdSource.PAIRWISE
    lab.agreement.save()
    assert status_as(client, lab.users["partner"], vote_url(lab))[0] == 200


def test_program_page_links_to_voting_and_ranking(client, lab):
    text = status_as(client, lab.users["partner"], f"/o/{lab.org.slug}/programs/{lab.program.slug}/")[1].text
    assert vote_url(lab) in text and ranking_url(lab) in text
    text = status_as(client, lab.users["member"], f"/o/{lab.org.slug}/programs/{lab.program.slug}/")[1].text
    assert vote_url(lab) not in text


def test_next_pair_never_shows_own_hidden_or_decided_ideas(lab):
    voter = new_partner(lab)
    mine = mission_idea(lab, author=voter, title="Mine")
    hidden = mission_idea(lab, title="Hidden")
    hidden.hidden_at = timezone.now()
    hidden.save()
    mission_idea(lab, title="Accepted", state=IdeaState.ACCEPTED)
    mission_idea(lab, title="Draft", state=IdeaState.DRAFT)
    a, b = mission_idea(lab, title="A"), mission_idea(lab, title="B")
    assert set(pairwise_candidates(lab.program, voter)) == {a, b}
    assert mine not in pairwise_candidates(lab.program, voter)
    assert set(pairwise_next_pair(lab.program, voter)) == {a, b}
    answer(lab, voter, a, b, None)
    assert pairwise_next_pair(lab.program, voter) is None


def test_next_pair_is_stable_until_answered_and_prefers_new_ideas(lab, three):
    voter = established(new_partner(lab))
    others = [f.UserFactory() for _ in range(3)]
    one, two, three_ = three
    for o in others:
        answer(lab, o, one, two, one)
    first = pairwise_next_pair(lab.program, voter)
    assert three_ in first  # compared least
    assert first == pairwise_next_pair(lab.program, voter)
    newcomer = mission_idea(lab, title="Newcomer")  # joins while the vote runs
    assert newcomer in pairwise_next_pair(lab.program, voter)


def test_vote_is_idempotent_and_cant_decide_is_recorded(lab, three):
    voter = established(new_partner(lab))
    one, two, _three = three
    vote, created = pairwise_vote(lab.program, voter, two, one, two)
    assert created and vote.winner == two and vote.status == VoteStatus.COUNTED
    assert (vote.idea_a, vote.idea_b) == tuple(sorted((one, two), key=lambda i: i.pk))
    again, created = pairwise_vote(lab.program, voter, one, two, None)  # a second answer changes nothing
    assert not created and again.pk == vote.pk and again.winner == two
    undecided, created = pairwise_vote(lab.program, voter, one, _three, None)
    assert created and undecided.winner is None
    assert PairwiseVote.objects.filter(voter=voter).count() == 2
    with pytest.raises(DomainError):
        pairwise_vote(lab.program, voter, one, one, one)
    with pytest.raises(DomainError):
        pairwise_vote(lab.program, voter, one, two, _three)


def test_vote_refuses_own_idea_and_program_thresholds(lab, three):
    voter = established(new_partner(lab))
    mine = mission_idea(lab, author=voter)
    with pytest.raises(DomainError):
        pairwise_vote(lab.program, voter, mine, three[0], mine)
    lab.program.vote_requires_verified_email = True
    lab.program.save()
    with pytest.raises(DomainError):
        pairwise_vote(lab.program, voter, three[0], three[1], three[0])
    assert not PairwiseVote.objects.exists()


def test_ranking_and_strengths_count_only_counted_decisive_votes(lab, three):
    best, middle, worst = three
    waiting = mission_idea(lab, title="Nobody compared me")
    for _ in range(3):
        v = f.UserFactory()
        answer(lab, v, best, middle, best)
        answer(lab, v, middle, worst, middle)
        answer(lab, v, best, worst, best)
    held = answer(lab, f.UserFactory(), worst, best, worst)
    held.status = VoteStatus.HELD
    held.save()
    answer(lab, f.UserFactory(), worst, best, None)
    rows = pairwise_ranking(lab.program, None)
    assert [r.idea for r in rows] == [best, middle, worst, waiting]
    assert [r.rank for r in rows] == [1, 2, 3, None]
    assert [r.comparisons for r in rows] == [6, 6, 6, 0]
    strengths = pairwise_strengths(lab.program)
    assert set(strengths) == {best.pk, middle.pk, worst.pk}
    assert 0 < strengths[worst.pk] < strengths[middle.pk] < strengths[best.pk] < 1
    assert sum(strengths.values()) == pytest.approx(1.5)  # chances average one half


def test_voting_page_posts_and_shows_the_next_pair(client, lab, three):
    voter = established(new_partner(lab))
    client.force_login(voter)
    with translation.override("en"):
        response = client.get(vote_url(lab), HTTP_ACCEPT_LANGUAGE="en")
        assert "You compared 0 pairs." in response.text
        assert "csrfmiddlewaretoken" in response.text and 'value="none"' in response.text
        left, right = response.context["pair"]
        response = client.post(vote_url(lab), {"left": left.pk, "right": right.pk, "choice": "right"})
        assert response.status_code == 302 and response["Location"] == vote_url(lab)
        vote = PairwiseVote.objects.get(voter=voter)
        assert vote.winner == right
        # a double click posts the same pair again: still one answer, the first
        client.post(vote_url(lab), {"left": left.pk, "right": right.pk, "choice": "left"})
        assert PairwiseVote.objects.get(voter=voter).winner == right
        response = client.get(vote_url(lab), HTTP_ACCEPT_LANGUAGE="en")
        assert "You compared 1 pair." in response.text
        assert set(response.context["pair"]) != {left, right}
        nxt = response.context["pair"]
        client.post(vote_url(lab), {"left": nxt[0].pk, "right": nxt[1].pk, "choice": "none"})
        assert PairwiseVote.objects.filter(voter=voter, winner__isnull=True).count() == 1
        client.post(vote_url(lab), {"left": left.pk, "right": 999999, "choice": "left"})  # tampered
        assert PairwiseVote.objects.filter(voter=voter).count() == 2


def test_ranking_page_lists_and_query_count_does_not_grow(client, lab, three):
    staff = lab.users["program_manager"]
    client.force_login(staff)
    voters = [f.UserFactory() for _ in range(2)]
    for v in voters:
        answer(lab, v, three[0], three[1], three[0])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ranking_url(lab)).status_code == 200
        return len(queries)

    small = count()
    for i in range(12):
        idea = mission_idea(lab, title=f"Idea {i}")
        answer(lab, voters[i % 2], idea, three[2], idea)
    assert count() <= small
    with translation.override("en"):
        text = client.get(ranking_url(lab), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Chance to win against a random idea" in text and "Idea 11" in text


# --- PostgreSQL: two identical answers at the same moment ----------------------------------

def test_two_simultaneous_identical_answers_make_one_vote(shared_db):  # noqa: F811
    lab = f.make_lab()
    one, two = mission_idea(lab), mission_idea(lab)
    voter = established(new_partner(lab))
    results = []
    vote = lambda: results.append(pairwise_vote(lab.program, voter, one, two, one)[1])  # noqa: E731
    assert run_at_once(lab.org, [vote] * 4) == []
    assert sorted(results) == [False, False, False, True]
    assert PairwiseVote.objects.filter(voter=voter).count() == 1


def test_results_blend_the_pairwise_chance_when_the_agreement_says_so(lab, three):
    from cocreate.evaluation.results import program_results

    vote = lab.criteria[3]
    vote.is_crowd_vote = True
    vote.save()
    lab.agreement.crowd_source = CrowdSource.PAIRWISE
    lab.agreement.save()
    best, middle, worst = three
    for _ in range(2):
        v = f.UserFactory()
        answer(lab, v, best, middle, best)
        answer(lab, v, middle, worst, middle)
    strengths = pairwise_strengths(lab.program)
    rows = {r.idea.pk: r for r in program_results(lab.program, None).rows}
    crowd = rows[best.pk].breakdown.criteria[3]
    assert crowd.source == "pairwise"
    assert crowd.crowd_value == pytest.approx(strengths[best.pk], abs=1e-3)
