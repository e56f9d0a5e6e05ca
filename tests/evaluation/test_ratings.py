"""0-5 crowd ratings: one per person, re-rating replaces, own idea refused, held ones kept apart
from the summary, who may rate (the supporters, not the author), and races on PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.errors import DomainError
from cocreate.evaluation.models import CrowdRating
from cocreate.evaluation.ratings import my_rating, rating_clear, rating_set, rating_summary
from cocreate.ideas.enums import IdeaState, VoteStatus
from cocreate.ideas.models import Idea
from cocreate.programs.enums import CrowdSource
from tests import factories as f
from tests.evaluation.factories import mission_idea, new_partner
from tests.ideas.test_concurrency import run_at_once, shared_db  # noqa: F401 - fixture
from tests.roles import ROLES_AND_AUTHOR, who


def use_ratings(lab):
    lab.agreement.crowd_source = CrowdSource.RATINGS
    lab.agreement.save()


@pytest.mark.django_db
def test_one_rating_per_person_and_rerating_replaces(lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    rating, changed = rating_set(idea, rater, 3)
    assert changed and rating.value == 3 and rating.status == VoteStatus.COUNTED
    assert rating_set(idea, rater, 3)[1] is False  # the same value again changes nothing
    rating, changed = rating_set(idea, rater, 5)
    assert changed and CrowdRating.objects.filter(idea=idea, user=rater).count() == 1
    assert my_rating(idea, rater).value == 5


@pytest.mark.django_db
@pytest.mark.parametrize("value", [-1, 6, True, "3", 2.5, None])
def test_out_of_range_values_are_refused(lab, value):
    with pytest.raises(DomainError) as refused:
        rating_set(mission_idea(lab), new_partner(lab), value)
    assert refused.value.code == "out_of_range"


@pytest.mark.django_db
def test_zero_and_five_are_ratings(lab):
    idea = mission_idea(lab)
    rating_set(idea, new_partner(lab), 0)
    rating_set(idea, new_partner(lab), 5)
    summary = rating_summary(idea)
    assert (summary.count, summary.mean, summary.distribution) == (2, 2.5, [1, 0, 0, 0, 0, 1])


@pytest.mark.django_db
def test_the_author_cannot_rate_their_own_idea(lab):
    idea = mission_idea(lab)
    with pytest.raises(DomainError) as refused:
        rating_set(idea, idea.author, 4)
    assert refused.value.code == "own_idea"


@pytest.mark.django_db
def test_clear_is_idempotent(lab):
    idea, rater = mission_idea(lab), new_partner(lab)
    rating_set(idea, rater, 2)
    assert rating_clear(idea, rater) is True
    assert rating_clear(idea, rater) is False
    assert my_rating(idea, rater) is None


@pytest.mark.django_db
def test_summary_leaves_held_ratings_apart(lab):
    idea = mission_idea(lab)
    for value in (4, 5, 3):
        rating_set(idea, new_partner(lab), value)
    CrowdRating.objects.create(idea=idea, user=new_partner(lab), value=0, status=VoteStatus.HELD)
    CrowdRating.objects.create(idea=idea, user=new_partner(lab), value=0, status=VoteStatus.EXCLUDED)
    summary = rating_summary(idea)
    assert (summary.count, summary.mean, summary.held) == (3, 4.0, 1)
    assert rating_summary(mission_idea(lab)).mean is None


@pytest.mark.django_db
def test_the_program_gate_applies_to_the_first_rating(lab):
    lab.program.vote_min_account_age_days = 30
    lab.program.save()
    idea = mission_idea(lab)
    with pytest.raises(DomainError):
        rating_set(idea, new_partner(lab), 4)
    veteran = new_partner(lab, date_joined=timezone.now() - timedelta(days=90))
    assert rating_set(idea, veteran, 4)[0].value == 4


# --- who may rate ----------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_AND_AUTHOR)
def test_rate_idea_follows_support_but_never_the_author(labs, role):
    lab, other = labs
    use_ratings(lab)
    idea = mission_idea(lab)
    user = who(lab, role, idea)
    expected = user.has_perm("ideas.support_idea", idea) and role != "author"
    assert user.has_perm("evaluation.rate_idea", idea) is expected
    if role in ("member", "partner"):
        assert expected is (role == "partner")
    assert user.has_perm("evaluation.rate_idea", mission_idea(other)) is False  # supports, not ratings
    draft = mission_idea(lab, state=IdeaState.DRAFT)
    assert user.has_perm("evaluation.rate_idea", draft) is False


@pytest.mark.django_db
def test_nobody_rates_when_the_crowd_vote_comes_from_supports(lab):
    idea = mission_idea(lab)
    assert lab.users["partner"].has_perm("ideas.support_idea", idea)
    assert not lab.users["partner"].has_perm("evaluation.rate_idea", idea)
    assert not lab.users["partner"].has_perm("evaluation.rate_idea", f.IdeaFactory(organization=lab.org))


# --- races (PostgreSQL) -----------------------------------------------------------------------

def test_simultaneous_ratings_leave_one_per_person(shared_db):  # noqa: F811
    lab = f.make_lab()
    use_ratings(lab)
    idea = mission_idea(lab)
    people = [new_partner(lab) for _ in range(4)]
    # Every person sends two different values at the same moment as everyone else.
    errors = run_at_once(lab.org, [lambda u=u, v=v: rating_set(Idea.objects.get(pk=idea.pk), u, v)
                                   for u in people for v in (2, 4)])
    assert errors == []
    assert CrowdRating.objects.filter(idea=idea).count() == 4
    assert all(r.value in (2, 4) for r in CrowdRating.objects.filter(idea=idea))


def test_simultaneous_burst_opens_one_flag(shared_db, settings):  # noqa: F811
    from cocreate.evaluation.models import VoteFlag
    from cocreate.ideas import services

    settings.VOTE_BURST_MIN_VOTES = 5
    org = f.OrganizationFactory()
    f.MembershipFactory(organization=org)
    idea = f.IdeaFactory(organization=org)
    people = [f.UserFactory() for _ in range(8)]
    errors = run_at_once(org, [lambda u=u: services.support_add(Idea.objects.get(pk=idea.pk), user=u)
                               for u in people])
    assert errors == []
    flag = VoteFlag.objects.get(idea=idea)
    held = flag.supports.filter(status=VoteStatus.HELD).count()
    assert held >= 5 and held + Idea.objects.get(pk=idea.pk).support_count == 8
