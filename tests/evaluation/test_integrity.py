"""Vote integrity: the program's gate (account age, verified email), bursts from new accounts
held for a person (one flag, earlier votes held too, counters fixed, reviewers told once) and
the reviewer's decision either way."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.evaluation import integrity
from cocreate.evaluation.integrity import vote_flag_resolve, vote_gate, vote_status
from cocreate.evaluation.models import PairwiseVote, VoteFlag
from cocreate.evaluation.ratings import rating_set
from cocreate.ideas import services
from cocreate.ideas.enums import VoteStatus
from cocreate.ideas.models import Idea, Support
from cocreate.notifications.models import Notification
from cocreate.programs.enums import CrowdSource
from tests import factories as f
from tests.evaluation.factories import mission_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def burst(settings):
    settings.VOTE_BURST_MIN_VOTES = 5
    settings.VOTE_BURST_WINDOW_MINUTES = 60
    settings.VOTE_NEW_ACCOUNT_DAYS = 7


def old_user(**kwargs):
    return f.UserFactory(date_joined=timezone.now() - timedelta(days=400), **kwargs)


def new_user(**kwargs):
    return f.UserFactory(date_joined=timezone.now() - timedelta(hours=2), **kwargs)


def count(idea) -> int:
    return Idea.objects.get(pk=idea.pk).support_count


# --- the gate --------------------------------------------------------------------------------

def test_open_channel_has_no_thresholds(lab):
    vote_gate(new_user(), None)


def test_program_without_thresholds_lets_everyone_vote(lab):
    vote_gate(new_user(), lab.program)


def test_account_age_threshold(lab):
    lab.program.vote_min_account_age_days = 30
    lab.program.save()
    with pytest.raises(DomainError) as refused:
        vote_gate(new_user(), lab.program)
    assert refused.value.code == "account_too_new"
    with translation.override("en"):
        assert "30 days old" in refused.value.text
    vote_gate(f.UserFactory(date_joined=timezone.now() - timedelta(days=31)), lab.program)


def test_verified_email_threshold(lab):
    lab.program.vote_requires_verified_email = True
    lab.program.save()
    person = old_user()
    with pytest.raises(DomainError) as refused:
        vote_gate(person, lab.program)
    assert refused.value.code == "email_not_verified"
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    with pytest.raises(DomainError):
        vote_gate(person, lab.program)
    EmailAddress.objects.filter(user=person).update(verified=True)
    vote_gate(person, lab.program)


def test_support_refused_by_the_gate_stores_nothing(lab):
    lab.program.vote_min_account_age_days = 10
    lab.program.save()
    idea = mission_idea(lab)
    with pytest.raises(DomainError):
        services.support_add(idea, user=new_user())
    assert Support.objects.filter(idea=idea).count() == 0 and count(idea) == 0
    assert services.support_add(idea, user=old_user()) is True and count(idea) == 1


# --- bursts ----------------------------------------------------------------------------------

def test_established_accounts_always_count(burst, lab):
    idea = f.IdeaFactory(organization=lab.org)
    for _ in range(8):
        services.support_add(idea, user=old_user())
    assert count(idea) == 8 and not VoteFlag.objects.exists()


def test_burst_opens_one_flag_holds_earlier_votes_and_tells_reviewers_once(burst, lab):
    idea = f.IdeaFactory(organization=lab.org)
    services.support_add(idea, user=old_user())
    newcomers = [new_user() for _ in range(7)]
    for person in newcomers[:4]:
        services.support_add(idea, user=person)
    assert count(idea) == 5 and not VoteFlag.objects.exists()

    services.support_add(idea, user=newcomers[4])  # the fifth from a new account: a burst
    flag = VoteFlag.objects.get()
    assert (flag.idea, flag.kind, flag.resolution, flag.organization) == (idea, "support", "open", lab.org)
    assert flag.reason == "5 supports within 60 minutes from accounts younger than 7 days"
    held = Support.objects.filter(idea=idea, status=VoteStatus.HELD)
    assert set(held.values_list("user", flat=True)) == {p.pk for p in newcomers[:5]}
    assert set(held.values_list("flag", flat=True)) == {flag.pk}
    assert count(idea) == 1  # only the established supporter counts while the flag is open

    for person in newcomers[5:]:  # later ones join the open flag
        services.support_add(idea, user=person)
    services.support_add(idea, user=old_user())
    assert VoteFlag.objects.count() == 1
    assert Support.objects.filter(flag=flag, status=VoteStatus.HELD).count() == 7
    assert count(idea) == 2

    reviewers = {lab.users["org_admin"].pk, lab.users["program_manager"].pk}
    told = Notification.objects.filter(kind="votes_flagged")
    assert sorted(told.values_list("user", flat=True)) == sorted(reviewers)  # once each, not per vote
    assert AuditEvent.objects.filter(verb="vote_flag.opened", target_id=flag.pk).count() == 1


def test_votes_outside_the_window_or_on_other_ideas_make_no_burst(burst, lab):
    idea, other = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=lab.org)
    for _ in range(3):
        services.support_add(idea, user=new_user())
    Support.objects.filter(idea=idea).update(created_at=timezone.now() - timedelta(hours=2))
    for _ in range(3):
        services.support_add(other, user=new_user())
    services.support_add(idea, user=new_user())
    assert not VoteFlag.objects.exists() and count(idea) == 4 and count(other) == 3


def test_accounts_older_than_the_new_account_age_make_no_burst(burst, lab):
    idea = f.IdeaFactory(organization=lab.org)
    for _ in range(6):
        services.support_add(idea, user=f.UserFactory(date_joined=timezone.now() - timedelta(days=8)))
    assert not VoteFlag.objects.exists() and count(idea) == 6


def _flagged_idea(lab, *, newcomers=6):
    idea = f.IdeaFactory(organization=lab.org)
    services.support_add(idea, user=old_user())
    people = [new_user() for _ in range(newcomers)]
    for person in people:
        services.support_add(idea, user=person)
    return idea, VoteFlag.objects.get(idea=idea), people


def test_counting_a_flag_counts_its_votes_once(burst, lab):
    idea, flag, _people = _flagged_idea(lab)
    assert count(idea) == 1
    manager = lab.users["program_manager"]
    vote_flag_resolve(flag, actor=manager, resolution="counted", note="A school class voted together.")
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by, flag.note) == ("counted", manager, "A school class voted together.")
    assert flag.resolved_at is not None
    assert count(idea) == 7 and not Support.objects.filter(status=VoteStatus.HELD).exists()
    vote_flag_resolve(flag, actor=manager, resolution="counted", note="again")  # idempotent
    assert count(idea) == 7
    assert AuditEvent.objects.filter(verb="vote_flag.resolved", target_id=flag.pk).count() == 1
    flag.refresh_from_db()
    assert flag.note == "A school class voted together."


def test_excluding_a_flag_keeps_the_votes_apart_and_can_be_reconsidered(burst, lab):
    idea, flag, people = _flagged_idea(lab)
    vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="excluded", note="")
    assert count(idea) == 1
    assert Support.objects.filter(flag=flag, status=VoteStatus.EXCLUDED).count() == 6  # kept, not dropped
    # Excluded supporters withdrawing leave the count alone; counted ones would lower it.
    services.support_withdraw(idea, user=people[0])
    assert count(idea) == 1
    vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="counted")
    assert count(idea) == 6
    assert AuditEvent.objects.filter(verb="vote_flag.resolved", target_id=flag.pk).count() == 2


def test_resolving_needs_a_decision(burst, lab):
    _idea, flag, _people = _flagged_idea(lab)
    with pytest.raises(DomainError):
        vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="open")
    with pytest.raises(DomainError):
        vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="counted", note="x" * 2001)


def test_a_held_support_can_be_withdrawn(burst, lab):
    idea, flag, people = _flagged_idea(lab)
    assert services.support_withdraw(idea, user=people[-1]) is True
    assert count(idea) == 1 and Support.objects.filter(flag=flag).count() == 5
    assert services.support_withdraw(idea, user=people[-1]) is False


def test_reviewed_votes_do_not_start_a_new_burst(burst, lab):
    idea, flag, _people = _flagged_idea(lab)
    vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="counted")
    services.support_add(idea, user=new_user())  # one more newcomer: no new flag
    assert VoteFlag.objects.filter(idea=idea).count() == 1 and count(idea) == 8
    for _ in range(4):  # but a fresh burst opens a fresh flag
        services.support_add(idea, user=new_user())
    assert VoteFlag.objects.filter(idea=idea, resolution="open").count() == 1
    assert count(idea) == 7


def test_rating_burst_is_flagged_as_ratings(burst, lab):
    lab.agreement.crowd_source = CrowdSource.RATINGS
    lab.agreement.save()
    idea = mission_idea(lab)
    people = [new_user() for _ in range(5)]
    for person in people:
        rating_set(idea, person, 4)
    flag = VoteFlag.objects.get()
    assert flag.kind == "rating" and flag.program == lab.program and flag.ratings.count() == 5
    assert not idea.crowd_ratings.filter(status=VoteStatus.COUNTED).exists()
    vote_flag_resolve(flag, actor=lab.users["program_manager"], resolution="counted")
    assert idea.crowd_ratings.filter(status=VoteStatus.COUNTED).count() == 5


def test_pairwise_burst_on_one_idea(burst, lab):
    ideas = sorted([mission_idea(lab) for _ in range(6)], key=lambda i: i.pk)
    target = ideas[0]
    for other in ideas[1:5]:
        PairwiseVote.objects.create(program=lab.program, voter=new_user(), idea_a=target, idea_b=other,
                                    winner=target)
    status, flag = vote_status(new_user(), program=lab.program, idea=target, kind="pairwise")
    assert status == VoteStatus.HELD and flag.kind == "pairwise"
    assert PairwiseVote.objects.filter(flag=flag, status=VoteStatus.HELD).count() == 4


def test_new_account_measure(settings):
    settings.VOTE_NEW_ACCOUNT_DAYS = 7
    assert integrity.is_new_account(f.UserFactory.build(date_joined=timezone.now() - timedelta(days=6)))
    assert not integrity.is_new_account(f.UserFactory.build(date_joined=timezone.now() - timedelta(days=8)))
